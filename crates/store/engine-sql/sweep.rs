// The daily sweep and job leases — the SQL both engines run,
// written once (see README.md beside this file for how it is included). Every rule is
// `jiekang_domain::sweep`'s: the statements only compare stored dates with its cutoffs.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::CaseState;
use jiekang_domain::sweep::{SweepCutoffs, SweepFlag, case2_handover_ack_deadline};
use jiekang_store::StoreResult;
use jiekang_store::model::AuditEntry;
use jiekang_store::sweep::{CaseFlag, JobLease, SweepCounts, SweepRun};
use sqlx::Pool;

/// A lease's instants are kept to the microsecond, as both engines store them.
fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::{DurationRound, TimeDelta};
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

pub(crate) async fn try_claim_lease(
    pool: &Pool<Db>,
    job: &str,
    period: &str,
    holder: &str,
    ttl: TimeDelta,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let now = micros(now);
    let expires = micros(now + ttl);
    // A new period: exactly one concurrent INSERT wins the primary key.
    let inserted = sqlx::query(
        "INSERT INTO job_leases (job, period, holder, acquired_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (job, period) DO NOTHING",
    )
    .bind(job)
    .bind(period)
    .bind(holder)
    .bind(now)
    .bind(expires)
    .execute(pool)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(true);
    }
    // An unfinished period whose holder stopped renewing: one UPDATE wins it (the row
    // is re-checked under its lock on PostgreSQL; SQLite has one writer).
    let taken = sqlx::query(
        "UPDATE job_leases SET holder = $3, acquired_at = $4, expires_at = $5
         WHERE job = $1 AND period = $2 AND finished_at IS NULL AND expires_at < $4",
    )
    .bind(job)
    .bind(period)
    .bind(holder)
    .bind(now)
    .bind(expires)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

pub(crate) async fn renew_lease(
    pool: &Pool<Db>,
    job: &str,
    period: &str,
    holder: &str,
    ttl: TimeDelta,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let renewed = sqlx::query(
        "UPDATE job_leases SET expires_at = $4
         WHERE job = $1 AND period = $2 AND holder = $3 AND finished_at IS NULL",
    )
    .bind(job)
    .bind(period)
    .bind(holder)
    .bind(micros(now + ttl))
    .execute(pool)
    .await?
    .rows_affected();
    Ok(renewed == 1)
}

async fn finish(
    conn: &mut Conn,
    job: &str,
    period: &str,
    holder: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let now = micros(now);
    let done = sqlx::query(
        "UPDATE job_leases SET finished_at = $4, expires_at = $4
         WHERE job = $1 AND period = $2 AND holder = $3 AND finished_at IS NULL",
    )
    .bind(job)
    .bind(period)
    .bind(holder)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

pub(crate) async fn finish_lease(
    pool: &Pool<Db>,
    job: &str,
    period: &str,
    holder: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut conn = pool.acquire().await?;
    finish(&mut conn, job, period, holder, now).await
}

pub(crate) async fn lease(
    pool: &Pool<Db>,
    job: &str,
    period: &str,
) -> StoreResult<Option<JobLease>> {
    Ok(sqlx::query_as(
        "SELECT job, period, holder, acquired_at, expires_at, finished_at
         FROM job_leases WHERE job = $1 AND period = $2",
    )
    .bind(job)
    .bind(period)
    .fetch_optional(pool)
    .await?)
}

pub(crate) async fn max_case_id(pool: &Pool<Db>) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM cases")
            .fetch_one(pool)
            .await?
            .unwrap_or(0),
    )
}

/// D4 — settle a batch of closed windows without a test, oldest end first, through
/// the partial index of unsettled ones. Windows of suspended cases wait for their
/// re-planning (N13).
pub(crate) async fn sweep_windows(
    pool: &Pool<Db>,
    cutoffs: &SweepCutoffs,
    limit: i64,
) -> StoreResult<(SweepCounts, u64)> {
    let mut tx = pool.begin().await?;
    let verdicts: Vec<bool> = sqlx::query_scalar(
        "UPDATE test_windows SET missed = (
            SELECT CASE WHEN c.closed_on IS NULL OR c.closed_on > test_windows.ends_on
                        THEN TRUE ELSE FALSE END
            FROM cases c WHERE c.id = test_windows.case_id)
         WHERE (case_id, idx) IN (
            SELECT w.case_id, w.idx FROM test_windows w JOIN cases c ON c.id = w.case_id
            WHERE w.done_on IS NULL AND w.missed IS NULL AND w.ends_on <= $1 AND c.state <> $2
            ORDER BY w.ends_on LIMIT $3)
         RETURNING missed",
    )
    .bind(cutoffs.window_closed)
    .bind(CaseState::Suspended.code())
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let missed = verdicts.iter().filter(|m| **m).count();
    let counts = SweepCounts {
        windows_missed: i64::try_from(missed).unwrap_or(i64::MAX),
        windows_void: i64::try_from(verdicts.len() - missed).unwrap_or(i64::MAX),
        ..SweepCounts::default()
    };
    Ok((counts, verdicts.len() as u64))
}

