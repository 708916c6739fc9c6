//! The per-route guard: checks the route's [`Access`] rule and, for state changes
//! made with the session cookie, the CSRF token (form field `csrf_token` or header
//! `X-CSRF-Token`). Runs after routing, so every route carries its own rule.
//!
//! Before the route's own rule, the obligations of the session, in order: the TOTP code
//! of a pending session, a forced password change, a forced TOTP enrolment.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiekang_domain::permission::permits;
use jiekang_domain::second_factor::required_for;

use super::login::ENROL_FIRST;
use super::resolve::{Authenticated, Via};
use super::session::tokens_match;
use crate::error::{ApiError, AppError};
use crate::routes::Access;

/// Largest form body the guard buffers to read the CSRF field.
pub const FORM_LIMIT: usize = 1024 * 1024;

pub async fn check(access: Access, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let fail = |e: AppError| -> Response {
        if is_api {
            ApiError(e).into_response()
        } else if matches!(e, AppError::Unauthorized) {
            Redirect::to("/login").into_response()
        } else {
            e.into_response()
        }
    };
    let auth = req.extensions().get::<Authenticated>().cloned();
    let Some(auth) = (match (access, auth) {
        (Access::Public, _) => return next.run(req).await,
        (_, auth) => auth,
    }) else {
        return fail(AppError::Unauthorized);
    };
    let actor = &auth.actor;
    // A session that owes its TOTP code may only give it (or log out).
    if actor.second_factor_pending && access != Access::AnySession {
        return if is_api {
            fail(AppError::Unauthorized)
        } else {
            Redirect::to("/login/totp").into_response()
        };
    }
    if let Access::Permission(action) = access
        && !permits(actor.role, action)
    {
        return fail(AppError::Forbidden);
    }
    // An initial or reset password must be changed before anything else.
    if actor.must_change_password
        && !is_api
        && !matches!(access, Access::PasswordChange | Access::AnySession)
    {
        return Redirect::to("/account/password").into_response();
    }
    // Roles that must use TOTP enrol before anything else (API included,
    // so a cookie session cannot go round the page).
    if required_for(actor.role)
        && !actor.second_factor_enabled
        && !matches!(
            access,
            Access::PasswordChange | Access::AnySession | Access::Enrolment
        )
    {
        return if is_api {
            fail(AppError::BadRequest(crate::i18n::msg(ENROL_FIRST)))
        } else {
            Redirect::to("/account/totp").into_response()
        };
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    if safe || auth.via == Via::Bearer {
        return next.run(req).await;
    }
    match csrf_checked(req, &auth.actor.csrf_token).await {
        Ok(req) => next.run(req).await,
        Err(e) => fail(e),
    }
}

/// Check the CSRF token of a cookie-authenticated state change; returns the request
/// with its body restored.
async fn csrf_checked(req: Request, expected: &str) -> Result<Request, AppError> {
    if let Some(header) = req.headers().get("x-csrf-token") {
        let ok = header
            .to_str()
            .map(|h| tokens_match(h, expected))
            .unwrap_or(false);
        return if ok { Ok(req) } else { Err(AppError::Csrf) };
    }
    let content_type = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // A file upload is not buffered here (it may be megabytes): its form carries the
    // token in the query string of its action instead.
    if content_type.starts_with("multipart/form-data") {
        let token = req.uri().query().and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v)
        });
        return match token {
            Some(t) if tokens_match(&t, expected) => Ok(req),
            _ => Err(AppError::Csrf),
        };
    }
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::BadRequest(crate::i18n::msg("request-what-was-sent-too")))?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v)
        });
    match token {
        Some(t) if tokens_match(&t, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(AppError::Csrf),
    }
}
