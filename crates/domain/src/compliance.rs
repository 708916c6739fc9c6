//! D4, TEST-1, N9 — whether a case's test windows were kept, as of a reference date.
//!
//! Decisions where D4 is silent:
//! * A test **with a result** (negative or positive) inside a window satisfies it,
//!   planned or surprise. A **refused or evaded** test does not (no sample was taken),
//!   but it is counted for the N9 breach ladder.
//! * Only events on or before the reference date count: a view "as of" a past date
//!   must not see later tests. Events outside every window (before report-in, after
//!   the term) belong to no window and are not counted here.
//! * A window is missed only once it has closed (`end < today`); on its last day it is
//!   still open. An open window is **overdue** once its planned date has passed
//!   (`planned < today`) with no test.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::schedule::PlannedWindow;

#[cfg(test)]
mod tests;

/// N20 — the outcome of a drug test (检测).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestOutcome {
    /// 阴性
    Negative,
    /// 阳性
    Positive,
    /// 拒绝检测
    Refused,
    /// 逃避检测 (not at home, not answering)
    Evaded,
}

impl TestOutcome {
    /// D4 — whether the test satisfies its window: only a test with a result does.
    pub fn satisfies_window(self) -> bool {
        matches!(self, TestOutcome::Negative | TestOutcome::Positive)
    }

    /// N9 — whether it counts toward "evading or refusing tests 3 or more times".
    pub fn counts_toward_breach(self) -> bool {
        matches!(self, TestOutcome::Refused | TestOutcome::Evaded)
    }
}

/// One recorded drug test of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TestEvent {
    pub date: NaiveDate,
    pub outcome: TestOutcome,
}

/// D4 — the state of a window at the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// Starts after the reference date.
    Upcoming,
    /// The reference date is inside it and it has no test with a result yet.
    Open,
    /// It has a test with a result.
    Done,
    /// It closed before the reference date with no test with a result (漏检).
    Missed,
}

/// D4 — one window's state and what happened in it up to the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowStatus {
    pub index: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub planned: NaiveDate,
    pub state: WindowState,
    /// Open, and the planned date has passed without a test.
    pub overdue: bool,
    /// Tests with a result (negative or positive).
    pub tests: u32,
    pub positives: u32,
    /// N9 — refused or evaded tests in this window.
    pub refused_or_evaded: u32,
}

/// D4, N9 — a case's test compliance at a reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ComplianceSummary {
    /// Windows started on or before the reference date.
    pub required: u32,
    pub done: u32,
    pub missed: u32,
    /// N9 — refused or evaded tests inside the windows.
    pub refused_or_evaded: u32,
    /// Positive tests inside the windows (N10: reported to police; D5 复吸率).
    pub positives: u32,
    /// The first window not yet done that is open or upcoming, with its planned date.
    pub next_due: Option<PlannedWindow>,
    /// The open window's planned date has passed without a test.
    pub overdue: bool,
}

/// D4 — per-window states and the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub windows: Vec<WindowStatus>,
    pub summary: ComplianceSummary,
}

impl WindowStatus {
    /// N9, D4 — the window has a refused or evaded test and no test with a result: it
    /// is shown as 拒检, which counts toward N9's three, not as 漏检 (a missed window
    /// nobody came to test). For D4's figures it stays unsatisfied ([`WindowState`]).
    pub fn refused(&self) -> bool {
        self.state != WindowState::Upcoming && self.tests == 0 && self.refused_or_evaded > 0
    }
}

