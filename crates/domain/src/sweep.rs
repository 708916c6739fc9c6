//! The daily sweep: what becomes due or overdue over night, as
//! rules the store turns into set-based statements.
//!
//! Each rule is given as a **cutoff**: the latest stored date for which the rule holds
//! on the sweep's day, so the store selects `column <= cutoff` over an index instead of
//! judging row by row. Each cutoff is tested against the row-by-row rule it stands for.
//!
//! The sweep creates flags (tasks); it never takes a step of the state machine
//! ([`crate::case::next_state`]): people do (marking 逾期未报到, 期满解除, …).
//!
//! Decisions where the law is silent:
//! * D4 — a window that closed with no test with a result is **missed** (漏检). A missed
//!   window is not a refusal or evasion: it does not count toward N9's three (only a
//!   recorded refused or evaded test does, [`crate::compliance::TestOutcome::counts_toward_breach`]).
//!   The sweep records it so compliance and metrics count missed windows with an index
//!   instead of recomputing every case.
//! * A window is owed only while the case is open: a window of a case closed (终止,
//!   强戒, 期满解除) on or before its last day is **void**, not missed.
//! * Windows of a suspended case are left alone: resuming re-plans them (N13, D4).
//! * CASE-2 "必送必接" — the receiving unit acknowledges a hand-over within
//!   [`HANDOVER_ACK_WORKDAYS`] working days of its sending (the same period as the
//!   police's own hand-over, for want of a rule).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::case::{CaseState, report_in_overdue};
use crate::deadline::add_workdays;

#[cfg(test)]
mod tests;

/// The job name of the daily sweep in the lease table.
pub const DAILY_SWEEP_JOB: &str = "daily_sweep";

/// CASE-2 — working days the receiving unit has to acknowledge a hand-over.
pub const HANDOVER_ACK_WORKDAYS: u32 = 7;

/// What a sweep flags on a case. A flag is raised once per (case, kind, due date) and
/// cleared by the sweep once its condition no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepFlag {
    /// CASE-2, N1 — police have not notified the township by the hand-over deadline.
    NotificationOverdue,
    /// N3 — 逾期未报到: the report-in deadline passed without report-in; the township
    /// marks it as refusal and refers it to police.
    ReportInOverdue,
    /// D3, N12 — the term's last day has passed: police serve the 解除通知书 and the
    /// township records 期满解除.
    TermEnded,
    /// CASE-2 — a hand-over not acknowledged in time (必送必接).
    HandoverUnacknowledged,
}

impl SweepFlag {
    pub const ALL: [SweepFlag; 4] = [
        SweepFlag::NotificationOverdue,
        SweepFlag::ReportInOverdue,
        SweepFlag::TermEnded,
        SweepFlag::HandoverUnacknowledged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SweepFlag::NotificationOverdue => "notification_overdue",
            SweepFlag::ReportInOverdue => "report_in_overdue",
            SweepFlag::TermEnded => "term_ended",
            SweepFlag::HandoverUnacknowledged => "handover_unacknowledged",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SweepFlag::NotificationOverdue => "公安逾期未通知乡镇(街道)",
            SweepFlag::ReportInOverdue => "逾期未报到",
            SweepFlag::TermEnded => "期满待解除",
            SweepFlag::HandoverUnacknowledged => "移交逾期未接收",
        }
    }

    /// The English words (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            SweepFlag::NotificationOverdue => "police notification of the township overdue",
            SweepFlag::ReportInOverdue => "report-in overdue",
            SweepFlag::TermEnded => "term ended, release due",
            SweepFlag::HandoverUnacknowledged => "hand-over not acknowledged in time",
        }
    }

    /// The states in which the flag's condition can hold; leaving them clears it.
    pub fn states(self) -> &'static [CaseState] {
        match self {
            SweepFlag::NotificationOverdue => &[CaseState::Ordered],
            SweepFlag::ReportInOverdue => &[CaseState::Notified],
            SweepFlag::TermEnded => &TERM_ENDS_IN,
            // any open case may have a hand-over pending; closing ends it
            SweepFlag::HandoverUnacknowledged => &OPEN_STATES,
        }
    }
}

/// D3, N12 — states in which a term that has run out awaits 期满解除 (the term runs,
/// and is not suspended: a suspension moves the end).
pub const TERM_ENDS_IN: [CaseState; 5] = [
    CaseState::Reported,
    CaseState::Executing,
    CaseState::Absconded,
    CaseState::TransferPending,
    CaseState::Referred,
];

const OPEN_STATES: [CaseState; 9] = [
    CaseState::Ordered,
    CaseState::Notified,
    CaseState::Reported,
    CaseState::Executing,
    CaseState::Suspended,
    CaseState::Absconded,
    CaseState::TransferPending,
    CaseState::Refused,
    CaseState::Referred,
];

