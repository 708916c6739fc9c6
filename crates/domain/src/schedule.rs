//! D4, TEST-1, N20 — drug-test windows and their "定期不定时" planned dates.
//!
//! * `windows` lays the windows over the term (month lengths per measure, counted
//!   from report-in, moved by suspensions);
//! * `draw` gives each window a planned date drawn among its working days from a
//!   per-case secret seed.
//!
//! [`schedule`] does both in one pass with one allocation; it is what callers use.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::WorkCalendar;
use crate::measure::Measure;
use crate::term::{Suspension, Term, TermError};

mod draw;
mod windows;

#[cfg(test)]
pub(crate) mod test_calendar;
#[cfg(test)]
mod tests;

pub use windows::window_months;

/// The schedule's errors are the term's: a schedule exists for every valid term.
pub type ScheduleError = TermError;

/// D4 — one test window, `start` and `end` inclusive. `index` is 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TestWindow {
    pub index: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// D4 — a window with its planned test date. `provisional` is true when the window
/// touches a year with no calendar data (D2): the date is then drawn among Monday to
/// Friday and must be drawn again (same seed, same call) once that year is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct PlannedWindow {
    pub index: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub planned: NaiveDate,
    pub provisional: bool,
}

impl TestWindow {
    /// Whether `date` lies in the window (both ends included).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

impl PlannedWindow {
    pub fn window(&self) -> TestWindow {
        TestWindow {
            index: self.index,
            start: self.start,
            end: self.end,
        }
    }

    /// Whether `date` lies in the window (both ends included).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// D3 + D4 — a case's term end and its planned windows. Serialises as
/// `{"term_end": "YYYY-MM-DD", "windows": [{"index": 1, "start": ..., "end": ...,
/// "planned": ..., "provisional": false}, ...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub term_end: NaiveDate,
    pub windows: Vec<PlannedWindow>,
}

impl Schedule {
    /// Whether any planned date is provisional (D2).
    pub fn provisional(&self) -> bool {
        self.windows.iter().any(|w| w.provisional)
    }
}

/// D4, TEST-1 — the windows of a term, without planned dates.
pub fn test_windows(
    measure: Measure,
    report_in: NaiveDate,
    decided_years: Option<u8>,
    suspensions: &[Suspension],
) -> Result<Vec<TestWindow>, ScheduleError> {
    let (term, sorted) = Term::with_sorted(measure, report_in, decided_years, suspensions)?;
    let mut out = Vec::with_capacity(window_months(&term).len());
    windows::for_each_window(&term, &sorted, |w| out.push(w))?;
    Ok(out)
}

/// D4, TEST-1 — planned dates for given windows. Each window's date depends only on
/// (seed, its `index`, the calendar), so planning a subset gives the same dates.
pub fn plan_tests<C: WorkCalendar + ?Sized>(
    cal: &C,
    windows: &[TestWindow],
    seed: u64,
) -> Vec<PlannedWindow> {
    let mut drawer = draw::Drawer::new(seed);
    windows.iter().map(|w| drawer.plan(cal, *w)).collect()
}

/// D3, D4, TEST-1 — the term's last day and the planned windows of a case.
pub fn schedule<C: WorkCalendar + ?Sized>(
    cal: &C,
    measure: Measure,
    report_in: NaiveDate,
    decided_years: Option<u8>,
    suspensions: &[Suspension],
    seed: u64,
) -> Result<Schedule, ScheduleError> {
    let mut windows = Vec::new();
    let term_end = schedule_into(
        cal,
        measure,
        report_in,
        decided_years,
        suspensions,
        seed,
        &mut windows,
    )?;
    Ok(Schedule { term_end, windows })
}

/// [`schedule`] writing into a reused buffer (cleared first); returns the term's last
/// day. For batch work: no allocation once the buffer has grown.
pub fn schedule_into<C: WorkCalendar + ?Sized>(
    cal: &C,
    measure: Measure,
    report_in: NaiveDate,
    decided_years: Option<u8>,
    suspensions: &[Suspension],
    seed: u64,
    out: &mut Vec<PlannedWindow>,
) -> Result<NaiveDate, ScheduleError> {
    out.clear();
    let (term, sorted) = Term::with_sorted(measure, report_in, decided_years, suspensions)?;
    out.reserve(window_months(&term).len());
    let mut drawer = draw::Drawer::new(seed);
    windows::for_each_window(&term, &sorted, |w| out.push(drawer.plan(cal, w)))?;
    Ok(term.last_day())
}
