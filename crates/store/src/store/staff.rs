//! Issue 20 — STAFF-4, the staff register; STAFF-1..3, the staffing report of a unit.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::staff::*;

#[async_trait]
pub trait Staff: Send + Sync {
    /// The register of the scope (or of one unit's subtree in it), keyset by id; with
    /// `filter.with_former` also those whose service ended before `today`.
    async fn staff_list(
        &self,
        scope: &Scope,
        filter: StaffFilter,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<StaffMember>>;
    /// One entry in scope.
    async fn staff_member(&self, scope: &Scope, id: i64) -> StoreResult<StaffMember>;
    /// STAFF-4 — register a worker at a unit of the scope (the account, if named by its
    /// username, must be a user of the scope); audited (`staff.created`).
    async fn add_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewStaff,
        account: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<StaffMember>;
    /// STAFF-4 — change an entry (the whole of it, at `version`); audited (`staff.updated`).
    // the entry, who, which one at which version, the account and the day
    #[allow(clippy::too_many_arguments)]
    async fn update_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewStaff,
        account: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<StaffMember>;
    /// STAFF-1..3 — the staffing report of `unit_id` (default: the scope's unit) on
    /// `day`: its children side by side and the total, from one query.
    async fn staffing_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        day: NaiveDate,
    ) -> StoreResult<StaffingReport>;
}