/// The day before `today` (saturating at the first date).
fn yesterday(today: NaiveDate) -> NaiveDate {
    today.pred_opt().unwrap_or(today)
}

/// N3 — deadlines on or before this day are overdue on `today`
/// (`deadline <= cutoff` ⇔ [`report_in_overdue`]`(deadline, today)`).
pub fn n3_report_in_overdue_cutoff(today: NaiveDate) -> NaiveDate {
    yesterday(today)
}

/// CASE-2, N1 — hand-over deadlines of the police on or before this day have passed on
/// `today` (the deadline day itself is in time, as for N3).
pub fn case2_notification_overdue_cutoff(today: NaiveDate) -> NaiveDate {
    yesterday(today)
}

/// D3, N12 — terms whose last day is on or before this day have run out on `today`.
pub fn n12_term_ended_cutoff(today: NaiveDate) -> NaiveDate {
    yesterday(today)
}

/// D4 — windows ending on or before this day have closed on `today` (a window is
/// still open on its last day).
pub fn d4_window_closed_cutoff(today: NaiveDate) -> NaiveDate {
    yesterday(today)
}

/// D4 — the sweep's verdict on one window: `None` while it is open, done, or its
/// case is suspended; `Some(true)` missed; `Some(false)` void (the case closed on or
/// before its last day).
pub fn d4_window_verdict(
    ends_on: NaiveDate,
    done: bool,
    state: CaseState,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<bool> {
    if done || ends_on > d4_window_closed_cutoff(today) || state == CaseState::Suspended {
        return None;
    }
    Some(closed_on.is_none_or(|closed| closed > ends_on))
}

/// CASE-2 — the last day for the receiving unit to acknowledge a hand-over sent on
/// `sent_on` (provisional answers are used: the sweep must run regardless, D2).
pub fn case2_handover_ack_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    sent_on: NaiveDate,
) -> NaiveDate {
    add_workdays(cal, sent_on, HANDOVER_ACK_WORKDAYS).value
}

/// CASE-2 — whether a hand-over sent on `sent_on` and still unacknowledged is overdue
/// on `today`.
pub fn case2_handover_unacknowledged<C: WorkCalendar + ?Sized>(
    cal: &C,
    sent_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    report_in_overdue(case2_handover_ack_deadline(cal, sent_on), today)
}

/// CASE-2 — hand-overs sent on or before this day and still unacknowledged are overdue
/// on `today` (the deadline grows with the sending day, so one cutoff splits them).
pub fn case2_handover_unacknowledged_cutoff<C: WorkCalendar + ?Sized>(
    cal: &C,
    today: NaiveDate,
) -> Option<NaiveDate> {
    // The deadline is at least HANDOVER_ACK_WORKDAYS days after sending; walk back
    // from there (holidays add at most a few weeks).
    let mut sent = today.checked_sub_days(Days::new(u64::from(HANDOVER_ACK_WORKDAYS)))?;
    for _ in 0..400 {
        if case2_handover_unacknowledged(cal, sent, today) {
            return Some(sent);
        }
        sent = sent.pred_opt()?;
    }
    None
}

/// The dates a sweep works with on its day, computed once from the rules above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SweepCutoffs {
    /// The sweep's day (the period).
    pub today: NaiveDate,
    pub window_closed: NaiveDate,
    pub report_in_overdue: NaiveDate,
    pub notification_overdue: NaiveDate,
    pub term_ended: NaiveDate,
    pub handover_unacknowledged: Option<NaiveDate>,
}

impl SweepCutoffs {
    pub fn on<C: WorkCalendar + ?Sized>(cal: &C, today: NaiveDate) -> Self {
        Self {
            today,
            window_closed: d4_window_closed_cutoff(today),
            report_in_overdue: n3_report_in_overdue_cutoff(today),
            notification_overdue: case2_notification_overdue_cutoff(today),
            term_ended: n12_term_ended_cutoff(today),
            handover_unacknowledged: case2_handover_unacknowledged_cutoff(cal, today),
        }
    }
}

/// Whether a case's flag holds on the sweep's day, row by row (the reference the
/// set-based statements are tested against). `date` is the flag's due date: the
/// hand-over deadline, the report-in deadline, the term's last day, or the sending
/// day of the hand-over.
pub fn flag_holds<C: WorkCalendar + ?Sized>(
    cal: &C,
    flag: SweepFlag,
    state: CaseState,
    date: NaiveDate,
    today: NaiveDate,
) -> bool {
    if !flag.states().contains(&state) {
        return false;
    }
    match flag {
        SweepFlag::NotificationOverdue | SweepFlag::ReportInOverdue | SweepFlag::TermEnded => {
            report_in_overdue(date, today)
        }
        SweepFlag::HandoverUnacknowledged => case2_handover_unacknowledged(cal, date, today),
    }
}
