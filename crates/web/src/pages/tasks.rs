//! 待办事项 — the tasks addressed to the units of the user's scope (for now: 他处登记重复
//! 证件号码, INFO-1), oldest first, and the answer to one of them.

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_store::model::PageRequest;
use jiekang_store::tasks::{MAX_ANSWER_CHARS, Task, TaskAnswer, TaskList};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::extract::Id;
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub list: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    nav: Nav,
    finished: bool,
    tasks: Vec<Task>,
    today: NaiveDate,
    next: Option<i64>,
}

impl TasksPage {
    fn overdue(&self, t: &Task) -> bool {
        t.overdue(self.today)
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let which = TaskList::parse(q.list.trim()).unwrap_or_default();
    let page = state
        .store
        .tasks(
            &auth.actor.scope,
            which,
            PageRequest {
                after: q.after.trim().parse().ok(),
                limit: PAGE_SIZE,
            },
        )
        .await?;
    Ok(render(&TasksPage {
        nav: Nav::for_actor(&auth.actor, "/tasks"),
        finished: which == TaskList::Finished,
        tasks: page.items,
        today: state.today(),
        next: page.next_after,
    }))
}

/// `GET /tasks/export.xlsx?list=open|finished`: the list as Excel (a task names a person:
/// the export counts against the search limit and is audited).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    state.search_allowed(actor.user_id)?;
    let which = TaskList::parse(q.list.trim()).unwrap_or_default();
    let finished = which == TaskList::Finished;
    let today = state.today();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state.store.tasks(&actor.scope, which, page).await?;
        rows.extend(batch.items.into_iter().map(|t| {
            let overdue = t.overdue(today);
            vec![
                Cell::from(t.kind.label_zh()),
                Cell::from(t.person_name),
                Cell::from(t.unit_name),
                Cell::from(t.from_unit_name),
                Cell::from(t.opened_on),
                Cell::from(t.due_on),
                Cell::from(if overdue { "已逾期" } else { "" }),
                Cell::from(t.answered_on),
                Cell::from(t.answered_by),
                Cell::from(t.answer),
            ]
        }));
        match batch.next_after {
            Some(after) if rows.len() < MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let list = if finished {
        "待办事项(已办结)"
    } else {
        "待办事项(待办理)"
    };
    let bytes = workbook(
        "待办事项",
        &Title::now(list, actor),
        &[
            "事项",
            "人员",
            "承办单位",
            "来自",
            "产生日期",
            "办理期限",
            "逾期",
            "办结日期",
            "办理人",
            "办理情况",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "task.export",
        "task",
        None,
        format!("{} {} rows", which.code(), rows.len()),
    )
    .await?;
    let name = format!("tasks-{}-{}.xlsx", which.code(), today.format("%Y%m%d"));
    Ok(download(&name, bytes))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub version: String,
    pub answer: String,
    pub answered_on: String,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    nav: Nav,
    task: Task,
    today: NaiveDate,
    form: AnswerForm,
    errors: FieldErrors,
    max_answer: usize,
}

impl TaskPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }

    fn overdue(&self) -> bool {
        self.task.overdue(self.today)
    }

    /// When the answer was entered, in Beijing time.
    fn answered_at(&self) -> String {
        self.task
            .answered_at
            .map(|at| crate::shown_time::minutes(&at))
            .unwrap_or_default()
    }
}

async fn task_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    form: Option<AnswerForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let task = state.store.task(&auth.actor.scope, id).await?;
    let today = state.today();
    let form = form.unwrap_or_else(|| AnswerForm {
        version: task.version.to_string(),
        answer: String::new(),
        answered_on: today.to_string(),
    });
    let status = super::form_status(&errors);
    let page = render(&TaskPage {
        nav: Nav::for_actor(&auth.actor, "/tasks"),
        task,
        today,
        form,
        errors,
        max_answer: MAX_ANSWER_CHARS,
    });
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    task_page(&state, &auth, id, None, Vec::new()).await
}

/// The typed answer from the form, or the fields to correct.
pub fn parse_answer(form: &AnswerForm) -> Result<(i64, TaskAnswer), FieldErrors> {
    let mut errors = FieldErrors::new();
    let version = crate::case_input::parse_version(&form.version)
        .map_err(|e| errors.extend(e))
        .ok();
    let on = NaiveDate::parse_from_str(form.answered_on.trim(), "%Y-%m-%d")
        .map_err(|_| errors.push(("answered_on", msg("common-date-format"))))
        .ok();
    let text = jiekang_domain::text::clean_note(&form.answer, MAX_ANSWER_CHARS)
        .map_err(|e| errors.push(("answer", crate::i18n::domain::text_error(&e, None))))
        .ok();
    match (version, on, text) {
        (Some(version), Some(on), Some(text)) if errors.is_empty() => {
            Ok((version, TaskAnswer { text, on }))
        }
        _ => Err(errors),
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<AnswerForm>,
) -> Result<Response, AppError> {
    let (version, answer) = match parse_answer(&form) {
        Ok(parsed) => parsed,
        Err(errors) => return task_page(&state, &auth, id, Some(form), errors).await,
    };
    let actor = &auth.actor;
    match state
        .store
        .answer_task(
            &actor.scope,
            actor.user_id,
            id,
            version,
            &answer,
            state.today(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(jiekang_store::StoreError::Refused(message)) => {
            task_page(
                &state,
                &auth,
                id,
                Some(form),
                vec![("answer", crate::i18n::refusal::refusal(&message))],
            )
            .await
        }
        Err(jiekang_store::StoreError::Stale) => {
            let errors = vec![("stale", msg("tasks-someone-else-has-worked"))];
            task_page(&state, &auth, id, None, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
