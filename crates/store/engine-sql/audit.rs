// The audit trail read back — the SQL both engines run, written once: the chain head,
// verifying the whole chain, and the auditors' search. Appending is each engine's own
// (SQLite chains a group commit's records after one read on its single writer,
// PostgreSQL locks the chain head row), beside the include.
//
// Included (see README.md beside this file) by a module that defines `Db` and `Conn`.

use jiekang_store::audit_chain::{
    AuditVerification, ChainHead, ChainVerifier, STORED_ROW_COLUMNS, StoredChainRow,
};
use jiekang_store::model::{AuditFilter, AuditRecord, Page, PageRequest};
use jiekang_store::rows::keyset_page;
use jiekang_store::{Scope, StoreResult};
use sqlx::{Pool, QueryBuilder};

/// Rows per verify batch.
const VERIFY_BATCH: i64 = 2_000;

async fn head(conn: &mut Conn) -> StoreResult<ChainHead> {
    Ok(
        sqlx::query_as("SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}

/// The chain head as it is now.
pub(crate) async fn current_head(pool: &Pool<Db>) -> StoreResult<ChainHead> {
    head(&mut *pool.acquire().await?).await
}

pub(crate) async fn verify(
    pool: &Pool<Db>,
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
             WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3"
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
        sqlx::query_scalar("SELECT MIN(id) FROM audit_events WHERE id > $1 AND hash IS NULL")
            .bind(verifier.head_id())
            .fetch_one(pool)
            .await?;
    Ok(verifier.finish(stray))
}

jiekang_store::contract_only! {
    /// How many records have `action`, wherever they belong (a test hook).
    pub(crate) async fn count(pool: &Pool<Db>, action: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
                .bind(action)
                .fetch_one(pool)
                .await?,
        )
    }
}

/// The scope narrowed to a unit filter; `None` when that unit is not in scope.
async fn narrowed(
    pool: &Pool<Db>,
    scope: &Scope,
    filter: &AuditFilter,
) -> StoreResult<Option<Scope>> {
    let Some(id) = filter.unit_id else {
        return Ok(Some(scope.clone()));
    };
    let path: Option<String> = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(path
        .filter(|p| scope.contains(p))
        .map(|p| Scope::of_unit(id, p)))
}

fn push_filter(q: &mut QueryBuilder<Db>, scope: &Scope, filter: &AuditFilter) {
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
    pool: &Pool<Db>,
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
    let mut q: QueryBuilder<Db> = QueryBuilder::new(
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
    pool: &Pool<Db>,
    scope: &Scope,
    filter: &AuditFilter,
) -> StoreResult<i64> {
    let Some(scope) = narrowed(pool, scope, filter).await? else {
        return Ok(0);
    };
    let mut q: QueryBuilder<Db> = QueryBuilder::new("SELECT COUNT(*) FROM audit_events a");
    push_filter(&mut q, &scope, filter);
    Ok(q.build_query_scalar().fetch_one(pool).await?)
}
