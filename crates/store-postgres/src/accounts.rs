//! Signing in on PostgreSQL (lockout, password history, the TOTP second factor): the SQL
//! shared by both engines, in `crates/store/engine-sql/accounts.rs`, bound to this
//! engine's types.

use async_trait::async_trait;
use jiekang_store::model::Credentials;
use jiekang_store::prelude::Accounts;
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

/// The failures of one key one at a time across instances: a transaction-level advisory
/// lock on the key, so that the count is exact.
async fn serialise_login_failures(conn: &mut Conn, kind: &str, subject: &str) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2)::bigint)")
        .bind(kind)
        .bind(subject)
        .execute(conn)
        .await?;
    Ok(())
}

include!("../../store/engine-sql/accounts.rs");

#[async_trait]
impl Accounts for PgStore {
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        crate::users::credentials(&self.pool, username).await
    }
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        crate::users::record_login(&self.pool, user_id, at).await
    }
    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        lock(&self.pool, key, now).await
    }
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        record_failure(&self.pool, key, at).await
    }
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()> {
        clear_failures(&self.pool, key).await
    }
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>> {
        recent_password_hashes(&self.pool, user_id, n).await
    }
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>> {
        second_factor(&self.pool, &*self.keys.get()?, user_id).await
    }
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        enable_second_factor(&self.pool, &*self.keys.get()?, user_id, secret, step, at).await
    }
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool> {
        use_step(&self.pool, user_id, step).await
    }
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool> {
        disable_second_factor(&self.pool, user_id).await
    }
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        complete_second_factor(&self.pool, token_hash, new_token_hash, expires_at).await
    }
}
