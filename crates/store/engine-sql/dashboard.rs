// STAT-1 — the supervision dashboards: the SQL both engines run, written once
// (see README.md beside this file for how it is included; the design is documented in
// `jiekang_store::dashboard`). `queue_query` of cases.rs gives the day-dependent figures
// the exact rows of their work queues.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::risk::RiskLevel;
use jiekang_store::cases::QueueKind;
use jiekang_store::dashboard::{Dashboard, DashboardRow, row_of};
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::{Pool, QueryBuilder};

use crate::cases::{queue_query, queue_source};

/// How long an instance may hold the refresh lease before another may take it over.
const LEASE_SECONDS: i64 = 30;

/// Upper bound of a subtree's paths, in SQL, for a unit row aliased `ch`.
const CHILD_UPPER: &str = "substr(ch.path, 1, length(ch.path) - 1) || '0'";

type GroupRow = (i64, CaseState, bool, bool, i64);
type DueRow = (i64, String, i64);

pub(crate) async fn read(pool: &Pool<Db>, scope: &Scope) -> StoreResult<Dashboard> {
    let mut tx = pool.begin().await?;
    let (parent_filter, parent_name): (&str, String) = match scope.unit_id() {
        Some(id) => (
            "ch.parent_id = $1",
            sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?,
        ),
        None => ("ch.parent_id IS NULL AND $1 = $1", "全部".to_owned()),
    };
    let parent = scope.unit_id().unwrap_or(0);
    let children: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT ch.id, ch.name FROM units ch WHERE {parent_filter} ORDER BY ch.code, ch.id"
    ))
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    let groups: Vec<GroupRow> = sqlx::query_as(&format!(
        "SELECT ch.id, k.state, k.served, k.reported, CAST(SUM(k.n) AS BIGINT)
         FROM units ch JOIN unit_case_counts k
           ON k.unit_path >= ch.path AND k.unit_path < {CHILD_UPPER}
         WHERE {parent_filter}
         GROUP BY ch.id, k.state, k.served, k.reported"
    ))
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    let due: Vec<DueRow> = sqlx::query_as(&format!(
        "SELECT ch.id, d.figure, CAST(SUM(d.n) AS BIGINT)
         FROM units ch JOIN dashboard_counts d
           ON d.unit_path >= ch.path AND d.unit_path < {CHILD_UPPER}
         WHERE {parent_filter}
         GROUP BY ch.id, d.figure"
    ))
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    // orders kept at the unit itself, not at a child (本级)
    let own_groups: Vec<(CaseState, bool, bool, i64)> = sqlx::query_as(
        "SELECT state, served, reported, CAST(SUM(n) AS BIGINT) FROM unit_case_counts
         WHERE unit_path = $1 GROUP BY state, served, reported",
    )
    .bind(scope.path())
    .fetch_all(&mut *tx)
    .await?;
    let own_due: Vec<(String, i64)> =
        sqlx::query_as("SELECT figure, n FROM dashboard_counts WHERE unit_path = $1")
            .bind(scope.path())
            .fetch_all(&mut *tx)
            .await?;
    // D6 — open orders by level, per child and at the unit itself (trigger-kept counts)
    let open_states = CaseState::ALL
        .iter()
        .filter(|s| !s.is_closed())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let risk: Vec<(i64, RiskLevel, i64)> = sqlx::query_as(&format!(
        "SELECT ch.id, k.risk_level, CAST(SUM(k.n) AS BIGINT)
         FROM units ch JOIN unit_risk_counts k
           ON k.unit_path >= ch.path AND k.unit_path < {CHILD_UPPER}
         WHERE {parent_filter} AND k.state IN ({open_states})
         GROUP BY ch.id, k.risk_level"
    ))
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    let own_risk: Vec<(RiskLevel, i64)> = sqlx::query_as(&format!(
        "SELECT risk_level, CAST(SUM(n) AS BIGINT) FROM unit_risk_counts
         WHERE unit_path = $1 AND state IN ({open_states}) GROUP BY risk_level"
    ))
    .bind(scope.path())
    .fetch_all(&mut *tx)
    .await?;
    let refreshed: Option<(Option<DateTime<Utc>>, Option<NaiveDate>)> =
        sqlx::query_as("SELECT refreshed_at, refreshed_for FROM dashboard_refresh WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;

    let mut rows: Vec<DashboardRow> = Vec::with_capacity(children.len() + 1);
    if scope.unit_id().is_some() {
        let mut own = row_of(
            scope.unit_id(),
            format!("{parent_name}(本级)"),
            true,
            own_groups,
            own_due,
        );
        for (level, n) in own_risk {
            own.risk.add(level, n);
        }
        if !own.is_empty() {
            rows.push(own);
        }
    }
    for (id, name) in children {
        let mut row = row_of(
            Some(id),
            name,
            false,
            groups
                .iter()
                .filter(|g| g.0 == id)
                .map(|g| (g.1, g.2, g.3, g.4)),
            due.iter().filter(|d| d.0 == id).map(|d| (d.1.clone(), d.2)),
        );
        for (_, level, n) in risk.iter().filter(|r| r.0 == id) {
            row.risk.add(*level, *n);
        }
        rows.push(row);
    }
    let refreshed = refreshed.and_then(|(at, day)| at.zip(day));
    Ok(Dashboard::assemble(
        scope.unit_id(),
        parent_name,
        rows,
        refreshed,
    ))
}

