//! The daily sweep over all cases, and the job leases that make
//! it run exactly once per period however many instances share the database.
//!
//! The rules are `jiekang_domain::sweep`'s; the engines run them as set-based
//! statements (`engine-sql/sweep.rs`) over key ranges, one short write transaction per
//! batch, so the SQLite writer is free between batches and the application stays
//! responsive. Every statement is idempotent: a holder that took over a crashed one's
//! lease redoes the period safely.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::sweep::{DAILY_SWEEP_JOB, SweepCutoffs};
use serde::Serialize;

use crate::quality::QualityCutoffs;
use crate::{Store, StoreError, StoreResult};

/// A claimed period of a job.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct JobLease {
    pub job: String,
    pub period: String,
    pub holder: String,
    pub acquired_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What one sweep (or one batch of it) changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SweepCounts {
    /// D4 — windows found closed with no test (漏检).
    pub windows_missed: i64,
    /// D4 — windows of cases closed on or before their end (not owed).
    pub windows_void: i64,
    /// CASE-2, N1 — flags raised.
    pub notification_overdue: i64,
    /// N3 — flags raised.
    pub report_in_overdue: i64,
    /// D3, N12 — flags raised.
    pub term_ended: i64,
    /// CASE-2 — flags raised.
    pub handover_unacknowledged: i64,
    /// Flags whose condition no longer holds.
    pub flags_cleared: i64,
    /// INFO-2 — data-quality findings raised.
    pub quality_raised: i64,
    /// INFO-2 — data-quality findings whose condition no longer holds.
    pub quality_cleared: i64,
    /// N19 — persons who left dynamic control.
    pub left_control: i64,
}

impl SweepCounts {
    pub fn add(&mut self, o: &SweepCounts) {
        self.windows_missed += o.windows_missed;
        self.windows_void += o.windows_void;
        self.notification_overdue += o.notification_overdue;
        self.report_in_overdue += o.report_in_overdue;
        self.term_ended += o.term_ended;
        self.handover_unacknowledged += o.handover_unacknowledged;
        self.flags_cleared += o.flags_cleared;
        self.quality_raised += o.quality_raised;
        self.quality_cleared += o.quality_cleared;
        self.left_control += o.left_control;
    }

    pub fn summary_zh(&self) -> String {
        format!(
            "漏检窗口 {} 个、作废窗口 {} 个;逾期未通知 {}、逾期未报到 {}、期满待解除 {}、移交逾期未接收 {};解除提示 {};质量问题新增 {}、消除 {};解除动态管控 {} 人",
            self.windows_missed,
            self.windows_void,
            self.notification_overdue,
            self.report_in_overdue,
            self.term_ended,
            self.handover_unacknowledged,
            self.flags_cleared,
            self.quality_raised,
            self.quality_cleared,
            self.left_control
        )
    }
}

/// One completed sweep, as `sweep_runs` keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepRun {
    /// The day swept, `YYYY-MM-DD`.
    pub period: String,
    pub holder: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub counts: SweepCounts,
}

/// A flag the sweep raised on a case.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseFlag {
    pub case_id: i64,
    pub kind: String,
    pub due_on: NaiveDate,
    pub raised_on: NaiveDate,
    pub cleared_on: Option<NaiveDate>,
}

/// How a sweep runs.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Who holds the lease (instance name, process id, a random part).
    pub holder: String,
    /// How long a lease lasts without renewal; renewed after every batch.
    pub ttl: TimeDelta,
    /// Case ids per write transaction.
    pub case_batch: i64,
    /// Windows per write transaction.
    pub window_batch: i64,
}

impl SweepOptions {
    pub fn new(holder: impl Into<String>) -> Self {
        Self {
            holder: holder.into(),
            ttl: TimeDelta::minutes(5),
            case_batch: 20_000,
            window_batch: 5_000,
        }
    }
}

/// Progress of a running sweep, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepProgress {
    /// Windows settled so far.
    Windows(u64),
    /// Case ids covered so far, of the highest id.
    Cases { done: i64, of: i64 },
    /// Hand-overs looked at so far.
    Handovers(u64),
    /// INFO-2 — data-quality findings raised so far.
    Quality(i64),
}

/// The result of asking for a sweep.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepOutcome {
    /// This holder ran the period.
    Ran(SweepRun),
    /// The period was completed before.
    AlreadyDone,
    /// Another holder has the period's lease and it has not expired.
    HeldElsewhere(String),
}

