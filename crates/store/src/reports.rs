//! STAT-1, D5 — periodic reports (报表) as the store keeps them.
//!
//! # Design
//! A report is never counted at request time. A count (the daily job of `jiekang serve`,
//! or `jiekang reports count`) streams the orders once per period, classifies each with
//! [`jiekang_domain::report::count_order`] (the D5 rules), counts tests, events and
//! transfers with grouped queries, and stores the figures per unit path as one version
//! of the period (`report_versions`, `report_figures`, migration 0024). A request sums
//! the rows of each child unit's subtree — a range on the materialised path over a few
//! thousand rows, as the dashboard does — so a city's report answers from stored figures.
//!
//! Versions: an open period has one *running* version, replaced by every count; the
//! first count after the period has closed is its *frozen* version, never changed; a
//! recount of a closed period that finds other figures is stored as a *correction* and
//! shown beside the frozen figures, never in place of them.
//!
//! Orders are counted where they are now kept (a transferred order's history moves
//! with it); a frozen version keeps the attribution of the day it was frozen.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::metrics::Ratio;
use jiekang_domain::report::{Figure, Figures, ReportPeriod};
use serde::Serialize;

/// What a stored count of a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// The period is open: replaced by the next count.
    Running,
    /// The first count after the period closed: the report of record.
    Frozen,
    /// A later recount of a closed period that found other figures.
    Correction,
}

impl VersionKind {
    pub fn code(self) -> &'static str {
        match self {
            VersionKind::Running => "running",
            VersionKind::Frozen => "frozen",
            VersionKind::Correction => "correction",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            VersionKind::Running,
            VersionKind::Frozen,
            VersionKind::Correction,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One stored count of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportVersion {
    pub id: i64,
    pub kind: VersionKind,
    /// The day the figures are counted for.
    pub as_of: NaiveDate,
    pub counted_at: DateTime<Utc>,
}

/// One line of a report: a child unit, the orders kept at the unit itself (本级), or
/// the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// The child unit; `None` for the 本级 row and the total.
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub own_level: bool,
    pub figures: Figures,
}

impl ReportRow {
    pub fn get(&self, f: Figure) -> i64 {
        self.figures[f.index()]
    }

    /// A D5 rate from its two stored figures.
    pub fn ratio(&self, num: Figure, den: Figure) -> Ratio {
        Ratio::new(self.get(num).max(0) as u64, self.get(den).max(0) as u64)
    }
}

/// A figure that a correction changed, for the whole unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub figure: Figure,
    pub frozen: i64,
    pub corrected: i64,
}

/// The report of a unit (the scope's) for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: ReportPeriod,
    pub unit_name: String,
    /// `None` until the period has been counted.
    pub version: Option<ReportVersion>,
    /// The children, then 本级 when it has figures, then the total.
    pub rows: Vec<ReportRow>,
    /// The total of the period before (环比) and of the same period a year before (同比),
    /// when they were counted.
    pub previous: Option<Figures>,
    pub year_before: Option<Figures>,
    /// The latest correction of a frozen report, with the figures it changed.
    pub correction: Option<ReportVersion>,
    pub corrections: Vec<Correction>,
}

impl Report {
    pub fn total(&self) -> Option<&ReportRow> {
        self.rows
            .last()
            .filter(|r| r.unit_id.is_none() && !r.own_level)
    }
}

/// Where a township's report of a period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    /// 已报送, awaiting the district's review.
    Submitted,
    /// 已退回 with the district's note; to be submitted again.
    Returned,
    /// 已审核通过.
    Accepted,
}

impl SubmissionState {
    pub fn code(self) -> &'static str {
        match self {
            SubmissionState::Submitted => "submitted",
            SubmissionState::Returned => "returned",
            SubmissionState::Accepted => "accepted",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            SubmissionState::Submitted,
            SubmissionState::Returned,
            SubmissionState::Accepted,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SubmissionState::Submitted => "已报送(待审核)",
            SubmissionState::Returned => "已退回",
            SubmissionState::Accepted => "已审核通过",
        }
    }
}