/// `'a', 'b'` — the fixed codes of states, for an IN list.
fn state_list(states: &[CaseState]) -> String {
    states
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Raise a flag, or raise again one that was cleared with the same due date.
const RAISE_CONFLICT: &str = "ON CONFLICT (case_id, kind, due_on)
    DO UPDATE SET cleared_on = NULL, raised_on = excluded.raised_on
    WHERE case_flags.cleared_on IS NOT NULL";

/// N3, CASE-2, N12 — flags of the cases with ids `from..=to`, in one transaction.
pub(crate) async fn sweep_cases(
    pool: &Pool<Db>,
    cutoffs: &SweepCutoffs,
    from: i64,
    to: i64,
) -> StoreResult<SweepCounts> {
    let mut tx = pool.begin().await?;
    let mut counts = SweepCounts::default();
    let flags = [
        (
            SweepFlag::NotificationOverdue,
            "handover_deadline",
            cutoffs.notification_overdue,
        ),
        (
            SweepFlag::ReportInOverdue,
            "report_deadline",
            cutoffs.report_in_overdue,
        ),
        (SweepFlag::TermEnded, "term_end", cutoffs.term_ended),
    ];
    for (flag, column, cutoff) in flags {
        let states = state_list(flag.states());
        let raised = sqlx::query(&format!(
            "INSERT INTO case_flags (case_id, kind, due_on, unit_path, raised_on)
             SELECT id, $1, {column}, unit_path, $2 FROM cases
             WHERE id >= $3 AND id <= $4 AND state IN ({states}) AND {column} <= $5
             {RAISE_CONFLICT}"
        ))
        .bind(flag.code())
        .bind(cutoffs.today)
        .bind(from)
        .bind(to)
        .bind(cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let raised = i64::try_from(raised).unwrap_or(i64::MAX);
        match flag {
            SweepFlag::NotificationOverdue => counts.notification_overdue += raised,
            SweepFlag::ReportInOverdue => counts.report_in_overdue += raised,
            SweepFlag::TermEnded => counts.term_ended += raised,
            SweepFlag::HandoverUnacknowledged => counts.handover_unacknowledged += raised,
        }
        // Cleared once the case left the states, or its date moved (a new deadline
        // after a transfer, a term moved by a suspension).
        let cleared = sqlx::query(&format!(
            "UPDATE case_flags SET cleared_on = $1
             WHERE kind = $2 AND cleared_on IS NULL AND case_id >= $3 AND case_id <= $4
               AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = case_flags.case_id
                   AND c.state IN ({states}) AND c.{column} = case_flags.due_on)"
        ))
        .bind(cutoffs.today)
        .bind(flag.code())
        .bind(from)
        .bind(to)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        counts.flags_cleared += i64::try_from(cleared).unwrap_or(i64::MAX);
    }
    // CASE-2 — a hand-over flag is cleared once the case has no pending hand-over.
    let cleared = sqlx::query(
        "UPDATE case_flags SET cleared_on = $1
         WHERE kind = $2 AND cleared_on IS NULL AND case_id >= $3 AND case_id <= $4
           AND NOT EXISTS (SELECT 1 FROM handovers h JOIN cases c ON c.id = h.case_id
               WHERE h.case_id = case_flags.case_id AND h.received_on IS NULL
                 AND c.closed_on IS NULL)",
    )
    .bind(cutoffs.today)
    .bind(SweepFlag::HandoverUnacknowledged.code())
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    counts.flags_cleared += i64::try_from(cleared).unwrap_or(i64::MAX);
    tx.commit().await?;
    Ok(counts)
}

/// CASE-2 — flag unacknowledged hand-overs of open cases, by hand-over id; the flag
/// is due on the acknowledgement deadline and sits with the receiving unit.
pub(crate) async fn sweep_handovers(
    pool: &Pool<Db>,
    cal: &HolidayCalendar,
    cutoffs: &SweepCutoffs,
    after: i64,
    limit: i64,
) -> StoreResult<(SweepCounts, u64, Option<i64>)> {
    let Some(cutoff) = cutoffs.handover_unacknowledged else {
        return Ok((SweepCounts::default(), 0, None));
    };
    let mut tx = pool.begin().await?;
    let rows: Vec<(i64, i64, NaiveDate, String)> = sqlx::query_as(
        "SELECT h.id, h.case_id, h.sent_on, h.to_path FROM handovers h
         JOIN cases c ON c.id = h.case_id
         WHERE h.id > $1 AND h.received_on IS NULL AND c.closed_on IS NULL AND h.sent_on <= $2
         ORDER BY h.id LIMIT $3",
    )
    .bind(after)
    .bind(cutoff)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut counts = SweepCounts::default();
    for (_, case_id, sent_on, to_path) in &rows {
        let raised = sqlx::query(&format!(
            "INSERT INTO case_flags (case_id, kind, due_on, unit_path, raised_on)
             VALUES ($1, $2, $3, $4, $5) {RAISE_CONFLICT}"
        ))
        .bind(case_id)
        .bind(SweepFlag::HandoverUnacknowledged.code())
        .bind(case2_handover_ack_deadline(cal, *sent_on))
        .bind(to_path)
        .bind(cutoffs.today)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        counts.handover_unacknowledged += i64::try_from(raised).unwrap_or(i64::MAX);
    }
    tx.commit().await?;
    let last = if rows.len() as i64 == limit {
        rows.last().map(|r| r.0)
    } else {
        None
    };
    Ok((counts, rows.len() as u64, last))
}

pub(crate) async fn finish_sweep(pool: &Pool<Db>, job: &str, run: &SweepRun) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    if !finish(&mut tx, job, &run.period, &run.holder, run.finished_at).await? {
        return Ok(false);
    }
    let c = &run.counts;
    sqlx::query(
        "INSERT INTO sweep_runs (period, holder, started_at, finished_at, windows_missed,
            windows_void, notification_overdue, report_in_overdue, term_ended,
            handover_unacknowledged, flags_cleared, quality_raised, quality_cleared, left_control)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&run.period)
    .bind(&run.holder)
    .bind(micros(run.started_at))
    .bind(micros(run.finished_at))
    .bind(c.windows_missed)
    .bind(c.windows_void)
    .bind(c.notification_overdue)
    .bind(c.report_in_overdue)
    .bind(c.term_ended)
    .bind(c.handover_unacknowledged)
    .bind(c.flags_cleared)
    .bind(c.quality_raised)
    .bind(c.quality_cleared)
    .bind(c.left_control)
    .execute(&mut *tx)
    .await?;
    let entry = AuditEntry::of_object(
        run.finished_at,
        None,
        "sweep.run",
        "sweep",
        None,
        format!(
            "每日清理 {}(执行实例 {}):{}",
            run.period,
            run.holder,
            c.summary_zh()
        ),
    );
    crate::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct RunRow {
    period: String,
    holder: String,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    windows_missed: i64,
    windows_void: i64,
    notification_overdue: i64,
    report_in_overdue: i64,
    term_ended: i64,
    handover_unacknowledged: i64,
    flags_cleared: i64,
    quality_raised: i64,
    quality_cleared: i64,
    left_control: i64,
}

