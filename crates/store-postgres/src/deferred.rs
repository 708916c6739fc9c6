//! Loading at scale: deferred secondary indexes around a bulk load (see
//! [`BulkLoad::defer_history_indexes`]) and planner statistics; the engine's
//! [`BulkLoad`] implementation, whose set-based inserts live in `persons` and `bulk`.

use async_trait::async_trait;
use jiekang_store::bulk::HISTORY_TABLES;
use jiekang_store::model::BulkPerson;
use jiekang_store::prelude::BulkLoad;
use jiekang_store::{StoreError, StoreResult};
use sqlx::PgPool;

use crate::PgStore;

/// Drop the non-unique indexes of the history tables that back no constraint and
/// their foreign keys, keeping the definitions.
pub(crate) async fn defer(pool: &PgPool) -> StoreResult<u64> {
    let mut tx = pool.begin().await?;
    let tables: Vec<String> = HISTORY_TABLES.iter().map(|t| (*t).to_owned()).collect();
    let indexes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text, pg_get_indexdef(x.indexrelid)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         WHERE t.relnamespace = current_schema()::regnamespace
           AND t.relname = ANY($1)
           AND NOT x.indisunique AND NOT x.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         ORDER BY t.relname, i.relname",
    )
    .bind(&tables)
    .fetch_all(&mut *tx)
    .await?;
    // the foreign keys: checked row by row through a trigger each, they cost several
    // times the insert itself; re-added, each is validated by one join
    let foreign_keys: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.conname::text, t.relname::text, pg_get_constraintdef(c.oid)
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         WHERE t.relnamespace = current_schema()::regnamespace
           AND t.relname = ANY($1) AND c.contype = 'f'
         ORDER BY t.relname, c.conname",
    )
    .bind(&tables)
    .fetch_all(&mut *tx)
    .await?;
    for (name, table, definition) in &foreign_keys {
        let rebuild = format!("ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {definition}");
        let drop = format!("ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\"");
        keep_and_drop(&mut tx, name, table, &rebuild, &drop).await?;
    }
    for (name, table, definition) in &indexes {
        let drop = format!("DROP INDEX \"{name}\"");
        keep_and_drop(&mut tx, name, table, definition, &drop).await?;
    }
    tx.commit().await?;
    Ok((indexes.len() + foreign_keys.len()) as u64)
}

/// Keep `rebuild` (what builds it again) under `name`, then run `drop`.
async fn keep_and_drop(
    tx: &mut sqlx::PgConnection,
    name: &str,
    table: &str,
    rebuild: &str,
    drop: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO deferred_indexes (name, table_name, definition) VALUES ($1, $2, $3)")
        .bind(name)
        .bind(table)
        .bind(rebuild)
        .execute(&mut *tx)
        .await?;
    sqlx::query(drop).execute(&mut *tx).await?;
    Ok(())
}

pub(crate) async fn pending(pool: &PgPool) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM deferred_indexes
             ORDER BY definition LIKE 'ALTER TABLE%', table_name, name",
    )
    .fetch_all(pool)
    .await?)
}

/// Build one deferred index again; `false` when it is not (or no longer) deferred.
/// The row is locked first, so two instances starting at once build it once.
async fn restore_if_pending(pool: &PgPool, name: &str) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let definition: Option<String> =
        sqlx::query_scalar("SELECT definition FROM deferred_indexes WHERE name = $1 FOR UPDATE")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(definition) = definition else {
        return Ok(false);
    };
    // a sort in memory where it fits, with the parallel workers the server allows
    sqlx::query("SET LOCAL maintenance_work_mem = '512MB'")
        .execute(&mut *tx)
        .await?;
    sqlx::query(&definition).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM deferred_indexes WHERE name = $1")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

pub(crate) async fn restore(pool: &PgPool, name: &str) -> StoreResult<()> {
    if restore_if_pending(pool, name).await? {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Rebuild whatever an interrupted load left deferred.
pub(crate) async fn restore_all(pool: &PgPool) -> StoreResult<()> {
    for name in pending(pool).await? {
        tracing::warn!(index = %name, "rebuilding an index an interrupted bulk load left deferred");
        restore_if_pending(pool, &name).await?;
    }
    Ok(())
}

pub(crate) async fn analyze(pool: &PgPool) -> StoreResult<()> {
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

#[async_trait]
impl BulkLoad for PgStore {
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64> {
        crate::persons::bulk_insert(&self.pool, &*self.keys.get()?, rows, created_by).await
    }
    async fn bulk_load_histories(
        &self,
        batch: &jiekang_store::bulk::HistoryBatch,
    ) -> StoreResult<jiekang_store::bulk::BulkLoadStats> {
        crate::bulk::load(&self.pool, &*self.keys.get()?, batch).await
    }
    async fn defer_history_indexes(&self) -> StoreResult<u64> {
        defer(&self.pool).await
    }
    async fn deferred_indexes(&self) -> StoreResult<Vec<String>> {
        pending(&self.pool).await
    }
    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()> {
        restore(&self.pool, name).await
    }
    async fn analyze(&self) -> StoreResult<()> {
        analyze(&self.pool).await
    }
}
