// STAT-1, D5 — periodic reports (报表), written once for both engines (see README.md
// beside this directory; the design is documented in `jiekang_store::reports`). This
// file: the imports the three files share and the count that stores a period's figures;
// `read.rs` sums them into a report, `submissions.rs` keeps townships' submissions.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use futures_util::TryStreamExt;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::CaseState;
use jiekang_domain::measure::Measure;
use jiekang_domain::report::{Figure, Figures, OrderFacts, ReportPeriod, count_order};
use jiekang_domain::text::mask_identifier;
use jiekang_store::model::AuditEntry;
use jiekang_store::reports::{
    ALREADY_SUBMITTED_MESSAGE, Correction, Counted, LedgerPage, LedgerRow,
    NOT_AWAITING_REVIEW_MESSAGE, NOT_FROZEN_MESSAGE, REPORT_PERSONS_SCAN_LIMIT,
    RETURN_NEEDS_NOTE_MESSAGE, Report, ReportPerson, ReportPersonsCursor, ReportPersonsPage,
    ReportRow, ReportVersion, Review, SubmissionRow, SubmissionState, VersionKind,
};
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};
use sqlx::{Pool, QueryBuilder};

/// Rows per INSERT when storing figures (4 values each, under SQLite's bound limit).
const FIGURE_ROWS_PER_INSERT: usize = 500;

/// Upper bound of a subtree's paths, in SQL, for a unit row aliased `ch`.
const REPORT_CHILD_UPPER: &str = "substr(ch.path, 1, length(ch.path) - 1) || '0'";

type PerPath = BTreeMap<String, Figures>;

fn zero() -> Figures {
    [0; Figure::COUNT]
}

fn bump(per_path: &mut PerPath, path: String, figure: Figure, n: i64) {
    per_path.entry(path).or_insert_with(zero)[figure.index()] += n;
}

/// D5 — the columns of one order a report classifies (after its unit path): 脱失 at
/// `$2` is the last 脱失/查找到 step on or before it; a relapse is a later order of the
/// person decided by `$2`; a positive test counts between `$1` and `$2`.
const ORDER_COLUMNS: &str = "c.measure, c.state, c.decided_on, c.served_on, c.notified_on,
    c.reported_on, c.closed_on,
    COALESCE((SELECT e.kind = 'abscond' FROM case_events e
              WHERE e.case_id = c.id AND e.kind IN ('abscond', 'return')
                AND e.occurred_on <= $2
              ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1), FALSE),
    EXISTS (SELECT 1 FROM drug_tests t
            WHERE t.case_id = c.id AND t.outcome = 'positive'
              AND t.tested_on >= $1 AND t.tested_on <= $2),
    EXISTS (SELECT 1 FROM cases l
            WHERE l.person_id = c.person_id AND l.id <> c.id
              AND l.decided_on > c.closed_on AND l.decided_on <= $2)";

/// The orders a report of a period from `$1` counted at `$2` may count: decided by then,
/// and not ended before the period (except expiries, for 戒断巩固率).
const ORDER_FILTER: &str =
    "c.decided_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $1 OR c.state = 'expired')";

/// The facts of one order from the row of [`ORDER_COLUMNS`] starting at `row.1`.
fn order_facts(row: &OrderRow) -> OrderFacts {
    OrderFacts {
        measure: row.1,
        state: row.2,
        decided_on: row.3,
        served_on: row.4,
        notified_on: row.5,
        reported_on: row.6,
        closed_on: row.7,
        absconded: row.8,
        positive_in_period: row.9,
        relapse_since: row.10,
    }
}

type OrderRow = (
    String,
    Measure,
    CaseState,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    bool,
    bool,
    bool,
);

