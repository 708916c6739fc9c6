//! BASE-1 — the register of employment placement facilities.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::placement::*;
use crate::scope::Scope;

#[async_trait]
pub trait PlacementBases: Send + Sync {
    /// The facilities of the scope (or of one unit's subtree in it), keyset by id; with
    /// `filter.with_closed` also those closed before `today`.
    async fn placement_bases(
        &self,
        scope: &Scope,
        filter: PlacementFilter,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<PlacementBase>>;
    /// One entry in scope.
    async fn placement_base(&self, scope: &Scope, id: i64) -> StoreResult<PlacementBase>;
    /// BASE-1 — register a facility at a district of the scope or a unit below one;
    /// audited (`placement_base.created`).
    async fn add_placement_base(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPlacementBase,
        today: NaiveDate,
    ) -> StoreResult<PlacementBase>;
    /// BASE-1 — change an entry (the whole of it, at `version`), e.g. close it;
    /// audited (`placement_base.updated`).
    async fn update_placement_base(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewPlacementBase,
        today: NaiveDate,
    ) -> StoreResult<PlacementBase>;
    /// BASE-1 — the facilities of the district of a case in scope, open on `day`: what
    /// a placement on the case may name (the facility lies outside a township's scope).
    async fn placement_facilities_for_case(
        &self,
        scope: &Scope,
        case_id: i64,
        day: NaiveDate,
    ) -> StoreResult<Vec<PlacementChoice>>;
}
