//! STAT-1 — periodic reports (报表; design in `crate::reports`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::report::ReportPeriod;

use crate::error::StoreResult;
use jiekang_domain::report::Figure;

use crate::reports::{
    Counted, LedgerPage, Report, ReportPersonsCursor, ReportPersonsPage, Review, SubmissionRow,
};
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
    /// D5 — the orders behind `figure` of `period` in the scope, classified now by the
    /// same rules as the count (a frozen figure may differ where records were entered
    /// late), in (unit path, case id) order from `after`. Reads person names and masked
    /// ID numbers: the caller audits the read.
    #[allow(clippy::too_many_arguments)]
    async fn report_persons(
        &self,
        cal: &HolidayCalendar,
        scope: &Scope,
        period: ReportPeriod,
        figure: Figure,
        today: NaiveDate,
        after: Option<ReportPersonsCursor>,
        limit: u32,
    ) -> StoreResult<ReportPersonsPage>;
    /// 台账 — the orders of the scope running at some day of `month` (decided by its
    /// end, not ended before it), with the month's tests, talks and leave, in (unit path,
    /// case id) order from `after`. Reads names and masked ID numbers: the caller audits
    /// exports.
    async fn ledger(
        &self,
        scope: &Scope,
        month: ReportPeriod,
        after: Option<ReportPersonsCursor>,
        limit: u32,
    ) -> StoreResult<LedgerPage>;
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
