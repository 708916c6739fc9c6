//! Login and logout pages.

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use super::render;
use crate::auth::Authenticated;
use crate::auth::login::{Channel, attempt};
use crate::auth::resolve::ClientAddr;
use crate::auth::session::{
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, clear_cookie, cookie_value, new_token, set_cookie,
    tokens_match,
};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    csrf_token: &'a str,
    username: &'a str,
    error: Option<&'a Msg>,
}

fn login_page(
    state: &AppState,
    username: &str,
    error: Option<&Msg>,
    status: axum::http::StatusCode,
) -> Response {
    // A fresh double-submit token for the form.
    let token = new_token();
    let page = render(&LoginPage {
        csrf_token: &token,
        username,
        error,
    });
    let cookie = set_cookie(LOGIN_CSRF_COOKIE, &token, state.config.secure_cookies, None);
    (status, [(SET_COOKIE, cookie)], page).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    auth: Option<Extension<Authenticated>>,
) -> Response {
    if auth.is_some() {
        return Redirect::to("/").into_response();
    }
    login_page(&state, "", None, axum::http::StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !tokens_match(&expected, &form.csrf_token) {
        return login_page(
            &state,
            &form.username,
            Some(&msg("error-csrf")),
            axum::http::StatusCode::FORBIDDEN,
        );
    }
    match attempt(
        &state,
        &form.username,
        &form.password,
        &client,
        Channel::Page,
    )
    .await
    {
        Ok(done) => {
            let max_age = state.config.session_lifetime.num_seconds();
            let session = set_cookie(
                SESSION_COOKIE,
                &done.token,
                state.config.secure_cookies,
                Some(max_age),
            );
            let clear = clear_cookie(LOGIN_CSRF_COOKIE, state.config.secure_cookies);
            let next = if done.second_factor_pending {
                "/login/totp"
            } else {
                "/"
            };
            let mut resp = Redirect::to(next).into_response();
            for c in [session, clear] {
                if let Ok(v) = c.parse() {
                    resp.headers_mut().append(SET_COOKIE, v);
                }
            }
            resp
        }
        Err(AppError::BadRequest(msg)) => login_page(
            &state,
            &form.username,
            Some(&msg),
            axum::http::StatusCode::UNAUTHORIZED,
        ),
        Err(AppError::Locked(msg)) => login_page(
            &state,
            &form.username,
            Some(&msg),
            axum::http::StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Response {
    if let Err(e) = state.store.delete_session(&auth.token_hash).await {
        return AppError::from(e).into_response();
    }
    let clear = clear_cookie(SESSION_COOKIE, state.config.secure_cookies);
    ([(SET_COOKIE, clear)], Redirect::to("/login")).into_response()
}
