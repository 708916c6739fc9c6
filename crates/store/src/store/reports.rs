//! STAT-1 — periodic reports (报表; design in `crate::reports`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::report::ReportPeriod;

use crate::error::StoreResult;
use crate::reports::{Counted, Report, Review, SubmissionRow};
use crate::scope::Scope;

#[async_trait]
pub trait Reports: Send + Sync {
    /// Count `periods` on `today` for the whole installation: an open period's running
    /// version is replaced; a closed period without a frozen version is frozen; a closed
    /// period already frozen is counted again only when `recount`, and the count is kept
    /// as a correction when its figures differ. `by` is the user who asked (`None`: the
    /// daily job). Each period is one transaction.
    async fn count_reports(
        &self,
        cal: &HolidayCalendar,
        periods: &[ReportPeriod],
        today: NaiveDate,
        now: DateTime<Utc>,
        by: Option<i64>,
        recount: bool,
    ) -> StoreResult<Vec<Counted>>;
    /// The report of the scope's unit for `period`: one row per child unit, 本级, the
    /// total, with the totals of the period before and the year before, and the latest
    /// correction. Reads stored figures only.
    async fn report(&self, scope: &Scope, period: ReportPeriod) -> StoreResult<Report>;
    /// The township office (the scope's unit) submits its frozen report of `period`.
    /// Audited (`report.submitted`).
    async fn submit_report(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        period: ReportPeriod,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// A supervising office accepts or returns a submitted report of a unit in its
    /// scope (not its own). Audited (`report.accepted` / `report.returned`).
    #[allow(clippy::too_many_arguments)]
    async fn review_report(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        unit_id: i64,
        period: ReportPeriod,
        review: Review,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The townships (units of the kind that reports) in the scope, with the state of
    /// their report for `period` — 未报送 when they have none.
    async fn report_submissions(
        &self,
        scope: &Scope,
        period: ReportPeriod,
    ) -> StoreResult<Vec<SubmissionRow>>;
}
