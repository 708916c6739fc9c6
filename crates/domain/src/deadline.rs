//! D1 — counting days to a deadline, and the statutory deadlines built on it
//! (N3 report-in, N11 report-in after transfer, N12 notice of expiry, CASE-2 hand-over).
//!
//! Every function comes in two forms: the provisional one the application works with (D2:
//! in a year without calendar data Monday–Friday count as working days and the answer is
//! flagged), and a strict one that refuses with [`CalendarUnknown`] (for `jiekang rules`).
//! None of them panics: past chrono's last date the provisional answer saturates at
//! `NaiveDate::MAX` (flagged) and the strict one reports the year as unknown.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{
    CalendarUnknown, Provisional, WorkCalendar, next_workday_on_or_after,
    next_workday_on_or_after_strict,
};

/// N3 — days to report in after receiving the 责令社区戒毒/社区康复 decision.
pub const REPORT_IN_DAYS: u32 = 15;
/// N11 — days to report in at the new township after a transfer.
pub const TRANSFER_REPORT_IN_DAYS: u32 = 15;
/// N12 — days for police to notify the township once the measure has expired.
pub const EXPIRY_NOTICE_DAYS: u32 = 7;
/// CASE-2 — working days for police to notify the township and hand over the file.
pub const HANDOVER_WORKDAYS: u32 = 7;

/// D1 — "`n` days from `from`": counting starts the day after `from`, so the last day is
/// `from + n`; if that is not a working day the deadline moves to the next working day
/// (民法典 201–203). Provisional if any day looked at lies in a year without data.
pub fn calendar_day_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Provisional<NaiveDate> {
    match from.checked_add_days(Days::new(n.into())) {
        Some(last) => next_workday_on_or_after(cal, last),
        None => Provisional {
            value: NaiveDate::MAX,
            provisional: true,
        },
    }
}

/// D1 — strict form of [`calendar_day_deadline`].
pub fn calendar_day_deadline_strict<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarUnknown> {
    let last = from
        .checked_add_days(Days::new(n.into()))
        .ok_or(CalendarUnknown {
            year: NaiveDate::MAX.year().saturating_add(1),
        })?;
    next_workday_on_or_after_strict(cal, last)
}

/// D1, CASE-2 — the `n`-th working day after `from`, counting working days only, from the
/// day after `from`. `n == 0` gives `from` itself. Provisional if any day counted lies in a
/// year without data. Takes time proportional to `n`.
pub fn add_workdays<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Provisional<NaiveDate> {
    let mut provisional = false;
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = match day.succ_opt() {
            Some(next) => next,
            None => {
                return Provisional {
                    value: NaiveDate::MAX,
                    provisional: true,
                };
            }
        };
        let answer = cal.is_workday_or_provisional(day);
        provisional |= answer.provisional;
        if answer.value {
            left -= 1;
        }
    }
    Provisional {
        value: day,
        provisional,
    }
}

/// D1, CASE-2 — strict form of [`add_workdays`].
pub fn add_workdays_strict<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarUnknown> {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().ok_or(CalendarUnknown {
            year: day.year().saturating_add(1),
        })?;
        if cal.is_workday(day)? {
            left -= 1;
        }
    }
    Ok(day)
}

/// How a rule's period is counted (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum Period {
    /// Calendar days; a last day that is not a working day moves to the next working day.
    CalendarDays(u32),
    /// Working days only.
    WorkingDays(u32),
}

impl Period {
    /// D1 — the deadline `self` after `from`.
    pub fn deadline<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Provisional<NaiveDate> {
        match self {
            Period::CalendarDays(n) => calendar_day_deadline(cal, from, n),
            Period::WorkingDays(n) => add_workdays(cal, from, n),
        }
    }

    /// D1 — strict form of [`Period::deadline`].
    pub fn deadline_strict<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarUnknown> {
        match self {
            Period::CalendarDays(n) => calendar_day_deadline_strict(cal, from, n),
            Period::WorkingDays(n) => add_workdays_strict(cal, from, n),
        }
    }
}

