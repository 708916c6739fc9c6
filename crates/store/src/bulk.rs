//! Set-based loading of whole case histories (realistic data at scale).
//!
//! [`CaseSim`] runs a case's commands in memory through the very same
//! [`plan_new_case`](crate::cases::plan_new_case) and [`plan`](crate::cases::plan) the
//! engines use, and keeps every row the engines would have written: the case's final
//! columns, its test windows (with `done_on`), tests, timeline, hand-overs, leave,
//! absences, suspensions, the person's move on an accepted transfer (N11) and one audit
//! record per command. [`Store::bulk_load_histories`](crate::Store::bulk_load_histories)
//! then writes many such histories at once: the engine assigns the ids, chains the
//! audit records after the head (`audit_chain`) in order and appends them in bulk.
//!
//! Each command is "entered" on the day it happened: `today` of the rules is that day,
//! and `created_at`/the audit instant is that day at 09:00 (Beijing) plus one second per
//! command, as if the staff had typed it in then.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::id_number::Sex;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};

use crate::cases::Case;

mod apply;
mod chain;
mod sim;

pub use chain::chain_audits;
pub use sim::CaseSim;

/// Who enters a command: a user with the unit the audit record belongs to.
#[derive(Debug, Clone)]
pub struct BulkActor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: i64,
    pub unit_path: String,
}

/// The person of a case as the rules need them.
#[derive(Debug, Clone)]
pub struct BulkCasePerson {
    pub id: i64,
    pub name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub fixed_home: bool,
}

/// A `test_windows` row; its unit path is the case's.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowRow {
    pub idx: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub planned_on: NaiveDate,
    pub provisional: bool,
    pub done_on: Option<NaiveDate>,
    /// D4, as the daily sweep sets it: see [`CaseHistory::swept`].
    pub missed: Option<bool>,
}

/// A `drug_tests` row.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRow {
    pub tested_at: chrono::NaiveDateTime,
    pub tested_on: NaiveDate,
    pub kind: TestKind,
    pub sample: Option<Sample>,
    pub outcome: TestOutcome,
    pub satisfies_window: bool,
    pub needs_police: bool,
    pub substances: String,
    pub tester_1: String,
    pub tester_2: String,
    pub sample_a: String,
    pub sample_b: String,
    pub planned: bool,
    pub note: String,
    pub police_notified_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// A `case_events` row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub kind: &'static str,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub note: String,
    pub collected_by: String,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// A `handovers` row.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverRow {
    pub kind: &'static str,
    pub to_unit_id: i64,
    pub to_path: String,
    pub sent_on: NaiveDate,
    pub sent_by: i64,
    pub received_on: Option<NaiveDate>,
    pub received_by: Option<i64>,
    pub note: String,
    /// A transfer: the sending unit and its path (CASE-4).
    pub from_unit_id: Option<i64>,
    pub from_path: Option<String>,
    /// An accepted transfer: the unit the case was placed in.
    pub placed_unit_id: Option<i64>,
}

/// A `case_leaves` row.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaveRow {
    /// N8 — the day it was requested.
    pub requested_on: Option<NaiveDate>,
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub destination: String,
    pub reason: String,
    pub state: &'static str,
    pub requested_by: i64,
    pub created_at: DateTime<Utc>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<i64>,
    pub returned_on: Option<NaiveDate>,
}

/// A `case_absences` row.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsenceRow {
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// An audit record of the case (object type `case`, the case's id and person); the
/// engine gives it its id and chains it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub action: String,
    pub unit_id: i64,
    pub unit_path: String,
    pub detail: String,
}

/// N11 — the person moved with the case on an accepted transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMove {
    pub unit_id: i64,
    pub unit_path: String,
    pub at: DateTime<Utc>,
    pub by: i64,
    /// How many times the person row was updated (its version grows by this).
    pub updates: i64,
}

/// Every row of one case's history.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    /// The `cases` row: the same typed case the store hands out (its id 0 until the
    /// engine assigns one; its joined names as the rules saw them, not written).
    pub case: Case,
    /// The users who created and last changed the case (the row's `created_by`,
    /// `updated_by`; the case's own fields of those names are display names).
    pub created_by: i64,
    pub updated_by: i64,
    pub windows: Vec<WindowRow>,
    pub tests: Vec<TestRow>,
    pub events: Vec<EventRow>,
    pub handovers: Vec<HandoverRow>,
    pub leaves: Vec<LeaveRow>,
    pub absences: Vec<AbsenceRow>,
    pub suspensions: Vec<(NaiveDate, NaiveDate)>,
    pub audits: Vec<AuditRow>,
    pub person_moved: Option<PersonMove>,
}

impl CaseHistory {
    /// The history as the daily sweeps up to `today` left it: each window that closed
    /// unsatisfied is settled missed or void (D4, `sweep::d4_window_verdict`), so a
    /// history loaded in bulk looks like one the system has been sweeping all along.
    pub fn swept(mut self, today: NaiveDate) -> Self {
        for w in &mut self.windows {
            w.missed = jiekang_domain::sweep::d4_window_verdict(
                w.ends_on,
                w.done_on.is_some(),
                self.case.state,
                self.case.closed_on,
                today,
            );
        }
        self
    }
}

/// Histories to load in one transaction, in order (their audit records are chained
/// in this order).
#[derive(Debug, Clone, Default)]
pub struct HistoryBatch {
    pub cases: Vec<CaseHistory>,
}

impl HistoryBatch {
    /// Rows of every table in the batch.
    pub fn rows(&self) -> u64 {
        self.cases
            .iter()
            .map(|c| {
                1 + c.windows.len()
                    + c.tests.len()
                    + c.events.len()
                    + c.handovers.len()
                    + c.leaves.len()
                    + c.absences.len()
                    + c.suspensions.len()
                    + c.audits.len()
            })
            .sum::<usize>() as u64
    }

    pub fn tests(&self) -> u64 {
        self.cases.iter().map(|c| c.tests.len()).sum::<usize>() as u64
    }
}

/// What a load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkLoadStats {
    pub cases: u64,
    pub rows: u64,
    /// Id of the first case written.
    pub first_case_id: i64,
}

/// The tables a history load writes millions of rows into. Their
/// secondary indexes may be deferred for the load
/// ([`Store::defer_history_indexes`](crate::Store::defer_history_indexes)): unique
/// indexes are rules and always stay.
pub const HISTORY_TABLES: &[&str] = &[
    "cases",
    "test_windows",
    "drug_tests",
    "case_events",
    "handovers",
    "case_leaves",
    "case_absences",
    "case_suspensions",
    "audit_events",
];

/// The instant a command entered on `day` is stored with: 09:00 Beijing time plus
/// `n` seconds (whole seconds, so the audit chain hashes what is read back).
pub fn entered_at(day: NaiveDate, n: i64) -> DateTime<Utc> {
    day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc() + TimeDelta::seconds(n.min(28_000))
}

/// `d` plus `n` days (saturating at `d`).
pub fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}