/// Every figure of `period` counted on `today`, per unit path, in one read snapshot.
async fn count_period(
    pool: &Pool<Db>,
    cal: &HolidayCalendar,
    period: ReportPeriod,
    today: NaiveDate,
) -> StoreResult<(NaiveDate, PerPath)> {
    let as_of = period.as_of(today);
    let range = period.range();
    // windows are counted once they have closed: up to the day before the count
    let windows_to = range.to.min(today - TimeDelta::days(1));
    let mut per_path = PerPath::new();
    let mut tx = pool.begin().await?;
    {
        // D5 — each order classified by the domain's rules. 脱失 at `as_of` is the last
        // 脱失/查找到 step on or before it; a relapse is a later order of the person.
        let sql = format!("SELECT c.unit_path, {ORDER_COLUMNS} FROM cases c WHERE {ORDER_FILTER}");
        let mut orders = sqlx::query_as::<Db, OrderRow>(&sql)
            .bind(range.from)
            .bind(as_of)
            .fetch(&mut *tx);
        while let Some(row) = orders.try_next().await? {
            let facts = order_facts(&row);
            let figures = per_path.entry(row.0).or_insert_with(zero);
            count_order(cal, figures, &facts, &range, as_of);
        }
    }
    if windows_to >= range.from {
        let windows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT unit_path, COUNT(*),
                    CAST(SUM(CASE WHEN done_on IS NULL THEN 0 ELSE 1 END) AS BIGINT)
             FROM test_windows WHERE ends_on >= $1 AND ends_on <= $2 GROUP BY unit_path",
        )
        .bind(range.from)
        .bind(windows_to)
        .fetch_all(&mut *tx)
        .await?;
        for (path, required, done) in windows {
            bump(&mut per_path, path.clone(), Figure::TestsRequired, required);
            bump(&mut per_path, path.clone(), Figure::TestsDone, done);
            bump(&mut per_path, path, Figure::TestsMissed, required - done);
        }
    }
    let positives: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.unit_path, COUNT(*) FROM drug_tests t JOIN cases c ON c.id = t.case_id
         WHERE t.outcome = 'positive' AND t.tested_on >= $1 AND t.tested_on <= $2
         GROUP BY c.unit_path",
    )
    .bind(range.from)
    .bind(as_of)
    .fetch_all(&mut *tx)
    .await?;
    for (path, n) in positives {
        bump(&mut per_path, path, Figure::TestsPositive, n);
    }
    let events: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.unit_path, e.kind, COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE e.kind IN ('warning', 'refer_to_police', 'abscond', 'return')
           AND e.occurred_on >= $1 AND e.occurred_on <= $2
         GROUP BY c.unit_path, e.kind",
    )
    .bind(range.from)
    .bind(as_of)
    .fetch_all(&mut *tx)
    .await?;
    for (path, kind, n) in events {
        let figure = match kind.as_str() {
            "warning" => Figure::Warnings,
            "refer_to_police" => Figure::Referrals,
            "abscond" => Figure::AbscondedEvents,
            _ => Figure::FoundEvents,
        };
        bump(&mut per_path, path, figure, n);
    }
    // transfers accepted in the period, counted at the receiving and the sending unit
    // (transfers sent before the sending unit was kept have no sending path)
    let transfers: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT to_path, from_path, COUNT(*) FROM handovers
         WHERE kind = 'transfer' AND received_on >= $1 AND received_on <= $2
           AND received_by IS NOT NULL
         GROUP BY to_path, from_path",
    )
    .bind(range.from)
    .bind(as_of)
    .fetch_all(&mut *tx)
    .await?;
    for (to, from, n) in transfers {
        bump(&mut per_path, to, Figure::TransfersIn, n);
        if let Some(from) = from {
            bump(&mut per_path, from, Figure::TransfersOut, n);
        }
    }
    tx.commit().await?;
    per_path.retain(|_, f| f.iter().any(|n| *n != 0));
    Ok((as_of, per_path))
}

