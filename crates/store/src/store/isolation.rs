//! CASE-1, CASE-2, N16 — releases from compulsory isolation. The centre's own register is
//! bounded by its unit (another centre's release answers like a missing one); the
//! receiving side by the acting user's scope (the release's township).

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;

use crate::error::StoreResult;
use crate::isolation::*;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;

#[async_trait]
pub trait Isolation: Send + Sync {
    /// CASE-1, N16 — record a release by the centre of `centre_unit_id`. The receiving
    /// unit must be a township or community of the scope; the person is found by ID
    /// number (or registered there); with an order the hand-over deadline is set (CASE-2).
    /// Refused (nothing written) for a date in the future, an order without number;
    /// audited (`isolation.released`, and `person.create` for a new person).
    async fn record_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        centre_unit_id: i64,
        new: &NewRelease,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Release>;
    /// The centre's releases, newest first (keyset: `after` is the last id seen).
    async fn centre_releases(
        &self,
        centre_unit_id: i64,
        page: PageRequest,
    ) -> StoreResult<Page<Release>>;
    /// One release of the centre; audited (`isolation.read`).
    async fn centre_release(
        &self,
        actor_user_id: i64,
        centre_unit_id: i64,
        id: i64,
    ) -> StoreResult<Release>;
    /// The releases handed to the units of the scope (`pending_only`: not yet
    /// acknowledged, oldest deadline first; otherwise newest first).
    async fn incoming_releases(
        &self,
        scope: &Scope,
        pending_only: bool,
        page: PageRequest,
    ) -> StoreResult<Page<Release>>;
    /// One release handed to a unit of the scope; audited (`isolation.read`).
    async fn incoming_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Release>;
    /// CASE-2 — the township acknowledges (接收) a release with an order; refused when
    /// already received, without an order, dated before the release or in the future;
    /// audited (`isolation.received`).
    async fn receive_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        received_on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<Release>;
    /// The hand-overs to the scope waiting for acknowledgement, and how many are overdue.
    async fn incoming_release_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<ReleaseCounts>;
    /// The same for the hand-overs a centre sent.
    async fn centre_release_counts(
        &self,
        centre_unit_id: i64,
        today: NaiveDate,
    ) -> StoreResult<ReleaseCounts>;
}
