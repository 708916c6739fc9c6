//! `GET /reports/persons?period=…&figure=…&unit_id=…` — D5: the persons behind one
//! figure of a report (a rate's numerator or denominator, or a count of orders), in the
//! actor's scope or one unit of it, classified now by the same rules as the count.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::report::Figure;
use jiekang_store::Scope;
use jiekang_store::model::Actor;
use jiekang_store::reports::{ReportPerson, ReportPersonsCursor, lists_persons};
use serde::Deserialize;

use super::chosen_period;
use super::view::{figure_label, period_label};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{filters, msg};
use crate::pages::{Nav, render};
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PersonsQuery {
    pub period: String,
    pub figure: String,
    pub unit_id: String,
    /// The keyset cursor: the last row's unit path and case id.
    pub after_path: String,
    pub after_id: String,
}

#[derive(Template)]
#[template(path = "report_persons.html")]
struct PersonsPage {
    nav: Nav,
    period_code: String,
    period_label: String,
    figure_label: String,
    unit_name: String,
    items: Vec<ReportPerson>,
    ages: Vec<String>,
    next: Option<String>,
    filled: bool,
}

/// The actor's scope, or one unit of it named by id (404 outside the scope), with the
/// name the page shows.
pub async fn unit_scope(
    state: &AppState,
    actor: &Actor,
    unit_id: &str,
) -> Result<(Scope, String), AppError> {
    match unit_id.trim() {
        "" => Ok((actor.scope.clone(), actor.unit_name.clone())),
        id => {
            let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
            let unit = state.store.unit(&actor.scope, id).await?;
            Ok((Scope::of_unit(unit.id, unit.path.clone()), unit.name))
        }
    }
}

/// The keyset cursor a link carries (the last row's unit path and case id), when it lies
/// in `scope`.
pub fn cursor(scope: &Scope, after_path: &str, after_id: &str) -> Option<ReportPersonsCursor> {
    match (after_path.trim(), after_id.trim().parse::<i64>()) {
        (path, Ok(case_id)) if !path.is_empty() && scope.contains(path) => {
            Some(ReportPersonsCursor {
                unit_path: path.to_owned(),
                case_id,
            })
        }
        _ => None,
    }
}

/// `GET /reports/persons`
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PersonsQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // names and ID numbers: only for roles that read persons at all
    if !permits(actor.role, Action::PersonsRead) {
        return Err(AppError::Forbidden);
    }
    let period = chosen_period(&state, &q.period)
        .ok_or_else(|| AppError::BadRequest(msg("reports-bad-period")))?;
    let figure = Figure::parse(q.figure.trim())
        .filter(|f| lists_persons(*f))
        .ok_or_else(|| AppError::BadRequest(msg("reports-bad-figure")))?;
    let (scope, unit_name) = unit_scope(&state, actor, &q.unit_id).await?;
    let after = cursor(&scope, &q.after_path, &q.after_id);
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let page = state
        .store
        .report_persons(
            &cal,
            &scope,
            period,
            figure,
            state.today(),
            after,
            PAGE_SIZE,
        )
        .await?;
    let next = page.next.as_ref().map(|c| {
        serde_urlencoded::to_string([
            ("period", period.code()),
            ("figure", figure.code().to_owned()),
            ("unit_id", q.unit_id.trim().to_owned()),
            ("after_path", c.unit_path.clone()),
            ("after_id", c.case_id.to_string()),
        ])
        .unwrap_or_default()
    });
    Ok(render(&PersonsPage {
        nav: Nav::for_actor(actor, "/reports"),
        period_code: period.code(),
        period_label: period_label(&period),
        figure_label: figure_label(figure),
        unit_name,
        ages: page
            .items
            .iter()
            .map(|p| state.age_text(p.birth_date))
            .collect(),
        items: page.items,
        next,
        filled: page.filled,
    }))
}
