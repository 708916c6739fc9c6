// Units (ORG-1) — the SQL both engines run, written once. Every query is bounded by the
// scope's path range.
//
// Where several writers run at once (PostgreSQL), checks that read a unit and then
// write depend on row locks: retiring takes the unit `FOR UPDATE`, creating anything
// under a unit takes it `FOR SHARE`, so neither can slip past the other. SQLite's
// single writer serialises them already and its locks are empty.
//
// Included (see README.md beside this file) by a module that defines `Db`, `Conn`,
// `FOR_SHARE` and `FOR_UPDATE` (the row-lock clauses, with a leading space, or empty);
// uses `crate::audit::append` and `crate::unique_violation`.

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
use sqlx::Pool;

use crate::unique_violation;

const COLUMNS: &str = "id, parent_id, code, name, level, path, valid_from, valid_to, version";
const CODE_TAKEN: &str = "该单位代码已被使用";
const UNIT_NOT_USABLE: &str = "单位不存在、已撤销或不在管辖范围内";

/// Row lock taken by [`get_in`].
#[derive(Clone, Copy)]
pub(crate) enum Lock {
    None,
    /// Others may still read and share it, but not retire or rename it.
    Share,
    /// About to change it.
    Update,
}

impl Lock {
    fn sql(self) -> &'static str {
        match self {
            Lock::None => "",
            Lock::Share => FOR_SHARE,
            Lock::Update => FOR_UPDATE,
        }
    }
}

pub(crate) async fn list(pool: &Pool<Db>, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let rows: Vec<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 ORDER BY path"
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

pub(crate) async fn get(pool: &Pool<Db>, scope: &Scope, id: i64) -> StoreResult<Unit> {
    let mut conn = pool.acquire().await?;
    get_in(&mut conn, scope, id, Lock::None).await
}

/// A unit in scope, read (and locked) on the caller's connection or transaction.
pub(crate) async fn get_in(
    conn: &mut Conn,
    scope: &Scope,
    id: i64,
    lock: Lock,
) -> StoreResult<Unit> {
    let row: Option<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE id = $1 AND path >= $2 AND path < $3{}",
        lock.sql()
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn get_by_code(pool: &Pool<Db>, scope: &Scope, code: &str) -> StoreResult<Unit> {
    let row: Option<UnitRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM units WHERE code = $1 AND path >= $2 AND path < $3
         ORDER BY valid_to IS NOT NULL, id DESC LIMIT 1"
    ))
    .bind(code)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

/// Insert a unit with a placeholder path, then set its path from the new id.
async fn insert(
    conn: &mut Conn,
    parent: Option<&Unit>,
    code: &str,
    name: &str,
    level: UnitLevel,
    valid_from: NaiveDate,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO units (parent_id, code, name, level, path, valid_from, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'new:' || $2, $5, $6, $6) RETURNING id",
    )
    .bind(parent.map(|p| p.id))
    .bind(code)
    .bind(name)
    .bind(level.code())
    .bind(valid_from)
    .bind(Utc::now())
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| unique_violation(e, "code", CODE_TAKEN))?;
    let path = match parent {
        Some(parent) => child_path(&parent.path, id),
        None => format!("/{id}/"),
    };
    sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
        .bind(path)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

