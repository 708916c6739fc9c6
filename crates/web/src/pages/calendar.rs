//! The holiday calendar page (D2): which years are known, what a date is, the
//! entries of a year, and the import of a new year's notice or a correction.

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{Datelike, NaiveDate};
use jiekang_domain::calendar::{CalendarEntry, WorkCalendar, parse_notice_file};
use jiekang_store::calendar::{effective_calendar, save_notices};
use jiekang_store::model::StoredCalendarNotice;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    imported: String,
}

/// What the calendar says of one date.
pub struct DateAnswer {
    pub date: NaiveDate,
    pub text: Msg,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    nav: Nav,
    years: Vec<(i32, bool)>,
    stored: Vec<StoredCalendarNotice>,
    year: i32,
    entries: Vec<CalendarEntry>,
    answer: Option<DateAnswer>,
    query_date: String,
    imported: Option<usize>,
    notice_text: String,
    error: Option<Msg>,
}

impl CalendarPage {
    /// A holiday's name in the page's language.
    fn name<'a>(&self, name: &'a str) -> &'a str {
        holiday_name(name)
    }
}

async fn page(
    state: &AppState,
    auth: &Authenticated,
    query: CalendarQuery,
    notice_text: String,
    error: Option<Msg>,
) -> Result<Response, AppError> {
    let calendar = effective_calendar(state.store.as_ref()).await?;
    let stored = state.store.calendar_notices().await?;
    let years = calendar
        .covered_years()
        .into_iter()
        .rev()
        .map(|y| (y, stored.iter().any(|s| s.year == y)))
        .collect();
    let today = jiekang_domain::clock::beijing_date(chrono::Utc::now());
    let year = query.year.trim().parse().unwrap_or(today.year());
    let entries = calendar
        .notice(year)
        .map(|n| n.entries().to_vec())
        .unwrap_or_default();
    let answer = NaiveDate::parse_from_str(query.date.trim(), "%Y-%m-%d")
        .ok()
        .map(|date| {
            let text = match (calendar.is_workday(date), calendar.entry(date)) {
                (Ok(true), Ok(Some(e))) => {
                    msg("calendar-answer-make-up-day").arg("name", holiday_name(&e.name))
                }
                (Ok(true), _) => msg("calendar-working-day"),
                (Ok(false), Ok(Some(e))) => {
                    msg("calendar-answer-holiday").arg("name", holiday_name(&e.name))
                }
                (Ok(false), _) => msg("calendar-rest-day-weekend"),
                (Err(e), _) => {
                    let p = calendar.is_workday_or_provisional(date);
                    let kind = if p.value {
                        "calendar-working-day"
                    } else {
                        "calendar-rest-day"
                    };
                    msg("calendar-answer-provisional")
                        .arg("year", e.year)
                        .arg("kind", msg(kind))
                }
            };
            DateAnswer { date, text }
        });
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = render(&CalendarPage {
        nav: Nav::for_actor(&auth.actor, "/calendar"),
        years,
        stored,
        year,
        entries,
        answer,
        query_date: query.date,
        imported: query.imported.parse().ok(),
        notice_text,
        error,
    });
    Ok((status, body).into_response())
}

/// The embedded names read "New Year's Day / 元旦"; the page shows the part in its
/// language (a name entered without one is shown as entered).
fn holiday_name(name: &str) -> &str {
    match (name.rsplit_once(" / "), crate::i18n::lang()) {
        (Some((en, _)), crate::i18n::Lang::En) => en,
        (Some((_, zh)), crate::i18n::Lang::Zh) => zh,
        (None, _) => name,
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(query): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    page(&state, &auth, query, String::new(), None).await
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    notice: String,
}

/// A problem of the uploaded file, in the page's language.
fn import_problem(e: &jiekang_domain::calendar::CalendarImportError) -> Msg {
    let zh = match e.line {
        Some(line) => format!("第{line}行:{}", e.problem.message_zh()),
        None => e.problem.message_zh(),
    };
    Msg::both(zh, e.message_en())
}

pub async fn import(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<ImportForm>,
) -> Result<Response, AppError> {
    match parse_notice_file(&form.notice) {
        Ok(notices) => {
            save_notices(state.store.as_ref(), Some(auth.actor.user_id), &notices).await?;
            // D2, D4: provisional planned test dates are drawn again with the new year,
            // in the background (every case with one; idempotent, so any instance may).
            let store = state.store.clone();
            tokio::spawn(async move {
                match jiekang_store::calendar::replan_after_notice(store.as_ref(), &|_| {}).await {
                    Ok(n) => tracing::info!(cases = n, "provisional test dates re-planned"),
                    Err(e) => tracing::error!(error = %e, "re-planning test dates failed"),
                }
            });
            let year = notices.first().map(|n| n.year()).unwrap_or_default();
            Ok(
                Redirect::to(&format!("/calendar?year={year}&imported={}", notices.len()))
                    .into_response(),
            )
        }
        Err(e) => {
            page(
                &state,
                &auth,
                CalendarQuery::default(),
                form.notice,
                Some(import_problem(&e)),
            )
            .await
        }
    }
}
