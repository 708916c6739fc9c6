//! "break the glass": reading one person outside one's scope, by exact
//! ID number and with a written reason, for a limited time, audited and listed for the
//! supervisors of both units.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

/// How long a grant lasts unless configured otherwise.
pub const DEFAULT_EMERGENCY_TTL: TimeDelta = TimeDelta::hours(2);

/// The shortest reason accepted: a sentence, not a word.
pub const MIN_REASON_CHARS: usize = 10;

/// A request to open a person outside the scope.
#[derive(Debug, Clone)]
pub struct EmergencyRequest {
    pub user_id: i64,
    /// The requesting user's unit path (for the supervisors of that unit).
    pub user_path: String,
    pub id_type: String,
    pub id_number: String,
    pub reason: String,
    pub now: DateTime<Utc>,
    pub ttl: TimeDelta,
}

/// One grant, as listed for supervisors.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EmergencyGrant {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub user_unit: String,
    pub person_id: i64,
    pub person_name: String,
    pub person_unit: String,
    pub reason: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
