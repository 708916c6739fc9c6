//! Server-side sessions on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/sessions.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Sessions;
use sqlx::Sqlite as Db;

use crate::SqliteStore;

include!("../../store/engine-sql/sessions.rs");

#[async_trait]
impl Sessions for SqliteStore {
    async fn create_session(&self, new: &NewSession) -> StoreResult<()> {
        create(&self.write, new).await
    }
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>> {
        actor(&self.read, token_hash, now, idle).await
    }
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        touch(&self.write, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        delete(&self.write, token_hash).await
    }
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64> {
        purge(&self.write, now, idle).await
    }
    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>> {
        user_sessions(&self.read, user_id, now, idle).await
    }
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool> {
        delete_user_session(&self.write, user_id, token_hash).await
    }
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        delete_other_sessions(&self.write, user_id, keep).await
    }
}
