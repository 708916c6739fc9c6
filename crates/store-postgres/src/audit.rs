//! The audit trail: appended in the same transaction as the change it records, each
//! record hash-chained to the one before (encoding in
//! `jiekang_store::audit_chain`). Appends are serialised by locking the one-row chain
//! head (`SELECT … FOR UPDATE`) inside the append's transaction, and the new ids are
//! drawn from the identity sequence only after that, so ids grow in chain order. The
//! lock is held until the transaction commits, so every instance's appends take turns
//! on it: records of their own (reads, logins, exports) share one transaction per
//! turn through [`crate::audit_batch`].

use async_trait::async_trait;
use jiekang_store::audit_chain::{
    ChainedRecord, ChainedRow, RecordActor, RootUnit, chain_entries, record_hash,
};
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::AuditLog;
use sqlx::{PgConnection as Conn, PgPool, Postgres as Db};

use crate::PgStore;

// the chain head, verifying, the auditors' search: shared with SQLite
include!("../../store/engine-sql/audit.rs");

/// Chain `r`, a row written before the chain existed, after the head: only its chain
/// columns change.
async fn seal_row(conn: &mut Conn, head: &ChainHead, r: &ChainedRecord) -> StoreResult<String> {
    let hash = record_hash(&head.last_hash, r);
    sqlx::query("UPDATE audit_events SET prev_id = $2, prev_hash = $3, hash = $4 WHERE id = $1")
        .bind(r.id)
        .bind(r.prev_id)
        .bind(&head.last_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
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
    append_all(conn, std::slice::from_ref(e)).await
}

/// The actors' usernames and units and the root unit, in one read.
#[derive(sqlx::FromRow)]
struct ActorRow {
    root_id: Option<i64>,
    root_path: Option<String>,
    user_id: Option<i64>,
    username: Option<String>,
    unit_id: Option<i64>,
    unit_path: Option<String>,
}

/// The head, locked until the end of the transaction, and one id per record drawn
/// from the identity sequence after the lock was granted (the subquery refers to the
/// locked row, so it runs once that row is in hand): ids grow in chain order.
#[derive(sqlx::FromRow)]
struct LockedStart {
    #[sqlx(flatten)]
    head: ChainHead,
    ids: Vec<i64>,
}

/// Chain `entries`, in order, after the head, in the caller's transaction. The head
/// stays locked from the second statement to the end of that transaction, so the
/// work under the lock is kept to two statements: the lock with the ids, then the
/// rows with the new head.
pub(crate) async fn append_all(conn: &mut Conn, entries: &[AuditEntry]) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut actors: Vec<i64> = entries.iter().filter_map(|e| e.user_id).collect();
    actors.sort_unstable();
    actors.dedup();
    // before the lock: who the actors are does not depend on the chain
    let rows: Vec<ActorRow> = sqlx::query_as(
        "SELECT r.id AS root_id, r.path AS root_path,
                u.id AS user_id, u.username, u.unit_id, u.unit_path
         FROM (SELECT 1) one
         LEFT JOIN (SELECT id, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1) r
                ON TRUE
         LEFT JOIN users u ON u.id = ANY($1)",
    )
    .bind(&actors)
    .fetch_all(&mut *conn)
    .await?;
    let root = rows
        .first()
        .map(|r| RootUnit {
            id: r.root_id,
            path: r.root_path.clone(),
        })
        .unwrap_or_default();
    let actors: Vec<RecordActor> = rows
        .into_iter()
        .filter_map(|r| {
            Some(RecordActor {
                user_id: r.user_id?,
                username: r.username.unwrap_or_default(),
                unit_id: r.unit_id,
                unit_path: r.unit_path,
            })
        })
        .collect();
    let locked: LockedStart = sqlx::query_as(
        "WITH h AS MATERIALIZED (
             SELECT id, last_id, last_hash, entries FROM audit_chain_head WHERE id = 1 FOR UPDATE
         )
         SELECT h.last_id, h.last_hash, h.entries,
                ARRAY(SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))
                      FROM generate_series(1, $1) WHERE h.id = 1) AS ids
         FROM h",
    )
    .bind(entries.len() as i64)
    .fetch_one(&mut *conn)
    .await?;
    let mut head = locked.head;
    let mut ids = locked.ids;
    ids.sort_unstable();
    let chained = chain_entries(&mut head, &ids, entries, &actors, &root);
    let column = |f: fn(&ChainedRow) -> Option<i64>| chained.iter().map(f).collect::<Vec<_>>();
    let text = |f: fn(&ChainedRow) -> &str| {
        chained
            .iter()
            .map(|r| f(r).to_owned())
            .collect::<Vec<String>>()
    };
    sqlx::query(
        "WITH rows AS (
             INSERT INTO audit_events (id, prev_id, at, user_id, username, action, object_type,
                                       object_id, person_id, unit_id, unit_path, detail, client,
                                       prev_hash, hash)
             OVERRIDING SYSTEM VALUE
             SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::timestamptz[], $4::int8[], $5::text[],
                                  $6::text[], $7::text[], $8::int8[], $9::int8[], $10::int8[],
                                  $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         )
         UPDATE audit_chain_head SET last_id = $16, last_hash = $17, entries = $18 WHERE id = 1",
    )
    .bind(column(|r| Some(r.record.id)))
    .bind(column(|r| Some(r.record.prev_id)))
    .bind(chained.iter().map(|r| r.record.at).collect::<Vec<_>>())
    .bind(column(|r| r.record.user_id))
    .bind(text(|r| &r.record.username))
    .bind(text(|r| &r.record.action))
    .bind(text(|r| &r.record.object_type))
    .bind(column(|r| r.record.object_id))
    .bind(column(|r| r.record.person_id))
    .bind(column(|r| r.record.unit_id))
    .bind(text(|r| &r.record.unit_path))
    .bind(text(|r| &r.record.detail))
    .bind(text(|r| &r.record.client))
    .bind(text(|r| &r.prev_hash))
    .bind(text(|r| &r.hash))
    .bind(head.last_id)
    .bind(&head.last_hash)
    .bind(head.entries)
    .execute(&mut *conn)
    .await?;
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
            let hash = seal_row(&mut tx, &head, &record).await?;
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
        self.audits.append(entry.clone()).await
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
