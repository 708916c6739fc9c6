//! CASE-1, CASE-2, N16 — the compulsory-isolation centre's desk (its releases, one
//! release, Excel) and the receiving side (the releases handed to the townships of one's
//! scope, their acknowledgement 接收, Excel).

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t
        // --- The centre: its own releases only ---
        .get(
            "/isolation",
            Permission(Action::IsolationWork),
            pages::isolation::show,
        )
        .post(
            "/isolation/releases",
            Permission(Action::IsolationWork),
            pages::isolation::record,
        )
        .get(
            "/isolation/releases/{id}",
            Permission(Action::IsolationWork),
            pages::isolation::centre_release,
        )
        .get(
            "/isolation/export.xlsx",
            Permission(Action::IsolationWork),
            pages::isolation::centre_export,
        )
        // --- The receiving side: the releases handed to the scope ---
        .get(
            "/releases",
            Permission(Action::PersonsRead),
            pages::isolation::incoming,
        )
        .get(
            "/releases/export.xlsx",
            Permission(Action::PersonsRead),
            pages::isolation::incoming_export,
        )
        .get(
            "/releases/{id}",
            Permission(Action::PersonsRead),
            pages::isolation::incoming_release,
        )
        .post(
            "/releases/{id}/receive",
            Permission(Action::CasesWrite),
            pages::isolation::receive,
        )
}
