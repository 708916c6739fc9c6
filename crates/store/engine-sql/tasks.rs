// 待办事项 — the SQL both engines run, written once (see README.md beside this file for
// how it is included: the including module defines `Db` and `Conn`, and the crate
// provides `crate::audit::append`). Opening a task for a refused duplicate registration,
// the office's lists, the answer.

use chrono::{NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::task::{TaskKind, TaskState, state_after_answer, task_due_on};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::rows::{Holder, duplicate_refused_detail, keyset_page};
use jiekang_store::tasks::{TASK_COLUMNS, TASK_JOINS, Task, TaskAnswer, TaskList, TaskRow};
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::Pool;

/// Refuse a registration whose ID number `holder` holds outside the registering user's
/// scope (INFO-1): open 他处登记重复证件号码 for the holding unit — unless one is already
/// open for the same person and registering unit — and audit the refusal on the held
/// person with both units, in the caller's transaction. The caller commits and answers
/// with [`jiekang_store::tasks::DUPLICATE_ELSEWHERE_MESSAGE`].
pub(crate) async fn refuse_duplicate_elsewhere(
    conn: &mut Conn,
    holder: &Holder,
    from: (i64, &str),
    actor: i64,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<()> {
    let (from_unit_id, from_path) = from;
    let now = Utc::now();
    sqlx::query(
        "INSERT INTO tasks (kind, state, unit_id, unit_path, person_id, from_unit_id,
                            opened_on, due_on, opened_at, opened_by)
         VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (kind, person_id, from_unit_id) WHERE state = 'open' DO NOTHING",
    )
    .bind(TaskKind::DuplicateIdElsewhere.code())
    .bind(holder.unit_id)
    .bind(&holder.unit_path)
    .bind(holder.person_id)
    .bind(from_unit_id)
    .bind(today)
    .bind(task_due_on(
        cal,
        TaskKind::DuplicateIdElsewhere,
        today,
        None,
    ))
    .bind(now)
    .bind(actor)
    .execute(&mut *conn)
    .await?;
    crate::audit::append(
        conn,
        &AuditEntry::of_object(
            now,
            Some(actor),
            "person.duplicate_refused",
            "person",
            Some(holder.person_id),
            duplicate_refused_detail(from_unit_id, from_path, holder.unit_id, &holder.unit_path),
        ),
    )
    .await
}

async fn get_in(conn: &mut Conn, scope: &Scope, id: i64) -> StoreResult<Task> {
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS}
         WHERE t.id = $1 AND t.unit_path >= $2 AND t.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

pub(crate) async fn get(pool: &Pool<Db>, scope: &Scope, id: i64) -> StoreResult<Task> {
    get_in(&mut *pool.acquire().await?, scope, id).await
}

pub(crate) async fn list(
    pool: &Pool<Db>,
    scope: &Scope,
    which: TaskList,
    page: PageRequest,
) -> StoreResult<Page<Task>> {
    let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
    let (states, keyset) = match which {
        TaskList::Open => ("t.state = 'open'", "t.id > $3 ORDER BY t.id"),
        TaskList::Finished => (
            "t.state IN ('answered', 'closed')",
            "t.id < $3 ORDER BY t.id DESC",
        ),
    };
    let after = page.after.unwrap_or(match which {
        TaskList::Open => 0,
        TaskList::Finished => i64::MAX,
    });
    let rows: Vec<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS}
         WHERE {states} AND t.unit_path >= $1 AND t.unit_path < $2 AND {keyset} LIMIT $4"
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

pub(crate) async fn count_open(pool: &Pool<Db>, scope: &Scope) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE state = 'open' AND unit_path >= $1 AND unit_path < $2",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(&mut *pool.acquire().await?)
    .await?)
}

pub(crate) async fn answer(
    pool: &Pool<Db>,
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
        return Err(StoreError::refused("该事项已答复,不能再次答复"));
    }
    if task.version != version {
        return Err(StoreError::Stale);
    }
    answer.check(task.opened_on, today)?;
    let now = Utc::now();
    let next = state_after_answer(task.kind);
    sqlx::query(
        "UPDATE tasks SET state = $1, answer = $2, answered_on = $3, answered_at = $4,
                          answered_by = $5, version = version + 1
         WHERE id = $6 AND version = $7",
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
    crate::audit::append(&mut tx, &entry).await?;
    let answered = get_in(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(answered)
}
