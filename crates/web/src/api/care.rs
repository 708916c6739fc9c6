//! `/api/v1` for CASE-7, D6 (risk assessments and the scheme they use) and N6 (the
//! responsible worker and police officer): the pages' forms as JSON, every field a
//! string as typed, through the same case commands, scope and audit.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::{Extension, Json};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::cases::CaseDto;
use crate::auth::Authenticated;
use crate::error::{ApiError, AppError};
use crate::extract::Id;
use crate::pages::cases::{AssignForm, parse_assessment, parse_assignment};
use crate::state::AppState;

/// An assessment as posted: the case `version`, the `scheme_version` it was made
/// with, `assessed_on` (`yyyy-mm-dd`, not in the future), `assessor`, `note`, and one
/// score per item code of that version.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AssessmentBody {
    pub version: String,
    pub scheme_version: String,
    pub assessed_on: String,
    pub assessor: String,
    pub note: String,
    pub scores: BTreeMap<String, String>,
}

/// One stored assessment.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssessmentDto {
    pub id: i64,
    pub scheme_version: i64,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    /// Item code → score, as entered.
    pub scores: BTreeMap<String, u32>,
    pub total: i64,
    /// `high`, `medium`, `low`.
    pub risk_level: String,
    pub class_code: String,
    pub class_label: String,
    pub reassess_due_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// The scheme in use: its version, items (code, label, maximum) and classes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SchemeDto {
    pub version: i64,
    #[schema(value_type = Object)]
    pub scheme: jiekang_domain::risk::RiskScheme,
}

fn json<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    crate::rejection::json_body(body)
}

async fn apply(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    version: &str,
    command: Result<jiekang_store::cases::CaseCommand, crate::error::FieldErrors>,
) -> Result<Json<CaseDto>, ApiError> {
    let version = crate::case_input::parse_version(version).map_err(AppError::Invalid)?;
    let command = command.map_err(AppError::Invalid)?;
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let actor = &auth.actor;
    let case = state
        .store
        .apply_case_command(
            &actor.scope,
            actor.user_id,
            actor.role,
            id,
            version,
            &command,
            &cal,
            state.today(),
        )
        .await?;
    Ok(Json(case.into()))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/assessments", params(("id" = i64, Path)), request_body = AssessmentBody,
    responses((status = 200, body = CaseDto), (status = 409, body = crate::error::ApiErrorBody)))]
pub async fn assess(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<AssessmentBody>, JsonRejection>,
) -> Result<Json<CaseDto>, ApiError> {
    let b = json(body)?;
    let mut form: HashMap<String, String> = b
        .scores
        .iter()
        .map(|(code, v)| (format!("score-{code}"), v.clone()))
        .collect();
    form.insert("scheme_version".into(), b.scheme_version.clone());
    form.insert("assessed_on".into(), b.assessed_on.clone());
    form.insert("assessor".into(), b.assessor.clone());
    form.insert("note".into(), b.note.clone());
    apply(&state, &auth, id, &b.version, parse_assessment(&form)).await
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/assessments", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AssessmentDto>), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn assessments(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Json<Vec<AssessmentDto>>, ApiError> {
    let list = state
        .store
        .risk_assessments(&auth.actor.scope, id)
        .await
        .map_err(AppError::from)?;
    Ok(Json(
        list.into_iter()
            .map(|a| AssessmentDto {
                id: a.id,
                scheme_version: a.scheme_version,
                assessed_on: a.assessed_on,
                assessor: a.assessor,
                scores: a.scores.into_iter().collect(),
                total: a.total,
                risk_level: a.risk_level.code().to_owned(),
                class_code: a.class_code,
                class_label: a.class_label,
                reassess_due_on: a.reassess_due_on,
                note: a.note,
                created_at: a.created_at,
                created_by: a.created_by,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", params(("id" = i64, Path)), request_body = AssignForm,
    responses((status = 200, body = CaseDto), (status = 409, body = crate::error::ApiErrorBody)))]
pub async fn assign(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<AssignForm>, JsonRejection>,
) -> Result<Json<CaseDto>, ApiError> {
    let form = json(body)?;
    apply(&state, &auth, id, &form.version, parse_assignment(&form)).await
}

#[utoipa::path(get, path = "/api/v1/risk-scheme",
    responses((status = 200, body = SchemeDto)))]
pub async fn scheme(State(state): State<AppState>) -> Result<Json<SchemeDto>, ApiError> {
    let s = state
        .store
        .risk_scheme(None)
        .await
        .map_err(AppError::from)?;
    Ok(Json(SchemeDto {
        version: s.version,
        scheme: s.scheme,
    }))
}
