//! INSPECT-1 — 通报 (praise or criticism, printed as an A4 document like the paper
//! forms: title, number, body, issuing office and seal line, date), 约谈 records, and
//! the printable list of the districts that fall short, for public notice.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::inspection::NoticeKind;
use jiekang_store::inspections::*;
use serde::Deserialize;

use super::{date_of, unprocessable};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{filters, msg};
use crate::pages::{Nav, render};
use crate::state::AppState;

/// A day as printed documents write it: `2026年3月20日`.
fn printed(d: chrono::NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub unit: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub issued_on: String,
}

/// `POST /inspections/{id}/notices`: issue a 通报 on a unit of the round.
pub async fn issue(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<NoticeForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    // out of scope answers like missing, before the form is looked at
    state.store.inspection(&actor.scope, id, today).await?;
    let unit_id = form
        .unit
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(vec![("unit", msg("case-please-choose"))]))?;
    let kind = NoticeKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::Invalid(vec![("kind", msg("case-please-choose"))]))?;
    let issued_on = date_of("issued_on", &form.issued_on)?;
    let notice = state
        .store
        .issue_notice(
            &actor.scope,
            actor.user_id,
            id,
            &NewNotice {
                unit_id,
                kind,
                title: form.title,
                body: form.body,
                issued_on,
            },
            today,
        )
        .await
        .map_err(unprocessable)?;
    Ok(Redirect::to(&format!("/inspections/notices/{}", notice.id)).into_response())
}

#[derive(Template)]
#[template(path = "inspection_notice.html")]
struct NoticePage {
    notice: Notice,
    issued: String,
}

/// `GET /inspections/notices/{id}`: the 通报 as an A4 page for the browser's print.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let notice = state.store.notice(&auth.actor.scope, id).await?;
    Ok(render(&NoticePage {
        issued: printed(notice.issued_on),
        notice,
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SummonsForm {
    pub unit: String,
    pub held_on: String,
    pub attendees: String,
    pub content: String,
}

/// `POST /inspections/{id}/summons`: record a 约谈 with a unit of the round.
pub async fn summon(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<SummonsForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    state.store.inspection(&actor.scope, id, today).await?;
    let unit_id = form
        .unit
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(vec![("unit", msg("case-please-choose"))]))?;
    let held_on = date_of("held_on", &form.held_on)?;
    state
        .store
        .add_summons(
            &actor.scope,
            actor.user_id,
            id,
            &NewSummons {
                unit_id,
                held_on,
                attendees: form.attendees,
                content: form.content,
            },
            today,
        )
        .await
        .map_err(unprocessable)?;
    Ok(Redirect::to(&format!("/inspections/{id}#summons")).into_response())
}

#[derive(Template)]
#[template(path = "inspection_public.html")]
struct PublicPage {
    nav: Nav,
    inspection: Inspection,
    listed: Vec<ListedDistrict>,
    today: String,
}

/// `GET /inspections/{id}/public-notice`: the districts of the round that fall short,
/// printable for public notice.
pub async fn public(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    Ok(render(&PublicPage {
        nav: Nav::for_actor(actor, "/inspections"),
        listed: listed_districts(&detail.units),
        inspection: detail.inspection,
        today: printed(today),
    }))
}
