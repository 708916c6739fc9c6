//! Supervision dashboards (STAT-1; design in `crate::dashboard`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::dashboard::Dashboard;
use crate::error::StoreResult;
use crate::scope::Scope;

#[async_trait]
pub trait Supervision: Send + Sync {
    /// The dashboard of the scope: one row per child of the scope's unit (the roots for
    /// [`Scope::system`]), a 本级 row when orders are kept at the unit itself, and the
    /// total. Orders by state are current; the day-dependent figures are those of the
    /// last snapshot (use [`crate::dashboard::current`] to keep them fresh).
    async fn dashboard(&self, scope: &Scope) -> StoreResult<Dashboard>;
    /// Count the day-dependent figures for `today` again, unless the snapshot is for
    /// `today` and younger than `max_age` or another instance holds the refresh lease.
    /// Returns whether this call refreshed it.
    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool>;
}
