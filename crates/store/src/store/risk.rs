//! CASE-7, D6 — risk schemes and assessments; N6 — caseloads. The assessment and the
//! assignment themselves are case commands ([`crate::cases::CaseCommand::Assess`],
//! [`crate::cases::CaseCommand::Assign`]).

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::risk::RiskScheme;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::risk::*;
use crate::scope::Scope;

#[async_trait]
pub trait Risk: Send + Sync {
    /// Every version, newest first (schemes hold no person data).
    async fn risk_schemes(&self) -> StoreResult<Vec<StoredScheme>>;
    /// One version; `None` = the current (newest) one.
    async fn risk_scheme(&self, version: Option<i64>) -> StoreResult<StoredScheme>;
    /// D6 — save `scheme` as the next version (checked by
    /// `jiekang_domain::risk::d6_check_scheme`); audited (`risk_scheme.created`).
    async fn add_risk_scheme(
        &self,
        actor_user_id: i64,
        scheme: &RiskScheme,
    ) -> StoreResult<StoredScheme>;
    /// The assessments of a case in scope, newest first.
    async fn risk_assessments(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<Assessment>>;
    /// The assignments of a case in scope, newest first.
    async fn case_assignments(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<Assignment>>;
    /// The users of the scope who may be named on cases (community staff and police).
    async fn assignment_candidates(&self, scope: &Scope) -> StoreResult<Vec<Candidate>>;
    /// "我的人员": the open cases in scope naming `user_id` as `carer`, keyset by case id,
    /// with what is due (the next planned test from `today`).
    async fn my_cases(
        &self,
        scope: &Scope,
        user_id: i64,
        carer: Carer,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<MyCase>>;
    /// N6 — each community worker's and officer's open caseload in scope.
    async fn caseloads(&self, scope: &Scope) -> StoreResult<Vec<Caseload>>;
    /// STAT-1, D6 — open orders of the scope by level (from the trigger-kept counts).
    async fn risk_counts(&self, scope: &Scope) -> StoreResult<RiskCounts>;
}
