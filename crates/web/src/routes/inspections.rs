//! FAC-1 — the offices (district, city and township keep them: `OfficesKeep`);
//! INSPECT-1 — inspections, rectifications, 通报 and 约谈 (district and city:
//! `InspectionsManage`). The inspected unit answers a rectification among its 待办事项
//! (`/tasks`, `TasksWork`).

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    use pages::inspections as i;
    use pages::offices as o;
    let keep = Permission(Action::OfficesKeep);
    let inspect = Permission(Action::InspectionsManage);
    t.get("/offices", keep, o::report)
        .get("/offices/export.xlsx", keep, o::export)
        .get("/offices/new", keep, o::new)
        .post("/offices", keep, o::create)
        .get("/offices/{id}", keep, o::show)
        .post("/offices/{id}", keep, o::update)
        .post("/offices/{id}/photos", keep, o::upload)
        .get("/offices/photos/{id}", keep, o::photo)
        .get("/inspections", inspect, i::list)
        .get("/inspections/new", inspect, i::new)
        .post("/inspections", inspect, i::create)
        .get("/inspections/{id}", inspect, i::show)
        .get("/inspections/{id}/export.xlsx", inspect, i::export)
        .get("/inspections/{id}/findings", inspect, i::findings::show)
        .post("/inspections/{id}/findings", inspect, i::findings::record)
        .post(
            "/inspections/{id}/rectifications",
            inspect,
            i::findings::open,
        )
        .post("/inspections/{id}/notices", inspect, i::notices::issue)
        .post("/inspections/{id}/summons", inspect, i::notices::summon)
        .get(
            "/inspections/{id}/public-notice",
            inspect,
            i::notices::public,
        )
        .get("/inspections/notices/{id}", inspect, i::notices::show)
        .get(
            "/inspections/rectifications",
            inspect,
            i::rectifications::list,
        )
        .get(
            "/inspections/rectifications/{id}",
            inspect,
            i::rectifications::show,
        )
        .post(
            "/inspections/rectifications/{id}/review",
            inspect,
            i::rectifications::review,
        )
}
