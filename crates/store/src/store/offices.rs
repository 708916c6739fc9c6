//! FAC-1 — the offices (work stations) of the townships and communities of a scope,
//! their photos, and the offices report.

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::inspections::*;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;

#[async_trait]
pub trait Offices: Send + Sync {
    /// The offices of the scope (or one unit's subtree in it), keyset by id.
    async fn offices(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        page: PageRequest,
    ) -> StoreResult<Page<Office>>;
    /// One office in scope.
    async fn office(&self, scope: &Scope, id: i64) -> StoreResult<Office>;
    /// FAC-1 — record the office of a township or community of the scope (one per
    /// unit); audited (`office.created`).
    async fn add_office(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewOffice,
    ) -> StoreResult<Office>;
    /// FAC-1 — change an office (the whole of it, at `version`; its unit stays);
    /// audited (`office.updated`).
    async fn update_office(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewOffice,
    ) -> StoreResult<Office>;
    /// The photos of an office in scope, oldest first.
    async fn office_photos(&self, scope: &Scope, office_id: i64) -> StoreResult<Vec<OfficePhoto>>;
    /// FAC-1 — keep a photo of an office in scope (JPEG or PNG by content, at most
    /// 5 MB, at most 20 per office); audited (`office.photo_added`).
    async fn add_office_photo(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        office_id: i64,
        caption: &str,
        data: &[u8],
    ) -> StoreResult<OfficePhoto>;
    /// A photo with its bytes, only when its office is in scope.
    async fn office_photo(
        &self,
        scope: &Scope,
        photo_id: i64,
    ) -> StoreResult<(OfficePhoto, Vec<u8>)>;
    /// FAC-1 — the offices report of `unit_id` (default: the scope's unit).
    async fn facilities_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
    ) -> StoreResult<FacilitiesReport>;
}
