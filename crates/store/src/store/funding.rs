//! Issue 20 — FUND-1: budgets, allocations and spending by category, and the funding
//! report of a unit's year.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::staff::*;

#[async_trait]
pub trait Funding: Send + Sync {
    /// FUND-1 — record a budget, allocation or spending of a unit of the scope, dated
    /// never after `today`; audited (`funding.created`).
    async fn add_funding(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewFunding,
        today: NaiveDate,
    ) -> StoreResult<FundingEntry>;
    /// The entries of a year in scope (or one unit's subtree), newest first (keyset by id).
    async fn funding_entries(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        year: i32,
        page: PageRequest,
    ) -> StoreResult<Page<FundingEntry>>;
    /// FUND-1 — the year of `unit_id` (default: the scope's unit): children side by
    /// side, required by the rule against budgeted, allocated and spent by category.
    async fn funding_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        year: i32,
    ) -> StoreResult<FundingReport>;
}
