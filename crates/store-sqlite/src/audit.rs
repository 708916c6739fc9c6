//! The audit trail: appended in the same transaction as the change it records, each
//! record hash-chained to the one before (issue #5; encoding in
//! `jiekang_store::audit_chain`). SQLite has a single writer, so the chain head needs
//! no lock of its own: within a process all writes queue on one connection, and a
//! second process (a command run beside the server) that read the head before another
//! append committed cannot write on that stale snapshot — SQLite refuses it as busy, so
//! the chain never forks. Ids only grow past the head, even after the newest rows were
//! deleted, so a deletion stays visible.

use async_trait::async_trait;
use jiekang_store::audit_chain::{
    AuditVerification, ChainHead, ChainVerifier, ChainedRecord, STORED_ROW_COLUMNS, StoredChainRow,
    record_hash, truncate_to_micros,
};
use jiekang_store::model::{AuditEntry, AuditFilter, AuditRecord, Page, PageRequest};
use jiekang_store::prelude::AuditLog;
use jiekang_store::rows::keyset_page;
use jiekang_store::{Scope, StoreResult};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::SqliteStore;

/// Rows per verify batch.
const VERIFY_BATCH: i64 = 2_000;

async fn head(conn: &mut SqliteConnection) -> StoreResult<ChainHead> {
    Ok(
        sqlx::query_as("SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}

/// Chain `r`, a row written before the chain existed, after the head: only its chain
/// columns change.
async fn seal_row(
    conn: &mut SqliteConnection,
    head: &ChainHead,
    r: &ChainedRecord,
) -> StoreResult<String> {
    let hash = record_hash(&head.last_hash, r);
    sqlx::query("UPDATE audit_events SET prev_id = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1")
        .bind(r.id)
        .bind(r.prev_id)
        .bind(&head.last_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE audit_chain_head SET last_id = ?1, last_hash = ?2, entries = entries + 1 WHERE id = 1",
    )
    .bind(r.id)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(hash)
}

pub(crate) async fn append(conn: &mut SqliteConnection, e: &AuditEntry) -> StoreResult<()> {
    append_all(conn, std::slice::from_ref(e)).await
}

/// The chain head, the highest id and each actor's username and unit (else the root
/// unit, migration 0004 notes), as one read: every audited request appends, and each
/// statement is a round trip to the single writer (issue #6).
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
pub(crate) async fn append_all(
    conn: &mut SqliteConnection,
    entries: &[AuditEntry],
) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut actors: Vec<i64> = entries.iter().filter_map(|e| e.user_id).collect();
    actors.sort_unstable();
    actors.dedup();
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
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
    let actor = |id: Option<i64>| rows.iter().find(|r| r.user_id.is_some() && r.user_id == id);
    let first_id = start.max_id.unwrap_or(0).max(head.last_id) + 1;
    let mut chained = Vec::with_capacity(entries.len());
    for (next_id, e) in (first_id..).zip(entries) {
        let user = actor(e.user_id);
        let record = ChainedRecord {
            id: next_id,
            prev_id: head.last_id,
            at: truncate_to_micros(e.at),
            user_id: e.user_id,
            username: if e.username.is_empty() {
                user.and_then(|u| u.username.clone()).unwrap_or_default()
            } else {
                e.username.clone()
            },
            action: e.action.clone(),
            object_type: e.object_type.clone(),
            object_id: e.object_id,
            person_id: e.person_id,
            unit_id: user.and_then(|u| u.unit_id).or(start.root_id),
            unit_path: user
                .and_then(|u| u.unit_path.clone())
                .or_else(|| start.root_path.clone())
                .unwrap_or_default(),
            detail: e.detail.clone(),
            client: e.client.clone(),
        };
        let hash = record_hash(&head.last_hash, &record);
        chained.push((head.last_hash.clone(), hash.clone(), record));
        head = ChainHead {
            last_id: next_id,
            last_hash: hash,
            entries: head.entries + 1,
        };
    }
    let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO audit_events (id, prev_id, at, user_id, username, action, object_type,
                                   object_id, person_id, unit_id, unit_path, detail, client,
                                   prev_hash, hash) ",
    );
    insert.push_values(&chained, |mut b, (prev_hash, hash, r)| {
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
            .push_bind(prev_hash)
            .push_bind(hash);
    });
    insert.build().execute(&mut *conn).await?;
    sqlx::query(
        "UPDATE audit_chain_head SET last_id = ?1, last_hash = ?2, entries = ?3 WHERE id = 1",
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
            "SELECT {STORED_ROW_COLUMNS} FROM audit_events WHERE id > ?1 ORDER BY id LIMIT ?2"
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

/// The head now (security item 8).
pub(crate) async fn current_head(pool: &SqlitePool) -> StoreResult<ChainHead> {
    head(&mut *pool.acquire().await?).await
}

pub(crate) async fn verify(
    pool: &SqlitePool,
    anchors: &[String],
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> StoreResult<AuditVerification> {
    let head = head(&mut *pool.acquire().await?).await?;
    let total = u64::try_from(head.entries).unwrap_or(0);
    let mut verifier = ChainVerifier::with_anchors(head, anchors);
    let mut after = i64::MIN;
    loop {
        let batch: Vec<StoredChainRow> = sqlx::query_as(&format!(
            "SELECT {STORED_ROW_COLUMNS} FROM audit_events
             WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3"
        ))
        .bind(after)
        .bind(verifier.head_id())
        .bind(VERIFY_BATCH)
        .fetch_all(pool)
        .await?;
        let Some(last) = batch.last() else { break };
        after = last.record.id;
        for row in &batch {
            if let Err(problem) = verifier.check(row) {
                progress(verifier.checked(), total);
                return Ok(verifier.failed(problem));
            }
        }
        progress(verifier.checked(), total);
    }
    let stray: Option<i64> =
        sqlx::query_scalar("SELECT MIN(id) FROM audit_events WHERE id > ?1 AND hash IS NULL")
            .bind(verifier.head_id())
            .fetch_one(pool)
            .await?;
    Ok(verifier.finish(stray))
}

jiekang_store::contract_only! {
    /// How many records have `action`, wherever they belong (a test hook).
    pub(crate) async fn count(pool: &SqlitePool, action: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = ?1")
                .bind(action)
                .fetch_one(pool)
                .await?,
        )
    }
}

/// The scope narrowed to a unit filter; `None` when that unit is not in scope.
async fn narrowed(
    pool: &SqlitePool,
    scope: &Scope,
    filter: &AuditFilter,
) -> StoreResult<Option<Scope>> {
    let Some(id) = filter.unit_id else {
        return Ok(Some(scope.clone()));
    };
    let path: Option<String> = sqlx::query_scalar("SELECT path FROM units WHERE id = ?1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(path
        .filter(|p| scope.contains(p))
        .map(|p| Scope::of_unit(id, p)))
}

fn push_filter(q: &mut QueryBuilder<Sqlite>, scope: &Scope, filter: &AuditFilter) {
    q.push(" WHERE a.unit_path >= ")
        .push_bind(scope.lower().to_owned())
        .push(" AND a.unit_path < ")
        .push_bind(scope.upper());
    if let Some(username) = &filter.username {
        q.push(" AND a.username = ").push_bind(username.clone());
    }
    if let Some(person_id) = filter.person_id {
        q.push(" AND a.person_id = ").push_bind(person_id);
    }
    if let Some(action) = &filter.action {
        q.push(" AND a.action = ").push_bind(action.clone());
    }
    if !filter.actions.is_empty() {
        q.push(" AND a.action IN (");
        let mut list = q.separated(", ");
        for action in &filter.actions {
            list.push_bind(action.clone());
        }
        q.push(")");
    }
    if let Some(from) = filter.from {
        q.push(" AND a.at >= ").push_bind(from);
    }
    if let Some(until) = filter.until {
        q.push(" AND a.at < ").push_bind(until);
    }
}

pub(crate) async fn search(
    pool: &SqlitePool,
    scope: &Scope,
    filter: &AuditFilter,
    page: PageRequest,
) -> StoreResult<Page<AuditRecord>> {
    let Some(scope) = narrowed(pool, scope, filter).await? else {
        return Ok(Page {
            items: Vec::new(),
            next_after: None,
        });
    };
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id,
                a.person_id, a.unit_id, COALESCE(n.name, '') AS unit_name, a.detail, a.client
         FROM audit_events a LEFT JOIN units n ON n.id = a.unit_id",
    );
    push_filter(&mut q, &scope, filter);
    if let Some(after) = page.after {
        q.push(" AND a.id < ").push_bind(after);
    }
    q.push(" ORDER BY a.id DESC LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let rows: Vec<AuditRecord> = q.build_query_as().fetch_all(pool).await?;
    Ok(keyset_page(rows, page.limit, |r| r.id))
}

pub(crate) async fn search_count(
    pool: &SqlitePool,
    scope: &Scope,
    filter: &AuditFilter,
) -> StoreResult<i64> {
    let Some(scope) = narrowed(pool, scope, filter).await? else {
        return Ok(0);
    };
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT COUNT(*) FROM audit_events a");
    push_filter(&mut q, &scope, filter);
    Ok(q.build_query_scalar().fetch_one(pool).await?)
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
    }
}
