//! Signing in on SQLite (lockout, password history, the TOTP second factor): the SQL
//! shared by both engines, in `crates/store/engine-sql/accounts.rs`, bound to this
//! engine's types.

use async_trait::async_trait;
use jiekang_store::model::Credentials;
use jiekang_store::prelude::Accounts;
use sqlx::{Sqlite as Db, SqliteConnection as Conn};

use crate::SqliteStore;

/// SQLite's single writer connection already serialises these transactions.
async fn serialise_login_failures(
    _conn: &mut Conn,
    _kind: &str,
    _subject: &str,
) -> StoreResult<()> {
    Ok(())
}

include!("../../store/engine-sql/accounts.rs");

#[async_trait]
impl Accounts for SqliteStore {
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        crate::users::credentials(&self.read, username).await
    }
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        crate::users::record_login(&self.write, user_id, at).await
    }
    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        lock(&self.read, key, now).await
    }
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        record_failure(&self.write, key, at).await
    }
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()> {
        clear_failures(&self.write, key).await
    }
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>> {
        recent_password_hashes(&self.read, user_id, n).await
    }
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>> {
        second_factor(&self.read, &*self.keys.get()?, user_id).await
    }
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        enable_second_factor(&self.write, &*self.keys.get()?, user_id, secret, step, at).await
    }
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool> {
        use_step(&self.write, user_id, step).await
    }
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool> {
        disable_second_factor(&self.write, user_id).await
    }
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        complete_second_factor(&self.write, token_hash, new_token_hash, expires_at).await
    }
}
