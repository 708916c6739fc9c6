//! CASE-7, D6 — risk-assessment schemes and assessments; N6 — caseloads (the responsible
//! community worker and police officer of each case), as the store hands them out.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::risk::{RiskLevel, RiskScheme};
use serde::Serialize;

/// One version of a scheme. Versions are never changed: an edit is a new version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredScheme {
    pub version: i64,
    pub scheme: RiskScheme,
    /// `None` for the default scheme the installation started with.
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
}

/// One stored assessment with its inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub case_id: i64,
    pub scheme_version: i64,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    /// (item code, score) as entered.
    pub scores: Vec<(String, u32)>,
    pub total: i64,
    pub risk_level: RiskLevel,
    pub class_code: String,
    pub class_label: String,
    pub reassess_due_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One assignment of a case's worker and officer, dated.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Assignment {
    pub id: i64,
    pub case_id: i64,
    pub worker_name: Option<String>,
    pub police_name: Option<String>,
    pub assigned_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// Whose caseload: the responsible worker's or the police officer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Carer {
    Worker,
    Police,
}

/// "我的人员": one open case of a caseload with what is due.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MyCase {
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub unit_name: String,
    pub state: CaseState,
    pub risk_level: Option<RiskLevel>,
    pub risk_label: Option<String>,
    pub talk_due_on: Option<NaiveDate>,
    pub visit_due_on: Option<NaiveDate>,
    pub reassess_due_on: Option<NaiveDate>,
    /// TEST-1 — the planned date of the next open window.
    pub next_test_on: Option<NaiveDate>,
}

/// N6 — one worker's or officer's caseload (the staffing report counts these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Caseload {
    pub user_id: i64,
    pub display_name: String,
    pub role: String,
    pub unit_name: String,
    /// Open cases naming the user as worker or as police officer.
    pub cases: i64,
}

/// A user who may be named on a case (the assignment form's choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Candidate {
    pub id: i64,
    pub display_name: String,
    pub role: String,
    pub unit_name: String,
}

/// STAT-1, D6 — open orders by national level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RiskCounts {
    pub high: i64,
    pub medium: i64,
    pub low: i64,
}

impl RiskCounts {
    pub fn add(&mut self, level: RiskLevel, n: i64) {
        match level {
            RiskLevel::High => self.high += n,
            RiskLevel::Medium => self.medium += n,
            RiskLevel::Low => self.low += n,
        }
    }

    pub fn of(&self, level: RiskLevel) -> i64 {
        match level {
            RiskLevel::High => self.high,
            RiskLevel::Medium => self.medium,
            RiskLevel::Low => self.low,
        }
    }
}
