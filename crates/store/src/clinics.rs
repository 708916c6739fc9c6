//! MMT-1, N17 — methadone clinics as the store hands them out: the register of clinics,
//! the clinic's own persons (enrolled with consent, found by ID number through the blind
//! index), their daily doses and clinic tests, and the figures of the supervising offices.
//!
//! What a clinic sees of a person is the minimum its duty needs: the name, the masked ID
//! number, whether a measure is running and the township that executes it
//! ([`ClinicPerson`]); never the archive.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::clinic::EnrolmentEnd;
use jiekang_domain::metrics::Ratio;
use serde::Serialize;

/// One methadone clinic of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Clinic {
    pub id: i64,
    /// The unit (a district) whose office keeps the clinic's entry.
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub address: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A clinic to add to the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClinic {
    pub unit_id: i64,
    pub name: String,
    pub address: String,
}

/// An enrolment as the clinic enters it: the person's ID number, the day, the consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnrolment {
    pub id_type: String,
    pub id_number: String,
    pub enrolled_on: NaiveDate,
    /// The person agreed in writing that the clinic tells the township and the police
    /// of absences and positive tests (MMT-1).
    pub consent: bool,
}

/// One enrolled person on the clinic's roster: what the clinic may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicPerson {
    pub enrolment_id: i64,
    pub person_name: String,
    /// N18 — masked.
    pub id_number_masked: String,
    /// A measure (社区戒毒 or 社区康复) is running.
    pub under_measure: bool,
    /// The execution township (or community) of the running measure.
    pub township: Option<String>,
    pub enrolled_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_kind: Option<EnrolmentEnd>,
    pub last_attended_on: Option<NaiveDate>,
    pub last_dose_mg: Option<i64>,
    /// N17 — consecutive dosing days missed before today.
    pub missed_days: i64,
}

impl ClinicPerson {
    /// Dosed today already.
    pub fn seen_on(&self, today: NaiveDate) -> bool {
        self.last_attended_on == Some(today)
    }
}

/// One dose given (attendance), with who entered it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Dose {
    pub dosed_on: NaiveDate,
    pub dose_mg: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One urine test at the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ClinicTest {
    pub id: i64,
    pub tested_on: NaiveDate,
    pub positive: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// What the township sees on the case page: the person is enrolled at a clinic, and
/// the last attendance (no doses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseClinic {
    pub clinic_name: String,
    pub enrolled_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_kind: Option<EnrolmentEnd>,
    pub last_attended_on: Option<NaiveDate>,
}

/// MMT-1 — one clinic's figures for a period (就诊率, 戒治率).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicRate {
    pub clinic_id: i64,
    pub clinic_name: String,
    pub unit_name: String,
    /// Enrolments running at some time in the period.
    pub enrolled: u64,
    pub attendance: Ratio,
    pub retention: Ratio,
}

/// What the clinic's daily check (N17) opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DropoutSweep {
    /// Enrolments newly found dropped out.
    pub dropouts: u64,
    /// Tasks opened for townships (persons whose measure is running).
    pub tasks: u64,
}