pub(crate) async fn sweep_run(pool: &Pool<Db>, period: &str) -> StoreResult<Option<SweepRun>> {
    let row: Option<RunRow> = sqlx::query_as(
        "SELECT period, holder, started_at, finished_at, windows_missed, windows_void,
            notification_overdue, report_in_overdue, term_ended, handover_unacknowledged,
            flags_cleared, quality_raised, quality_cleared, left_control
         FROM sweep_runs WHERE period = $1",
    )
    .bind(period)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| SweepRun {
        period: r.period,
        holder: r.holder,
        started_at: r.started_at,
        finished_at: r.finished_at,
        counts: SweepCounts {
            windows_missed: r.windows_missed,
            windows_void: r.windows_void,
            notification_overdue: r.notification_overdue,
            report_in_overdue: r.report_in_overdue,
            term_ended: r.term_ended,
            handover_unacknowledged: r.handover_unacknowledged,
            flags_cleared: r.flags_cleared,
            quality_raised: r.quality_raised,
            quality_cleared: r.quality_cleared,
            left_control: r.left_control,
        },
    }))
}

pub(crate) async fn case_flags(pool: &Pool<Db>, case_id: i64) -> StoreResult<Vec<CaseFlag>> {
    Ok(sqlx::query_as(
        "SELECT case_id, kind, due_on, raised_on, cleared_on FROM case_flags
         WHERE case_id = $1 ORDER BY due_on, kind",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}
