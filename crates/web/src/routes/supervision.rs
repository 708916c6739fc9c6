//! The audit trail, 待办事项, the supervision dashboards and the periodic reports.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::{api, pages};

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t
        // The auditor's search of the audit trail, its export and JSON twin
        .get("/audit", Permission(Action::AuditRead), pages::audit::list)
        .get(
            "/audit/export.xlsx",
            Permission(Action::AuditRead),
            pages::audit::export,
        )
        // --- 待办事项: tasks addressed to the units of one's scope ---
        .get("/tasks", Permission(Action::TasksWork), pages::tasks::list)
        .get(
            "/tasks/export.xlsx",
            Permission(Action::TasksWork),
            pages::tasks::export,
        )
        .get(
            "/tasks/{id}",
            Permission(Action::TasksWork),
            pages::tasks::show,
        )
        .post(
            "/tasks/{id}/answer",
            Permission(Action::TasksWork),
            pages::tasks::answer,
        )
        .get(
            "/api/v1/tasks",
            Permission(Action::TasksWork),
            api::tasks::list,
        )
        .get(
            "/api/v1/tasks/{id}",
            Permission(Action::TasksWork),
            api::tasks::show,
        )
        .post(
            "/api/v1/tasks/{id}/answer",
            Permission(Action::TasksWork),
            api::tasks::answer,
        )
        // --- CASE-7, D6: the risk-assessment scheme (administrators) ---
        .get(
            "/risk-schemes",
            Permission(Action::RiskSchemesManage),
            pages::risk_schemes::show,
        )
        .post(
            "/risk-schemes",
            Permission(Action::RiskSchemesManage),
            pages::risk_schemes::create,
        )
        // --- Supervision dashboards (STAT-1) ---
        .get(
            "/dashboard",
            Permission(Action::SupervisionRead),
            pages::dashboard::show,
        )
        .get(
            "/dashboard/export.xlsx",
            Permission(Action::SupervisionRead),
            pages::dashboard::export,
        )
        .get(
            "/api/v1/dashboard",
            Permission(Action::SupervisionRead),
            api::dashboard::show,
        )
        // --- 台账: the monthly register of one's scope (person data: read permission) ---
        .get(
            "/ledger",
            Permission(Action::PersonsRead),
            pages::ledger::show,
        )
        .get(
            "/ledger/export.xlsx",
            Permission(Action::PersonsRead),
            pages::ledger::export,
        )
        // --- Periodic reports (STAT-1): read, submit from a township, review above ---
        .get(
            "/reports",
            Permission(Action::ReportsRead),
            pages::reports::show,
        )
        .get(
            "/reports/export.xlsx",
            Permission(Action::ReportsRead),
            pages::reports::export,
        )
        .get(
            "/reports/persons",
            Permission(Action::ReportsRead),
            pages::reports::persons,
        )
        .get(
            "/reports/submissions",
            Permission(Action::ReportsRead),
            pages::reports::submissions,
        )
        .post(
            "/reports/submit",
            Permission(Action::ReportsSubmit),
            pages::reports::submit,
        )
        .post(
            "/reports/review",
            Permission(Action::ReportsReview),
            pages::reports::review,
        )
        .get(
            "/api/v1/reports",
            Permission(Action::ReportsRead),
            api::reports::show,
        )
}
