//! The second step of a login (GB/T 22239-2019 8.1.4.1 d): a session
//! that passed the password gives its TOTP code here before it may do anything else.

use crate::i18n::{Msg, filters};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Utc;
use jiekang_store::model::AuditEntry;
use serde::Deserialize;

use super::render;
use crate::auth::resolve::ClientAddr;
use crate::auth::session::{SESSION_COOKIE, clear_cookie, hash_token, new_token, set_cookie};
use crate::auth::totp::verify_login_code;
use crate::auth::{Authenticated, Via};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login_totp.html")]
struct CodePage<'a> {
    csrf_token: &'a str,
    error: Option<&'a Msg>,
    /// The session has ended (locked): the form is replaced by a link to the login page.
    ended: bool,
}

pub async fn show(Extension(auth): Extension<Authenticated>) -> Response {
    if !auth.actor.second_factor_pending {
        return Redirect::to("/").into_response();
    }
    render(&CodePage {
        csrf_token: &auth.actor.csrf_token,
        error: None,
        ended: false,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    if !actor.second_factor_pending || auth.via != Via::Cookie {
        return Ok(Redirect::to("/").into_response());
    }
    match verify_login_code(&state, actor.user_id, &actor.username, &form.code, &client).await {
        Ok(()) => {
            let now = Utc::now();
            // GB/T 22239 (OWASP ASVS 3.2.1): the session gets a new id once the second
            // factor passes; the token that only knew the password is no longer valid.
            let token = new_token();
            let renewed = state
                .store
                .complete_second_factor(
                    &auth.token_hash,
                    &hash_token(&token),
                    now + state.config.session_lifetime,
                )
                .await?;
            if !renewed {
                // completed meanwhile by another request: this token is gone
                return Ok(Redirect::to("/login").into_response());
            }
            state.store.record_login(actor.user_id, now).await?;
            state
                .store
                .audit(&AuditEntry {
                    at: now,
                    user_id: Some(actor.user_id),
                    username: actor.username.clone(),
                    action: "login".to_owned(),
                    object_type: "session".to_owned(),
                    object_id: None,
                    person_id: None,
                    detail: "totp".to_owned(),
                    client,
                })
                .await?;
            let cookie = set_cookie(
                SESSION_COOKIE,
                &token,
                state.config.secure_cookies,
                Some(state.config.session_lifetime.num_seconds()),
            );
            Ok(([(SET_COOKIE, cookie)], Redirect::to("/")).into_response())
        }
        Err(AppError::Locked(msg)) => {
            // Locked: this half-open session ends too.
            state.store.delete_session(&auth.token_hash).await?;
            let page = render(&CodePage {
                csrf_token: "",
                error: Some(&msg),
                ended: true,
            });
            let clear = clear_cookie(SESSION_COOKIE, state.config.secure_cookies);
            Ok((StatusCode::TOO_MANY_REQUESTS, [(SET_COOKIE, clear)], page).into_response())
        }
        Err(AppError::BadRequest(msg)) => {
            let page = render(&CodePage {
                csrf_token: &actor.csrf_token,
                error: Some(&msg),
                ended: false,
            });
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
        Err(e) => Err(e),
    }
}
