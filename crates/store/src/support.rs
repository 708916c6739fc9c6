//! WEL-1..7, JOB-1, N7 — the partner departments' and the community's records on a
//! case (`jiekang_domain::support`), and the minimal view of a person a partner
//! department's duty needs (name, masked ID number, the measure's state and township).

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::support::{SupportKind, SupportStatus};
use serde::Serialize;

/// A record to add (the fields a kind does not use stay empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSupport {
    pub kind: SupportKind,
    /// The service's kind (`ServiceKind` code) or the employment's kind
    /// (`EmploymentKind`); empty if none.
    pub subkind: String,
    /// Course, employer, organisation, base or provider.
    pub title: String,
    /// Applied, started or given on (never in the future).
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Training hours.
    pub hours: Option<i64>,
    pub certificate: String,
    /// Fen.
    pub amount_fen: Option<i64>,
    /// WEL-1 facts of a 低保 application, per month in fen.
    pub income_fen: Option<i64>,
    pub line_fen: Option<i64>,
    pub fixed_income: Option<bool>,
    pub outcome: String,
    /// BASE-1 — a placement's facility, one of the case's district.
    pub placement_base_id: Option<i64>,
}

impl NewSupport {
    /// A record of `kind` on `started_on` with every other field empty.
    pub fn of(kind: SupportKind, started_on: NaiveDate) -> Self {
        Self {
            kind,
            subkind: String::new(),
            title: String::new(),
            started_on,
            ended_on: None,
            hours: None,
            certificate: String::new(),
            amount_fen: None,
            income_fen: None,
            line_fen: None,
            fixed_income: None,
            outcome: String::new(),
            placement_base_id: None,
        }
    }
}

/// The decision on a pending record (or its follow-up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportDecision {
    pub status: SupportStatus,
    pub decided_on: NaiveDate,
    /// The amount granted, fen (keeps the applied amount when `None`).
    pub amount_fen: Option<i64>,
    pub outcome: String,
}

/// One stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportRecord {
    pub id: i64,
    pub case_id: i64,
    pub kind: SupportKind,
    pub subkind: String,
    pub title: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub hours: Option<i64>,
    pub certificate: String,
    pub amount_fen: Option<i64>,
    pub income_fen: Option<i64>,
    pub line_fen: Option<i64>,
    pub fixed_income: Option<bool>,
    pub status: SupportStatus,
    pub decided_on: Option<NaiveDate>,
    pub outcome: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub decided_by: Option<String>,
}

/// The minimal view of a person under a measure: never tests,
/// talks or planned dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportPerson {
    pub case_id: i64,
    pub person_id: i64,
    pub name: String,
    pub id_number_masked: String,
    pub state: CaseState,
    /// The unit carrying out the measure (the township).
    pub unit_name: String,
    /// Report-in (day 1 of the measure; WEL-1 counts the year from it).
    pub reported_on: Option<NaiveDate>,
    pub closed: bool,
}

/// A case's support page: the person and every record, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportCase {
    pub person: SupportPerson,
    pub records: Vec<SupportRecord>,
}

/// The partner departments' and the township's queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportQueue {
    /// WEL-* — welfare applications and referrals waiting for 民政's decision.
    WelfarePending,
    /// WEL-1 — persons under a measure whose year of rehabilitation completes within
    /// [`DIBAO_SOON_DAYS`] (or completed) and who have no 低保 application.
    DibaoYearSoon,
    /// JOB-1 — persons under a measure with neither a job running nor any training.
    WithoutJob,
    /// JOB-1 — unemployment registrations to follow up.
    UnemploymentPending,
}

/// WEL-1 — how many days ahead "completes soon" looks.
pub const DIBAO_SOON_DAYS: u64 = 30;

impl SupportQueue {
    pub const ALL: [SupportQueue; 4] = [
        SupportQueue::WelfarePending,
        SupportQueue::DibaoYearSoon,
        SupportQueue::WithoutJob,
        SupportQueue::UnemploymentPending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SupportQueue::WelfarePending => "welfare_pending",
            SupportQueue::DibaoYearSoon => "dibao_year_soon",
            SupportQueue::WithoutJob => "without_job",
            SupportQueue::UnemploymentPending => "unemployment_pending",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.code() == code)
    }
}

/// One row of a queue: the person and, for a record queue, the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportQueueRow {
    pub person: SupportPerson,
    pub record_id: Option<i64>,
    pub kind: Option<SupportKind>,
    /// The application's day, or the day the WEL-1 year completes.
    pub on: Option<NaiveDate>,
    pub amount_fen: Option<i64>,
}

/// JOB-1 — persons under a measure and those with a job running on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EmploymentFigures {
    pub under_measure: i64,
    pub employed: i64,
    pub trained: i64,
}
