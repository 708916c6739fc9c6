//! The daily sweep (D4, N3, CASE-2, N12) and the job leases that let one instance of
//! several run it.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::sweep::SweepCutoffs;

use crate::error::StoreResult;
use crate::sweep::{CaseFlag, JobLease, SweepCounts, SweepRun};

#[async_trait]
pub trait Sweep: Send + Sync {
    /// Claim `period` of `job` for `holder` until `now + ttl`: a new period is claimed
    /// with INSERT … ON CONFLICT DO NOTHING (one claimer wins); an unfinished period
    /// whose lease expired is taken over. `true` when `holder` now holds it.
    async fn try_claim_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Extend the holder's unfinished lease; `false` when it is no longer theirs.
    async fn renew_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Mark the holder's lease finished (the period is done and never runs again).
    async fn finish_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn lease(&self, job: &str, period: &str) -> StoreResult<Option<JobLease>>;
    /// The highest case id (0 without cases), for the sweep's key ranges.
    async fn max_case_id(&self) -> StoreResult<i64>;
    /// D4 — settle up to `limit` closed, untested windows (missed or void); returns the
    /// counts and how many windows were settled.
    async fn sweep_windows(
        &self,
        cutoffs: &SweepCutoffs,
        limit: i64,
    ) -> StoreResult<(SweepCounts, u64)>;
    /// N3, CASE-2, N12 — raise and clear the flags of cases `from..=to`.
    async fn sweep_cases(
        &self,
        cutoffs: &SweepCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<SweepCounts>;
    /// CASE-2 — flag up to `limit` unacknowledged hand-overs after hand-over id `after`;
    /// returns the counts, how many were looked at and the last id (`None` at the end).
    async fn sweep_handovers(
        &self,
        cal: &HolidayCalendar,
        cutoffs: &SweepCutoffs,
        after: i64,
        limit: i64,
    ) -> StoreResult<(SweepCounts, u64, Option<i64>)>;
    /// Write the `sweep_runs` row and its audit record and finish the lease, in one
    /// transaction; `false` (nothing written) when `run.holder` no longer holds it.
    async fn finish_sweep(&self, job: &str, run: &SweepRun) -> StoreResult<bool>;
    async fn sweep_run(&self, period: &str) -> StoreResult<Option<SweepRun>>;
    /// The flags of one case, oldest first (the operator's and the tests' view).
    async fn case_flags(&self, case_id: i64) -> StoreResult<Vec<CaseFlag>>;
}
