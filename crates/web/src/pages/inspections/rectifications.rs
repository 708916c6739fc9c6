//! INSPECT-1 — the rectifications of the scope's rounds (overdue ones flagged), one
//! rectification with the unit's answer, and the inspecting office's judgement: close
//! it, or return it with a reason to be answered again.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_store::inspections::RectificationFilter;
use jiekang_store::model::PageRequest;
use jiekang_store::tasks::Task;
use serde::Deserialize;

use super::{ListQuery, unprocessable};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{filters, msg};
use crate::pages::{Nav, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "rectifications.html")]
struct ListPage {
    nav: Nav,
    tasks: Vec<Task>,
    next: Option<i64>,
    inspection: String,
    unit: String,
    today: NaiveDate,
}

impl ListPage {
    fn overdue(&self, t: &Task) -> bool {
        t.overdue(self.today)
    }
}

/// `GET /inspections/rectifications?inspection=ID`
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let inspection = q.inspection.trim().parse().ok();
    let unit = q.unit.trim().parse().ok();
    let page = state
        .store
        .rectifications(
            &actor.scope,
            RectificationFilter {
                inspection_id: inspection,
                unit_id: unit,
            },
            PageRequest::new(q.after.trim().parse().ok(), 50),
        )
        .await?;
    Ok(render(&ListPage {
        nav: Nav::for_actor(actor, "/inspections"),
        tasks: page.items,
        next: page.next_after,
        inspection: inspection.map(|i| i.to_string()).unwrap_or_default(),
        unit: unit.map(|u| u.to_string()).unwrap_or_default(),
        today: state.today(),
    }))
}

#[derive(Template)]
#[template(path = "rectification.html")]
struct ShowPage {
    nav: Nav,
    task: Task,
    today: NaiveDate,
    own: bool,
}

impl ShowPage {
    fn overdue(&self) -> bool {
        self.task.overdue(self.today)
    }
}

/// `GET /inspections/rectifications/{id}`
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let task = state.store.rectification(&actor.scope, id).await?;
    Ok(render(&ShowPage {
        nav: Nav::for_actor(actor, "/inspections"),
        own: task.from_unit_id == actor.scope.unit_id(),
        task,
        today: state.today(),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub version: String,
    pub decision: String,
    pub note: String,
}

/// `POST /inspections/rectifications/{id}/review`: close or return.
pub async fn review(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // out of scope answers like missing, before the form is looked at
    state.store.rectification(&actor.scope, id).await?;
    let version = crate::case_input::parse_version(&form.version).map_err(AppError::Invalid)?;
    let accept = match form.decision.as_str() {
        "accept" => true,
        "return" => false,
        _ => {
            return Err(AppError::Invalid(vec![(
                "decision",
                msg("quality-choose-decision"),
            )]));
        }
    };
    state
        .store
        .close_rectification(&actor.scope, actor.user_id, id, version, accept, &form.note)
        .await
        .map_err(unprocessable)?;
    Ok(Redirect::to(&format!("/inspections/rectifications/{id}")).into_response())
}
