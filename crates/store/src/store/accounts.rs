//! Signing in (GB/T 22239-2019 8.1.4.1): the login lookup, lockout, password history
//! and the TOTP second factor. None of these has a scope: they run before anyone is
//! authenticated, or on the user's own account.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::error::StoreResult;
use crate::model::{Credentials, LoginKey, SecondFactor};

#[async_trait]
pub trait Accounts: Send + Sync {
    /// Login lookup, before anyone is authenticated (so it has no scope).
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    /// The end of the lock on `key` if it is locked at `now`.
    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;
    /// Record a failed login against `key` at `at`, in one transaction that counts the
    /// failures of the window (`jiekang_domain::lockout`) and locks the key when they
    /// reach the limit. Returns the end of the lock this failure started, if any.
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;
    /// Forget the failures of `key` (after a successful login).
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()>;
    /// The current password hash followed by earlier ones, newest first, at most `n`.
    /// [`super::Users::set_password`] keeps the history.
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>>;

    /// The user's confirmed TOTP secret, if any.
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>>;
    /// Store a confirmed secret whose code of `step` the user just entered (so that code
    /// cannot be used again). Refused if the user already has one.
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Accept the code of `step` once: true if `step` is after the last step used (and
    /// now recorded as used), false for a replay. Atomic across instances.
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool>;
    /// Remove the user's secret; false if there was none.
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool>;
    /// Mark a pending session as having passed its second factor, set its new expiry and
    /// renew its id: from now on it is found by `new_token_hash` only, the old token no
    /// longer works (GB/T 22239; OWASP ASVS 3.2.1). False if no pending session had
    /// `token_hash`.
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
