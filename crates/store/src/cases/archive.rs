//! INFO-1 — a person's archive as the archive page shows it, read in one snapshot.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::{CaseSummary, PersonProfile};
use crate::model::Person;

/// How the archive is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveAccess {
    /// Through the acting user's scope only.
    Scope,
    /// Through the scope, else through an unexpired break-the-glass grant of the
    /// acting user valid at `now` (the identity only).
    ScopeOrEmergency { now: DateTime<Utc> },
}

/// The person, the profile and the cases, read together: what one opening of the
/// archive shows. Opening it writes its audit record (`person.read`, or
/// `person.read_break_glass` naming the grant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Archive {
    pub person: Person,
    /// Empty when opened through a grant (identity only).
    pub profile: PersonProfile,
    /// Newest first; empty when opened through a grant.
    pub cases: Vec<CaseSummary>,
    /// `Some(grant id)` when opened through a break-the-glass grant.
    pub emergency_grant: Option<i64>,
}
