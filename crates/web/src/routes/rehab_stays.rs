//! CASE-5 — a case's stays in a 戒毒康复场所 (entry and exit recorded jointly) and the
//! list of the scope's stays with Excel.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get(
        "/cases/{id}/rehab-centre",
        Permission(Action::PersonsRead),
        pages::rehab_stays::show,
    )
    .post(
        "/cases/{id}/rehab-centre",
        Permission(Action::CasesWrite),
        pages::rehab_stays::enter,
    )
    .post(
        "/rehab-stays/{id}/exit",
        Permission(Action::CasesWrite),
        pages::rehab_stays::exit,
    )
    .get(
        "/rehab-stays",
        Permission(Action::PersonsRead),
        pages::rehab_stays::list,
    )
    .get(
        "/rehab-stays/export.xlsx",
        Permission(Action::PersonsRead),
        pages::rehab_stays::export,
    )
}
