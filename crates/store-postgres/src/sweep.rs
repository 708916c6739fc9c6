//! Issue #6 items 3–4 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/sweep.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Sweep;
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

include!("../../store/engine-sql/sweep.rs");

#[async_trait]
impl Sweep for PgStore {
    async fn try_claim_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        try_claim_lease(&self.pool, job, period, holder, ttl, now).await
    }
    async fn renew_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        renew_lease(&self.pool, job, period, holder, ttl, now).await
    }
    async fn finish_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        finish_lease(&self.pool, job, period, holder, now).await
    }
    async fn lease(
        &self,
        job: &str,
        period: &str,
    ) -> StoreResult<Option<jiekang_store::sweep::JobLease>> {
        lease(&self.pool, job, period).await
    }
    async fn max_case_id(&self) -> StoreResult<i64> {
        max_case_id(&self.pool).await
    }
    async fn sweep_windows(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64)> {
        sweep_windows(&self.pool, cutoffs, limit).await
    }
    async fn sweep_cases(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<jiekang_store::sweep::SweepCounts> {
        sweep_cases(&self.pool, cutoffs, from, to).await
    }
    async fn sweep_handovers(
        &self,
        cal: &HolidayCalendar,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        after: i64,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64, Option<i64>)> {
        sweep_handovers(&self.pool, cal, cutoffs, after, limit).await
    }
    async fn finish_sweep(
        &self,
        job: &str,
        run: &jiekang_store::sweep::SweepRun,
    ) -> StoreResult<bool> {
        finish_sweep(&self.pool, job, run).await
    }
    async fn sweep_run(&self, period: &str) -> StoreResult<Option<jiekang_store::sweep::SweepRun>> {
        sweep_run(&self.pool, period).await
    }
    async fn case_flags(&self, case_id: i64) -> StoreResult<Vec<jiekang_store::sweep::CaseFlag>> {
        case_flags(&self.pool, case_id).await
    }
}
