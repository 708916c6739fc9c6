//! 待办事项 on SQLite: opening a duplicate-number task, the office's lists, answering.

use chrono::{NaiveDate, Utc};
use jiekang_domain::task::{TaskKind, TaskState, state_after_answer};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::rows::keyset_page;
use jiekang_store::tasks::{TASK_COLUMNS, TASK_JOINS, Task, TaskAnswer, TaskList, TaskRow};
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::{SqliteConnection, SqlitePool};

use crate::audit;

/// What the holding office needs to know about a refused registration.
pub(crate) struct DuplicateTask {
    pub person_id: i64,
    pub unit_id: i64,
    pub unit_path: String,
    pub from_unit_id: i64,
    pub opened_by: i64,
    pub opened_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// Open 他处登记重复证件号码 for the holding unit, unless one is already open for the same
/// person and registering unit (then nothing changes).
pub(crate) async fn open_duplicate(
    conn: &mut SqliteConnection,
    t: &DuplicateTask,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO tasks (kind, state, unit_id, unit_path, person_id, from_unit_id,
                            opened_on, due_on, opened_at, opened_by)
         VALUES (?1, 'open', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (kind, person_id, from_unit_id) WHERE state = 'open' DO NOTHING",
    )
    .bind(TaskKind::DuplicateIdElsewhere.code())
    .bind(t.unit_id)
    .bind(&t.unit_path)
    .bind(t.person_id)
    .bind(t.from_unit_id)
    .bind(t.opened_on)
    .bind(t.due_on)
    .bind(Utc::now())
    .bind(t.opened_by)
    .execute(conn)
    .await?;
    Ok(())
}

async fn get_in(conn: &mut SqliteConnection, scope: &Scope, id: i64) -> StoreResult<Task> {
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS}
         WHERE t.id = ?1 AND t.unit_path >= ?2 AND t.unit_path < ?3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn get(pool: &SqlitePool, scope: &Scope, id: i64) -> StoreResult<Task> {
    get_in(&mut *pool.acquire().await?, scope, id).await
}

pub(crate) async fn list(
    pool: &SqlitePool,
    scope: &Scope,
    which: TaskList,
    page: PageRequest,
) -> StoreResult<Page<Task>> {
    let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
    let (states, keyset) = match which {
        TaskList::Open => ("t.state = 'open'", "t.id > ?3 ORDER BY t.id"),
        TaskList::Finished => (
            "t.state IN ('answered', 'closed')",
            "t.id < ?3 ORDER BY t.id DESC",
        ),
    };
    let after = page.after.unwrap_or(match which {
        TaskList::Open => 0,
        TaskList::Finished => i64::MAX,
    });
    let rows: Vec<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS}
         WHERE {states} AND t.unit_path >= ?1 AND t.unit_path < ?2 AND {keyset} LIMIT ?4"
    ))
    .bind(scope.lower())
    .bind(scope.upper())
    .bind(after)
    .bind(i64::from(limit) + 1)
    .fetch_all(&mut *pool.acquire().await?)
    .await?;
    let tasks = rows
        .into_iter()
        .map(Task::try_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(keyset_page(tasks, limit, |t| t.id))
}

pub(crate) async fn count_open(pool: &SqlitePool, scope: &Scope) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE state = 'open' AND unit_path >= ?1 AND unit_path < ?2",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(&mut *pool.acquire().await?)
    .await?)
}

pub(crate) async fn answer(
    pool: &SqlitePool,
    scope: &Scope,
    actor: i64,
    id: i64,
    version: i64,
    answer: &TaskAnswer,
    today: NaiveDate,
) -> StoreResult<Task> {
    let mut tx = pool.begin().await?;
    let task = get_in(&mut tx, scope, id).await?;
    if task.state != TaskState::Open {
        return Err(StoreError::Refused("该事项已答复,不能再次答复".to_owned()));
    }
    if task.version != version {
        return Err(StoreError::Stale);
    }
    answer.check(task.opened_on, today)?;
    let now = Utc::now();
    let next = state_after_answer(task.kind);
    sqlx::query(
        "UPDATE tasks SET state = ?1, answer = ?2, answered_on = ?3, answered_at = ?4,
                          answered_by = ?5, version = version + 1
         WHERE id = ?6 AND version = ?7",
    )
    .bind(next.code())
    .bind(answer.text.trim())
    .bind(answer.on)
    .bind(now)
    .bind(actor)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    let mut entry = AuditEntry::of_object(
        now,
        Some(actor),
        "task.answered",
        "task",
        Some(id),
        format!("{} → {}", task.kind.label_zh(), next.label_zh()),
    );
    entry.person_id = task.person_id;
    audit::append(&mut tx, &entry).await?;
    let answered = get_in(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(answered)
}
