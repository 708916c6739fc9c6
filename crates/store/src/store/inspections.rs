//! INSPECT-1 — inspection rounds of the units below a district or the city office:
//! findings against the checklist, rectifications (tasks), 通报, 约谈, the districts
//! listed for public notice, and the dashboard's rectification counts.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::inspections::*;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::tasks::Task;

#[async_trait]
pub trait Inspections: Send + Sync {
    /// Plan a round of the scope's office over units strictly below it; audited
    /// (`inspection.created`).
    async fn add_inspection(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewInspection,
    ) -> StoreResult<Inspection>;
    /// The rounds of offices in the scope, newest first (keyset by id).
    async fn inspections(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Inspection>>;
    /// One round in scope with its units and what was found there on `today`.
    async fn inspection(
        &self,
        scope: &Scope,
        id: i64,
        today: NaiveDate,
    ) -> StoreResult<InspectionDetail>;
    /// The findings recorded at one unit of a round in scope.
    async fn inspection_findings(
        &self,
        scope: &Scope,
        id: i64,
        unit_id: i64,
    ) -> StoreResult<Vec<Finding>>;
    /// INSPECT-1 — record (or correct) the findings at a unit of the round, inspected on
    /// `inspected_on` (within the round, never after `today`); every item must belong to
    /// the unit's checklist. Audited (`inspection.findings`).
    // the round, the unit, the day, the findings and today
    #[allow(clippy::too_many_arguments)]
    async fn record_findings(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        unit_id: i64,
        inspected_on: NaiveDate,
        findings: &[FindingInput],
        today: NaiveDate,
    ) -> StoreResult<()>;
    /// INSPECT-1 — set a rectification (a task to the inspected unit, due on `due_on`,
    /// not before `today`) after a failed item. Audited (`task.rectification`).
    // the round, the unit, what to correct, the deadline and today
    #[allow(clippy::too_many_arguments)]
    async fn open_rectification(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        unit_id: i64,
        question: &str,
        due_on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<Task>;
    /// The rectifications of the scope: set in rounds of its offices or addressed to its
    /// units (a round of an office above), narrowed by `filter`, newest first (keyset by
    /// id).
    async fn rectifications(
        &self,
        scope: &Scope,
        filter: RectificationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Task>>;
    /// One rectification of the scope (as listed by `rectifications`); only the
    /// inspecting office may judge it.
    async fn rectification(&self, scope: &Scope, task_id: i64) -> StoreResult<Task>;
    /// The inspecting office closes an answered rectification or returns it with
    /// `note`. Audited (`task.closed` / `task.returned`).
    async fn close_rectification(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        task_id: i64,
        version: i64,
        accept: bool,
        note: &str,
    ) -> StoreResult<Task>;
    /// 通报 — praise a unit found compliant or criticise one that fell short, dated never
    /// after `today`; numbered per office and year. Audited (`inspection.notice`).
    async fn issue_notice(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        notice: &NewNotice,
        today: NaiveDate,
    ) -> StoreResult<Notice>;
    /// The 通报 of a round in scope.
    async fn notices(&self, scope: &Scope, id: i64) -> StoreResult<Vec<Notice>>;
    /// One 通报 of a round in scope.
    async fn notice(&self, scope: &Scope, notice_id: i64) -> StoreResult<Notice>;
    /// 约谈 — record a talk with a unit of the round, held never after `today`. Audited
    /// (`inspection.summons`).
    async fn add_summons(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        summons: &NewSummons,
        today: NaiveDate,
    ) -> StoreResult<Summons>;
    /// The 约谈 of a round in scope.
    async fn summons(&self, scope: &Scope, id: i64) -> StoreResult<Vec<Summons>>;
    /// The dashboard's column: rectifications addressed to units of the scope that are
    /// open, and of those overdue on `today`.
    async fn inspection_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<InspectionCounts>;
    /// The same per unit addressed (the dashboard sums them per child unit).
    async fn rectification_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<Vec<UnitRectifications>>;
}
