//! 待办事项 as JSON: the twins of `/tasks`, `/tasks/{id}` and the answer form.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use chrono::{DateTime, FixedOffset, NaiveDate};
use jiekang_domain::clock::BEIJING;
use jiekang_store::model::PageRequest;
use jiekang_store::tasks::{Task, TaskList};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::error::{ApiError, AppError};
use crate::extract::Id;
use crate::pages::tasks::{AnswerForm, parse_answer};
use crate::state::AppState;

/// One task. Times carry Beijing's offset.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskDto {
    pub id: i64,
    /// `duplicate_id_elsewhere`
    pub kind: String,
    pub kind_label: String,
    /// `open`, `answered` or `closed`
    pub state: String,
    pub state_label: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub from_unit_id: Option<i64>,
    pub from_unit_name: Option<String>,
    pub opened_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub opened_at: DateTime<FixedOffset>,
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
    pub answered_at: Option<DateTime<FixedOffset>>,
    pub answered_by: Option<String>,
    pub version: i64,
}

impl TaskDto {
    fn of(t: Task, today: NaiveDate) -> Self {
        TaskDto {
            overdue: t.overdue(today),
            id: t.id,
            kind: t.kind.code().to_owned(),
            kind_label: t.kind.label_zh().to_owned(),
            state: t.state.code().to_owned(),
            state_label: t.state.label_zh().to_owned(),
            unit_id: t.unit_id,
            unit_name: t.unit_name,
            person_id: t.person_id,
            person_name: t.person_name,
            from_unit_id: t.from_unit_id,
            from_unit_name: t.from_unit_name,
            opened_on: t.opened_on,
            due_on: t.due_on,
            opened_at: t.opened_at.with_timezone(&BEIJING),
            answer: t.answer,
            answered_on: t.answered_on,
            answered_at: t.answered_at.map(|at| at.with_timezone(&BEIJING)),
            answered_by: t.answered_by,
            version: t.version,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskPageDto {
    pub items: Vec<TaskDto>,
    /// Pass as `after` for the next page.
    pub next_after: Option<i64>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct TaskQuery {
    /// `open` (default, oldest first) or `finished` (newest first)
    pub list: String,
    pub after: Option<i64>,
    /// at most 500; 50 by default
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/tasks", params(TaskQuery),
    responses((status = 200, body = TaskPageDto), (status = 403, body = crate::error::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<TaskQuery>,
) -> Result<Json<TaskPageDto>, ApiError> {
    let which = match q.list.trim() {
        "" => TaskList::Open,
        code => TaskList::parse(code).ok_or_else(|| {
            AppError::Invalid(vec![("list", crate::i18n::msg("tasks-list-param"))])
        })?,
    };
    let page = state
        .store
        .tasks(
            &auth.actor.scope,
            which,
            PageRequest {
                after: q.after,
                limit: q.limit.unwrap_or(50).clamp(1, PageRequest::MAX_LIMIT),
            },
        )
        .await?;
    let today = state.today();
    Ok(Json(TaskPageDto {
        items: page
            .items
            .into_iter()
            .map(|t| TaskDto::of(t, today))
            .collect(),
        next_after: page.next_after,
    }))
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TaskDto), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Json<TaskDto>, ApiError> {
    let task = state.store.task(&auth.actor.scope, id).await?;
    Ok(Json(TaskDto::of(task, state.today())))
}

/// The answer: `version` as read, `answer` (what was done), `answered_on` (YYYY-MM-DD).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AnswerInput {
    pub version: i64,
    pub answer: String,
    pub answered_on: String,
}

#[utoipa::path(post, path = "/api/v1/tasks/{id}/answer", params(("id" = i64, Path)),
    request_body = AnswerInput,
    responses((status = 200, body = TaskDto), (status = 409, body = crate::error::ApiErrorBody),
        (status = 422, body = crate::error::ApiErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    body: Result<Json<AnswerInput>, JsonRejection>,
) -> Result<Json<TaskDto>, ApiError> {
    let input = crate::rejection::json_body(body)?;
    let (version, answer) = parse_answer(&AnswerForm {
        version: input.version.to_string(),
        answer: input.answer,
        answered_on: input.answered_on,
    })
    .map_err(AppError::Invalid)?;
    let task = state
        .store
        .answer_task(
            &auth.actor.scope,
            auth.actor.user_id,
            id,
            version,
            &answer,
            state.today(),
        )
        .await?;
    Ok(Json(TaskDto::of(task, state.today())))
}
