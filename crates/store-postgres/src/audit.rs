//! The audit trail: appended in the same transaction as the change it records, each
//! record hash-chained to the one before (encoding in
//! `jiekang_store::audit_chain`). Appends are serialised by locking the one-row chain
//! head (`SELECT … FOR UPDATE`) inside the append's transaction, and the new ids are
//! drawn from the identity sequence only after that, so ids grow in chain order.
//!
//! The lock is held until the transaction commits, and a commit waits for its flush to
//! disk (about 3 ms on the project's machine): had each audited request taken the lock,
//! all requests of all instances would have taken turns at that pace. So a request
//! writes its record to `audit_pending`, in its own transaction and without a lock, and
//! [`chain_pending`] moves the waiting records into the chain, many per turn: from a
//! background task of each instance ([`crate::chainer`]), and before anything reads the
//! trail (search, count, verify, head), so a reader sees every committed record chained.

use async_trait::async_trait;
use jiekang_store::audit_chain::{
    ChainedRecord, ChainedRow, RecordActor, RootUnit, chain_entries, record_hash,
    truncate_to_micros,
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

/// Append `e` in the caller's transaction: it waits in `audit_pending` (no lock) until
/// [`chain_pending`] chains it; it stands or falls with the caller's change.
pub(crate) async fn append(conn: &mut Conn, e: &AuditEntry) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_pending (at, user_id, username, action, object_type, object_id,
                                    person_id, detail, client)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(truncate_to_micros(e.at))
    .bind(e.user_id)
    .bind(&e.username)
    .bind(&e.action)
    .bind(&e.object_type)
    .bind(e.object_id)
    .bind(e.person_id)
    .bind(&e.detail)
    .bind(&e.client)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records chained per transaction at most.
const CHAIN_BATCH: i64 = 2_000;

/// A record waiting to be chained.
#[derive(sqlx::FromRow)]
struct PendingRow {
    seq: i64,
    at: chrono::DateTime<chrono::Utc>,
    user_id: Option<i64>,
    username: String,
    action: String,
    object_type: String,
    object_id: Option<i64>,
    person_id: Option<i64>,
    detail: String,
    client: String,
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

/// Chain every record waiting, oldest first, a batch per transaction; returns how many.
/// Each batch locks the chain head, so chainers of several instances take turns and the
/// second finds what the first left. Ids are drawn under the lock: they grow in chain
/// order. Reading the trail calls this first, so a reader sees every committed record.
pub(crate) async fn chain_pending(pool: &PgPool) -> StoreResult<u64> {
    let mut chained = 0;
    loop {
        let mut tx = pool.begin().await?;
        let mut head: ChainHead = sqlx::query_as(
            "SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1 FOR UPDATE",
        )
        .fetch_one(&mut *tx)
        .await?;
        // a new statement: its snapshot holds every record committed before the lock
        let pending: Vec<PendingRow> = sqlx::query_as(
            "SELECT seq, at, user_id, username, action, object_type, object_id, person_id,
                    detail, client
             FROM audit_pending ORDER BY seq LIMIT $1",
        )
        .bind(CHAIN_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if pending.is_empty() {
            tx.commit().await?;
            return Ok(chained);
        }
        let entries: Vec<AuditEntry> = pending
            .iter()
            .map(|p| AuditEntry {
                at: p.at,
                user_id: p.user_id,
                username: p.username.clone(),
                action: p.action.clone(),
                object_type: p.object_type.clone(),
                object_id: p.object_id,
                person_id: p.person_id,
                detail: p.detail.clone(),
                client: p.client.clone(),
            })
            .collect();
        let (actors, root) = actors(&mut tx, &entries).await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))
             FROM generate_series(1, $1)",
        )
        .bind(entries.len() as i64)
        .fetch_all(&mut *tx)
        .await?;
        let mut ids = ids;
        ids.sort_unstable();
        let rows = chain_entries(&mut head, &ids, &entries, &actors, &root);
        let seqs: Vec<i64> = pending.iter().map(|p| p.seq).collect();
        insert_chained(&mut tx, &rows, &head, &seqs).await?;
        tx.commit().await?;
        chained += rows.len() as u64;
        if (rows.len() as i64) < CHAIN_BATCH {
            return Ok(chained);
        }
    }
}

/// Who the records' actors are (username, unit), and the root unit.
async fn actors(
    conn: &mut Conn,
    entries: &[AuditEntry],
) -> StoreResult<(Vec<RecordActor>, RootUnit)> {
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<ActorRow> = sqlx::query_as(
        "SELECT r.id AS root_id, r.path AS root_path,
                u.id AS user_id, u.username, u.unit_id, u.unit_path
         FROM (SELECT 1) one
         LEFT JOIN (SELECT id, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1) r
                ON TRUE
         LEFT JOIN users u ON u.id = ANY($1)",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let root = rows
        .first()
        .map(|r| RootUnit {
            id: r.root_id,
            path: r.root_path.clone(),
        })
        .unwrap_or_default();
    let actors = rows
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
    Ok((actors, root))
}

/// Write the chained rows and the new head, and take the records off the waiting list,
/// in one statement.
async fn insert_chained(
    conn: &mut Conn,
    chained: &[ChainedRow],
    head: &ChainHead,
    seqs: &[i64],
) -> StoreResult<()> {
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
         ), taken AS (
             DELETE FROM audit_pending WHERE seq = ANY($19)
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
    .bind(seqs)
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
        append(&mut *self.pool.acquire().await?, entry).await
    }
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        chain_pending(&self.pool).await?;
        search(&self.pool, scope, filter, page).await
    }
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64> {
        chain_pending(&self.pool).await?;
        search_count(&self.pool, scope, filter).await
    }
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        chain_pending(&self.pool).await?;
        verify(&self.pool, anchors, progress).await
    }
    async fn audit_head(&self) -> StoreResult<jiekang_store::audit_chain::ChainHead> {
        chain_pending(&self.pool).await?;
        current_head(&self.pool).await
    }
}

jiekang_store::contract_only! {
    #[async_trait]
    impl jiekang_store::prelude::TestHooks for PgStore {
        async fn audit_count(&self, action: &str) -> StoreResult<i64> {
            chain_pending(&self.pool).await?;
            count(&self.pool, action).await
        }

        async fn backdate_case(
            &self,
            case_id: i64,
            at: chrono::DateTime<chrono::Utc>,
        ) -> StoreResult<()> {
            sqlx::query("UPDATE cases SET created_at = $1 WHERE id = $2")
                .bind(at)
                .bind(case_id)
                .execute(&self.pool)
                .await?;
            Ok(())
        }

        async fn set_left_control(&self, person_id: i64, on: chrono::NaiveDate) -> StoreResult<()> {
            sqlx::query("UPDATE persons SET left_control_on = $1 WHERE id = $2")
                .bind(on)
                .bind(person_id)
                .execute(&self.pool)
                .await?;
            Ok(())
        }
    }
}
