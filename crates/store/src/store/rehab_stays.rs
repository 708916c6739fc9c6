//! CASE-5, N16 — stays in a 戒毒康复场所, on the cases of the acting user's scope (a case
//! outside it answers like a missing one).

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::rehab_stays::*;
use crate::scope::Scope;

#[async_trait]
pub trait RehabStays: Send + Sync {
    /// CASE-5 — record the entry of an open case's person into a rehabilitation centre
    /// (one running stay per case; not before the decision, not in the future); audited
    /// (`case.rehab_entry`).
    async fn enter_rehab_centre(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewStay,
        today: NaiveDate,
    ) -> StoreResult<Stay>;
    /// CASE-5 — record the exit of a running stay (once; not before the entry, not in the
    /// future); audited (`case.rehab_exit`).
    async fn exit_rehab_centre(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        stay_id: i64,
        exit: &StayExit,
        today: NaiveDate,
    ) -> StoreResult<Stay>;
    /// A case of the scope with its stays, newest first.
    async fn case_stays(&self, scope: &Scope, case_id: i64) -> StoreResult<CaseStays>;
    /// The stays of the scope's cases, newest first (keyset: `after` the last id seen).
    async fn rehab_stays(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Stay>>;
}
