//! 账户 · 登录会话 — the user's own live sessions, with 退出 per session and
//! 退出其他所有会话.

use crate::i18n::filters;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use jiekang_store::model::AuditEntry;

use super::{Nav, render};
use crate::account_sessions::{self, SessionView};
use crate::auth::Authenticated;
use crate::auth::resolve::ClientAddr;
use crate::auth::session::{SESSION_COOKIE, clear_cookie};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account_sessions.html")]
struct SessionsPage {
    nav: Nav,
    sessions: Vec<SessionView>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let sessions = account_sessions::list(&state, &auth).await?;
    Ok(render(&SessionsPage {
        nav: Nav::for_actor(&auth.actor, "/account/sessions"),
        sessions,
    }))
}

pub(crate) fn audit(
    auth: &Authenticated,
    action: &str,
    detail: String,
    client: &str,
) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        user_id: Some(auth.actor.user_id),
        username: auth.actor.username.clone(),
        action: action.to_owned(),
        object_type: "session".to_owned(),
        object_id: None,
        person_id: None,
        detail,
        client: client.to_owned(),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let was_current = account_sessions::revoke(&state, &auth, &id).await?;
    state
        .store
        .audit(&audit(&auth, "session.revoked", id, &client))
        .await?;
    if was_current {
        let clear = clear_cookie(SESSION_COOKIE, state.config.secure_cookies);
        return Ok(([(SET_COOKIE, clear)], Redirect::to("/login")).into_response());
    }
    Ok(Redirect::to("/account/sessions").into_response())
}

pub async fn revoke_others(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
) -> Result<Response, AppError> {
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
    Ok(Redirect::to("/account/sessions").into_response())
}