/// The period key of a day.
pub fn period_of(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The daily sweep of `day`, if this holder can claim its lease:
/// settle closed windows (D4), raise and clear flags (N3, CASE-2, N12), write the
/// `sweep_runs` row and one audit record, and finish the lease.
pub async fn run_daily_sweep(
    store: &dyn Store,
    cal: &HolidayCalendar,
    day: NaiveDate,
    opts: &SweepOptions,
    progress: &(dyn Fn(SweepProgress) + Send + Sync),
) -> StoreResult<SweepOutcome> {
    let period = period_of(day);
    let started_at = now_micros();
    if !store
        .try_claim_lease(DAILY_SWEEP_JOB, &period, &opts.holder, opts.ttl, started_at)
        .await?
    {
        return Ok(match store.lease(DAILY_SWEEP_JOB, &period).await? {
            Some(l) if l.finished_at.is_some() => SweepOutcome::AlreadyDone,
            Some(l) => SweepOutcome::HeldElsewhere(l.holder),
            None => SweepOutcome::HeldElsewhere(String::new()),
        });
    }
    let renew = || async {
        if store
            .renew_lease(DAILY_SWEEP_JOB, &period, &opts.holder, opts.ttl, Utc::now())
            .await?
        {
            Ok::<(), StoreError>(())
        } else {
            Err(StoreError::refused("清理任务的租约已被其他实例接管"))
        }
    };
    let cutoffs = SweepCutoffs::on(cal, day);
    let mut counts = SweepCounts::default();

    // D4 — closed windows, through the index of unsettled ones, a batch at a time.
    let mut windows = 0u64;
    loop {
        let (batch, seen) = store.sweep_windows(&cutoffs, opts.window_batch).await?;
        counts.add(&batch);
        windows += seen;
        progress(SweepProgress::Windows(windows));
        renew().await?;
        if seen < u64::try_from(opts.window_batch).unwrap_or(0) {
            break;
        }
    }

    // N3, CASE-2, N12 — flags over case-id ranges.
    let max_id = store.max_case_id().await?;
    let mut from = 1;
    while from <= max_id {
        let to = from.saturating_add(opts.case_batch - 1).min(max_id);
        counts.add(&store.sweep_cases(&cutoffs, from, to).await?);
        progress(SweepProgress::Cases {
            done: to,
            of: max_id,
        });
        renew().await?;
        from = to.saturating_add(1);
    }

    // CASE-2 — hand-overs still unacknowledged, by hand-over id.
    let mut after = 0;
    let mut handovers = 0u64;
    loop {
        let (batch, seen, last) = store
            .sweep_handovers(cal, &cutoffs, after, opts.case_batch)
            .await?;
        counts.add(&batch);
        handovers += seen;
        progress(SweepProgress::Handovers(handovers));
        renew().await?;
        match last {
            Some(last) => after = last,
            None => break,
        }
    }

    // INFO-2 — the data-quality checks: on cases by id range, on persons by id range,
    // on recent entries at once; then N19.
    let quality = QualityCutoffs::on(day);
    let mut from = 1;
    while from <= max_id {
        let to = from.saturating_add(opts.case_batch - 1).min(max_id);
        let q = store.sweep_quality_cases(&quality, from, to).await?;
        counts.quality_raised += q.raised;
        counts.quality_cleared += q.cleared;
        renew().await?;
        from = to.saturating_add(1);
    }
    let max_person = store.max_person_id().await?;
    let mut from = 1;
    while from <= max_person {
        let to = from.saturating_add(opts.case_batch - 1).min(max_person);
        let q = store.sweep_quality_persons(&quality, from, to).await?;
        counts.quality_raised += q.raised;
        counts.quality_cleared += q.cleared;
        renew().await?;
        from = to.saturating_add(1);
    }
    let q = store.sweep_quality_entries(&quality).await?;
    counts.quality_raised += q.raised;
    counts.quality_cleared += q.cleared;
    progress(SweepProgress::Quality(counts.quality_raised));
    renew().await?;
    counts.left_control = store.sweep_dynamic_control(day).await?;
    // N17, MMT-1 — methadone dropouts (3 consecutive missed dosing days) become the
    // townships' tasks; idempotent (the clinic's desk runs it too when it opens).
    store.clinic_dropouts(cal, day).await?;
    renew().await?;

    let run = SweepRun {
        period,
        holder: opts.holder.clone(),
        started_at,
        finished_at: now_micros(),
        counts,
    };
    if !store.finish_sweep(DAILY_SWEEP_JOB, &run).await? {
        return Err(StoreError::refused("清理任务的租约已被其他实例接管"));
    }
    Ok(SweepOutcome::Ran(run))
}

/// Now, to the microsecond both engines keep.
fn now_micros() -> DateTime<Utc> {
    use chrono::DurationRound;
    let now = Utc::now();
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}

/// A lease holder name for this process: host, process id and a random part.
pub fn holder_name(instance: &str) -> String {
    let nanos = Utc::now().timestamp_subsec_nanos();
    format!("{instance}:{}:{nanos:08x}", std::process::id())
}
