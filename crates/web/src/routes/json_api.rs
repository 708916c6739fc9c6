//! The JSON API (`/api/v1`) of persons, cases, queues, units, users and the audit.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::api;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get(
        "/api/v1/persons/{id}/cases",
        Permission(Action::PersonsRead),
        api::cases::of_person,
    )
    .post(
        "/api/v1/persons/{id}/cases",
        Permission(Action::CasesWrite),
        api::cases::create,
    )
    .get(
        "/api/v1/cases/{id}",
        Permission(Action::PersonsRead),
        api::cases::show,
    )
    .post(
        "/api/v1/cases/{id}/steps",
        Permission(Action::CasesWrite),
        api::cases::step,
    )
    .post(
        "/api/v1/cases/{id}/tests",
        Permission(Action::CasesWrite),
        api::cases::test,
    )
    .post(
        "/api/v1/cases/{id}/records",
        Permission(Action::CasesWrite),
        api::cases::record,
    )
    .post(
        "/api/v1/cases/{id}/assessments",
        Permission(Action::RiskAssess),
        api::care::assess,
    )
    .get(
        "/api/v1/cases/{id}/assessments",
        Permission(Action::PersonsRead),
        api::care::assessments,
    )
    .post(
        "/api/v1/cases/{id}/assignment",
        Permission(Action::CasesAssign),
        api::care::assign,
    )
    .get(
        "/api/v1/risk-scheme",
        Permission(Action::RiskAssess),
        api::care::scheme,
    )
    .get(
        "/api/v1/queues",
        Permission(Action::PersonsRead),
        api::cases::queue,
    )
    .get("/api/v1/openapi.json", Public, api::openapi::document)
    .get(
        "/api/v1/calendar",
        Permission(Action::CalendarManage),
        api::calendar::show,
    )
    .post("/api/v1/session", Public, api::session::login)
    .post("/api/v1/session/logout", LoggedIn, api::session::logout)
    .get("/api/v1/me", LoggedIn, api::session::me)
    .get(
        "/api/v1/units",
        Permission(Action::UnitsRead),
        api::units::list,
    )
    .get(
        "/api/v1/audit",
        Permission(Action::AuditRead),
        api::audit::list,
    )
    .get(
        "/api/v1/users",
        Permission(Action::UsersRead),
        api::users::list,
    )
    .get(
        "/api/v1/persons",
        Permission(Action::PersonsRead),
        api::persons::list,
    )
    .post(
        "/api/v1/persons",
        Permission(Action::PersonsWrite),
        api::persons::create,
    )
    .get(
        "/api/v1/persons/{id}",
        Permission(Action::PersonsRead),
        api::persons::show,
    )
}
