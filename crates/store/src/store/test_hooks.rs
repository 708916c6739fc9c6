//! What only tests ask of a store, compiled with the `contract` feature alone.
//!
//! An engine implements [`TestHooks`] inside [`crate::contract_only!`], which keeps
//! the implementation exactly when this crate has the feature (Cargo unifies features,
//! so the engine's own features cannot tell).

use async_trait::async_trait;

use crate::error::StoreResult;

#[async_trait]
pub trait TestHooks: Send + Sync {
    /// How many audit records have this action, wherever they belong.
    async fn audit_count(&self, action: &str) -> StoreResult<i64>;
    /// Pretend the case was entered into the system at `at` (the entry checks compare
    /// records with the day their case came in).
    async fn backdate_case(
        &self,
        case_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()>;
    /// N19 — record that a person left dynamic control on `on` (the sweep's write), so
    /// that the staffing report's 实有吸毒人员 can be tested before the sweep does it.
    async fn set_left_control(&self, person_id: i64, on: chrono::NaiveDate) -> StoreResult<()>;
}
