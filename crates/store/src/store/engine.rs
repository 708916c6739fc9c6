//! Which engine a store is and how far its schema is migrated.

use async_trait::async_trait;

use crate::error::StoreResult;

#[async_trait]
pub trait Engine: Send + Sync {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;
    /// The number of the newest applied migration.
    async fn schema_version(&self) -> StoreResult<i64>;
}
