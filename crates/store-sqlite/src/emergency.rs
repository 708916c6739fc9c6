//! Issue #5 item 2 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/emergency.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Emergency;
use sqlx::Sqlite as Db;

use crate::SqliteStore;

include!("../../store/engine-sql/emergency.rs");

#[async_trait]
impl Emergency for SqliteStore {
    async fn open_emergency_access(
        &self,
        request: &jiekang_store::emergency::EmergencyRequest,
    ) -> StoreResult<i64> {
        open(&self.write, &*self.keys.get()?, request).await
    }
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        person(&self.write, &*self.keys.get()?, user_id, person_id, now).await
    }
    async fn emergency_grants(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> StoreResult<Vec<jiekang_store::emergency::EmergencyGrant>> {
        grants(&self.read, scope, limit).await
    }
}
