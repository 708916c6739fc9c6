//! INFO-2 质量倒查, 防止空转 — the data-quality checks the daily sweep runs and a supervising
//! office can run on demand. Each check finds the persons or cases whose records show that
//! something the rules require was not done or not recorded honestly, so that a district
//! can look and, where needed, open a 倒查 (trace-back) on the case.
//!
//! Each check is a **finding** with a subject (a person, or a case) that opens the day the
//! condition is first seen and clears the day it no longer holds; the store turns each
//! check into one set-based statement with the cutoffs given here.
//!
//! Decisions where the seed is silent (written here once; the README repeats them):
//! * CASE-1 无措施: a person assessed addicted (成瘾认定) with no order decided on or after
//!   the assessment, once [`CASE1_DECISION_GRACE_DAYS`] days have passed (public security
//!   needs time to decide; a case decided later clears the finding).
//! * CASE-2 无交接: an order decided whose police hand-over deadline passed with no
//!   notification of the township (the sweep's own flag, counted here as quality too).
//! * N5 未签协议: reported in more than [`N5_AGREEMENT_GRACE_DAYS`] days ago and the
//!   agreement is still not recorded ("promptly after report-in").
//! * N6 无工作小组: a case under execution with no work group recorded.
//! * CASE-8/D4 两期无接触: a case under execution whose two latest closed test windows
//!   were both missed with no talk or visit recorded from the first one's start to the
//!   second one's end — nobody has seen the person for two windows.
//! * 空转 批量录入: at least [`BATCH_MIN_TESTS`] tests of different cases entered by one
//!   user with the same test time to the minute — tests are taken one by one, so a batch
//!   at one minute is the pattern of records written at a desk. Looked for among the tests
//!   of the last [`RECENT_DAYS`] days; each case of the batch is a subject.
//! * INFO-2 补录过迟: a test or a talk/visit entered more than [`LATE_ENTRY_DAYS`] days
//!   after the day it records ("实时采集"; paper records entered within a month are
//!   normal office work), of a case already kept in the system by then — the history
//!   that comes in with a newly entered (or imported) case is not late. Looked for among
//!   the entries of the last [`RECENT_DAYS`] days.
//! * CASE-1, N16 出所后未落实社区康复: a person's latest release from compulsory isolation
//!   with no 社区康复 case opened for it — at once when released without an order, after
//!   [`crate::isolation::RELEASE_FOLLOW_UP_DAYS`] days when released with one
//!   ([`crate::isolation::case1_release_unfollowed`]).

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests;

/// CASE-1 — days public security has to decide a measure after the addiction assessment
/// before the person counts as "assessed addicted with no measure".
pub const CASE1_DECISION_GRACE_DAYS: u64 = 30;
/// N5 — days after report-in by which the agreement is expected to be on record.
pub const N5_AGREEMENT_GRACE_DAYS: u64 = 7;
/// 空转 — tests at one minute by one user that make a batch.
pub const BATCH_MIN_TESTS: i64 = 5;
/// INFO-2 — an entry made more than this many days after its date is late.
pub const LATE_ENTRY_DAYS: i64 = 30;
/// How far back the checks on entries (batches, late entries) look.
pub const RECENT_DAYS: u64 = 92;

/// One data-quality check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityCheck {
    /// CASE-1 — assessed addicted, no measure decided.
    AddictedWithoutMeasure,
    /// CASE-2 — decided, the police hand-over to the township overdue.
    DecidedWithoutHandover,
    /// N5 — reported in, no agreement.
    AgreementMissing,
    /// N6 — under execution, no work group.
    WorkGroupMissing,
    /// CASE-8, D4 — two windows missed with no talk or visit.
    NoContactTwoWindows,
    /// 空转 — tests entered in a batch at one minute by one user.
    BatchEntry,
    /// INFO-2 — records entered long after their date.
    LateEntry,
    /// CASE-1, N16 — released from compulsory isolation, no 社区康复 case opened.
    ReleasedWithoutRehab,
}

/// Whom a check's finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Person,
    Case,
}

impl QualityCheck {
    pub const ALL: [QualityCheck; 8] = [
        QualityCheck::AddictedWithoutMeasure,
        QualityCheck::DecidedWithoutHandover,
        QualityCheck::AgreementMissing,
        QualityCheck::WorkGroupMissing,
        QualityCheck::NoContactTwoWindows,
        QualityCheck::BatchEntry,
        QualityCheck::LateEntry,
        QualityCheck::ReleasedWithoutRehab,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QualityCheck::AddictedWithoutMeasure => "addicted_without_measure",
            QualityCheck::DecidedWithoutHandover => "decided_without_handover",
            QualityCheck::AgreementMissing => "agreement_missing",
            QualityCheck::WorkGroupMissing => "work_group_missing",
            QualityCheck::NoContactTwoWindows => "no_contact_two_windows",
            QualityCheck::BatchEntry => "batch_entry",
            QualityCheck::LateEntry => "late_entry",
            QualityCheck::ReleasedWithoutRehab => "released_without_rehab",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The requirement the check stands for.
    pub fn requirement(self) -> &'static str {
        match self {
            QualityCheck::AddictedWithoutMeasure | QualityCheck::ReleasedWithoutRehab => "CASE-1",
            QualityCheck::DecidedWithoutHandover => "CASE-2",
            QualityCheck::AgreementMissing => "N5",
            QualityCheck::WorkGroupMissing => "N6",
            QualityCheck::NoContactTwoWindows => "CASE-8",
            QualityCheck::BatchEntry | QualityCheck::LateEntry => "INFO-2",
        }
    }

