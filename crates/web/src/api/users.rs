//! `GET /api/v1/users`: the accounts of the caller's scope.

use axum::extract::{Query, State};
use axum::{Extension, Json};
use serde::Serialize;

use super::Paging;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub disabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserPage {
    pub items: Vec<UserDto>,
    pub next_after: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/users", params(Paging), responses((status = 200, body = UserPage)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(paging): Query<Paging>,
) -> Result<Json<UserPage>, ApiError> {
    let page = state
        .store
        .users(&auth.actor.scope, paging.request())
        .await?;
    Ok(Json(UserPage {
        next_after: page.next_after,
        items: page
            .items
            .into_iter()
            .map(|u| UserDto {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role.code().to_owned(),
                unit_id: u.unit_id,
                unit_name: u.unit_name,
                disabled: u.disabled,
            })
            .collect(),
    }))
}
