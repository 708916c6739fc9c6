//! The audit trail: appended in the same transaction as the change it records, each
//! record hash-chained to the one before (encoding in
//! `jiekang_store::audit_chain`). SQLite has a single writer, so the chain head needs
//! no lock of its own: within a process all writes queue on one connection, and a
//! second process (a command run beside the server) that read the head before another
//! append committed cannot write on that stale snapshot — SQLite refuses it as busy, so
//! the chain never forks. Ids only grow past the head, even after the newest rows were
//! deleted, so a deletion stays visible.

use async_trait::async_trait;
use jiekang_store::audit_chain::{
    ChainedRecord, RecordActor, RootUnit, chain_entries, record_hash,
};
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::AuditLog;
use sqlx::{Sqlite as Db, SqliteConnection as Conn, SqlitePool};

use crate::SqliteStore;

// the chain head, verifying, the auditors' search: shared with PostgreSQL
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

/// The chain head, the highest id and each actor's username and unit (else the root
/// unit, migration 0004 notes), as one read: every audited request appends, and each
/// statement is a round trip to the single writer.
#[derive(sqlx::FromRow)]
struct StartRow {
    last_id: i64,
    last_hash: String,
    entries: i64,
    max_id: Option<i64>,
    root_id: Option<i64>,
    root_path: Option<String>,
    user_id: Option<i64>,
    username: Option<String>,
    unit_id: Option<i64>,
    unit_path: Option<String>,
}

/// Chain `entries`, in order, after the head: one read, one insert of every row, one
/// update of the head, whatever their number (`group_commit` appends a batch at once).
pub(crate) async fn append_all(conn: &mut Conn, entries: &[AuditEntry]) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut actors: Vec<i64> = entries.iter().filter_map(|e| e.user_id).collect();
    actors.sort_unstable();
    actors.dedup();
    let mut q: QueryBuilder<Db> = QueryBuilder::new(
        "SELECT h.last_id, h.last_hash, h.entries,
                (SELECT MAX(id) FROM audit_events) AS max_id,
                r.id AS root_id, r.path AS root_path,
                u.id AS user_id, u.username, u.unit_id, u.unit_path
         FROM audit_chain_head h
         LEFT JOIN (SELECT id, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1) r
              ON 1
         LEFT JOIN users u ON u.id IN (",
    );
    if actors.is_empty() {
        q.push("NULL");
    }
    let mut list = q.separated(", ");
    for id in &actors {
        list.push_bind(*id);
    }
    q.push(") WHERE h.id = 1");
    let rows: Vec<StartRow> = q.build_query_as().fetch_all(&mut *conn).await?;
    let start = rows.first().ok_or(sqlx::Error::RowNotFound)?;
    let mut head = ChainHead {
        last_id: start.last_id,
        last_hash: start.last_hash.clone(),
        entries: start.entries,
    };
    let actors: Vec<RecordActor> = rows
        .iter()
        .filter_map(|r| {
            Some(RecordActor {
                user_id: r.user_id?,
                username: r.username.clone().unwrap_or_default(),
                unit_id: r.unit_id,
                unit_path: r.unit_path.clone(),
            })
        })
        .collect();
    let root = RootUnit {
        id: start.root_id,
        path: start.root_path.clone(),
    };
    // ids only grow past the head, even after the newest rows were deleted
    let first_id = start.max_id.unwrap_or(0).max(head.last_id) + 1;
    let ids: Vec<i64> = (first_id..).take(entries.len()).collect();
    let chained = chain_entries(&mut head, &ids, entries, &actors, &root);
    let mut insert: QueryBuilder<Db> = QueryBuilder::new(
        "INSERT INTO audit_events (id, prev_id, at, user_id, username, action, object_type,
                                   object_id, person_id, unit_id, unit_path, detail, client,
                                   prev_hash, hash) ",
    );
    insert.push_values(&chained, |mut b, row| {
        let r = &row.record;
        b.push_bind(r.id)
            .push_bind(r.prev_id)
            .push_bind(r.at)
            .push_bind(r.user_id)
            .push_bind(&r.username)
            .push_bind(&r.action)
            .push_bind(&r.object_type)
            .push_bind(r.object_id)
            .push_bind(r.person_id)
            .push_bind(r.unit_id)
            .push_bind(&r.unit_path)
            .push_bind(&r.detail)
            .push_bind(&r.client)
            .push_bind(&row.prev_hash)
            .push_bind(&row.hash);
    });
    insert.build().execute(&mut *conn).await?;
    sqlx::query(
        "UPDATE audit_chain_head SET last_id = $1, last_hash = $2, entries = $3 WHERE id = 1",
    )
    .bind(head.last_id)
    .bind(&head.last_hash)
    .bind(head.entries)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Chain the rows written before migration 0004, once, in id order (see the migration).
pub(crate) async fn seal_legacy(pool: &SqlitePool) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let sealed: bool = sqlx::query_scalar("SELECT sealed FROM audit_chain_head WHERE id = 1")
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
    sqlx::query("UPDATE audit_chain_head SET sealed = 1 WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl AuditLog for SqliteStore {
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        self.commits.audit(entry.clone()).await
    }
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        search(&self.read, scope, filter, page).await
    }
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64> {
        search_count(&self.read, scope, filter).await
    }
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        verify(&self.read, anchors, progress).await
    }
    async fn audit_head(&self) -> StoreResult<jiekang_store::audit_chain::ChainHead> {
        current_head(&self.read).await
    }
}

jiekang_store::contract_only! {
    #[async_trait]
    impl jiekang_store::prelude::TestHooks for SqliteStore {
        async fn audit_count(&self, action: &str) -> StoreResult<i64> {
            count(&self.read, action).await
        }

        async fn backdate_case(
            &self,
            case_id: i64,
            at: chrono::DateTime<chrono::Utc>,
        ) -> StoreResult<()> {
            sqlx::query("UPDATE cases SET created_at = $1 WHERE id = $2")
                .bind(at)
                .bind(case_id)
                .execute(&self.write)
                .await?;
            Ok(())
        }

        async fn set_left_control(&self, person_id: i64, on: chrono::NaiveDate) -> StoreResult<()> {
            sqlx::query("UPDATE persons SET left_control_on = $1 WHERE id = $2")
                .bind(on)
                .bind(person_id)
                .execute(&self.write)
                .await?;
            Ok(())
        }
    }
}
