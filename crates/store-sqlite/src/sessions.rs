//! Server-side sessions on SQLite, so that any instance can serve any request.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use jiekang_store::StoreResult;
use jiekang_store::model::SessionInfo;
use jiekang_store::model::idle_cutoff;
use jiekang_store::model::{Actor, NewSession};
use jiekang_store::prelude::Sessions;
use jiekang_store::rows::ActorRow;
use sqlx::SqlitePool;

use crate::SqliteStore;

pub(crate) async fn create(pool: &SqlitePool, s: &NewSession) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client,
                               second_factor_pending)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
    )
    .bind(&s.token_hash)
    .bind(s.user_id)
    .bind(&s.csrf_token)
    .bind(s.created_at)
    .bind(s.expires_at)
    .bind(&s.client)
    .bind(s.second_factor_pending)
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn actor(
    pool: &SqlitePool,
    token_hash: &str,
    now: DateTime<Utc>,
    idle: TimeDelta,
) -> StoreResult<Option<Actor>> {
    let row: Option<ActorRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
                n.level AS unit_level, n.path AS unit_path, s.csrf_token, u.must_change_password,
                s.last_seen_at, s.second_factor_pending,
                (t.user_id IS NOT NULL) AS second_factor_enabled
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n ON n.id = u.unit_id
              LEFT JOIN user_totp t ON t.user_id = u.id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3 AND NOT u.disabled",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_cutoff(now, idle))
    .fetch_optional(pool)
    .await?;
    row.map(Actor::try_from).transpose()
}

pub(crate) async fn touch(
    pool: &SqlitePool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2")
        .bind(now)
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub(crate) async fn delete(pool: &SqlitePool, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub(crate) async fn purge(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    idle: TimeDelta,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2")
        .bind(now)
        .bind(idle_cutoff(now, idle))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl Sessions for SqliteStore {
    async fn create_session(&self, new: &NewSession) -> StoreResult<()> {
        create(&self.write, new).await
    }
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>> {
        actor(&self.read, token_hash, now, idle).await
    }
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        touch(&self.write, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        delete(&self.write, token_hash).await
    }
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64> {
        purge(&self.write, now, idle).await
    }
    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>> {
        crate::accounts::user_sessions(&self.read, user_id, now, idle).await
    }
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool> {
        crate::accounts::delete_user_session(&self.write, user_id, token_hash).await
    }
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        crate::accounts::delete_other_sessions(&self.write, user_id, keep).await
    }
}
