//! WEL-*, JOB-1, N7 — the partner departments' queues and a case's welfare, employment
//! and services (which kinds each role records is `jiekang_domain::support::may_record`,
//! enforced by the store).

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get(
        "/support",
        Permission(Action::SupportRead),
        pages::support::queues,
    )
    .get(
        "/support/export.xlsx",
        Permission(Action::SupportRead),
        pages::support::export,
    )
    .get(
        "/cases/{id}/support",
        Permission(Action::SupportRead),
        pages::support::show,
    )
    .post(
        "/cases/{id}/support",
        Permission(Action::SupportRecord),
        pages::support::add,
    )
    .post(
        "/support/{id}/decide",
        Permission(Action::SupportRecord),
        pages::support::decide,
    )
}
