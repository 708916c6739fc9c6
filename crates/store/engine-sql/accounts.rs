// Signing in (GB/T 22239-2019 8.1.4.1) — the SQL both engines run, written once: lockout
// counters and locks, password history, TOTP secrets.
//
// Included (see README.md beside this file) by a module that defines `Db`, `Conn` and
// `serialise_login_failures(conn, kind, subject)`, which makes the failures of one login
// key wait for each other until the end of the caller's transaction.

use chrono::{DateTime, Utc};
use jiekang_domain::lockout;
use jiekang_store::model::{LoginKey, SecondFactor};
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::{StoreError, StoreResult};
use sqlx::Pool;

pub(crate) async fn lock(
    pool: &Pool<Db>,
    key: &LoginKey,
    now: DateTime<Utc>,
) -> StoreResult<Option<DateTime<Utc>>> {
    let (kind, subject) = key.parts();
    Ok(sqlx::query_scalar(
        "SELECT locked_until FROM login_locks WHERE kind = $1 AND subject = $2 AND locked_until > $3",
    )
    .bind(kind)
    .bind(subject)
    .bind(now)
    .fetch_optional(pool)
    .await?)
}

pub(crate) async fn record_failure(
    pool: &Pool<Db>,
    key: &LoginKey,
    at: DateTime<Utc>,
) -> StoreResult<Option<DateTime<Utc>>> {
    let (kind, subject) = key.parts();
    let since = lockout::window_start(at);
    let mut tx = pool.begin().await?;
    // the failures of one key one at a time, so that the count is exact
    serialise_login_failures(&mut tx, kind, subject).await?;
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(since)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_locks WHERE locked_until <= $1")
        .bind(at)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO login_failures (kind, subject, at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(subject)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE kind = $1 AND subject = $2 AND at >= $3",
    )
    .bind(kind)
    .bind(subject)
    .bind(since)
    .fetch_one(&mut *tx)
    .await?;
    let until = lockout::lock_after_failure(u32::try_from(n).unwrap_or(u32::MAX), at);
    if let Some(until) = until {
        sqlx::query(
            "INSERT INTO login_locks (kind, subject, locked_until) VALUES ($1, $2, $3)
             ON CONFLICT (kind, subject) DO UPDATE SET locked_until = excluded.locked_until",
        )
        .bind(kind)
        .bind(subject)
        .bind(until)
        .execute(&mut *tx)
        .await?;
        clear_in(&mut tx, kind, subject).await?;
    }
    tx.commit().await?;
    Ok(until)
}

async fn clear_in(conn: &mut Conn, kind: &str, subject: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE kind = $1 AND subject = $2")
        .bind(kind)
        .bind(subject)
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) async fn clear_failures(pool: &Pool<Db>, key: &LoginKey) -> StoreResult<()> {
    let (kind, subject) = key.parts();
    let mut conn = pool.acquire().await?;
    clear_in(&mut conn, kind, subject).await
}

pub(crate) async fn recent_password_hashes(
    pool: &Pool<Db>,
    user_id: i64,
    n: usize,
) -> StoreResult<Vec<String>> {
    let limit = i64::try_from(n).unwrap_or(i64::MAX);
    Ok(sqlx::query_scalar(
        "SELECT password_hash FROM (
             SELECT password_hash, 1 AS newest, 0 AS id FROM users WHERE id = $1
             UNION ALL
             SELECT password_hash, 0 AS newest, id FROM password_history WHERE user_id = $1
         ) AS h ORDER BY newest DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Steps are Unix time / 30 s, far inside `i64`; anything else is refused, not wrapped.
fn step_i64(step: u64) -> StoreResult<i64> {
    i64::try_from(step).map_err(|_| StoreError::refused("验证码时间步无效"))
}

pub(crate) async fn second_factor(
    pool: &Pool<Db>,
    keys: &Keyring,
    user_id: i64,
) -> StoreResult<Option<SecondFactor>> {
    // sealed; `secret` holds plain text only before the first start
    // with a key after the upgrade
    type Row = (String, Option<Vec<u8>>, Option<i64>, DateTime<Utc>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT secret, secret_sealed, last_used_step, enabled_at FROM user_totp WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let Some((plain, sealed, last, enabled_at)) = row else {
        return Ok(None);
    };
    let secret = match sealed {
        Some(sealed) => keys.open_str(Field::TotpSecret, &sealed)?,
        None => plain,
    };
    Ok(Some(SecondFactor {
        secret,
        last_used_step: last.and_then(|s| u64::try_from(s).ok()),
        enabled_at,
    }))
}

pub(crate) async fn enable_second_factor(
    pool: &Pool<Db>,
    keys: &Keyring,
    user_id: i64,
    secret: &str,
    step: u64,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "INSERT INTO user_totp (user_id, secret, secret_sealed, last_used_step, enabled_at)
         VALUES ($1, '', $2, $3, $4)
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    // sealed
    .bind(keys.seal_str(Field::TotpSecret, secret))
    .bind(step_i64(step)?)
    .bind(at)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::refused("已启用两步验证"));
    }
    Ok(())
}

pub(crate) async fn use_step(pool: &Pool<Db>, user_id: i64, step: u64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE user_totp SET last_used_step = $1
         WHERE user_id = $2 AND (last_used_step IS NULL OR last_used_step < $1)",
    )
    .bind(step_i64(step)?)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn disable_second_factor(pool: &Pool<Db>, user_id: i64) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub(crate) async fn complete_second_factor(
    pool: &Pool<Db>,
    token_hash: &str,
    new_token_hash: &str,
    expires_at: DateTime<Utc>,
) -> StoreResult<bool> {
    // one statement: the session passes and takes its new id at once
    let done = sqlx::query(
        "UPDATE sessions SET second_factor_pending = FALSE, expires_at = $1, token_hash = $2
         WHERE token_hash = $3 AND second_factor_pending = TRUE",
    )
    .bind(expires_at)
    .bind(new_token_hash)
    .bind(token_hash)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
