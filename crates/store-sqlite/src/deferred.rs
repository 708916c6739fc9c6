//! Loading at scale: deferred secondary indexes around a bulk load (see
//! [`BulkLoad::defer_history_indexes`]) and planner statistics; the engine's
//! [`BulkLoad`] implementation, whose set-based inserts live in `persons` and `bulk`.

use async_trait::async_trait;
use jiekang_store::bulk::HISTORY_TABLES;
use jiekang_store::model::BulkPerson;
use jiekang_store::prelude::BulkLoad;
use jiekang_store::{StoreError, StoreResult};
use sqlx::SqlitePool;

use crate::SqliteStore;

/// Drop the non-unique indexes of the history tables, keeping their definitions.
pub(crate) async fn defer(pool: &SqlitePool) -> StoreResult<u64> {
    let mut tx = pool.begin().await?;
    let mut dropped = 0;
    for table in HISTORY_TABLES {
        // `sql IS NULL` are the automatic indexes of PRIMARY KEY / UNIQUE constraints
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL
               AND sql NOT LIKE 'CREATE UNIQUE%'
             ORDER BY name",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await?;
        for (name, definition) in indexes {
            sqlx::query(
                "INSERT INTO deferred_indexes (name, table_name, definition) VALUES (?1, ?2, ?3)",
            )
            .bind(&name)
            .bind(table)
            .bind(&definition)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!("DROP INDEX \"{name}\""))
                .execute(&mut *tx)
                .await?;
            dropped += 1;
        }
    }
    tx.commit().await?;
    Ok(dropped)
}

pub(crate) async fn pending(pool: &SqlitePool) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM deferred_indexes
             ORDER BY definition LIKE 'ALTER TABLE%', table_name, name",
    )
    .fetch_all(pool)
    .await?)
}

/// Build one deferred index again. For this statement only the sorter may use two
/// threads and spill to temporary files: with the pool's `temp_store = memory` the
/// sort of 50 million audit keys took 162 s, through files 70 s.
pub(crate) async fn restore(pool: &SqlitePool, name: &str) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    for pragma in ["PRAGMA threads = 2", "PRAGMA temp_store = FILE"] {
        sqlx::query(pragma).execute(&mut *conn).await?;
    }
    let built = rebuild(&mut conn, name).await;
    // the pool's settings again, whether it was built or refused (an unknown name)
    for pragma in ["PRAGMA threads = 0", "PRAGMA temp_store = MEMORY"] {
        sqlx::query(pragma).execute(&mut *conn).await?;
    }
    built
}

async fn rebuild(conn: &mut sqlx::SqliteConnection, name: &str) -> StoreResult<()> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let definition: String =
        sqlx::query_scalar("SELECT definition FROM deferred_indexes WHERE name = ?1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
    sqlx::query(&definition).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM deferred_indexes WHERE name = ?1")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Rebuild whatever an interrupted load left deferred.
pub(crate) async fn restore_all(pool: &SqlitePool) -> StoreResult<()> {
    for name in pending(pool).await? {
        tracing::warn!(index = %name, "rebuilding an index an interrupted bulk load left deferred");
        restore(pool, &name).await?;
    }
    Ok(())
}

/// Planner statistics, sampled (`analysis_limit`) so a large database is done in seconds.
pub(crate) async fn analyze(pool: &SqlitePool) -> StoreResult<()> {
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA analysis_limit = 1000")
        .execute(&mut *conn)
        .await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    Ok(())
}

#[async_trait]
impl BulkLoad for SqliteStore {
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64> {
        crate::persons::bulk_insert(&self.write, &*self.keys.get()?, rows, created_by).await
    }
    async fn bulk_load_histories(
        &self,
        batch: &jiekang_store::bulk::HistoryBatch,
    ) -> StoreResult<jiekang_store::bulk::BulkLoadStats> {
        crate::bulk::load(&self.write, &*self.keys.get()?, batch).await
    }
    async fn defer_history_indexes(&self) -> StoreResult<u64> {
        defer(&self.write).await
    }
    async fn deferred_indexes(&self) -> StoreResult<Vec<String>> {
        pending(&self.read).await
    }
    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()> {
        restore(&self.write, name).await
    }
    async fn analyze(&self) -> StoreResult<()> {
        analyze(&self.write).await
    }
}
