//! STAT-1, issue #6 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/dashboard.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Supervision;
use sqlx::Postgres as Db;

use crate::PgStore;

include!("../../store/engine-sql/dashboard.rs");

#[async_trait]
impl Supervision for PgStore {
    async fn dashboard(&self, scope: &Scope) -> StoreResult<jiekang_store::dashboard::Dashboard> {
        read(&self.pool, scope).await
    }
    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool> {
        refresh(&self.pool, &self.pool, now, today, max_age).await
    }
}
