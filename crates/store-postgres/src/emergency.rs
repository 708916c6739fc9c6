//! Issue #5 item 2 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/emergency.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Emergency;
use sqlx::Postgres as Db;

use crate::PgStore;

include!("../../store/engine-sql/emergency.rs");

#[async_trait]
impl Emergency for PgStore {
    async fn open_emergency_access(
        &self,
        request: &jiekang_store::emergency::EmergencyRequest,
    ) -> StoreResult<i64> {
        open(&self.pool, &*self.keys.get()?, request).await
    }
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        person(&self.pool, &*self.keys.get()?, user_id, person_id, now).await
    }
    async fn emergency_grants(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> StoreResult<Vec<jiekang_store::emergency::EmergencyGrant>> {
        grants(&self.pool, scope, limit).await
    }
}