    pub fn subject(self) -> Subject {
        match self {
            QualityCheck::AddictedWithoutMeasure | QualityCheck::ReleasedWithoutRehab => {
                Subject::Person
            }
            _ => Subject::Case,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            QualityCheck::AddictedWithoutMeasure => "成瘾认定后未落实措施",
            QualityCheck::DecidedWithoutHandover => "决定后逾期未交接",
            QualityCheck::AgreementMissing => "报到后未签协议",
            QualityCheck::WorkGroupMissing => "执行中未建工作小组",
            QualityCheck::NoContactTwoWindows => "连续两期漏检且无谈话走访",
            QualityCheck::BatchEntry => "同一分钟批量录入检测",
            QualityCheck::LateEntry => "记录补录过迟",
            QualityCheck::ReleasedWithoutRehab => "出所后未落实社区康复",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            QualityCheck::AddictedWithoutMeasure => "Assessed addicted, no measure",
            QualityCheck::DecidedWithoutHandover => "Decided, hand-over overdue",
            QualityCheck::AgreementMissing => "Reported in, no agreement",
            QualityCheck::WorkGroupMissing => "Under execution, no work group",
            QualityCheck::NoContactTwoWindows => "Two windows missed, no talk or visit",
            QualityCheck::BatchEntry => "Tests entered in a batch at one minute",
            QualityCheck::LateEntry => "Records entered long after their date",
            QualityCheck::ReleasedWithoutRehab => "Released from isolation, no rehabilitation",
        }
    }

    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_zh()
        }
    }
}

fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today
        .checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// CASE-1 — assessments on or before this day are past the grace period on `today`.
pub fn case1_addicted_without_measure_cutoff(today: NaiveDate) -> NaiveDate {
    days_before(today, CASE1_DECISION_GRACE_DAYS)
}

/// CASE-1 — the row-by-row rule the cutoff stands for: assessed on `assessed_on`, the
/// latest order decided on `latest_decided_on` (if any).
pub fn case1_addicted_without_measure(
    assessed_on: NaiveDate,
    latest_decided_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let decided_since = latest_decided_on.is_some_and(|d| d >= assessed_on);
    !decided_since && assessed_on <= case1_addicted_without_measure_cutoff(today)
}

/// N5 — report-ins on or before this day with no agreement are overdue on `today`
/// (more than [`N5_AGREEMENT_GRACE_DAYS`] days ago).
pub fn n5_agreement_missing_cutoff(today: NaiveDate) -> NaiveDate {
    days_before(today, N5_AGREEMENT_GRACE_DAYS + 1)
}

/// Entries (tests, talks) made on or after this day are looked at by the entry checks.
pub fn info2_recent_from(today: NaiveDate) -> NaiveDate {
    days_before(today, RECENT_DAYS)
}

/// INFO-2 — whether an entry made at `entered_at` (Beijing time) for the day `recorded_on`
/// is late.
pub fn info2_late_entry(recorded_on: NaiveDate, entered_at: NaiveDateTime) -> bool {
    (entered_at.date() - recorded_on).num_days() > LATE_ENTRY_DAYS
}

/// 空转 — whether `tests` tests at one minute by one user make a batch.
pub fn info2_batch(tests: i64) -> bool {
    tests >= BATCH_MIN_TESTS
}

/// CASE-8, D4 — the two latest closed windows (`missed` verdicts, oldest first) and
/// whether a talk or visit was recorded between the first one's start and the second
/// one's end.
pub fn case8_no_contact_two_windows(last_two_missed: [bool; 2], contact_between: bool) -> bool {
    last_two_missed[0] && last_two_missed[1] && !contact_between
}

/// N19 — the day a person whose last order ended by expiry on `expired_on` leaves dynamic
/// control, when no relapse is found by then: three years on (the same span as D5's
/// 戒断巩固率, [`crate::metrics::CONSOLIDATION_YEARS`]).
pub fn n19_leaves_dynamic_control_on(expired_on: NaiveDate) -> NaiveDate {
    expired_on
        .checked_add_months(chrono::Months::new(
            crate::metrics::CONSOLIDATION_YEARS * 12,
        ))
        .unwrap_or(NaiveDate::MAX)
}

/// N19 — orders that expired on or before this day have reached their three years on
/// `today` (`expired_on <= cutoff` ⇔ [`n19_leaves_dynamic_control_on`]`(expired_on) <= today`).
pub fn n19_dynamic_control_cutoff(today: NaiveDate) -> NaiveDate {
    let back = chrono::Months::new(crate::metrics::CONSOLIDATION_YEARS * 12);
    let Some(cutoff) = today.checked_sub_months(back) else {
        return NaiveDate::MIN;
    };
    // on a month's last day, every day of that month three years back is up (29 February
    // + 3 years = 28 February)
    let last_day = |d: NaiveDate| {
        d.checked_add_months(chrono::Months::new(1))
            .and_then(|n| n.with_day(1))
            .and_then(|n| n.pred_opt())
            .unwrap_or(d)
    };
    if last_day(today) == today {
        last_day(cutoff)
    } else {
        cutoff
    }
}
