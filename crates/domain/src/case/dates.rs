//! N3, N4 and the steps' dates: which date a step may carry, in which order, and the
//! look-ahead of the queues.

use chrono::NaiveDate;

use super::*;

/// The dates a case already carries, for checking the order of a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseDates {
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub agreement_on: Option<NaiveDate>,
    pub term_last_day: Option<NaiveDate>,
}

/// Why a date cannot be recorded; the message is shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateOrderError {
    #[error("日期 {0} 晚于今天,不能登记将来发生的事项")]
    InFuture(NaiveDate),
    #[error("日期 {date} 早于决定日期 {decided_on}")]
    BeforeDecision {
        date: NaiveDate,
        decided_on: NaiveDate,
    },
    #[error("报到日期 {date} 早于决定书送达日期 {served_on}")]
    ReportInBeforeService {
        date: NaiveDate,
        served_on: NaiveDate,
    },
    #[error("日期 {date} 早于报到日期 {reported_on}")]
    BeforeReportIn {
        date: NaiveDate,
        reported_on: NaiveDate,
    },
    #[error("期满解除日期 {date} 早于期满后的第一天 {earliest}")]
    ExpiryBeforeTermEnd {
        date: NaiveDate,
        earliest: NaiveDate,
    },
}

/// The kind of dated record, for [`check_step_date`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// A step of the state machine.
    Step(Step),
    /// A drug test, talk, visit, leave, search or other record inside the term.
    Record,
}

/// CASE-2, N3, N5, N12 and the rule "an impossible date order is refused": a
/// date may not lie in the future, nor before the decision; report-in not before the
/// decision was served; tests, talks and the agreement not before report-in; expiry
/// not before the day after the term's last day.
pub fn check_step_date(
    dates: &CaseDates,
    what: Dated,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), DateOrderError> {
    if date > today {
        return Err(DateOrderError::InFuture(date));
    }
    if let Some(decided_on) = dates.decided_on
        && date < decided_on
    {
        return Err(DateOrderError::BeforeDecision { date, decided_on });
    }
    let needs_report_in = match what {
        Dated::Record => true,
        Dated::Step(s) => !matches!(
            s,
            Step::Notify | Step::ReportIn | Step::MarkRefused | Step::Terminate
        ),
    };
    if what == Dated::Step(Step::ReportIn)
        && let Some(served_on) = dates.served_on
        && date < served_on
    {
        return Err(DateOrderError::ReportInBeforeService { date, served_on });
    }
    if needs_report_in
        && let Some(reported_on) = dates.reported_on
        && date < reported_on
    {
        return Err(DateOrderError::BeforeReportIn { date, reported_on });
    }
    if what == Dated::Step(Step::Expire)
        && let Some(last) = dates.term_last_day
    {
        let earliest = earliest_expiry(last);
        if date < earliest {
            return Err(DateOrderError::ExpiryBeforeTermEnd { date, earliest });
        }
    }
    Ok(())
}

/// N3 — the report-in deadline has passed on `on` (the deadline day itself is in time).
pub fn report_in_overdue(deadline: NaiveDate, on: NaiveDate) -> bool {
    on > deadline
}

/// The township's queue of orders expiring soon looks this many days ahead: "orders
/// expiring within 30 days".
pub const EXPIRY_WARNING_DAYS: u64 = 30;

/// The community's queue of tests and talks "this week" looks this many days ahead
/// (today and the six days after it).
pub const WEEK_AHEAD_DAYS: u64 = 6;
