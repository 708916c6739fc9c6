//! 待办事项 — tasks addressed to a unit's office, as stored and listed. The rules (kinds,
//! due dates, who closes) are `jiekang_domain::task`; this is their record.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::task::{TaskKind, TaskState, task_overdue};
use serde::Serialize;

use crate::{Refusal, StoreError, StoreResult};

/// The longest answer kept (characters).
pub const MAX_ANSWER_CHARS: usize = 2000;

/// One task as its office sees it. The person is named only for a task about a person
/// of the office's own scope (the task is addressed to the unit holding the person).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub id: i64,
    pub kind: TaskKind,
    pub state: TaskState,
    /// The unit the task is addressed to (its office works it).
    pub unit_id: i64,
    pub unit_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// The unit whose act opened the task (for a duplicate: the unit that tried to
    /// register the person again), named so that the two offices can settle it.
    pub from_unit_id: Option<i64>,
    pub from_unit_name: Option<String>,
    pub opened_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub opened_at: DateTime<Utc>,
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<String>,
    pub version: i64,
    /// The case a 倒查 is about.
    pub case_id: Option<i64>,
    /// What the opener asks (a 倒查's question); empty for the system's tasks.
    pub question: String,
}

impl Task {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        task_overdue(self.due_on, self.state, today)
    }
}

/// A stored task row; the codes are checked when it becomes a [`Task`].
#[derive(Debug, sqlx::FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub from_unit_id: Option<i64>,
    pub from_unit_name: Option<String>,
    pub opened_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub opened_at: DateTime<Utc>,
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<String>,
    pub version: i64,
    pub case_id: Option<i64>,
    pub question: String,
}

impl TryFrom<TaskRow> for Task {
    type Error = StoreError;
    fn try_from(r: TaskRow) -> StoreResult<Task> {
        let bad = |what: &str, code: &str| {
            StoreError::Backend(format!("task {}: unknown {what} {code:?}", r.id).into())
        };
        Ok(Task {
            kind: TaskKind::parse(&r.kind).ok_or_else(|| bad("kind", &r.kind))?,
            state: TaskState::parse(&r.state).ok_or_else(|| bad("state", &r.state))?,
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            person_id: r.person_id,
            person_name: r.person_name,
            from_unit_id: r.from_unit_id,
            from_unit_name: r.from_unit_name,
            opened_on: r.opened_on,
            due_on: r.due_on,
            opened_at: r.opened_at,
            answer: r.answer,
            answered_on: r.answered_on,
            answered_at: r.answered_at,
            answered_by: r.answered_by,
            version: r.version,
            case_id: r.case_id,
            question: r.question,
        })
    }
}

/// The columns every task query selects, from `tasks t` with its joins.
pub const TASK_COLUMNS: &str = "t.id, t.kind, t.state, t.unit_id, n.name AS unit_name, t.person_id,
        p.name AS person_name, t.from_unit_id, f.name AS from_unit_name, t.opened_on, t.due_on,
        t.opened_at, t.answer, t.answered_on, t.answered_at, a.display_name AS answered_by,
        t.version, t.case_id, t.question";

/// The joins that go with [`TASK_COLUMNS`].
pub const TASK_JOINS: &str = "FROM tasks t
    JOIN units n ON n.id = t.unit_id
    LEFT JOIN persons p ON p.id = t.person_id
    LEFT JOIN units f ON f.id = t.from_unit_id
    LEFT JOIN users a ON a.id = t.answered_by";

/// Which tasks a list shows: the open ones (oldest first: they fall due first) or the
/// finished ones (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskList {
    #[default]
    Open,
    Finished,
}

impl TaskList {
    pub fn code(self) -> &'static str {
        match self {
            TaskList::Open => "open",
            TaskList::Finished => "finished",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        [TaskList::Open, TaskList::Finished]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

/// The office's answer to a task: what was done, dated on the day it was done (which may
/// be in the past, never in the future).
#[derive(Debug, Clone)]
pub struct TaskAnswer {
    pub text: String,
    pub on: NaiveDate,
}

impl TaskAnswer {
    /// Check an answer against the task: dated from the day it opened to today, with text.
    pub fn check(&self, opened_on: NaiveDate, today: NaiveDate) -> StoreResult<()> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(StoreError::refused("请填写办理情况"));
        }
        if text.chars().count() > MAX_ANSWER_CHARS {
            return Err(StoreError::refused(
                Refusal::message(
                    "store-task-answer-too-long",
                    format!("办理情况不能超过{MAX_ANSWER_CHARS}字"),
                )
                .arg("max", MAX_ANSWER_CHARS as i64),
            ));
        }
        if self.on > today {
            return Err(StoreError::refused("办理日期不能晚于今天"));
        }
        if self.on < opened_on {
            return Err(StoreError::refused(
                Refusal::message(
                    "store-task-answer-before-opened",
                    format!("办理日期不能早于事项产生之日({opened_on})"),
                )
                .arg("date", opened_on),
            ));
        }
        Ok(())
    }
}

/// The refusal an out-of-scope duplicate gets: it names no unit and no person (INFO-1,
/// INFO-2 — registration must not reveal where a number is held).
pub const DUPLICATE_ELSEWHERE_MESSAGE: &str = "该证件号码已在其他辖区登记,不能重复登记。系统已通知持有该记录的单位核实;如需办理变更执行地,请与上级禁毒办联系。";
