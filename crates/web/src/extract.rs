//! Extractors with this application's error policy: a malformed id in a path is
//! simply a record that does not exist (404, in Chinese), never a framework message.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};

/// The numeric `{id}` of a route.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<i64>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Id(id)),
            Err(_) if parts.uri.path().starts_with("/api/") => {
                Err(ApiError(AppError::NotFound).into_response())
            }
            Err(_) => Err(AppError::NotFound.into_response()),
        }
    }
}
