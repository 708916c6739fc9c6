//! WEL-1..7, JOB-1, N7 — the partner departments' and the community's records on a
//! case, their queues and JOB-1's figures. Every method takes the acting user's scope
//! (the case's execution place in its subtree; else `NotFound`); every read of a case's
//! records and every write is audited in its transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::permission::Role;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::support::*;

#[async_trait]
pub trait Support: Send + Sync {
    /// The minimal view of the case's person and its records, newest first; audited
    /// (`support.read`, the person's).
    async fn support_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
    ) -> StoreResult<SupportCase>;
    /// Record `new` on the case as `role` (`jiekang_domain::support::may_record`,
    /// dates by `check_dates`); audited (`support.recorded`).
    async fn add_support(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        case_id: i64,
        new: &NewSupport,
        today: NaiveDate,
    ) -> StoreResult<SupportRecord>;
    /// Decide a pending record (`may_decide`, `check_decision_date`), by the role that
    /// records its kind; a record already decided is `Stale`; audited
    /// (`support.decided`).
    async fn decide_support(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        record_id: i64,
        decision: &SupportDecision,
        today: NaiveDate,
    ) -> StoreResult<SupportRecord>;
    /// One page of a queue of the scope, keyset (record id, or case id for the person
    /// queues).
    async fn support_queue(
        &self,
        scope: &Scope,
        queue: SupportQueue,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<SupportQueueRow>>;
    /// JOB-1 — persons under a measure in scope, with a job running on `today`, and
    /// with any training.
    async fn employment_figures(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<EmploymentFigures>;
}
