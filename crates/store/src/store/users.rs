//! The administration of user accounts (ORG-3), within the administrator's scope.

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::model::{NewUser, Page, PageRequest, User};
use crate::scope::Scope;

/// Each change takes the acting user's id (`None` for the operator's command line) and
/// writes its audit record, with the values before and after, in the same transaction
/// (`crate::admin_audit`).
#[async_trait]
pub trait Users: Send + Sync {
    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User>;
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>>;
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User>;
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User>;
    /// Disabling also ends the user's sessions.
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User>;
    /// Set a new password hash; ends the user's sessions. Audited as
    /// `user.password_changed` when `actor` is the user, else `user.password_reset`.
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()>;
    /// An administrator removes the TOTP secret of a user in scope (a lost phone);
    /// false if there was none. Audited (`totp.reset`) in the same transaction when
    /// one was removed.
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool>;
}
