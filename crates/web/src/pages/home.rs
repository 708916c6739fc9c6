//! The home page: what each role must see first (ui.md).

use crate::i18n::filters;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use jiekang_domain::permission::{Action, Role, permits};

use super::mine::MineRows;
use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    heading: &'static str,
    intro: &'static str,
    persons: Option<i64>,
    /// The role's work queues with their counts.
    queues: Vec<(jiekang_store::cases::QueueKind, i64)>,
    /// When the tiles' day-dependent counts were taken (the dashboards' snapshot), in
    /// Beijing time; `None` when they were counted now.
    counted_at: Option<String>,
    units: usize,
    can_register: bool,
    can_manage_units: bool,
    can_manage_users: bool,
    /// The auditor's first screen leads to the audit trail.
    can_read_audit: bool,
    /// N6 — 我的人员 of a community worker or police officer: the first rows, and
    /// whether there are more.
    mine: Option<(Vec<jiekang_store::risk::MyCase>, bool)>,
    /// WEL-*, JOB-1 — the partner department's queues with their counts (item 9).
    support: Vec<(jiekang_store::support::SupportQueue, String)>,
    today: chrono::NaiveDate,
}

impl HomePage {
    fn support_label(&self, q: &jiekang_store::support::SupportQueue) -> String {
        super::support::queue_label(*q)
    }
}

impl MineRows for HomePage {
    fn today(&self) -> chrono::NaiveDate {
        self.today
    }
}

/// What the first screen of each role is for (ui.md, "Home page per role").
fn heading_of(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::CommunityStaff => ("home-todays-work", "home-tests-talks-due-today"),
        Role::CommunityPolice => ("home-community-police-desk", "home-tests-due-overdue-my"),
        Role::TownshipOffice => (
            "home-township-office-desk",
            "home-hand-overs-acknowledge-persons",
        ),
        Role::DistrictOffice => ("common-district-at-glance", "home-persons-by-state-overdue"),
        Role::CitySupervisor => ("common-city-supervision", "home-districts-side-by-side"),
        Role::Auditor => ("home-audit", "home-search-audit-trail-by"),
        Role::Admin => ("home-administration", "home-maintain-units-user-accounts"),
        Role::ClinicStaff => ("role-clinic-staff", "home-clinics-work-queues-come"),
        Role::IsolationCentre => ("role-isolation-centre", "home-isolation-centre"),
        Role::CivilAffairs => (
            "home-civil-affairs",
            "home-subsistence-allowance-assistance-queues",
        ),
        Role::HumanResources => (
            "home-human-resources",
            "home-training-employment-queues-come",
        ),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // ui.md: the district and the city open on their dashboard (STAT-1)
    if permits(actor.role, Action::SupervisionRead) {
        return super::dashboard::page(&state, actor, "/").await;
    }
    // MMT-1: the clinic opens on its desk (today's persons, absences, enrolment)
    if permits(actor.role, Action::ClinicWork) {
        return super::clinic::home(&state, &auth).await;
    }
    // CASE-2, N16: the isolation centre opens on its releases and hand-overs
    if permits(actor.role, Action::IsolationWork) {
        return super::isolation::home(&state, &auth).await;
    }
    let (heading, intro) = heading_of(actor.role);
    let today = state.today();
    let kinds = jiekang_store::cases::QueueKind::for_role(actor.role);
    let count_persons = async {
        if permits(actor.role, Action::PersonsRead) {
            state.store.count_persons(&actor.scope).await.map(Some)
        } else {
            Ok(None)
        }
    };
    // independent reads, side by side: on a database server each is a round trip
    let (persons, units, counts) = tokio::try_join!(
        count_persons,
        state.store.units(&actor.scope),
        state.store.queue_counts(&actor.scope, kinds, today),
    )?;
    let units = units.len();
    let mine = if matches!(actor.role, Role::CommunityStaff | Role::CommunityPolice) {
        let page = super::mine::my_page(&state, actor, None, super::mine::HOME_ROWS).await?;
        Some((page.items, page.next_after.is_some()))
    } else {
        None
    };
    // WEL-*, JOB-1: the partner departments open on their own queues
    let support = if matches!(actor.role, Role::CivilAffairs | Role::HumanResources) {
        super::support::tiles(&state, actor).await?
    } else {
        Vec::new()
    };
    // Tiles counted from the dashboards' snapshot say when; the lists behind them are live.
    let counted_at = counts.as_of.map(|at| crate::shown_time::minutes(&at));
    let queues: Vec<_> = kinds.iter().copied().zip(counts.counts).collect();
    Ok(render(&HomePage {
        nav: Nav::for_actor(actor, "/"),
        heading,
        intro,
        persons,
        queues,
        counted_at,
        units,
        can_register: permits(actor.role, Action::PersonsWrite),
        can_manage_units: permits(actor.role, Action::UnitsManage),
        can_manage_users: permits(actor.role, Action::UsersManage),
        can_read_audit: permits(actor.role, Action::AuditRead),
        mine,
        support,
        today,
    }))
}
