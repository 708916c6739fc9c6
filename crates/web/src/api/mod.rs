//! The JSON API under `/api/v1`: the same data and the same scope rules as the
//! pages, with a session cookie (plus `X-CSRF-Token` for changes) or a bearer token
//! from `POST /api/v1/session`. Described by OpenAPI at `/api/v1/openapi.json`.

pub mod audit;
pub mod calendar;
pub mod care;
pub mod cases;
pub mod dashboard;
pub mod health;
pub mod openapi;
pub mod persons;
pub mod reports;
pub mod session;
pub mod sessions;
pub mod tasks;
pub mod units;
pub mod users;

pub use crate::error::ApiError;

/// Keyset paging parameters shared by the list endpoints.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// The `next_after` cursor of the previous page.
    pub after: Option<i64>,
    /// Page size, 1–500 (default 50).
    pub limit: Option<u32>,
}

impl Paging {
    pub fn request(&self) -> jiekang_store::model::PageRequest {
        jiekang_store::model::PageRequest::new(self.after, self.limit.unwrap_or(50))
    }
}
