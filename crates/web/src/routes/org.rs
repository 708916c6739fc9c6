//! Issue 20 — the work system itself: the staffing report (STAFF-1..3), the staff
//! register (STAFF-4) and the funding (FUND-1). District and city offices read them
//! with their supervision permission and keep them with `OrgManage`.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get(
        "/staffing",
        Permission(Action::SupervisionRead),
        pages::org::staffing,
    )
    .get(
        "/staffing/export.xlsx",
        Permission(Action::SupervisionRead),
        pages::org::staffing_export,
    )
    .get(
        "/staff",
        Permission(Action::SupervisionRead),
        pages::org::staff_list,
    )
    .get(
        "/staff/export.xlsx",
        Permission(Action::SupervisionRead),
        pages::org::staff_export,
    )
    .get(
        "/staff/new",
        Permission(Action::OrgManage),
        pages::org::staff_new,
    )
    .post(
        "/staff",
        Permission(Action::OrgManage),
        pages::org::staff_create,
    )
    .get(
        "/staff/{id}",
        Permission(Action::SupervisionRead),
        pages::org::staff_show,
    )
    .post(
        "/staff/{id}",
        Permission(Action::OrgManage),
        pages::org::staff_update,
    )
    .get(
        "/funding",
        Permission(Action::SupervisionRead),
        pages::org::funding,
    )
    .get(
        "/funding/export.xlsx",
        Permission(Action::SupervisionRead),
        pages::org::funding_export,
    )
    .post(
        "/funding",
        Permission(Action::OrgManage),
        pages::org::funding_create,
    ) // BASE-1 — the placement bases and points: read and kept with `PlacementKeep`
    .get(
        "/placement-bases",
        Permission(Action::PlacementKeep),
        pages::placement::list,
    )
    .get(
        "/placement-bases/export.xlsx",
        Permission(Action::PlacementKeep),
        pages::placement::export,
    )
    .get(
        "/placement-bases/new",
        Permission(Action::PlacementKeep),
        pages::placement::new,
    )
    .post(
        "/placement-bases",
        Permission(Action::PlacementKeep),
        pages::placement::create,
    )
    .get(
        "/placement-bases/{id}",
        Permission(Action::PlacementKeep),
        pages::placement::show,
    )
    .post(
        "/placement-bases/{id}",
        Permission(Action::PlacementKeep),
        pages::placement::update,
    )
    // INFO-1: import of legacy registers, into the office's own scope
    .get(
        "/import",
        Permission(Action::ImportRegisters),
        pages::import::show,
    )
    .get(
        "/import/template.xlsx",
        Permission(Action::ImportRegisters),
        pages::import::template,
    )
    .post(
        "/import",
        Permission(Action::ImportRegisters),
        pages::import::upload,
    )
}
