//! Break the glass: time-limited, reasoned access to one person outside the scope.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::emergency::{EmergencyGrant, EmergencyRequest};
use crate::error::StoreResult;
use crate::model::Person;
use crate::scope::Scope;

#[async_trait]
pub trait Emergency: Send + Sync {
    /// Grant the user time-limited access to the one person with this exact ID number,
    /// outside their scope, for a written reason; audited. Returns the person id.
    async fn open_emergency_access(&self, request: &EmergencyRequest) -> StoreResult<i64>;
    /// Read a person through an unexpired grant of this user; audited.
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person>;
    /// Grants whose user or person lies in the scope, newest first.
    async fn emergency_grants(&self, scope: &Scope, limit: i64)
    -> StoreResult<Vec<EmergencyGrant>>;
}
