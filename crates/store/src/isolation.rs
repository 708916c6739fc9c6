//! CASE-1, CASE-2, N16 — releases from compulsory isolation as the store hands them out:
//! the centre's register, the hand-over of a 社区康复 order to the township (必送必接)
//! and its acknowledgement (接收).
//!
//! What the centre sees of a person is the minimum its duty needs: the name, the masked
//! ID number, its own release records and whether the township received the person and
//! opened the case ([`Release`]); never the archive.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::isolation::case2_release_overdue;
use serde::Serialize;

use crate::error::StoreResult;
use crate::model::NewPerson;
use crate::sealed::{Field, Keyring};

/// A 社区康复 order made on release: the decision's number and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RehabOrder {
    pub number: String,
    pub decided_on: NaiveDate,
}

/// A release as the centre enters it. The person is found by ID number through the
/// blind index; a number not yet registered is registered with `person.name` at
/// `person.unit_id`, the township (or community) of household registration or residence
/// that must take the person over.
#[derive(Debug, Clone)]
pub struct NewRelease {
    pub person: NewPerson,
    pub released_on: NaiveDate,
    pub centre_name: String,
    pub order: Option<RehabOrder>,
}

/// One release, with its hand-over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    /// N18 — masked.
    pub id_number_masked: String,
    pub released_on: NaiveDate,
    pub centre_name: String,
    pub has_order: bool,
    pub order_number: String,
    pub order_decided_on: Option<NaiveDate>,
    /// The receiving township (or community).
    pub to_unit_name: Option<String>,
    /// CASE-2 — the township acknowledges by this day (with an order only).
    pub handover_deadline: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub received_by: Option<String>,
    /// N16 — the 社区康复 case opened for the release (decided on or after the order's
    /// decision date, or after the release when there was none).
    pub case_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl Release {
    /// Handed over, not yet acknowledged.
    pub fn pending(&self) -> bool {
        self.has_order && self.received_on.is_none()
    }

    /// CASE-2 — still unacknowledged after its deadline.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.has_order
            && self
                .handover_deadline
                .is_some_and(|d| case2_release_overdue(d, self.received_on, today))
    }
}

/// A release as read from the database (the ID number sealed).
#[derive(Debug, sqlx::FromRow)]
pub struct ReleaseRow {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub id_number_sealed: Vec<u8>,
    pub released_on: NaiveDate,
    pub centre_name: String,
    pub has_order: bool,
    pub order_number: String,
    pub order_decided_on: Option<NaiveDate>,
    pub to_unit_name: Option<String>,
    pub handover_deadline: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    pub received_by: Option<String>,
    pub case_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl ReleaseRow {
    /// The release with the ID number opened and masked.
    pub fn open(self, keys: &Keyring) -> StoreResult<Release> {
        let number = keys.open_str(Field::IdNumber, &self.id_number_sealed)?;
        Ok(Release {
            id: self.id,
            person_id: self.person_id,
            person_name: self.person_name,
            id_number_masked: jiekang_domain::text::mask_identifier(&number),
            released_on: self.released_on,
            centre_name: self.centre_name,
            has_order: self.has_order,
            order_number: self.order_number,
            order_decided_on: self.order_decided_on,
            to_unit_name: self.to_unit_name,
            handover_deadline: self.handover_deadline,
            received_on: self.received_on,
            received_by: self.received_by,
            case_id: self.case_id,
            created_at: self.created_at,
            created_by: self.created_by,
        })
    }
}

/// The hand-overs of a scope (or a centre) waiting for acknowledgement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReleaseCounts {
    pub pending: i64,
    /// CASE-2 — of those, past their deadline.
    pub overdue: i64,
}