/// One reporting unit (a township) of a scope with its report's state for a period;
/// `state` is `None` when it has not submitted (未报送).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionRow {
    pub unit_id: i64,
    pub unit_name: String,
    pub parent_name: String,
    pub state: Option<SubmissionState>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The display name of who submitted (and below, who reviewed).
    pub submitted_by: Option<String>,
    pub note: String,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub review_note: String,
}

/// A district's decision on a submitted report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Review {
    Accept,
    Return,
}

/// What a count did to one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub period: ReportPeriod,
    /// The version stored, or `None` when the count found nothing to store (a closed
    /// period already frozen whose recount changed nothing).
    pub stored: Option<VersionKind>,
}

/// D5 — one order behind a figure of a report (the figure's list of persons).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPerson {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub id_number_masked: String,
    /// For the age beside the masked number (N18).
    pub birth_date: Option<NaiveDate>,
    pub unit_name: String,
    pub measure: jiekang_domain::measure::Measure,
    pub state: jiekang_domain::case::CaseState,
    pub decided_on: NaiveDate,
}

/// Keyset cursor of a figure's list: orders after (unit path, case id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPersonsCursor {
    pub unit_path: String,
    pub case_id: i64,
}

/// A page of a figure's list. `next` continues it; `searched_to_end` is false when the
/// request stopped after [`REPORT_PERSONS_SCAN_LIMIT`] orders without filling the page
/// (the page says so and offers to look further).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPersonsPage {
    pub items: Vec<ReportPerson>,
    pub next: Option<ReportPersonsCursor>,
    pub filled: bool,
}

/// The most orders one request of a figure's list classifies (every request bounded,
/// also for a rare figure at a city of a million orders).
pub const REPORT_PERSONS_SCAN_LIMIT: usize = 20_000;

/// Whether a figure is counted per order, so that its persons can be listed (the
/// counts of tests, events and transfers are counted from those records).
pub fn lists_persons(f: Figure) -> bool {
    !matches!(
        f,
        Figure::TestsRequired
            | Figure::TestsDone
            | Figure::TestsMissed
            | Figure::TestsPositive
            | Figure::Warnings
            | Figure::Referrals
            | Figure::AbscondedEvents
            | Figure::FoundEvents
            | Figure::TransfersIn
            | Figure::TransfersOut
    )
}

/// The refusal when a report is submitted before its period closed and was frozen.
pub const NOT_FROZEN_MESSAGE: &str = "该期报表尚未结账(期末之后统计冻结后才能报送)";
/// The refusal when a township submits a report already submitted or accepted.
pub const ALREADY_SUBMITTED_MESSAGE: &str = "该期报表已报送,待审核或已审核通过,不能重复报送";
/// The refusal when a district reviews a report that is not awaiting review.
pub const NOT_AWAITING_REVIEW_MESSAGE: &str = "该报表不在待审核状态";
/// The refusal when a return carries no reason.
pub const RETURN_NEEDS_NOTE_MESSAGE: &str = "退回须写明原因";

/// 台账 — one order of a unit's monthly register: who, where, the order's dates, and
/// the month's work on it (tests due and done, talks and visits, leave).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRow {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub id_number_masked: String,
    /// For the age beside the masked number (N18).
    pub birth_date: Option<NaiveDate>,
    pub unit_name: String,
    pub unit_path: String,
    pub measure: jiekang_domain::measure::Measure,
    pub state: jiekang_domain::case::CaseState,
    pub decided_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
    pub agreement_on: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// Test windows closing in the month, and those of them tested.
    pub tests_due: i64,
    pub tests_done: i64,
    /// Tests recorded in the month (planned or not) and how many were positive.
    pub tests_recorded: i64,
    pub tests_positive: i64,
    /// 谈话 and 走访 recorded in the month.
    pub talks: i64,
    /// Leave overlapping the month (requested, approved or returned).
    pub leaves: i64,
}

/// A page of a register, keyset by (unit path, case id) like a figure's list.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerPage {
    pub items: Vec<LedgerRow>,
    pub next: Option<ReportPersonsCursor>,
}
