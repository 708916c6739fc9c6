//! 倒查 — a supervising office (district, city) opens a trace-back on a case of a township
//! below, with its question and a due date; the township answers it among its 待办事项;
//! the opener accepts the answer (closing it) or returns it with a reason.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_store::StoreError;
use jiekang_store::model::PageRequest;
use jiekang_store::quality::NewTraceBack;
use jiekang_store::tasks::Task;
use serde::Deserialize;

use super::super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct OpenForm {
    pub question: String,
    pub due_on: String,
}

#[derive(Template)]
#[template(path = "trace_back_new.html")]
struct OpenPage {
    nav: Nav,
    case_id: i64,
    form: OpenForm,
    error: Option<Msg>,
    today: NaiveDate,
}

fn open_page(
    auth: &Authenticated,
    case_id: i64,
    form: OpenForm,
    error: Option<Msg>,
    today: NaiveDate,
) -> Response {
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    (
        status,
        render(&OpenPage {
            nav: Nav::for_actor(&auth.actor, "/quality"),
            case_id,
            form,
            error,
            today,
        }),
    )
        .into_response()
}

/// `GET /cases/{id}/trace-back`: the form (the case must be in scope).
pub async fn new(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(case_id): Id,
) -> Result<Response, AppError> {
    // out of scope answers as missing
    state.store.case_quality(&auth.actor.scope, case_id).await?;
    let today = state.today();
    let form = OpenForm {
        question: String::new(),
        due_on: (today + chrono::Days::new(10)).to_string(),
    };
    Ok(open_page(&auth, case_id, form, None, today))
}

/// `POST /cases/{id}/trace-back`: open it; the township sees it among its tasks.
pub async fn open(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(case_id): Id,
    Form(form): Form<OpenForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let Ok(due_on) = NaiveDate::parse_from_str(form.due_on.trim(), "%Y-%m-%d") else {
        return Ok(open_page(
            &auth,
            case_id,
            form,
            Some(msg("common-date-format")),
            today,
        ));
    };
    let trace = NewTraceBack {
        case_id,
        question: form.question.clone(),
        due_on,
    };
    let actor = &auth.actor;
    match state
        .store
        .open_trace_back(&actor.scope, actor.user_id, &trace, today)
        .await
    {
        Ok(task) => Ok(Redirect::to(&format!("/quality/trace-backs/{}", task.id)).into_response()),
        Err(StoreError::Refused(m)) => Ok(open_page(
            &auth,
            case_id,
            form,
            Some(crate::i18n::refusal::refusal(&m)),
            today,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub after: String,
}

#[derive(Template)]
#[template(path = "trace_backs.html")]
struct ListPage {
    nav: Nav,
    tasks: Vec<Task>,
    next: Option<i64>,
    today: NaiveDate,
}

impl ListPage {
    fn overdue(&self, t: &Task) -> bool {
        t.overdue(self.today)
    }
}

/// `GET /quality/trace-backs`: the 倒查 this office opened, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = state
        .store
        .trace_backs(
            &auth.actor.scope,
            PageRequest {
                after: q.after.trim().parse().ok(),
                limit: 50,
            },
        )
        .await?;
    Ok(render(&ListPage {
        nav: Nav::for_actor(&auth.actor, "/quality"),
        tasks: page.items,
        next: page.next_after,
        today: state.today(),
    }))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub version: String,
    pub decision: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "trace_back.html")]
struct ShowPage {
    nav: Nav,
    task: Task,
    error: Option<Msg>,
    note: String,
    today: NaiveDate,
}

impl ShowPage {
    fn overdue(&self) -> bool {
        self.task.overdue(self.today)
    }
}

async fn show_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    error: Option<Msg>,
    note: String,
) -> Result<Response, AppError> {
    let task = state.store.trace_back(&auth.actor.scope, id).await?;
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&ShowPage {
            nav: Nav::for_actor(&auth.actor, "/quality"),
            task,
            error,
            note,
            today: state.today(),
        }),
    )
        .into_response())
}

/// `GET /quality/trace-backs/{id}`: one 倒查 with the township's answer.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    show_page(&state, &auth, id, None, String::new()).await
}

/// `POST /quality/trace-backs/{id}/review`: accept (close) or return with a reason.
pub async fn review(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return show_page(
            &state,
            &auth,
            id,
            Some(msg("tasks-someone-else-has-worked")),
            form.note,
        )
        .await;
    };
    let accept = match form.decision.as_str() {
        "accept" => true,
        "return" => false,
        _ => {
            return show_page(
                &state,
                &auth,
                id,
                Some(msg("quality-choose-decision")),
                form.note,
            )
            .await;
        }
    };
    let actor = &auth.actor;
    match state
        .store
        .close_trace_back(&actor.scope, actor.user_id, id, version, accept, &form.note)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/quality/trace-backs/{id}")).into_response()),
        Err(StoreError::Refused(m)) => {
            show_page(
                &state,
                &auth,
                id,
                Some(crate::i18n::refusal::refusal(&m)),
                form.note,
            )
            .await
        }
        Err(StoreError::Stale) => {
            show_page(
                &state,
                &auth,
                id,
                Some(msg("tasks-someone-else-has-worked")),
                String::new(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