/// The statutory deadlines, for code that lists or looks them up by code (`jiekang rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineRule {
    /// N3 — report in within 15 days of receiving the decision.
    ReportIn,
    /// N11 — report in at the new township within 15 days of the transfer.
    TransferReportIn,
    /// N12 — police notify the township within 7 days of expiry.
    ExpiryNotice,
    /// CASE-2 — police notify the township within 7 working days of the decision.
    PoliceHandover,
}

impl DeadlineRule {
    pub const ALL: [DeadlineRule; 4] = [
        DeadlineRule::ReportIn,
        DeadlineRule::TransferReportIn,
        DeadlineRule::ExpiryNotice,
        DeadlineRule::PoliceHandover,
    ];

    /// The requirement ID in national-rules.md / requirements.md.
    pub fn rule_id(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "N3",
            DeadlineRule::TransferReportIn => "N11",
            DeadlineRule::ExpiryNotice => "N12",
            DeadlineRule::PoliceHandover => "CASE-2",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "report_in",
            DeadlineRule::TransferReportIn => "transfer_report_in",
            DeadlineRule::ExpiryNotice => "expiry_notice",
            DeadlineRule::PoliceHandover => "police_handover",
        }
    }

    /// Looks a rule up by its code or its requirement ID (case-insensitive).
    pub fn parse(text: &str) -> Option<DeadlineRule> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(text) || r.rule_id().eq_ignore_ascii_case(text))
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "收到决定书后报到期限",
            DeadlineRule::TransferReportIn => "变更执行地后报到期限",
            DeadlineRule::ExpiryNotice => "期满解除后通知乡镇期限",
            DeadlineRule::PoliceHandover => "决定后通知乡镇并移交材料期限",
        }
    }

    /// What the start date `from` is for this rule.
    pub fn from_label_zh(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "决定书送达日",
            DeadlineRule::TransferReportIn => "变更执行地接收日",
            DeadlineRule::ExpiryNotice => "期满解除日(执行期最后一日的次日)",
            DeadlineRule::PoliceHandover => "决定日",
        }
    }

    pub fn period(self) -> Period {
        match self {
            DeadlineRule::ReportIn => Period::CalendarDays(REPORT_IN_DAYS),
            DeadlineRule::TransferReportIn => Period::CalendarDays(TRANSFER_REPORT_IN_DAYS),
            DeadlineRule::ExpiryNotice => Period::CalendarDays(EXPIRY_NOTICE_DAYS),
            DeadlineRule::PoliceHandover => Period::WorkingDays(HANDOVER_WORKDAYS),
        }
    }

    /// D1 — this rule's deadline counted from `from`.
    pub fn deadline<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Provisional<NaiveDate> {
        self.period().deadline(cal, from)
    }

    /// D1 — strict form, `Err` for a year without calendar data.
    pub fn deadline_strict<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarUnknown> {
        self.period().deadline_strict(cal, from)
    }
}

/// D1, N3 — the report-in deadline: 15 days from the day the decision was served.
pub fn report_in_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    served_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::ReportIn.deadline(cal, served_on)
}

/// D1, N11 — the report-in deadline at the new township: 15 days from the day the
/// transfer was accepted.
pub fn transfer_report_in_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    accepted_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::TransferReportIn.deadline(cal, accepted_on)
}

/// D1, N12 — police notify the township within 7 (calendar) days of expiry; `expired_on`
/// is the day the measure is lifted, the day after the term's last day (J7: term ends
/// 2025-04-29, lifted and served 2025-04-30, deadline 2025-05-07).
pub fn expiry_notice_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    expired_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::ExpiryNotice.deadline(cal, expired_on)
}

/// D1, CASE-2 — police notify the township and hand over the file within 7 working days
/// of the decision.
pub fn police_handover_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    decided_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::PoliceHandover.deadline(cal, decided_on)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
