//! INFO-2 质量倒查 — the data-quality checks (run by the daily sweep, or on demand by the
//! operator), their counts and lists for the supervising offices, and the 倒查 a district
//! opens on a case. N19 — leaving dynamic control is settled by the same sweep.

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::quality::QualityCheck;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::quality::*;
use crate::scope::Scope;
use crate::tasks::Task;

#[async_trait]
pub trait Quality: Send + Sync {
    /// Run the case checks over the cases with ids in `from..=to`: raise the findings
    /// whose condition holds and has no open finding, clear the open ones whose condition
    /// no longer holds. One transaction.
    async fn sweep_quality_cases(
        &self,
        cutoffs: &QualityCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<QualitySweep>;
    /// The checks on persons (CASE-1), over person ids `from..=to`.
    async fn sweep_quality_persons(
        &self,
        cutoffs: &QualityCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<QualitySweep>;
    /// The checks on recent entries (空转 batches, late entries), over the whole table.
    async fn sweep_quality_entries(&self, cutoffs: &QualityCutoffs) -> StoreResult<QualitySweep>;
    /// The highest person id (the sweep's person ranges).
    async fn max_person_id(&self) -> StoreResult<i64>;
    /// N19 — persons whose last order expired on or before `cutoff`, with no order since,
    /// leave dynamic control on the day three years after; a person given a new order
    /// after leaving is back under control. Returns how many left. Audited per person.
    async fn sweep_dynamic_control(&self, today: NaiveDate) -> StoreResult<i64>;
    /// 实有吸毒人员 — the persons registered in the scope who have not left dynamic
    /// control (N19).
    async fn count_in_control(&self, scope: &Scope) -> StoreResult<i64>;
    /// The open findings of the scope, per check (every check, zero included).
    async fn quality_counts(&self, scope: &Scope) -> StoreResult<Vec<QualityCount>>;
    /// The open findings of one check in the scope, by id (keyset).
    async fn quality_findings(
        &self,
        scope: &Scope,
        check: QualityCheck,
        page: PageRequest,
    ) -> StoreResult<Page<QualityFinding>>;
    /// The findings (open and cleared, newest first) of a case in scope.
    async fn case_quality(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<QualityFinding>>;
    /// 倒查 — open a trace-back task on a case of the scope, addressed to the township
    /// office that keeps it, due on `due_on` (not before `today`). Audited
    /// (`task.trace_back`).
    async fn open_trace_back(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        trace: &NewTraceBack,
        today: NaiveDate,
    ) -> StoreResult<Task>;
    /// The 倒查 addressed to the units of the scope (whoever above opened them), newest
    /// first (keyset by id).
    async fn trace_backs(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Task>>;
    /// One 倒查 addressed to a unit of the scope.
    async fn trace_back(&self, scope: &Scope, id: i64) -> StoreResult<Task>;
    /// The opener closes an answered 倒查 (accepting the answer) or sends it back to be
    /// answered again with `note`. Audited (`task.closed` / `task.returned`).
    async fn close_trace_back(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        task_id: i64,
        version: i64,
        accept: bool,
        note: &str,
    ) -> StoreResult<Task>;
}
