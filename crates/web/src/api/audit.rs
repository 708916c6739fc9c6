//! `GET /api/v1/audit`: the JSON twin of the auditor's search page. Same
//! filters, same scope, newest first with a keyset cursor; the search is audited.

use axum::extract::{Query, State};
use axum::{Extension, Json};
use serde::Serialize;

use crate::auth::Authenticated;
use crate::error::{ApiError, AppError};
use crate::pages::audit::{AuditQuery, action_label, audit_use};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditRecordDto {
    pub id: i64,
    /// Beijing time with its offset (ISO 8601, `+08:00`).
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub user_id: Option<i64>,
    pub username: String,
    /// Action code, e.g. `person.read`.
    pub action: String,
    /// Its Chinese name.
    pub action_label: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub detail: String,
    pub client: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditRecordDto>,
    pub next_after: Option<i64>,
    /// Records matching the filters in the caller's scope.
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 422, body = crate::error::ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let filter = q.filter().map_err(AppError::Invalid)?;
    let limit = q.limit.trim().parse().unwrap_or(50);
    let page = state
        .store
        .audit_events(
            &auth.actor.scope,
            &filter,
            jiekang_store::model::PageRequest::new(q.after(), limit),
        )
        .await?;
    let total = state
        .store
        .count_audit_events(&auth.actor.scope, &filter)
        .await?;
    audit_use(&state, &auth, "audit.search", q.summary()).await?;
    Ok(Json(AuditPage {
        next_after: page.next_after,
        total,
        items: page
            .items
            .into_iter()
            .map(|r| AuditRecordDto {
                action_label: action_label(&r.action),
                id: r.id,
                at: crate::shown_time::json(r.at),
                user_id: r.user_id,
                username: r.username,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                person_id: r.person_id,
                unit_id: r.unit_id,
                unit_name: r.unit_name,
                detail: r.detail,
                client: r.client,
            })
            .collect(),
    }))
}
