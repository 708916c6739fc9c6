//! `/api/v1/persons`: list (masked numbers and ages, N18), register, open an archive.

use crate::extract::Id;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::error::{ApiError, AppError};
use crate::input::{PersonInput, parse_person};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PersonListQuery {
    /// Name starts with.
    pub name: Option<String>,
    /// Exact ID number.
    pub id_number: Option<String>,
    /// Only this unit's subtree.
    pub unit_id: Option<i64>,
    pub after: Option<i64>,
    pub limit: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonListItemDto {
    pub id: i64,
    pub name: String,
    /// Masked, e.g. `150602********1238`.
    pub id_number_masked: String,
    pub sex: Option<String>,
    /// Age in whole years (周岁) on Beijing's date. N18: never the birth date, which is
    /// what the mask hides.
    pub age: Option<u32>,
    pub unit_name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonPage {
    pub items: Vec<PersonListItemDto>,
    pub next_after: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/persons", params(PersonListQuery), responses((status = 200, body = PersonPage)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PersonListQuery>,
) -> Result<Json<PersonPage>, ApiError> {
    let filter = jiekang_store::model::PersonFilter {
        name_prefix: q
            .name
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_owned()),
        id_number: q
            .id_number
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_ascii_uppercase()),
        unit_id: q.unit_id,
    };
    if filter.name_prefix.is_some() || filter.id_number.is_some() {
        state.search_allowed(auth.actor.user_id)?;
    }
    let page_req = jiekang_store::model::PageRequest::new(q.after, q.limit.unwrap_or(50));
    let page = state
        .store
        .persons(&auth.actor.scope, &filter, page_req)
        .await?;
    Ok(Json(PersonPage {
        next_after: page.next_after,
        items: page
            .items
            .into_iter()
            .map(|p| PersonListItemDto {
                id: p.id,
                name: p.name,
                id_number_masked: p.id_number_masked,
                sex: p.sex.map(|s| s.code().to_owned()),
                age: state.age(p.birth_date),
                unit_name: p.unit_name,
            })
            .collect(),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    /// Full number (archive view of an in-scope user; the read is audited).
    pub id_number: String,
    pub sex: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub unit_id: i64,
    pub unit_name: String,
    /// Beijing time with its offset (ISO 8601, `+08:00`).
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub created_by: String,
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
    pub updated_by: String,
    pub version: i64,
}

impl From<jiekang_store::model::Person> for PersonDto {
    fn from(p: jiekang_store::model::Person) -> Self {
        PersonDto {
            id: p.id,
            name: p.name,
            id_type: p.id_type,
            id_number: p.id_number,
            sex: p.sex.map(|s| s.code().to_owned()),
            birth_date: p.birth_date,
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            created_at: crate::shown_time::json(p.created_at),
            created_by: p.created_by,
            updated_at: crate::shown_time::json(p.updated_at),
            updated_by: p.updated_by,
            version: p.version,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/persons/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PersonDto), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Json<PersonDto>, ApiError> {
    // The archive's one snapshot and its audit record, as the page opens it (in scope
    // only: the API has no break-the-glass).
    let archive = state
        .store
        .open_archive(
            &auth.actor.scope,
            auth.actor.user_id,
            jiekang_store::cases::PersonId(id),
            jiekang_store::cases::ArchiveAccess::Scope,
        )
        .await?;
    Ok(Json(archive.person.into()))
}

#[utoipa::path(post, path = "/api/v1/persons", request_body = PersonInput,
    responses((status = 201, body = PersonDto), (status = 422, body = crate::error::ApiErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    body: Result<Json<PersonInput>, JsonRejection>,
) -> Result<(StatusCode, Json<PersonDto>), ApiError> {
    let input = crate::rejection::json_body(body)?;
    let new = parse_person(&input, state.today()).map_err(AppError::Invalid)?;
    // A registration looks an ID number up across the whole system: it counts against
    // the search limit, so it cannot be used to probe numbers in bulk (INFO-1).
    state.search_allowed(auth.actor.user_id)?;
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let person = state
        .store
        .register_person(
            &auth.actor.scope,
            auth.actor.user_id,
            &new,
            &cal,
            state.today(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(person.into())))
}