pub(crate) async fn create_root(
    pool: &Pool<Db>,
    scope: &Scope,
    code: &str,
    name: &str,
    valid_from: NaiveDate,
) -> StoreResult<Unit> {
    if scope.unit_id().is_some() {
        return Err(StoreError::refused("只有系统命令行可以创建根单位"));
    }
    let code = UnitCode::parse(code).map_err(StoreError::refused)?;
    let mut tx = pool.begin().await?;
    let id = insert(&mut tx, None, code.as_str(), name, code.level(), valid_from).await?;
    let unit = get_in(&mut tx, scope, id, Lock::None).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_created(None, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn create(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    new: &NewUnit,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    let parent = get_in(&mut tx, scope, new.parent_id, Lock::Share).await?;
    if parent.valid_to.is_some() {
        return Err(StoreError::refused("上级单位已撤销,不能新建下级单位"));
    }
    let parent_code = UnitCode::parse(&parent.code).map_err(StoreError::refused)?;
    parent_code
        .check_child(&new.code)
        .map_err(|e| StoreError::Conflict {
            field: "code",
            message: e.to_string(),
        })?;
    let id = insert(
        &mut tx,
        Some(&parent),
        new.code.as_str(),
        &new.name,
        new.code.level(),
        new.valid_from,
    )
    .await?;
    let unit = get_in(&mut tx, scope, id, Lock::None).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_created(actor, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn rename(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    name: &str,
    version: i64,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    let before = get_in(&mut tx, scope, id, Lock::Update).await?;
    let done = sqlx::query(
        "UPDATE units SET name = $1, version = version + 1, updated_at = $2
         WHERE id = $3 AND version = $4",
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
    let unit = get_in(&mut tx, scope, id, Lock::None).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_renamed(actor, &before, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

pub(crate) async fn retire(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: Option<i64>,
    id: i64,
    valid_to: NaiveDate,
    version: i64,
) -> StoreResult<Unit> {
    let mut tx = pool.begin().await?;
    // FOR UPDATE waits for anyone creating a child, user or person under this unit
    // (they hold it FOR SHARE), so the counts below include what they added.
    let before = get_in(&mut tx, scope, id, Lock::Update).await?;
    if scope.unit_id() == Some(id) {
        return Err(StoreError::refused("不能撤销本人所在的单位"));
    }
    if valid_to < before.valid_from {
        return Err(StoreError::Conflict {
            field: "valid_to",
            message: "撤销日期不能早于启用日期".into(),
        });
    }
    let (children, users, persons): (i64, i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM units WHERE parent_id = $1 AND valid_to IS NULL),
           (SELECT COUNT(*) FROM users WHERE unit_id = $1 AND NOT disabled),
           (SELECT COUNT(*) FROM persons WHERE unit_id = $1)",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if children + users + persons > 0 {
        return Err(StoreError::refused(
            jiekang_store::Refusal::message(
                "store-unit-retire-not-empty",
                format!(
                    "该单位仍有{children}个下级单位、{users}个在用账号、{persons}名人员,请先转移后再撤销"
                ),
            )
            .arg("children", children)
            .arg("users", users)
            .arg("persons", persons),
        ));
    }
    let done = sqlx::query(
        "UPDATE units SET valid_to = $1, version = version + 1, updated_at = $2
         WHERE id = $3 AND version = $4",
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
    let unit = get_in(&mut tx, scope, id, Lock::None).await?;
    crate::audit::append(&mut tx, &admin_audit::unit_retired(actor, &before, &unit)).await?;
    tx.commit().await?;
    Ok(unit)
}

/// The path of a unit that is in scope and in use, to attach a user or person to it;
/// otherwise a field conflict on `unit` that reveals nothing about other scopes.
/// [`FOR_SHARE`]: the unit cannot be retired until the caller's transaction commits.
pub(crate) async fn usable_unit_path(
    conn: &mut Conn,
    scope: &Scope,
    unit_id: i64,
) -> StoreResult<String> {
    let unit: Option<(String, Option<NaiveDate>)> = sqlx::query_as(&format!(
        "SELECT path, valid_to FROM units WHERE id = $1 AND path >= $2 AND path < $3{FOR_SHARE}"
    ))
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
impl Units for crate::EngineStore {
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        list(self.reader(), scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        get(self.reader(), scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        get_by_code(self.reader(), scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        create_root(self.writer(), scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        create(self.writer(), scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        rename(self.writer(), scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        retire(self.writer(), scope, actor, id, valid_to, version).await
    }
}
