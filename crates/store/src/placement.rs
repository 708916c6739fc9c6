//! BASE-1 — the register of employment placement facilities (就业安置基地 / 就业安置点)
//! and what each district runs against what its size asks for.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::placement::PlacementFacility;
use serde::Serialize;

/// Longest free text of an entry (address, contact, note).
pub const MAX_PLACEMENT_TEXT_CHARS: usize = 500;

/// One facility of the register, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PlacementBase {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub name: String,
    pub facility: PlacementFacility,
    pub address: String,
    pub capacity: i64,
    pub contact: String,
    pub phone: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
    /// Persons placed here now: placement records naming the facility that have not ended.
    pub placed: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

/// A register entry as entered (a new one or the whole of a changed one).
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlacementBase {
    /// The district (or a unit below it) that keeps the facility.
    pub unit_id: i64,
    pub name: String,
    pub facility: PlacementFacility,
    pub address: String,
    pub capacity: i64,
    pub contact: String,
    pub phone: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
}

/// Which entries a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlacementFilter {
    /// One unit's subtree of the scope (default: the whole scope).
    pub unit_id: Option<i64>,
    /// Also the facilities closed before today.
    pub with_closed: bool,
}

/// A facility a placement may name: id, name, base or point.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PlacementChoice {
    pub id: i64,
    pub name: String,
    pub facility: PlacementFacility,
}