impl Compliance {
    /// N9, D4 — closed windows without a test with a result and without a refusal or
    /// evasion either: 漏检 as shown to users.
    pub fn missed_not_refused(&self) -> u32 {
        let n = self
            .windows
            .iter()
            .filter(|w| w.state == WindowState::Missed && !w.refused())
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// N9 — begun windows shown as 拒检 ([`WindowStatus::refused`]).
    pub fn refused_windows(&self) -> u32 {
        let n = self.windows.iter().filter(|w| w.refused()).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// D4, TEST-1, N9 — states of every window and the summary at `today`. `windows` are a
/// case's windows in order (as [`crate::schedule::schedule`] gives them); `events` may
/// come in any order (date order is fastest).
pub fn assess_compliance(
    windows: &[PlannedWindow],
    events: &[TestEvent],
    today: NaiveDate,
) -> Compliance {
    let mut statuses = Vec::with_capacity(windows.len());
    let mut summary = ComplianceSummary::default();
    for_each_status(windows, events, today, |w, s| {
        add(&mut summary, w, &s);
        statuses.push(s);
    });
    Compliance {
        windows: statuses,
        summary,
    }
}

/// D4, TEST-1, N9 — the summary alone (for dashboards and batches); allocates nothing
/// when the events come in date order.
pub fn compliance_summary(
    windows: &[PlannedWindow],
    events: &[TestEvent],
    today: NaiveDate,
) -> ComplianceSummary {
    let mut summary = ComplianceSummary::default();
    for_each_status(windows, events, today, |w, s| add(&mut summary, w, &s));
    summary
}

fn add(summary: &mut ComplianceSummary, w: &PlannedWindow, s: &WindowStatus) {
    // Counts saturate: no input can make them overflow and panic.
    let inc = |n: &mut u32, by: u32| *n = n.saturating_add(by);
    if s.state != WindowState::Upcoming {
        inc(&mut summary.required, 1);
    }
    inc(&mut summary.refused_or_evaded, s.refused_or_evaded);
    inc(&mut summary.positives, s.positives);
    match s.state {
        WindowState::Done => inc(&mut summary.done, 1),
        WindowState::Missed => inc(&mut summary.missed, 1),
        WindowState::Open | WindowState::Upcoming => {
            if summary.next_due.is_none() {
                summary.next_due = Some(*w);
            }
        }
    }
    summary.overdue |= s.overdue;
}

/// Calls `f` with each window and its status, in order. One merge pass over the
/// windows and the events in date order (sorted first, into a copy, only when they
/// are not already).
fn for_each_status(
    windows: &[PlannedWindow],
    events: &[TestEvent],
    today: NaiveDate,
    f: impl FnMut(&PlannedWindow, WindowStatus),
) {
    if events.is_sorted_by_key(|e| e.date) {
        merge(windows, events, today, f);
    } else {
        let mut sorted = events.to_vec();
        sorted.sort_by_key(|e| e.date);
        merge(windows, &sorted, today, f);
    }
}

/// What happened in one window up to the reference date.
#[derive(Default)]
struct Tally {
    tests: u32,
    positives: u32,
    refused_or_evaded: u32,
}

impl Tally {
    fn add(&mut self, outcome: TestOutcome) {
        // Saturating: no input can make a count overflow and panic.
        let inc = |n: &mut u32| *n = n.saturating_add(1);
        if outcome.satisfies_window() {
            inc(&mut self.tests);
        }
        if outcome == TestOutcome::Positive {
            inc(&mut self.positives);
        }
        if outcome.counts_toward_breach() {
            inc(&mut self.refused_or_evaded);
        }
    }
}

/// `events` in date order; `windows` in order of their start (they tile the term).
fn merge(
    windows: &[PlannedWindow],
    events: &[TestEvent],
    today: NaiveDate,
    mut f: impl FnMut(&PlannedWindow, WindowStatus),
) {
    // Events on or before the reference date only.
    let events = &events[..events.partition_point(|e| e.date <= today)];
    let mut first = 0;
    for w in windows {
        // Skip events before this window; those inside it are counted, and the next
        // window skips them in turn.
        while events.get(first).is_some_and(|e| e.date < w.start) {
            first += 1;
        }
        let mut tally = Tally::default();
        for e in events
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|e| e.date <= w.end)
        {
            tally.add(e.outcome);
        }
        let state = if w.start > today {
            WindowState::Upcoming
        } else if tally.tests > 0 {
            WindowState::Done
        } else if w.end < today {
            WindowState::Missed
        } else {
            WindowState::Open
        };
        let status = WindowStatus {
            index: w.index,
            start: w.start,
            end: w.end,
            planned: w.planned,
            state,
            overdue: state == WindowState::Open && w.planned < today,
            tests: tally.tests,
            positives: tally.positives,
            refused_or_evaded: tally.refused_or_evaded,
        };
        f(w, status);
    }
}
