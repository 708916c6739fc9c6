// User accounts (ORG-3) — the SQL both engines run, written once. Lists and changes are
// bounded by the scope.
//
// Included (see README.md beside this file) by a module that defines `Db` and `Conn`;
// uses `crate::units::usable_unit_path`, `crate::audit::append` and
// `crate::unique_violation`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jiekang_domain::password::HISTORY_DEPTH;
use jiekang_store::admin_audit;
use jiekang_store::model::{Credentials, NewUser, Page, PageRequest, User};
use jiekang_store::prelude::Users;
use jiekang_store::rows::{UserRow, keyset_page};
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::Pool;

use crate::unique_violation;

const SELECT: &str =
    "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
        n.code AS unit_code, u.disabled, u.must_change_password, u.created_at, u.last_login_at
    FROM users u JOIN units n ON n.id = u.unit_id";

pub(crate) async fn create(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    new: &NewUser,
) -> StoreResult<User> {
    let mut tx = pool.begin().await?;
    let unit_path = crate::units::usable_unit_path(&mut tx, scope, new.unit_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, unit_id, unit_path, password_hash,
                            must_change_password, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(new.role.code())
    .bind(new.unit_id)
    .bind(&unit_path)
    .bind(&new.password_hash)
    .bind(new.must_change_password)
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_violation(e, "username", "该用户名已被使用"))?;
    let user = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::user_created(actor, &user)).await?;
    tx.commit().await?;
    Ok(user)
}

async fn get_in(conn: &mut Conn, scope: &Scope, id: i64) -> StoreResult<User> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE u.id = $1 AND u.unit_path >= $2 AND u.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn get(pool: &Pool<Db>, scope: &Scope, id: i64) -> StoreResult<User> {
    let mut conn = pool.acquire().await?;
    get_in(&mut conn, scope, id).await
}

pub(crate) async fn get_by_username(
    pool: &Pool<Db>,
    scope: &Scope,
    username: &str,
) -> StoreResult<User> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE u.username = $1 AND u.unit_path >= $2 AND u.unit_path < $3"
    ))
    .bind(username)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn list(
    pool: &Pool<Db>,
    scope: &Scope,
    page: PageRequest,
) -> StoreResult<Page<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE u.unit_path >= $1 AND u.unit_path < $2 AND u.id > $3 ORDER BY u.id LIMIT $4"
    ))
    .bind(scope.lower())
    .bind(scope.upper())
    .bind(page.after.unwrap_or(0))
    .bind(i64::from(page.limit) + 1)
    .fetch_all(pool)
    .await?;
    let users: Vec<User> = rows
        .into_iter()
        .map(User::try_from)
        .collect::<Result<_, _>>()?;
    Ok(keyset_page(users, page.limit, |u| u.id))
}

/// Disable or enable an account and return it; disabling ends its sessions. Audited
/// with the account before and after.
pub(crate) async fn set_disabled(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    disabled: bool,
) -> StoreResult<User> {
    let mut tx = pool.begin().await?;
    let before = get_in(&mut tx, scope, id).await?;
    sqlx::query("UPDATE users SET disabled = $1, version = version + 1 WHERE id = $2")
        .bind(disabled)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let user = get_in(&mut tx, scope, id).await?;
    let record = admin_audit::user_active_changed(actor, &before, &user);
    crate::audit::append(&mut tx, &record).await?;
    tx.commit().await?;
    Ok(user)
}

/// Set a new password hash (the replaced one joins the history) and end the user's
/// sessions. Audited without the password or any hash.
pub(crate) async fn set_password(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    hash: &str,
    must_change: bool,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    // In scope, or not found (before anything is written).
    let before = get_in(&mut tx, scope, id).await?;
    // The replaced hash joins the history (the newest ones are kept).
    sqlx::query(
        "INSERT INTO password_history (user_id, password_hash, replaced_at)
         SELECT id, password_hash, $2 FROM users WHERE id = $1",
    )
    .bind(id)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
             (SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
    )
    .bind(id)
    .bind(i64::try_from(HISTORY_DEPTH).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, version = version + 1
         WHERE id = $3",
    )
    .bind(hash)
    .bind(must_change)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let after = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::password_set(actor, &before, &after)).await?;
    tx.commit().await?;
    Ok(())
}

/// An administrator removes the TOTP secret of a user in scope; audited when there
/// was one.
pub(crate) async fn reset_second_factor(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let user = get_in(&mut tx, scope, id).await?;
    let done = sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    crate::audit::append(&mut tx, &admin_audit::totp_reset(actor, &user)).await?;
    tx.commit().await?;
    Ok(true)
}

pub(crate) async fn credentials(
    pool: &Pool<Db>,
    username: &str,
) -> StoreResult<Option<Credentials>> {
    let row: Option<(i64, String, bool)> =
        sqlx::query_as("SELECT id, password_hash, disabled FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(user_id, password_hash, disabled)| Credentials {
        user_id,
        password_hash,
        disabled,
    }))
}

pub(crate) async fn record_login(
    pool: &Pool<Db>,
    user_id: i64,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(at)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

#[async_trait]
impl Users for crate::EngineStore {
    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User> {
        create(self.writer(), scope, actor, new).await
    }
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>> {
        list(self.reader(), scope, page).await
    }
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User> {
        get(self.reader(), scope, id).await
    }
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User> {
        get_by_username(self.reader(), scope, username).await
    }
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User> {
        set_disabled(self.writer(), scope, actor, id, disabled).await
    }
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        set_password(self.writer(), scope, actor, id, password_hash, must_change).await
    }
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool> {
        reset_second_factor(self.writer(), scope, actor, user_id).await
    }
}
