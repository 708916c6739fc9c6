//! The unit tree (ORG-1).

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{NewUnit, Unit};
use crate::scope::Scope;

/// The administrative changes (units here, users in [`super::Users`]) take the acting
/// user's id (`None` for the operator's command line) and write their audit record,
/// with the values before and after, in the same transaction (`crate::admin_audit`).
#[async_trait]
pub trait Units: Send + Sync {
    /// All units of the scope, root first, each parent before its children.
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>>;
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit>;
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit>;
    /// Create the root of the tree (a city, or a province for a larger installation).
    /// Only the operator's command line does this, with [`Scope::system`]; audited
    /// (`unit.created`, no actor).
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit>;
    /// Create a unit under a parent in scope. The caller has checked the code's shape.
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit>;
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit>;
    /// Retire a unit from a date on; refused while it has active children, users or persons.
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit>;
}
