//! Login sessions: resolving a request's actor, and a user's own list of sessions.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

use crate::error::StoreResult;
use crate::model::{Actor, NewSession, SessionInfo};

#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(&self, new: &NewSession) -> StoreResult<()>;
    /// The actor of a live session: not expired, not idle longer than `idle`, user enabled.
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>>;
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Remove sessions past their expiry or idle limit; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64>;

    /// The user's live sessions (not expired, not idle longer than `idle`), newest first.
    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>>;
    /// End one of the user's own sessions; false if the user has no such session.
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool>;
    /// End every session of the user except `keep`; returns how many ended.
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64>;
}
