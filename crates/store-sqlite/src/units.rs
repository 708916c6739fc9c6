//! Units (ORG-1) on SQLite. Every query is bounded by the scope's path range.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::org::{UnitCode, UnitLevel};
use jiekang_store::admin_audit;
use jiekang_store::model::sort_tree;
use jiekang_store::model::{NewUnit, Unit};
use jiekang_store::prelude::Units;
use jiekang_store::rows::UnitRow;
use jiekang_store::scope::child_path;
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::{SqliteConnection, SqlitePool};

use crate::SqliteStore;
use crate::unique_violation;

const COLUMNS: &str = "id, parent_id, code, name, level, path, valid_from, valid_to, version";
const CODE_TAKEN: &str = "该单位代码已被使用";
const UNIT_NOT_USABLE: &str = "单位不存在、已撤销或不在管辖范围内";

pub(crate) async fn list(pool: &SqlitePool, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let rows: Vec<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE path >= ?1 AND path < ?2 ORDER BY path"
    ))
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_all(pool)
    .await?;
    let mut units: Vec<Unit> = rows
        .into_iter()
        .map(Unit::try_from)
        .collect::<Result<_, _>>()?;
    sort_tree(&mut units);
    Ok(units)
}

pub(crate) async fn get(pool: &SqlitePool, scope: &Scope, id: i64) -> StoreResult<Unit> {
    let row: Option<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE id = ?1 AND path >= ?2 AND path < ?3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

async fn get_in(conn: &mut SqliteConnection, scope: &Scope, id: i64) -> StoreResult<Unit> {
    let row: Option<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE id = ?1 AND path >= ?2 AND path < ?3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn get_by_code(pool: &SqlitePool, scope: &Scope, code: &str) -> StoreResult<Unit> {
    let row: Option<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE code = ?1 AND path >= ?2 AND path < ?3
         ORDER BY valid_to IS NOT NULL, id DESC LIMIT 1"
    ))
    .bind(code)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn create_root(
    pool: &SqlitePool,
    scope: &Scope,
    code: &str,
    name: &str,
    valid_from: NaiveDate,
) -> StoreResult<Unit> {
    if scope.unit_id().is_some() {
        return Err(StoreError::Refused("只有系统命令行可以创建根单位".into()));
    }
    let code = UnitCode::parse(code).map_err(|e| StoreError::Refused(e.to_string()))?;
    let level = code.level();
    let mut tx = pool.begin().await?;
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (parent_id, code, name, level, path, valid_from, created_at, updated_at)
         VALUES (NULL, ?1, ?2, ?3, 'new:' || ?1, ?4, ?5, ?5) RETURNING id",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(level.code())
    .bind(valid_from)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_violation(e, "code", CODE_TAKEN))?;
    sqlx::query("UPDATE units SET path = ?1 WHERE id = ?2")
        .bind(format!("/{id}/"))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let unit = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_created(None, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn create(
    pool: &SqlitePool,
    scope: &Scope,
    actor: Option<i64>,
    new: &NewUnit,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    let parent = get_in(&mut tx, scope, new.parent_id).await?;
    if parent.valid_to.is_some() {
        return Err(StoreError::Refused(
            "上级单位已撤销,不能新建下级单位".into(),
        ));
    }
    let parent_code =
        UnitCode::parse(&parent.code).map_err(|e| StoreError::Refused(e.to_string()))?;
    parent_code
        .check_child(&new.code)
        .map_err(|e| StoreError::Conflict {
            field: "code",
            message: e.to_string(),
        })?;
    let level: UnitLevel = new.code.level();
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (parent_id, code, name, level, path, valid_from, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'new:' || ?2, ?5, ?6, ?6) RETURNING id",
    )
    .bind(parent.id)
    .bind(new.code.as_str())
    .bind(&new.name)
    .bind(level.code())
    .bind(new.valid_from)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| unique_violation(e, "code", CODE_TAKEN))?;
    sqlx::query("UPDATE units SET path = ?1 WHERE id = ?2")
        .bind(child_path(&parent.path, id))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let unit = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_created(actor, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn rename(
    pool: &SqlitePool,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    name: &str,
    version: i64,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    let before = get_in(&mut tx, scope, id).await?;
    let done = sqlx::query(
        "UPDATE units SET name = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4",
    )
    .bind(name)
    .bind(Utc::now())
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Stale);
    }
    let unit = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_renamed(actor, &before, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn retire(
    pool: &SqlitePool,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    valid_to: NaiveDate,
    version: i64,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    let before = get_in(&mut tx, scope, id).await?;
    if scope.unit_id() == Some(id) {
        return Err(StoreError::Refused("不能撤销本人所在的单位".into()));
    }
    if valid_to < before.valid_from {
        return Err(StoreError::Conflict {
            field: "valid_to",
            message: "撤销日期不能早于启用日期".into(),
        });
    }
    let (children, users, persons): (i64, i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM units WHERE parent_id = ?1 AND valid_to IS NULL),
           (SELECT COUNT(*) FROM users WHERE unit_id = ?1 AND NOT disabled),
           (SELECT COUNT(*) FROM persons WHERE unit_id = ?1)",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if children + users + persons > 0 {
        return Err(StoreError::Refused(format!(
            "该单位仍有{children}个下级单位、{users}个在用账号、{persons}名人员,请先转移后再撤销"
        )));
    }
    let done = sqlx::query(
        "UPDATE units SET valid_to = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4",
    )
    .bind(valid_to)
    .bind(Utc::now())
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Stale);
    }
    let unit = get_in(&mut tx, scope, id).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_retired(actor, &before, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

/// The path of a unit that is in scope and in use, to attach a user or person to it;
/// otherwise a field conflict on `unit` that reveals nothing about other scopes.
pub(crate) async fn usable_unit_path(
    conn: &mut SqliteConnection,
    scope: &Scope,
    unit_id: i64,
) -> StoreResult<String> {
    let unit: Option<(String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT path, valid_to FROM units WHERE id = ?1 AND path >= ?2 AND path < ?3",
    )
    .bind(unit_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    match unit {
        Some((path, None)) => Ok(path),
        _ => Err(StoreError::Conflict {
            field: "unit",
            message: UNIT_NOT_USABLE.into(),
        }),
    }
}

#[async_trait]
impl Units for SqliteStore {
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        list(&self.read, scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        get(&self.read, scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        get_by_code(&self.read, scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        create_root(&self.write, scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        create(&self.write, scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        rename(&self.write, scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        retire(&self.write, scope, actor, id, valid_to, version).await
    }
}
