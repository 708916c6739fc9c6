//! What a user can do to a case: a step of the state machine, or a record inside it.

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::breach::WarningManner;
use jiekang_domain::case::Step;
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::records::{Sample, TalkKind, TestKind};

/// A step of the state machine with what it carries.
#[derive(Debug, Clone)]
pub struct StepInput {
    pub step: Step,
    /// The day it happened.
    pub on: NaiveDate,
    pub note: String,
    /// RequestTransfer: the receiving township or community. AcceptTransfer: the
    /// community under the receiving unit that will carry the case out (required when
    /// the receiver is a township with communities, CASE-4).
    pub transfer_to_unit_id: Option<i64>,
    /// Notify: the day the decision was served, when not entered with the decision.
    pub served_on: Option<NaiveDate>,
}

/// N20 — a drug test as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDrugTest {
    pub tested_at: NaiveDateTime,
    pub kind: TestKind,
    pub sample: Option<Sample>,
    pub outcome: TestOutcome,
    pub substances: String,
    pub tester_1: String,
    pub tester_2: String,
    pub sample_a: String,
    pub sample_b: String,
    /// Planned (计划内) or surprise (随机).
    pub planned: bool,
    pub female_tester_present: bool,
    pub note: String,
}

/// Everything that changes a case; each is one transaction with its audit record.
#[derive(Debug, Clone)]
pub enum CaseCommand {
    Step(StepInput),
    /// N20, TEST-1
    Test(NewDrugTest),
    /// CASE-8
    Talk {
        kind: TalkKind,
        on: NaiveDate,
        note: String,
        collected_by: String,
    },
    /// TRACE-1 — a search for an absconded person: who, when, where, outcome.
    Search {
        on: NaiveDate,
        place: String,
        outcome: String,
        searched_by: String,
    },
    /// TRACE-1 — a request to police for an online alert (网上布控).
    AlertRequested {
        on: NaiveDate,
        note: String,
    },
    /// N10 — a warning (告诫) after a minor breach: when, who warned, how.
    Warning {
        on: NaiveDate,
        by: String,
        manner: WarningManner,
        note: String,
    },
    /// N8 — a leave request, made on `on`.
    RequestLeave {
        on: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
        destination: String,
        reason: String,
    },
    DecideLeave {
        leave_id: i64,
        approve: bool,
        on: NaiveDate,
    },
    LeaveReturned {
        leave_id: i64,
        on: NaiveDate,
    },
    /// N8, N9 — an absence from the county without approval.
    Absence {
        from: NaiveDate,
        to: NaiveDate,
        note: String,
    },
    /// N10 — police were told of a positive, refused or evaded test.
    PoliceNotified {
        test_id: i64,
        on: NaiveDate,
    },
    /// N6 — the work group's members.
    WorkGroup {
        members: String,
    },
    /// CASE-7, D6 — a risk assessment under a scheme version.
    Assess(NewAssessment),
    /// N6 — name the responsible community worker and police officer (`None` leaves
    /// that duty unassigned), from `on`.
    Assign {
        worker_id: Option<i64>,
        police_id: Option<i64>,
        on: NaiveDate,
    },
}

/// CASE-7, D6 — an assessment as entered: one score per item of the scheme version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    pub scheme_version: i64,
    pub scores: Vec<(String, u32)>,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    pub note: String,
}

impl CaseCommand {
    /// The audit action and timeline kind.
    pub fn kind(&self) -> &'static str {
        match self {
            CaseCommand::Step(s) => s.step.code(),
            CaseCommand::Test(_) => "test",
            CaseCommand::Talk { .. } => "talk",
            CaseCommand::Search { .. } => "search",
            CaseCommand::AlertRequested { .. } => "alert_requested",
            CaseCommand::Warning { .. } => "warning",
            CaseCommand::RequestLeave { .. } => "leave_requested",
            CaseCommand::DecideLeave { .. } => "leave_decided",
            CaseCommand::LeaveReturned { .. } => "leave_returned",
            CaseCommand::Absence { .. } => "absence",
            CaseCommand::PoliceNotified { .. } => "police_notified",
            CaseCommand::WorkGroup { .. } => "work_group",
            CaseCommand::Assess(_) => "risk_assessed",
            CaseCommand::Assign { .. } => "assigned",
        }
    }
}
