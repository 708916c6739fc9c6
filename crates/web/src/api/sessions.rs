//! The caller's own sessions as JSON: the twins of `/account/sessions`.

use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::Serialize;

use crate::account_sessions::{self, SessionView};
use crate::auth::Authenticated;
use crate::auth::resolve::ClientAddr;
use crate::error::ApiError;
use crate::pages::sessions::audit;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/sessions",
    responses((status = 200, body = Vec<SessionView>), (status = 401, body = crate::error::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    Ok(Json(account_sessions::list(&state, &auth).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Revoked {
    /// How many sessions ended.
    pub revoked: u64,
}

#[utoipa::path(post, path = "/api/v1/sessions/{id}/revoke",
    params(("id" = String, Path, description = "Public session id from the list")),
    responses((status = 200, body = Revoked), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    account_sessions::revoke(&state, &auth, &id).await?;
    state
        .store
        .audit(&audit(&auth, "session.revoked", id, &client))
        .await?;
    Ok(Json(Revoked { revoked: 1 }))
}

#[utoipa::path(post, path = "/api/v1/sessions/revoke-others", responses((status = 200, body = Revoked)))]
pub async fn revoke_others(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
) -> Result<Json<Revoked>, ApiError> {
    let n = account_sessions::revoke_others(&state, &auth).await?;
    state
        .store
        .audit(&audit(
            &auth,
            "session.revoked_others",
            n.to_string(),
            &client,
        ))
        .await?;
    Ok(Json(Revoked { revoked: n }))
}