/// Take the lease if the snapshot is stale and nobody holds it; count every figure
/// with its queue's query; replace the snapshot in one transaction.
pub(crate) async fn refresh(
    read_pool: &Pool<Db>,
    write_pool: &Pool<Db>,
    now: DateTime<Utc>,
    today: NaiveDate,
    max_age: TimeDelta,
) -> StoreResult<bool> {
    type Lease = (
        Option<DateTime<Utc>>,
        Option<NaiveDate>,
        i64,
        Option<DateTime<Utc>>,
    );
    let (at, day, gen_seen, until): Lease = sqlx::query_as(
        "SELECT refreshed_at, refreshed_for, lease_gen, lease_until
         FROM dashboard_refresh WHERE id = 1",
    )
    .fetch_one(write_pool)
    .await?;
    let fresh = day == Some(today) && at.is_some_and(|at| now - at < max_age);
    if fresh || until.is_some_and(|u| u > now) {
        return Ok(false);
    }
    let lease = gen_seen + 1;
    let taken = sqlx::query(
        "UPDATE dashboard_refresh SET lease_gen = $1, lease_until = $2
         WHERE id = 1 AND lease_gen = $3",
    )
    .bind(lease)
    .bind(now + TimeDelta::seconds(LEASE_SECONDS))
    .bind(gen_seen)
    .execute(write_pool)
    .await?
    .rows_affected()
        == 1;
    if !taken {
        return Ok(false);
    }

    let system = Scope::system();
    // every figure of the dashboards, and every day-dependent tab of the work queues
    // (`queue_counts` reads them for scopes of several units)
    let mut counts: Vec<(String, &'static str, i64)> = Vec::new();
    for kind in QueueKind::snapshot_kinds() {
        let (_, _, _, path) = queue_source(kind);
        let (mut q, _, _) = queue_query(
            kind,
            "",
            &|_, _| format!("{path} AS unit_path, COUNT(*) AS n"),
            &system,
            today,
        );
        q.push(format!(" GROUP BY {path}"));
        let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(read_pool).await?;
        counts.extend(rows.into_iter().map(|(p, n)| (p, kind.code(), n)));
    }

    // Only what changed is written: most counts of ~28,000 rows at
    // 1,000,000 persons are the same from one refresh to the next, and rewriting them
    // all held the single writer of SQLite for every case command and audit record.
    // The lease keeps any other instance from writing the snapshot meanwhile.
    let held: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT unit_path, figure, n FROM dashboard_counts")
            .fetch_all(read_pool)
            .await?;
    let (gone, changed) = snapshot_changes(&held, &counts);

    let mut tx = write_pool.begin().await?;
    for chunk in gone.chunks(500) {
        let mut q: QueryBuilder<Db> =
            QueryBuilder::new("DELETE FROM dashboard_counts WHERE (unit_path, figure) IN (");
        let mut rows = q.separated(", ");
        for (path, figure) in chunk {
            rows.push("(")
                .push_bind_unseparated(*path)
                .push_unseparated(", ")
                .push_bind_unseparated(*figure)
                .push_unseparated(")");
        }
        q.push(")");
        q.build().execute(&mut *tx).await?;
    }
    for chunk in changed.chunks(500) {
        let mut q: QueryBuilder<Db> =
            QueryBuilder::new("INSERT INTO dashboard_counts (unit_path, figure, n) ");
        q.push_values(chunk, |mut b, (path, figure, n)| {
            b.push_bind(*path).push_bind(*figure).push_bind(*n);
        });
        q.push(" ON CONFLICT (unit_path, figure) DO UPDATE SET n = excluded.n");
        q.build().execute(&mut *tx).await?;
    }
    let done = sqlx::query(
        "UPDATE dashboard_refresh SET refreshed_at = $1, refreshed_for = $2, lease_until = NULL
         WHERE id = 1 AND lease_gen = $3",
    )
    .bind(now)
    .bind(today)
    .bind(lease)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !done {
        // the lease ran out and another instance took it: its snapshot wins
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// What a new snapshot changes in the one held: the (unit, figure) rows to delete (no
/// longer counted: zero), and the rows to insert or update (new, or another count).
#[allow(clippy::type_complexity)]
fn snapshot_changes<'a>(
    held: &'a [(String, String, i64)],
    counts: &'a [(String, &'static str, i64)],
) -> (Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str, i64)>) {
    use std::collections::HashMap;
    let old: HashMap<(&str, &str), i64> = held
        .iter()
        .map(|(path, figure, n)| ((path.as_str(), figure.as_str()), *n))
        .collect();
    let new: HashMap<(&str, &str), i64> = counts
        .iter()
        .map(|(path, figure, n)| ((path.as_str(), *figure), *n))
        .collect();
    let gone = old
        .keys()
        .filter(|key| !new.contains_key(*key))
        .copied()
        .collect();
    let changed = new
        .iter()
        .filter(|(key, n)| old.get(*key) != Some(*n))
        .map(|((path, figure), n)| (*path, *figure, *n))
        .collect();
    (gone, changed)
}
