//! API sessions: log in for a bearer token, log out, and who am I.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::auth::login::{Channel, attempt};
use crate::auth::resolve::ClientAddr;
use crate::error::{ApiError, AppError};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The current 6-digit TOTP code; required when the account has a second factor
    ///.
    #[serde(default)]
    pub totp_code: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Beijing time with its offset (ISO 8601, `+08:00`).
    pub expires_at: chrono::DateTime<chrono::FixedOffset>,
}

#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = crate::error::ApiErrorBody),
        (status = 429, body = crate::error::ApiErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    body: Result<Json<LoginRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(req) =
        body.map_err(|_| AppError::BadRequest(crate::i18n::msg("request-login-json")))?;
    let channel = Channel::Api {
        totp_code: req.totp_code.as_deref(),
    };
    let done = attempt(&state, &req.username, &req.password, &client, channel).await?;
    Ok(Json(LoginResponse {
        token: done.token,
        expires_at: crate::shown_time::json(done.expires_at),
    }))
}

#[utoipa::path(post, path = "/api/v1/session/logout", responses((status = 204)))]
pub async fn logout(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, ApiError> {
    state.store.delete_session(&auth.token_hash).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    /// Role code (DUTY-1).
    pub role: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// For cookie sessions: send as `X-CSRF-Token` on changes.
    pub csrf_token: String,
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = crate::error::ApiErrorBody)))]
pub async fn me(Extension(auth): Extension<Authenticated>) -> Json<Me> {
    let a = auth.actor;
    Json(Me {
        user_id: a.user_id,
        username: a.username,
        display_name: a.display_name,
        role: a.role.code().to_owned(),
        unit_id: a.unit_id,
        unit_name: a.unit_name,
        csrf_token: a.csrf_token,
    })
}