async fn insert_version(
    conn: &mut Conn,
    period: ReportPeriod,
    kind: VersionKind,
    as_of: NaiveDate,
    now: DateTime<Utc>,
    by: Option<i64>,
    per_path: &PerPath,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_versions (period, kind, as_of, counted_at, counted_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(period.code())
    .bind(kind.code())
    .bind(as_of)
    .bind(now)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(&String, Figure, i64)> = per_path
        .iter()
        .flat_map(|(path, figures)| {
            Figure::ALL
                .into_iter()
                .filter(|f| figures[f.index()] != 0)
                .map(move |f| (path, f, figures[f.index()]))
        })
        .collect();
    for chunk in rows.chunks(FIGURE_ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Db>::new(
            "INSERT INTO report_figures (version_id, unit_path, figure, n) ",
        );
        insert.push_values(chunk, |mut b, (path, figure, n)| {
            b.push_bind(id)
                .push_bind((*path).clone())
                .push_bind(figure.code())
                .push_bind(*n);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(id)
}

async fn delete_version(conn: &mut Conn, id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM report_figures WHERE version_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM report_versions WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn version_of(
    conn: &mut Conn,
    period: ReportPeriod,
    kind: VersionKind,
) -> StoreResult<Option<ReportVersion>> {
    let row: Option<(i64, NaiveDate, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, as_of, counted_at FROM report_versions
         WHERE period = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(period.code())
    .bind(kind.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id, as_of, counted_at)| ReportVersion {
        id,
        kind,
        as_of,
        counted_at,
    }))
}

async fn stored_figures(conn: &mut Conn, version_id: i64) -> StoreResult<PerPath> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT unit_path, figure, n FROM report_figures WHERE version_id = $1")
            .bind(version_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut per_path = PerPath::new();
    for (path, figure, n) in rows {
        if let Some(f) = Figure::parse(&figure) {
            bump(&mut per_path, path, f, n);
        }
    }
    Ok(per_path)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn count(
    read: &Pool<Db>,
    write: &Pool<Db>,
    cal: &HolidayCalendar,
    periods: &[ReportPeriod],
    today: NaiveDate,
    now: DateTime<Utc>,
    by: Option<i64>,
    recount: bool,
) -> StoreResult<Vec<Counted>> {
    let mut out = Vec::with_capacity(periods.len());
    for &period in periods {
        let closed = period.is_closed_on(today);
        {
            let mut conn = write.acquire().await?;
            if closed
                && !recount
                && version_of(&mut conn, period, VersionKind::Frozen)
                    .await?
                    .is_some()
            {
                out.push(Counted {
                    period,
                    stored: None,
                });
                continue;
            }
        }
        let (as_of, per_path) = count_period(read, cal, period, today).await?;
        let mut tx = write.begin().await?;
        let stored = if !closed {
            if let Some(old) = version_of(&mut tx, period, VersionKind::Running).await? {
                delete_version(&mut tx, old.id).await?;
            }
            insert_version(
                &mut tx,
                period,
                VersionKind::Running,
                as_of,
                now,
                by,
                &per_path,
            )
            .await?;
            Some(VersionKind::Running)
        } else if let Some(frozen) = version_of(&mut tx, period, VersionKind::Frozen).await? {
            let latest = match version_of(&mut tx, period, VersionKind::Correction).await? {
                Some(c) => c.id,
                None => frozen.id,
            };
            if stored_figures(&mut tx, latest).await? == per_path {
                None
            } else {
                insert_version(
                    &mut tx,
                    period,
                    VersionKind::Correction,
                    as_of,
                    now,
                    by,
                    &per_path,
                )
                .await?;
                Some(VersionKind::Correction)
            }
        } else {
            if let Some(old) = version_of(&mut tx, period, VersionKind::Running).await? {
                delete_version(&mut tx, old.id).await?;
            }
            insert_version(
                &mut tx,
                period,
                VersionKind::Frozen,
                as_of,
                now,
                by,
                &per_path,
            )
            .await?;
            Some(VersionKind::Frozen)
        };
        tx.commit().await?;
        out.push(Counted { period, stored });
    }
    Ok(out)
}
