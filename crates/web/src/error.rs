//! One error policy for the HTTP edge.
//!
//! Handlers return [`AppError`] (pages: an HTML error page) or [`ApiError`] (JSON).
//! The user sees a clear Chinese message; the log keeps the cause; no response ever
//! carries a stack trace or a database message. Missing and out-of-scope records are
//! both 404.

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jiekang_store::StoreError;
use serde::Serialize;

/// Field-level validation messages, in form order.
pub type FieldErrors = Vec<(&'static str, Msg)>;

/// Displays as its message in the request's language ([`AppError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", msg("error-unauthorized"))]
    Unauthorized,
    #[error("{}", msg("error-forbidden"))]
    Forbidden,
    #[error("{}", msg("error-not-found"))]
    NotFound,
    #[error("{0}")]
    BadRequest(Msg),
    #[error("{}", msg("error-invalid"))]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(Msg),
    #[error("{}", msg("error-stale"))]
    Stale,
    #[error("{}", msg("error-csrf"))]
    Csrf,
    #[error("{}", msg("error-internal"))]
    Internal,
    /// Too many failed logins from this account or address.
    #[error("{0}")]
    Locked(Msg),
    /// Too many searches in a minute.
    #[error("{0}")]
    TooMany(Msg),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::Stale => StatusCode::CONFLICT,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Locked(_) | AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// Turn a store error into what the user may learn of it.
    pub fn from_store(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { field, message } => {
                AppError::Invalid(vec![(field, Msg::recorded(message))])
            }
            StoreError::Stale => AppError::Stale,
            StoreError::Refused(why) => AppError::Conflict(crate::i18n::refusal::refusal(&why)),
            StoreError::Backend(cause) => {
                tracing::error!(error = %cause, "store failure");
                AppError::Internal
            }
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::from_store(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    message: &'a str,
    fields: &'a [(&'static str, Msg)],
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.to_string();
        let fields: &[(&'static str, Msg)] = match &self {
            AppError::Invalid(f) => f,
            _ => &[],
        };
        let page = ErrorPage {
            status: status.as_u16(),
            message: &message,
            fields,
        };
        match crate::i18n::with_path("/", || page.render()) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (status, message).into_response()
            }
        }
    }
}

/// The JSON form of an error: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// Machine-readable: unauthorized, forbidden, not_found, bad_request, invalid, conflict, stale, csrf, internal, locked.
    pub code: &'static str,
    /// The message for the user, in the request's language (Chinese by default).
    pub message: String,
    /// Field-level messages, by field name.
    pub fields: std::collections::BTreeMap<String, String>,
}

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let code = match &e {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::Stale => "stale",
            AppError::Csrf => "csrf",
            AppError::Internal => "internal",
            AppError::Locked(_) => "locked",
            AppError::TooMany(_) => "rate_limited",
        };
        let fields = match &e {
            AppError::Invalid(f) => f
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.to_string()))
                .collect(),
            _ => Default::default(),
        };
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                code,
                message: e.to_string(),
                fields,
            },
        };
        (e.status(), Json(body)).into_response()
    }
}
