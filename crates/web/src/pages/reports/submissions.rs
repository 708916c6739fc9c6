//! `GET /reports/submissions?period=…` — who has submitted the period's report: every
//! township of the actor's scope with its state, 未报送 first-class. A district office
//! accepts a submitted report or returns it with its reason (`POST /reports/review`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Utc;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::report::ReportPeriod;
use jiekang_store::model::Actor;
use jiekang_store::reports::{Review, SubmissionRow, SubmissionState};
use serde::Deserialize;

use super::{PeriodQuery, chosen_period, period_choices};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{Msg, filters, msg};
use crate::pages::{Nav, render};
use crate::state::AppState;

const MAX_REVIEW_NOTE_CHARS: usize = 500;

#[derive(Template)]
#[template(path = "report_submissions.html")]
struct SubmissionsPage {
    nav: Nav,
    period_code: String,
    period_label: String,
    choices: Vec<(String, String)>,
    rows: Vec<SubmissionRow>,
    missing: usize,
    awaiting: usize,
    may_review: bool,
    error: Option<Msg>,
}

/// The message id of a submission state (未报送 without one).
pub fn state_id(s: Option<SubmissionState>) -> &'static str {
    match s {
        None => "reports-submission-missing",
        Some(SubmissionState::Submitted) => "reports-submission-submitted",
        Some(SubmissionState::Returned) => "reports-submission-returned",
        Some(SubmissionState::Accepted) => "reports-submission-accepted",
    }
}

impl SubmissionsPage {
    fn state_id(&self, s: &Option<SubmissionState>) -> &'static str {
        state_id(*s)
    }

    fn awaiting_review(&self, s: &Option<SubmissionState>) -> bool {
        *s == Some(SubmissionState::Submitted)
    }

    fn time(&self, at: &Option<chrono::DateTime<Utc>>) -> String {
        at.map(crate::pages::audit::local_time).unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    actor: &Actor,
    period: ReportPeriod,
    error: Option<Msg>,
) -> Result<Response, AppError> {
    let rows = state.store.report_submissions(&actor.scope, period).await?;
    let page = SubmissionsPage {
        nav: Nav::for_actor(actor, "/reports"),
        period_code: period.code(),
        period_label: super::view::period_label(&period),
        choices: period_choices(state.today()),
        missing: rows.iter().filter(|r| r.state.is_none()).count(),
        awaiting: rows
            .iter()
            .filter(|r| r.state == Some(SubmissionState::Submitted))
            .count(),
        rows,
        may_review: permits(actor.role, Action::ReportsReview),
        error,
    };
    let mut response = render(&page);
    if page.error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /reports/submissions?period=…`
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    match chosen_period(&state, &q.period) {
        Some(period) => page(&state, &auth.actor, period, None).await,
        None => {
            let fallback = chosen_period(&state, "").ok_or(AppError::NotFound)?;
            page(
                &state,
                &auth.actor,
                fallback,
                Some(msg("reports-bad-period")),
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub period: String,
    pub unit_id: String,
    /// `accept` or `return`.
    pub decision: String,
    pub note: String,
}

/// `POST /reports/review`
pub async fn review(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let Some(period) = ReportPeriod::parse(&form.period) else {
        let fallback = chosen_period(&state, "").ok_or(AppError::NotFound)?;
        return page(&state, actor, fallback, Some(msg("reports-bad-period"))).await;
    };
    let Ok(unit_id) = form.unit_id.trim().parse::<i64>() else {
        return Err(AppError::NotFound);
    };
    let decision = match form.decision.as_str() {
        "accept" => Review::Accept,
        "return" => Review::Return,
        _ => return page(&state, actor, period, Some(msg("reports-choose-decision"))).await,
    };
    let note = form.note.trim();
    if note.chars().count() > MAX_REVIEW_NOTE_CHARS {
        return page(&state, actor, period, Some(msg("reports-note-too-long"))).await;
    }
    match state
        .store
        .review_report(
            &actor.scope,
            actor.user_id,
            unit_id,
            period,
            decision,
            note,
            Utc::now(),
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/reports/submissions?period={}", period.code())).into_response(),
        ),
        Err(jiekang_store::StoreError::Refused(r)) => {
            let message = crate::i18n::refusal::refusal(&r);
            page(&state, actor, period, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}
