//! D2 — the working-day calendar (State Council holiday notices, with 调休 make-up workdays).
//!
//! The interface below is fixed; `HolidayCalendar` (embedded data for 2004–2026 plus
//! run-time overrides entered by administrators) implements it.

use chrono::{Datelike, NaiveDate, Weekday};

/// A year for which no holiday notice is known: the strict answer is "unknown" (D2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{year}年的节假日安排尚未录入(calendar unknown for {year})")]
pub struct CalendarUnknown {
    pub year: i32,
}

/// A value computed with D2's provisional rule (Monday–Friday are working days) for at
/// least one date in a year with no calendar data. `provisional` must be shown to users,
/// and the value recomputed once that year's notice is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Provisional<T> {
    pub value: T,
    pub provisional: bool,
}

impl<T> Provisional<T> {
    pub fn certain(value: T) -> Self {
        Self { value, provisional: false }
    }
}

/// D2 — whether a date is a working day.
pub trait WorkCalendar {
    /// The strict answer; `Err(CalendarUnknown)` for a year with no data.
    fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarUnknown>;

    /// The answer work goes on with: the strict one where known, otherwise Monday–Friday,
    /// flagged provisional (D2).
    fn is_workday_or_provisional(&self, date: NaiveDate) -> Provisional<bool> {
        match self.is_workday(date) {
            Ok(value) => Provisional::certain(value),
            Err(_) => Provisional {
                value: !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                provisional: true,
            },
        }
    }
}
