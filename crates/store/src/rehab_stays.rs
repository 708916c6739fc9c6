//! CASE-5, N16 — stays in a 戒毒康复场所 by agreement, as the store hands them out: the
//! entry and the exit of a case, each recorded jointly (the township's user and the
//! centre's person), and a district's list.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::rehab_centre::StayEnd;
use serde::Serialize;

/// An entry as the township records it with the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStay {
    pub place: String,
    /// The agreement with the centre: its number or a short description.
    pub agreement: String,
    pub entered_on: NaiveDate,
    /// Who recorded the entry on the centre's side (a name).
    pub centre_recorder: String,
}

/// An exit as the township records it with the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayExit {
    pub exited_on: NaiveDate,
    pub end: StayEnd,
    pub centre_recorder: String,
}

/// One stay, with both sides of each record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stay {
    pub id: i64,
    pub case_id: i64,
    pub person_name: String,
    /// The case's execution unit.
    pub unit_name: String,
    pub place: String,
    pub agreement: String,
    pub entered_on: NaiveDate,
    pub entry_by: String,
    pub entry_centre_by: String,
    pub entry_at: DateTime<Utc>,
    pub exited_on: Option<NaiveDate>,
    pub end: Option<StayEnd>,
    pub exit_by: Option<String>,
    pub exit_centre_by: Option<String>,
    pub exit_at: Option<DateTime<Utc>>,
}

/// A case's stays, for the case's rehabilitation-centre page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseStays {
    pub case_id: i64,
    pub person_name: String,
    /// The case is still open (an entry can be recorded).
    pub open: bool,
    /// Newest first.
    pub stays: Vec<Stay>,
}

impl CaseStays {
    /// The running stay, if any.
    pub fn running(&self) -> Option<&Stay> {
        self.stays.iter().find(|s| s.exited_on.is_none())
    }
}

/// A stay as read from the database.
#[derive(Debug, sqlx::FromRow)]
pub struct StayRow {
    pub id: i64,
    pub case_id: i64,
    pub person_name: String,
    pub unit_name: String,
    pub place: String,
    pub agreement: String,
    pub entered_on: NaiveDate,
    pub entry_by: String,
    pub entry_centre_by: String,
    pub entry_at: DateTime<Utc>,
    pub exited_on: Option<NaiveDate>,
    pub exit_end: Option<String>,
    pub exit_by: Option<String>,
    pub exit_centre_by: Option<String>,
    pub exit_at: Option<DateTime<Utc>>,
}

impl From<StayRow> for Stay {
    fn from(r: StayRow) -> Self {
        Stay {
            id: r.id,
            case_id: r.case_id,
            person_name: r.person_name,
            unit_name: r.unit_name,
            place: r.place,
            agreement: r.agreement,
            entered_on: r.entered_on,
            entry_by: r.entry_by,
            entry_centre_by: r.entry_centre_by,
            entry_at: r.entry_at,
            exited_on: r.exited_on,
            end: r.exit_end.as_deref().and_then(StayEnd::parse),
            exit_by: r.exit_by,
            exit_centre_by: r.exit_centre_by,
            exit_at: r.exit_at,
        }
    }
}
