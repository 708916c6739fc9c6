//! Server-rendered pages (zh-CN). One module per area; handlers parse input into
//! typed values, call the store with the actor's scope, and render a template.

pub mod account;
pub mod audit;
pub mod calendar;
pub mod cases;
// MMT-1, N17: the clinic desk, the register and its figures
pub mod clinic;
pub mod dashboard;
pub mod emergency;
pub mod home;
// CASE-1, CASE-2, N16: the isolation centre's desk and the townships' incoming releases
pub mod isolation;
// INFO-1: import of legacy registers
pub mod import;
// FAC-1, INSPECT-1: offices and inspections
pub mod inspections;
pub mod ledger;
pub mod login;
pub mod mine;
pub mod offices;
// CASE-5: stays in a rehabilitation centre
pub mod rehab_stays;
// staff, staffing and funding (STAFF-1..4, FUND-1)
pub mod org;
pub mod persons;
// BASE-1, the placement bases and points
pub mod placement;
pub mod quality;
pub mod queues;
pub mod reports;
pub mod risk_schemes;
pub mod second_factor;
pub mod sessions;
// WEL-*, JOB-1, N7: the partner departments' pages
pub mod support;
pub mod tasks;
pub mod totp;
pub mod units;
pub mod users;

use askama::Template;
use axum::extract::Request;
use axum::response::{Html, IntoResponse, Response};
use jiekang_domain::permission::{Action, permits};
use jiekang_store::model::Actor;

use crate::error::ApiError;
use crate::error::AppError;
use crate::i18n::Msg;

/// The header and navigation of every page for a logged-in user.
pub struct Nav {
    pub display_name: String,
    pub unit_name: String,
    pub role_code: &'static str,
    pub csrf_token: String,
    pub links: Vec<(&'static str, &'static str)>,
    pub current: &'static str,
    /// The page itself (the menu marks its area in `current`).
    pub page: &'static str,
}

impl Nav {
    /// Navigation by role: only the areas the role may open.
    pub fn for_actor(actor: &Actor, current: &'static str) -> Self {
        let mut links = vec![("/", "common-home")];
        let areas: &[(Action, &'static str, &'static str)] = &[
            (Action::PersonsRead, "/queues", "common-work-queues"),
            (Action::TasksWork, "/tasks", "common-tasks"),
            (Action::PersonsRead, "/ledger", "common-ledger"),
            (Action::ReportsRead, "/reports", "common-reports"),
            (Action::QualityRead, "/quality", "common-quality"),
            (Action::PersonsRead, "/persons", "common-persons"),
            (Action::UnitsRead, "/units", "common-units"),
            (Action::UsersRead, "/users", "common-users"),
            (
                Action::CalendarManage,
                "/calendar",
                "common-holiday-calendar",
            ),
            (Action::AuditRead, "/audit", "common-audit-trail"),
            (
                Action::RiskSchemesManage,
                "/risk-schemes",
                "nav-risk-schemes",
            ),
            // the work system: staffing, staff register, funding (STAFF-1..4, FUND-1)
            (Action::SupervisionRead, "/staffing", "nav-org"),
            (Action::SupportRead, "/support", "nav-support"),
            // BASE-1: the placement bases and points
            (Action::PlacementKeep, "/placement-bases", "nav-placement"),
            // INFO-1: import of legacy registers
            (Action::ImportRegisters, "/import", "nav-import"),
            // MMT-1: the clinic's desk, the figures and the register of clinics
            (Action::ClinicWork, "/clinic", "nav-clinic"),
            (Action::SupervisionRead, "/clinics", "nav-clinics"),
            (
                Action::ClinicsManage,
                "/clinics/register",
                "nav-clinics-register",
            ),
            // CASE-2, N16: the centre's releases; the townships' incoming hand-overs
            (Action::IsolationWork, "/isolation", "nav-isolation"),
            (Action::TasksWork, "/releases", "nav-releases"),
            // CASE-5: the district's list of stays in rehabilitation centres
            (Action::SupervisionRead, "/rehab-stays", "nav-rehab-stays"),
            // FAC-1, INSPECT-1: offices, inspections
            (Action::OfficesKeep, "/offices", "nav-offices"),
            (Action::InspectionsManage, "/inspections", "nav-inspections"),
        ];
        links.extend(
            areas
                .iter()
                .filter(|(action, _, _)| permits(actor.role, *action))
                .map(|(_, href, label)| (*href, *label)),
        );
        // One 账户 entry (password, second factor, own sessions) keeps
        // the phone's menu short; the account pages carry their own tabs.
        links.push(("/account/password", "common-account"));
        let page = current;
        let current = if current.starts_with("/account/") {
            "/account/password"
        } else {
            current
        };
        Self {
            display_name: actor.display_name.clone(),
            unit_name: actor.unit_name.clone(),
            role_code: actor.role.code(),
            csrf_token: actor.csrf_token.clone(),
            links,
            current,
            page,
        }
    }
}

/// Render a template into a response, or a 500 page if rendering fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => {
            let html = match crate::dates_together::keep_dates_together(&html) {
                std::borrow::Cow::Borrowed(_) => html,
                std::borrow::Cow::Owned(wrapped) => wrapped,
            };
            Html(html).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            AppError::Internal.into_response()
        }
    }
}

/// The status of a form page shown again: 200 when it is fresh, 409 when the record
/// changed under the user (a `stale` entry), 422 when the input needs correcting.
pub fn form_status(errors: &[(&'static str, Msg)]) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    if errors.is_empty() {
        StatusCode::OK
    } else if errors.iter().any(|(field, _)| *field == "stale") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Look up a field's message in a list of field errors.
pub fn field_error<'a>(errors: &'a [(&'static str, Msg)], field: &str) -> Option<&'a Msg> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
}

/// Anything not in the route table.
pub async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError(AppError::NotFound).into_response()
    } else {
        AppError::NotFound.into_response()
    }
}
