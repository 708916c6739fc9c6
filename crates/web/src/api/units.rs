//! `GET /api/v1/units`: the unit tree of the caller's scope.

use axum::extract::State;
use axum::{Extension, Json};
use serde::Serialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    /// province, city, district, township, community
    pub level: String,
    pub valid_from: chrono::NaiveDate,
    pub valid_to: Option<chrono::NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/units", responses((status = 200, body = Vec<UnitDto>)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Json<Vec<UnitDto>>, ApiError> {
    let units = state.store.units(&auth.actor.scope).await?;
    Ok(Json(
        units
            .into_iter()
            .map(|u| UnitDto {
                id: u.id,
                parent_id: u.parent_id,
                code: u.code,
                name: u.name,
                level: u.level.code().to_owned(),
                valid_from: u.valid_from,
                valid_to: u.valid_to,
            })
            .collect(),
    ))
}
