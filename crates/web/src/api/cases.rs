//! `/api/v1` for case work: a person's orders, one case with its schedule,
//! compliance, tests and timeline, the commands that change a case, and the work
//! queues. Same scope, rules and messages as the pages; the forms are the pages' forms
//! as JSON (every field a string, as typed).

use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use jiekang_store::cases::{CaseCommand, QueueCursor, QueueKind};

use crate::auth::Authenticated;
use crate::case_input::{
    CaseForm, RecordForm, StepForm, TestForm, parse_case, parse_record, parse_step, parse_test,
    parse_version,
};
use crate::error::{ApiError, AppError};
use crate::extract::Id;
use crate::state::AppState;

mod dto;
pub use dto::*;

fn json<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    crate::rejection::json_body(body)
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/cases", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CaseSummaryDto>), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn of_person(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Json<Vec<CaseSummaryDto>>, ApiError> {
    // ORG-3: a person out of scope answers exactly like a missing one (404), not with
    // an empty list (found by the authorisation matrix).
    state.store.person_profile(&auth.actor.scope, id).await?;
    let cases = state.store.person_cases(&auth.actor.scope, id).await?;
    Ok(Json(cases.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/cases", params(("id" = i64, Path)), request_body = CaseForm,
    responses((status = 201, body = CaseDto), (status = 422, body = crate::error::ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(person_id): Id,
    body: Result<Json<CaseForm>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseDto>), ApiError> {
    let form = json(body)?;
    let seed = (rand::random::<u64>() >> 1) as i64;
    let new = parse_case(&form, person_id, seed).map_err(AppError::Invalid)?;
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let actor = &auth.actor;
    let case = state
        .store
        .create_case(
            &actor.scope,
            actor.user_id,
            actor.role,
            &new,
            &cal,
            state.today(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(case.into())))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CaseFileDto), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Json<CaseFileDto>, ApiError> {
    let actor = &auth.actor;
    let file = state
        .store
        .case_file(&actor.scope, actor.user_id, id)
        .await?;
    Ok(Json(file_dto(file, state.today())))
}

async fn apply(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    version: &str,
    command: Result<CaseCommand, crate::error::FieldErrors>,
) -> Result<Json<CaseDto>, ApiError> {
    let version = parse_version(version).map_err(AppError::Invalid)?;
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

#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", params(("id" = i64, Path)), request_body = StepForm,
    responses((status = 200, body = CaseDto), (status = 409, body = crate::error::ApiErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<StepForm>, JsonRejection>,
) -> Result<Json<CaseDto>, ApiError> {
    let mut form = json(body)?;
    let command = match crate::pages::cases::resolve_step_unit(&state, &mut form).await? {
        Ok(()) => parse_step(&form),
        Err(errors) => Err(errors),
    };
    apply(&state, &auth, id, &form.version, command).await
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/tests", params(("id" = i64, Path)), request_body = TestForm,
    responses((status = 200, body = CaseDto), (status = 409, body = crate::error::ApiErrorBody)))]
pub async fn test(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<TestForm>, JsonRejection>,
) -> Result<Json<CaseDto>, ApiError> {
    let form = json(body)?;
    apply(&state, &auth, id, &form.version, parse_test(&form)).await
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/records", params(("id" = i64, Path)), request_body = RecordForm,
    responses((status = 200, body = CaseDto), (status = 409, body = crate::error::ApiErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<RecordForm>, JsonRejection>,
) -> Result<Json<CaseDto>, ApiError> {
    let form = json(body)?.with_defaults(&auth.actor.display_name, state.today());
    apply(&state, &auth, id, &form.version, parse_record(&form)).await
}

#[utoipa::path(get, path = "/api/v1/queues", params(QueueParams),
    responses((status = 200, body = QueuePageDto), (status = 400, body = crate::error::ApiErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(p): Query<QueueParams>,
) -> Result<Json<QueuePageDto>, ApiError> {
    let kind = QueueKind::parse(p.q.trim())
        .ok_or_else(|| AppError::BadRequest(crate::i18n::msg("queues-unknown-work-queue")))?;
    let after = match p.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => Some(QueueCursor::decode(text).ok_or_else(|| {
            AppError::BadRequest(crate::i18n::msg("queues-invalid-page-parameter"))
        })?),
        None => None,
    };
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let scope = match p.unit_id {
        Some(id) => {
            let unit = state.store.unit(&auth.actor.scope, id).await?;
            jiekang_store::Scope::of_unit(unit.id, unit.path)
        }
        None => auth.actor.scope.clone(),
    };
    let page = state
        .store
        .queue(&scope, kind, state.today(), after, limit)
        .await?;
    Ok(Json(QueuePageDto {
        queue: kind.code().to_owned(),
        label: kind.label_zh().to_owned(),
        next: page.next,
        items: page
            .items
            .into_iter()
            .map(|i| QueueItemDto {
                key: i.key,
                case_id: i.case_id,
                person_id: i.person_id,
                person_name: i.person_name,
                id_number_masked: i.id_number_masked,
                age: state.age(i.birth_date),
                unit_name: i.unit_name,
                state: i.state.code().to_owned(),
                due_on: i.due_on,
            })
            .collect(),
    }))
}
