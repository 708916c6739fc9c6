//! The audit trail: appended in the same transaction as the change it records, each
//! record hash-chained to the one before (issue #5; encoding in
//! `jiekang_store::audit_chain`). Appends are serialised by locking the one-row chain
//! head (`SELECT … FOR UPDATE`) inside the append's transaction, and the new id is drawn
//! from the identity sequence only after that, so ids grow in chain order.

use async_trait::async_trait;
use jiekang_store::audit_chain::{ChainedRecord, record_hash, truncate_to_micros};
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::AuditLog;
use sqlx::{PgConnection as Conn, PgPool, Postgres as Db};

use crate::PgStore;

// the chain head, verifying, the auditors' search: shared with SQLite
include!("../../store/engine-sql/audit.rs");

/// The head, locked until the end of the transaction: one append at a time.
async fn locked_head(conn: &mut Conn) -> StoreResult<ChainHead> {
    Ok(sqlx::query_as(
        "SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1 FOR UPDATE",
    )
    .fetch_one(conn)
    .await?)
}

/// Chain `r` after the head and write it and the new head.
async fn write_chained(
    conn: &mut Conn,
    head: &ChainHead,
    r: &ChainedRecord,
    insert: bool,
) -> StoreResult<String> {
    let hash = record_hash(&head.last_hash, r);
    if insert {
        sqlx::query(
            "INSERT INTO audit_events (id, prev_id, at, user_id, username, action, object_type, object_id,
                                       person_id, unit_id, unit_path, detail, client, prev_hash, hash)
             OVERRIDING SYSTEM VALUE
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(r.id)
        .bind(r.prev_id)
        .bind(r.at)
        .bind(r.user_id)
        .bind(&r.username)
        .bind(&r.action)
        .bind(&r.object_type)
        .bind(r.object_id)
        .bind(r.person_id)
        .bind(r.unit_id)
        .bind(&r.unit_path)
        .bind(&r.detail)
        .bind(&r.client)
        .bind(&head.last_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    } else {
        // sealing a row written before the chain existed: only the chain columns change
        sqlx::query(
            "UPDATE audit_events SET prev_id = $2, prev_hash = $3, hash = $4 WHERE id = $1",
        )
        .bind(r.id)
        .bind(r.prev_id)
        .bind(&head.last_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE audit_chain_head SET last_id = $1, last_hash = $2, entries = entries + 1 WHERE id = 1",
    )
    .bind(r.id)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(hash)
}

pub(crate) async fn append(conn: &mut Conn, e: &AuditEntry) -> StoreResult<()> {
    let head = locked_head(conn).await?;
    // The next id, drawn under the head lock so that ids grow in chain order, and the
    // actor's username and unit, else the root unit (migration 0004 notes): one
    // statement, as every audited request appends (issue #6).
    type Start = (i64, Option<String>, Option<i64>, Option<String>);
    let (id, username, unit_id, unit_path): Start = sqlx::query_as(
        "SELECT nextval(pg_get_serial_sequence('audit_events', 'id')),
                (SELECT username FROM users WHERE id = $1),
                COALESCE((SELECT unit_id FROM users WHERE id = $1),
                         (SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1)),
                COALESCE((SELECT unit_path FROM users WHERE id = $1),
                         (SELECT path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1))",
    )
    .bind(e.user_id)
    .fetch_one(&mut *conn)
    .await?;
    let record = ChainedRecord {
        id,
        prev_id: head.last_id,
        at: truncate_to_micros(e.at),
        user_id: e.user_id,
        username: if e.username.is_empty() {
            username.unwrap_or_default()
        } else {
            e.username.clone()
        },
        action: e.action.clone(),
        object_type: e.object_type.clone(),
        object_id: e.object_id,
        person_id: e.person_id,
        unit_id,
        unit_path: unit_path.unwrap_or_default(),
        detail: e.detail.clone(),
        client: e.client.clone(),
    };
    write_chained(conn, &head, &record, true).await?;
    Ok(())
}

/// Chain the rows written before migration 0004, once, in id order (see the migration).
pub(crate) async fn seal_legacy(pool: &PgPool) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let sealed: bool =
        sqlx::query_scalar("SELECT sealed FROM audit_chain_head WHERE id = 1 FOR UPDATE")
            .fetch_one(&mut *tx)
            .await?;
    if sealed {
        return Ok(());
    }
    let mut head = head(&mut tx).await?;
    loop {
        let batch: Vec<StoredChainRow> = sqlx::query_as(&format!(
            "SELECT {STORED_ROW_COLUMNS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(head.last_id)
        .bind(VERIFY_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if batch.is_empty() {
            break;
        }
        for row in batch {
            let record = ChainedRecord {
                prev_id: head.last_id,
                ..row.record
            };
            let hash = write_chained(&mut tx, &head, &record, false).await?;
            head = ChainHead {
                last_id: record.id,
                last_hash: hash,
                entries: head.entries + 1,
            };
        }
    }
    sqlx::query("UPDATE audit_chain_head SET sealed = TRUE WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl AuditLog for PgStore {
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        append(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        search(&self.pool, scope, filter, page).await
    }
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64> {
        search_count(&self.pool, scope, filter).await
    }
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        verify(&self.pool, anchors, progress).await
    }
    async fn audit_head(&self) -> StoreResult<jiekang_store::audit_chain::ChainHead> {
        current_head(&self.pool).await
    }
}

jiekang_store::contract_only! {
    #[async_trait]
    impl jiekang_store::prelude::TestHooks for PgStore {
        async fn audit_count(&self, action: &str) -> StoreResult<i64> {
            count(&self.pool, action).await
        }
    }
}
