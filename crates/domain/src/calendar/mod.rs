//! D2 — the working-day calendar (State Council holiday notices, with 调休 make-up workdays).
//!
//! The interface below is fixed; `HolidayCalendar` (embedded data for 2004–2026 plus
//! run-time overrides entered by administrators) implements it.
//!
//! - `holiday.rs`: [`HolidayCalendar`], a per-year working-day bit table built from notices.
//! - `notice.rs`: [`CalendarYearNotice`], one year's holidays and make-up workdays.
//! - `import.rs`: the TSV notice file (embedded data and `jiekang calendar import`).
//! - `embedded.rs`: the 2004–2026 notices compiled in, [`HolidayCalendar::embedded`].
//! - here: [`next_workday_on_or_after`], used by the D1 deadlines in `crate::deadline`.

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
        Self {
            value,
            provisional: false,
        }
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

mod embedded;
mod holiday;
mod import;
mod notice;

pub use embedded::{EMBEDDED_NOTICES, EMBEDDED_YEARS};
pub use holiday::HolidayCalendar;
pub use import::{CalendarImportError, parse_notice_file, to_notice_file};
pub use notice::{
    CalendarEntry, CalendarYearNotice, DayKind, MAX_NAME_CHARS, MAX_SOURCE_CHARS, NOTICE_YEARS,
    NoticeProblem,
};

/// D1, D2 — the first working day on or after `date`, provisional if any day looked at lies
/// in a year without data (there Monday–Friday count as working days).
///
/// Never panics: at the end of chrono's date range it answers `NaiveDate::MAX`, provisional.
pub fn next_workday_on_or_after<C: WorkCalendar + ?Sized>(
    cal: &C,
    date: NaiveDate,
) -> Provisional<NaiveDate> {
    let mut provisional = false;
    let mut day = date;
    loop {
        let answer = cal.is_workday_or_provisional(day);
        provisional |= answer.provisional;
        if answer.value {
            return Provisional {
                value: day,
                provisional,
            };
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => {
                return Provisional {
                    value: NaiveDate::MAX,
                    provisional: true,
                };
            }
        }
    }
}

/// D1, D2 — strict form of [`next_workday_on_or_after`]: `Err` as soon as a day looked at
/// lies in a year without data.
pub fn next_workday_on_or_after_strict<C: WorkCalendar + ?Sized>(
    cal: &C,
    date: NaiveDate,
) -> Result<NaiveDate, CalendarUnknown> {
    let mut day = date;
    loop {
        if cal.is_workday(day)? {
            return Ok(day);
        }
        // Past chrono's last date no calendar can know the year.
        day = day.succ_opt().ok_or(CalendarUnknown {
            year: day.year().saturating_add(1),
        })?;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn next_workday_skips_the_national_day_block() {
        let cal = HolidayCalendar::embedded();
        let p = next_workday_on_or_after(cal, d(2024, 10, 1));
        assert_eq!(p, Provisional::certain(d(2024, 10, 8)));
        assert_eq!(
            next_workday_on_or_after(cal, d(2024, 10, 12)),
            Provisional::certain(d(2024, 10, 12))
        );
        assert_eq!(
            next_workday_on_or_after_strict(cal, d(2024, 10, 5)),
            Ok(d(2024, 10, 8))
        );
    }

    #[test]
    fn next_workday_in_an_unknown_year_is_provisional_or_an_error() {
        let cal = HolidayCalendar::embedded();
        // 2027-01-02 is a Saturday: provisionally the Monday.
        let p = next_workday_on_or_after(cal, d(2027, 1, 2));
        assert_eq!(
            p,
            Provisional {
                value: d(2027, 1, 4),
                provisional: true
            }
        );
        assert_eq!(
            next_workday_on_or_after_strict(cal, d(2027, 1, 2)),
            Err(CalendarUnknown { year: 2027 })
        );
        // From Thursday 2026-12-31 (a working day): no unknown day consulted.
        assert_eq!(
            next_workday_on_or_after(cal, d(2026, 12, 31)),
            Provisional::certain(d(2026, 12, 31))
        );
    }

    #[test]
    fn next_workday_never_panics_at_the_end_of_time() {
        let cal = HolidayCalendar::embedded();
        // NaiveDate::MAX is a Friday in chrono 0.4; either way the answer is provisional.
        let p = next_workday_on_or_after(cal, NaiveDate::MAX);
        assert!(p.provisional);
        assert!(next_workday_on_or_after_strict(cal, NaiveDate::MAX).is_err());
    }
}
