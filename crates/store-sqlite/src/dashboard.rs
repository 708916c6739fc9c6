//! STAT-1, issue #6 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/dashboard.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Supervision;
use sqlx::Sqlite as Db;

use crate::SqliteStore;

include!("../../store/engine-sql/dashboard.rs");

#[async_trait]
impl Supervision for SqliteStore {
    async fn dashboard(&self, scope: &Scope) -> StoreResult<jiekang_store::dashboard::Dashboard> {
        read(&self.read, scope).await
    }
    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool> {
        refresh(&self.read, &self.write, now, today, max_age).await
    }
}
