//! INSPECT-1 — the findings at one unit of a round (each checklist item passed or
//! failed with a note) and the rectification set to it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::inspection::{CheckItem, inspect1_checklist};
use jiekang_domain::org::UnitLevel;
use jiekang_store::inspections::*;
use serde::Deserialize;

use super::{date_of, unprocessable};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{filters, msg};
use crate::pages::{Nav, render};
use crate::state::AppState;

/// `?unit=ID`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnitQuery {
    pub unit: String,
}

/// One checklist row of the form: the item and what is recorded for it.
pub struct Row {
    pub item: &'static CheckItem,
    /// "pass", "fail" or "" (not yet recorded).
    pub result: &'static str,
    pub note: String,
}

#[derive(Template)]
#[template(path = "inspection_findings.html")]
struct FindingsPage {
    nav: Nav,
    inspection: Inspection,
    unit: InspectedUnit,
    rows: Vec<Row>,
    today: NaiveDate,
    inspected_on: String,
    due_on: String,
    own: bool,
}

fn unit_of(detail: &InspectionDetail, unit_id: Option<i64>) -> Result<InspectedUnit, AppError> {
    detail
        .units
        .iter()
        .find(|u| Some(u.unit_id) == unit_id)
        .cloned()
        .ok_or(AppError::NotFound)
}

/// `GET /inspections/{id}/findings?unit=ID`: the checklist of a unit of the round.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Query(q): Query<UnitQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    // without a unit of the round: the round's page lists them
    let Ok(unit) = unit_of(&detail, q.unit.trim().parse().ok()) else {
        return Ok(Redirect::to(&format!("/inspections/{id}")).into_response());
    };
    let found = state
        .store
        .inspection_findings(&actor.scope, id, unit.unit_id)
        .await?;
    let level = unit.unit_level().unwrap_or(UnitLevel::Community);
    let rows = inspect1_checklist(level)
        .into_iter()
        .map(|item| {
            let f = found.iter().find(|f| f.item == item.code);
            Row {
                item,
                result: match f {
                    Some(f) if f.passed => "pass",
                    Some(_) => "fail",
                    None => "",
                },
                note: f.map(|f| f.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let inspection = detail.inspection;
    let inspected_on = unit
        .inspected_on
        .unwrap_or_else(|| today.min(inspection.ends_on).max(inspection.starts_on))
        .to_string();
    Ok(render(&FindingsPage {
        nav: Nav::for_actor(actor, "/inspections"),
        own: Some(inspection.unit_id) == actor.scope.unit_id(),
        inspection,
        unit,
        rows,
        today,
        inspected_on,
        due_on: (today + chrono::Days::new(30)).to_string(),
    }))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /inspections/{id}/findings`: the unit's findings (every item answered is
/// kept; items left unanswered are not recorded).
pub async fn record(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    // out of scope answers like missing, before the form is looked at
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    let unit = unit_of(&detail, field(&fields, "unit").trim().parse().ok())
        .map_err(|_| AppError::Invalid(vec![("unit", msg("case-please-choose"))]))?;
    let inspected_on = date_of("inspected_on", field(&fields, "inspected_on"))?;
    let level = unit.unit_level().unwrap_or(UnitLevel::Community);
    let findings: Vec<FindingInput> = inspect1_checklist(level)
        .into_iter()
        .filter_map(|item| {
            let passed = match field(&fields, &format!("result_{}", item.code)) {
                "pass" => true,
                "fail" => false,
                _ => return None,
            };
            Some(FindingInput {
                item: item.code.to_owned(),
                passed,
                note: field(&fields, &format!("note_{}", item.code)).to_owned(),
            })
        })
        .collect();
    state
        .store
        .record_findings(
            &actor.scope,
            actor.user_id,
            id,
            unit.unit_id,
            inspected_on,
            &findings,
            today,
        )
        .await
        .map_err(unprocessable)?;
    Ok(Redirect::to(&format!("/inspections/{id}/findings?unit={}", unit.unit_id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RectificationForm {
    pub unit: String,
    pub question: String,
    pub due_on: String,
}

/// `POST /inspections/{id}/rectifications`: set a rectification to a unit with a failed
/// item; it reaches the unit's office as a task.
pub async fn open(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<RectificationForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    let unit = unit_of(&detail, form.unit.trim().parse().ok())
        .map_err(|_| AppError::Invalid(vec![("unit", msg("case-please-choose"))]))?;
    let due_on = date_of("due_on", &form.due_on)?;
    let task = state
        .store
        .open_rectification(
            &actor.scope,
            actor.user_id,
            id,
            unit.unit_id,
            &form.question,
            due_on,
            today,
        )
        .await
        .map_err(unprocessable)?;
    Ok(Redirect::to(&format!("/inspections/rectifications/{}", task.id)).into_response())
}
