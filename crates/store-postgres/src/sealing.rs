//! Issue #5 item 3 on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/sealing.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Sealing;
use sqlx::Postgres as Db;

use crate::PgStore;

/// The key version (first byte) of a sealed BYTEA as two lower-case hex digits.
fn key_version_sql(column: &str) -> String {
    format!("encode(substring({column} from 1 for 1), 'hex')")
}

include!("../../store/engine-sql/sealing.rs");
include!("../../store/engine-sql/sealing_records.rs");

#[async_trait]
impl Sealing for PgStore {
    async fn unlock(&self, keys: jiekang_store::sealed::Keyring) -> StoreResult<()> {
        check_keys(&self.pool, &keys).await?;
        self.keys.set(keys)
    }
    async fn reseal(
        &self,
        table: jiekang_store::at_rest::SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)> {
        reseal(
            &self.pool,
            &*self.keys.get()?,
            table,
            after,
            limit,
            only_plaintext,
        )
        .await
    }
    async fn sealing_report(&self) -> StoreResult<jiekang_store::sealed::SealingReport> {
        report(&self.pool).await
    }
}
