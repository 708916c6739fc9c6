//! Issue #5 item 3 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/sealing.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Sealing;
use sqlx::Sqlite as Db;

use crate::SqliteStore;

/// The key version (first byte) of a sealed BLOB as two lower-case hex digits.
fn key_version_sql(column: &str) -> String {
    format!("lower(hex(substr({column}, 1, 1)))")
}

include!("../../store/engine-sql/sealing.rs");
include!("../../store/engine-sql/sealing_records.rs");

#[async_trait]
impl Sealing for SqliteStore {
    async fn unlock(&self, keys: jiekang_store::sealed::Keyring) -> StoreResult<()> {
        check_keys(&self.write, &keys).await?;
        self.keys.set(keys)
    }
    async fn reseal(
        &self,
        table: jiekang_store::at_rest::SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)> {
        let done = reseal(
            &self.write,
            &*self.keys.get()?,
            table,
            after,
            limit,
            only_plaintext,
        )
        .await?;
        if only_plaintext && done.1.is_none() {
            // the write-ahead log still holds the pages as they were: fold it in and empty it
            let _ = self.checkpoint().await;
        }
        Ok(done)
    }
    async fn sealing_report(&self) -> StoreResult<jiekang_store::sealed::SealingReport> {
        report(&self.read).await
    }
}
