//! MMT-1, N17 — the methadone clinic's desk (the clinic's own work), the supervising
//! offices' figures (就诊率, 戒治率) and the register of clinics.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t
        // --- The clinic's desk: its own enrolled persons only ---
        .get(
            "/clinic",
            Permission(Action::ClinicWork),
            pages::clinic::show,
        )
        .post(
            "/clinic/enrol",
            Permission(Action::ClinicWork),
            pages::clinic::enrol,
        )
        .post(
            "/clinic/dose",
            Permission(Action::ClinicWork),
            pages::clinic::dose,
        )
        .get(
            "/clinic/person",
            Permission(Action::ClinicWork),
            pages::clinic::person,
        )
        .post(
            "/clinic/test",
            Permission(Action::ClinicWork),
            pages::clinic::test,
        )
        .post(
            "/clinic/end",
            Permission(Action::ClinicWork),
            pages::clinic::end,
        )
        // --- The supervising offices: the figures by clinic, and the register ---
        .get(
            "/clinics",
            Permission(Action::SupervisionRead),
            pages::clinic::register,
        )
        .get(
            "/clinics/export.xlsx",
            Permission(Action::SupervisionRead),
            pages::clinic::export,
        )
        .get(
            "/clinics/register",
            Permission(Action::ClinicsManage),
            pages::clinic::register_manage,
        )
        .post(
            "/clinics",
            Permission(Action::ClinicsManage),
            pages::clinic::create,
        )
        .post(
            "/clinics/staff",
            Permission(Action::ClinicsManage),
            pages::clinic::staff,
        )
}
