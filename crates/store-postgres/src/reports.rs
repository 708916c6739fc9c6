//! STAT-1 periodic reports (报表) on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/reports/`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Reports;
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

include!("../../store/engine-sql/reports/count.rs");
include!("../../store/engine-sql/reports/read.rs");
include!("../../store/engine-sql/reports/submissions.rs");
include!("../../store/engine-sql/reports/persons.rs");
include!("../../store/engine-sql/reports/ledger.rs");

#[async_trait]
impl Reports for PgStore {
    async fn count_reports(
        &self,
        cal: &HolidayCalendar,
        periods: &[ReportPeriod],
        today: NaiveDate,
        now: DateTime<Utc>,
        by: Option<i64>,
        recount: bool,
    ) -> StoreResult<Vec<Counted>> {
        count(
            &self.pool, &self.pool, cal, periods, today, now, by, recount,
        )
        .await
    }
    async fn report(&self, scope: &Scope, period: ReportPeriod) -> StoreResult<Report> {
        read(&self.pool, scope, period).await
    }
    async fn report_persons(
        &self,
        cal: &HolidayCalendar,
        scope: &Scope,
        period: ReportPeriod,
        figure: Figure,
        today: NaiveDate,
        after: Option<ReportPersonsCursor>,
        limit: u32,
    ) -> StoreResult<ReportPersonsPage> {
        let keys = self.keys.get()?;
        persons(
            &self.pool, &keys, cal, scope, period, figure, today, after, limit,
        )
        .await
    }
    async fn ledger(
        &self,
        scope: &Scope,
        month: ReportPeriod,
        after: Option<ReportPersonsCursor>,
        limit: u32,
    ) -> StoreResult<LedgerPage> {
        let keys = self.keys.get()?;
        self::ledger(&self.pool, &keys, scope, month, after, limit).await
    }
    async fn submit_report(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        period: ReportPeriod,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        submit(&self.pool, scope, actor_user_id, period, note, now).await
    }
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
    ) -> StoreResult<()> {
        self::review(
            &self.pool,
            scope,
            actor_user_id,
            unit_id,
            period,
            review,
            note,
            now,
        )
        .await
    }
    async fn report_submissions(
        &self,
        scope: &Scope,
        period: ReportPeriod,
    ) -> StoreResult<Vec<SubmissionRow>> {
        submissions(&self.pool, scope, period).await
    }
}
