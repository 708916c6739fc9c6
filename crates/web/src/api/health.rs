//! `GET /healthz`: the engine and schema version, for load balancers and operators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub engine: &'static str,
    pub schema_version: i64,
    pub version: &'static str,
}

#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, description = "database unreachable")))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.schema_version().await {
        Ok(schema_version) => Json(Health {
            status: "ok",
            engine: state.store.engine(),
            schema_version,
            version: env!("CARGO_PKG_VERSION"),
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
