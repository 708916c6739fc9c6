// Server-side sessions — the SQL both engines run, written once — so that any instance
// can serve any request; and a user's own list of sessions.
//
// Included (see README.md beside this file) by a module that defines `Db`.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use jiekang_store::StoreResult;
use jiekang_store::model::idle_cutoff;
use jiekang_store::model::{Actor, NewSession, SessionInfo};
use jiekang_store::prelude::Sessions;
use jiekang_store::rows::ActorRow;
use sqlx::Pool;

pub(crate) async fn create(pool: &Pool<Db>, s: &NewSession) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client,
                               second_factor_pending)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
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
    pool: &Pool<Db>,
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
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_cutoff(now, idle))
    .fetch_optional(pool)
    .await?;
    row.map(Actor::try_from).transpose()
}

pub(crate) async fn touch(
    pool: &Pool<Db>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub(crate) async fn delete(pool: &Pool<Db>, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub(crate) async fn purge(
    pool: &Pool<Db>,
    now: DateTime<Utc>,
    idle: TimeDelta,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(idle_cutoff(now, idle))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub(crate) async fn user_sessions(
    pool: &Pool<Db>,
    user_id: i64,
    now: DateTime<Utc>,
    idle: TimeDelta,
) -> StoreResult<Vec<SessionInfo>> {
    Ok(sqlx::query_as::<_, SessionInfo>(
        "SELECT token_hash, created_at, last_seen_at, expires_at, client, second_factor_pending
             FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3
             ORDER BY created_at DESC, token_hash",
    )
    .bind(user_id)
    .bind(now)
    .bind(idle_cutoff(now, idle))
    .fetch_all(pool)
    .await?)
}

pub(crate) async fn delete_user_session(
    pool: &Pool<Db>,
    user_id: i64,
    token_hash: &str,
) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2")
        .bind(user_id)
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub(crate) async fn delete_other_sessions(
    pool: &Pool<Db>,
    user_id: i64,
    keep: &str,
) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[async_trait]
impl Sessions for crate::EngineStore {
    async fn create_session(&self, new: &NewSession) -> StoreResult<()> {
        create(self.writer(), new).await
    }
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>> {
        actor(self.reader(), token_hash, now, idle).await
    }
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        touch(self.writer(), token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        delete(self.writer(), token_hash).await
    }
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64> {
        purge(self.writer(), now, idle).await
    }
    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>> {
        user_sessions(self.reader(), user_id, now, idle).await
    }
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool> {
        delete_user_session(self.writer(), user_id, token_hash).await
    }
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        delete_other_sessions(self.writer(), user_id, keep).await
    }
}
