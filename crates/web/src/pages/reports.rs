//! STAT-1, D5 — periodic reports (报表): a unit's monthly, quarterly or yearly report,
//! its child units side by side, with the five D5 rates, month-on-month and
//! year-on-year, and the counts of the period. Figures come from the stored counts
//! (`jiekang_store::reports`); a closed period shows its frozen figures and any
//! correction beside them. A township submits its frozen report here.

mod export;
mod persons;
mod submissions;
mod view;

pub use export::export;
pub use persons::{cursor, list as persons, unit_scope};
pub use submissions::{list as submissions, review};
pub use view::{COUNTS, RATES, ReportView, period_choices, period_label, report_view};

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Utc;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::report::{PeriodKind, ReportPeriod};
use jiekang_store::model::Actor;
use jiekang_store::reports::{Report, SubmissionState};
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;

/// The longest note a township adds to its submission.
const MAX_NOTE_CHARS: usize = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodQuery {
    pub period: String,
}

/// The period asked for, or the last closed month; `None` for a code that is no period.
pub fn chosen_period(state: &AppState, code: &str) -> Option<ReportPeriod> {
    let code = code.trim();
    if code.is_empty() {
        return Some(ReportPeriod::containing(PeriodKind::Month, state.today()).previous());
    }
    ReportPeriod::parse(code)
}

/// The report of the actor's scope (stored figures only; no personal data).
pub async fn load(
    state: &AppState,
    actor: &Actor,
    period: ReportPeriod,
) -> Result<Report, AppError> {
    Ok(state.store.report(&actor.scope, period).await?)
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    nav: Nav,
    report: ReportView,
    choices: Vec<(String, String)>,
    may_submit: bool,
    /// The township's own submission: its state's message id, when, the district's note.
    own_state: &'static str,
    own_submitted_at: String,
    own_review_note: String,
    /// The frozen report may be submitted (not yet, or again after a return).
    submit_open: bool,
    may_see_submissions: bool,
    error: Option<Msg>,
    note: String,
}

async fn page(
    state: &AppState,
    actor: &Actor,
    period: ReportPeriod,
    error: Option<Msg>,
    note: String,
) -> Result<Response, AppError> {
    let report = load(state, actor, period).await?;
    let may_submit = permits(actor.role, Action::ReportsSubmit) && actor.scope.unit_id().is_some();
    let own = if may_submit {
        state
            .store
            .report_submissions(&actor.scope, period)
            .await?
            .into_iter()
            .find(|s| Some(s.unit_id) == actor.scope.unit_id())
    } else {
        None
    };
    let own_state = own.as_ref().and_then(|s| s.state);
    let report = report_view(&report);
    let page = ReportsPage {
        nav: Nav::for_actor(actor, "/reports"),
        choices: period_choices(state.today()),
        may_submit,
        own_state: submissions::state_id(own_state),
        own_submitted_at: own
            .as_ref()
            .and_then(|s| s.submitted_at)
            .map(super::audit::local_time)
            .unwrap_or_default(),
        own_review_note: own
            .as_ref()
            .map(|s| s.review_note.clone())
            .unwrap_or_default(),
        submit_open: may_submit
            && report.frozen
            && matches!(own_state, None | Some(SubmissionState::Returned)),
        report,
        may_see_submissions: permits(actor.role, Action::ReportsReview)
            || permits(actor.role, Action::SupervisionRead),
        error,
        note,
    };
    let mut response = render(&page);
    if page.error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /reports?period=2026-11`
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let Some(period) = chosen_period(&state, &q.period) else {
        let fallback = chosen_period(&state, "")
            .unwrap_or_else(|| ReportPeriod::containing(PeriodKind::Month, state.today()));
        return page(
            &state,
            &auth.actor,
            fallback,
            Some(msg("reports-bad-period")),
            String::new(),
        )
        .await;
    };
    page(&state, &auth.actor, period, None, String::new()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubmitForm {
    pub period: String,
    pub note: String,
}

/// `POST /reports/submit` — the township submits its frozen report of the period.
pub async fn submit(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let Some(period) = ReportPeriod::parse(&form.period) else {
        let fallback = chosen_period(&state, "")
            .unwrap_or_else(|| ReportPeriod::containing(PeriodKind::Month, state.today()));
        return page(
            &state,
            actor,
            fallback,
            Some(msg("reports-bad-period")),
            form.note,
        )
        .await;
    };
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return page(
            &state,
            actor,
            period,
            Some(msg("reports-note-too-long")),
            form.note.clone(),
        )
        .await;
    }
    match state
        .store
        .submit_report(&actor.scope, actor.user_id, period, note, Utc::now())
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/reports?period={}#submission", period.code())).into_response(),
        ),
        Err(jiekang_store::StoreError::Refused(r)) => {
            let message = crate::i18n::refusal::refusal(&r);
            page(&state, actor, period, Some(message), form.note.clone()).await
        }
        Err(e) => Err(e.into()),
    }
}
