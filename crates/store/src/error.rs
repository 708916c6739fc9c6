//! The one error type of the storage layer.

/// What can go wrong in a store call. The web layer maps each to a response.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Missing, or outside the acting user's scope — deliberately indistinguishable.
    #[error("记录不存在")]
    NotFound,
    /// A uniqueness rule was hit; `field` names the form field to mark.
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// Someone else saved the record since it was loaded (optimistic concurrency).
    #[error("该记录已被他人修改,请刷新后重试")]
    Stale,
    /// The change breaks a rule (of the domain, or one only the stored data can tell).
    #[error("{0}")]
    Refused(crate::Refusal),
    /// The database failed; the cause is logged, never shown.
    #[error("数据库错误")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            other => StoreError::Backend(Box::new(other)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// A refusal: a fixed text, a [`crate::Refusal::message`] or a domain rule's error.
    pub fn refused(why: impl Into<crate::Refusal>) -> Self {
        StoreError::Refused(why.into())
    }
}
