//! CASE-1, CASE-2, CASE-5, N16 — release from compulsory isolation (强制隔离戒毒所) and
//! the hand-over of a 社区康复 order to the township (必送必接).
//!
//! The centre records each release: the person (by ID number), the day, whether public
//! security ordered 社区康复 (with the decision's number and date) and the township of
//! household registration or residence that must take the person over. A release with an
//! order is a hand-over to that township: it must acknowledge it (接收) within the same
//! working-day period as the police's own hand-over of a decision (CASE-2,
//! [`crate::deadline::police_handover_deadline`], 7 working days from the release), and
//! then opens the 社区康复 case the normal way (the decision recorded on the archive).
//!
//! Decisions where the seed is silent (written here once; the README repeats them):
//! * The hand-over deadline runs from the day of release (the file travels with the
//!   person), counted as CASE-2 counts the police's: [`n16_release_handover_deadline`].
//! * A release is *followed up* by a 社区康复 order decided on or after the order's own
//!   decision date (a release with an order) or after the release (one without): the
//!   township enters that decision as the case. [`case1_release_unfollowed`] is the
//!   data-quality check (CASE-1: nobody left uncontrolled after release): a release
//!   without an order is a finding at once; one with an order becomes a finding when
//!   [`RELEASE_FOLLOW_UP_DAYS`] days have passed and no case has been opened.

use chrono::{Days, NaiveDate};
use thiserror::Error;

use crate::calendar::WorkCalendar;
use crate::case::report_in_overdue;
use crate::deadline::police_handover_deadline;

/// CASE-1, N16 — days after release by which the township is expected to have opened the
/// 社区康复 case of a release with an order: the CASE-2 hand-over (7 working days, up to
/// about 11 calendar days over a holiday) plus the N3 report-in (15 days), rounded up.
pub const RELEASE_FOLLOW_UP_DAYS: u64 = 30;

/// CASE-2, N16 — the township acknowledges a release with a 社区康复 order by this day:
/// the police's hand-over rule counted from the day of release.
pub fn n16_release_handover_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    released_on: NaiveDate,
) -> NaiveDate {
    police_handover_deadline(cal, released_on).value
}

/// CASE-2 — whether a hand-over with `deadline`, not yet acknowledged, is overdue on `today`.
pub fn case2_release_overdue(
    deadline: NaiveDate,
    received_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    received_on.is_none() && report_in_overdue(deadline, today)
}

/// CASE-1 — releases with an order on or before this day are past the follow-up period
/// on `today`.
pub fn case1_release_cutoff(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(RELEASE_FOLLOW_UP_DAYS))
        .unwrap_or(NaiveDate::MIN)
}

/// CASE-1 — the row-by-row rule the cutoff stands for: a release on `released_on`, with
/// or without an order, and whether a 社区康复 case has been opened for it since.
pub fn case1_release_unfollowed(
    has_order: bool,
    released_on: NaiveDate,
    case_opened: bool,
    today: NaiveDate,
) -> bool {
    !case_opened && (!has_order || released_on <= case1_release_cutoff(today))
}

/// Why a release or its acknowledgement was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReleaseError {
    #[error("出所日期不能晚于今天")]
    ReleasedInFuture,
    #[error("有社区康复决定的,请填写决定书文号")]
    OrderNumberMissing,
    #[error("社区康复决定日期不能晚于今天")]
    OrderInFuture,
    #[error("请填写戒毒所名称(100 字以内)")]
    CentreName,
    #[error("接收日期不能早于出所日期")]
    ReceivedBeforeRelease,
    #[error("接收日期不能晚于今天")]
    ReceivedInFuture,
    #[error("该出所移交已接收")]
    AlreadyReceived,
    #[error("无社区康复决定的出所记录无需接收")]
    NothingToReceive,
}

impl ReleaseError {
    /// The stable id of the refusal (the English page words it from this).
    pub fn code(&self) -> &'static str {
        match self {
            ReleaseError::ReleasedInFuture => "release-released-in-future",
            ReleaseError::OrderNumberMissing => "release-order-number-missing",
            ReleaseError::OrderInFuture => "release-order-in-future",
            ReleaseError::CentreName => "release-centre-name",
            ReleaseError::ReceivedBeforeRelease => "release-received-before-release",
            ReleaseError::ReceivedInFuture => "release-received-in-future",
            ReleaseError::AlreadyReceived => "release-already-received",
            ReleaseError::NothingToReceive => "release-nothing-to-receive",
        }
    }
}

/// CASE-1, N16 — check a release as the centre enters it: the day is not in the future; a
/// 社区康复 order has a decision number and a date not in the future.
pub fn check_release(
    centre_name: &str,
    released_on: NaiveDate,
    order: Option<(&str, NaiveDate)>,
    today: NaiveDate,
) -> Result<(), ReleaseError> {
    let name = centre_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ReleaseError::CentreName);
    }
    if released_on > today {
        return Err(ReleaseError::ReleasedInFuture);
    }
    if let Some((number, decided_on)) = order {
        if number.trim().is_empty() {
            return Err(ReleaseError::OrderNumberMissing);
        }
        if decided_on > today {
            return Err(ReleaseError::OrderInFuture);
        }
    }
    Ok(())
}

/// CASE-2 — check the township's acknowledgement (接收) of a release.
pub fn check_receipt(
    has_order: bool,
    released_on: NaiveDate,
    already_received: bool,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ReleaseError> {
    if !has_order {
        return Err(ReleaseError::NothingToReceive);
    }
    if already_received {
        return Err(ReleaseError::AlreadyReceived);
    }
    if received_on > today {
        return Err(ReleaseError::ReceivedInFuture);
    }
    if received_on < released_on {
        return Err(ReleaseError::ReceivedBeforeRelease);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
