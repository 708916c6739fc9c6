//! CASE-1, CASE-2, N16 — the compulsory-isolation centre's desk (its home page): the
//! release form, its releases with their hand-overs (pending, overdue, received, the
//! case opened), one release (the minimum of the person: name and masked number), Excel.
//! And the receiving side: the releases handed to the townships of one's scope, one
//! release with its acknowledgement (接收), Excel.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::{Action, permits};
use jiekang_store::StoreError;
use jiekang_store::isolation::*;
use jiekang_store::model::PageRequest;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::input::{PersonInput, parse_person};
use crate::state::AppState;

/// Releases on one screen (a centre releases a few a day at most).
const LIST_ROWS: u32 = 200;

#[derive(Template)]
#[template(path = "isolation.html")]
struct DeskPage {
    nav: Nav,
    today: NaiveDate,
    counts: ReleaseCounts,
    releases: Vec<Release>,
    /// The townships of the scope, the receiving side to choose from.
    townships: Vec<(i64, String)>,
    form: ReleaseForm,
    errors: Vec<Msg>,
    done: bool,
}

#[derive(Template)]
#[template(path = "isolation_release.html")]
struct ReleasePage {
    nav: Nav,
    today: NaiveDate,
    r: Release,
    /// The centre's view (no link to the archive) or the receiving side's.
    centre: bool,
    can_receive: bool,
    /// Received, no 社区康复 case yet.
    awaiting_case: bool,
    /// The police enter the decision (N1).
    can_open_case: bool,
    done: Option<Msg>,
}

#[derive(Template)]
#[template(path = "releases.html")]
struct IncomingPage {
    nav: Nav,
    today: NaiveDate,
    counts: ReleaseCounts,
    pending: Vec<Release>,
    recent: Vec<Release>,
}

/// The release form as submitted (and shown again with its errors).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReleaseForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    released_on: String,
    #[serde(default)]
    centre_name: String,
    /// `yes` or `no`.
    #[serde(default)]
    order: String,
    #[serde(default)]
    order_number: String,
    #[serde(default)]
    order_decided_on: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

fn day(text: &str) -> Result<NaiveDate, Msg> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| msg("common-date-format"))
}

fn store_msg(e: StoreError) -> Result<Msg, AppError> {
    match e {
        StoreError::Refused(r) => Ok(crate::i18n::refusal::refusal(&r)),
        StoreError::Conflict { message, .. } => Ok(Msg::recorded(message)),
        e => Err(e.into()),
    }
}

async fn desk(
    state: &AppState,
    auth: &Authenticated,
    form: ReleaseForm,
    errors: Vec<Msg>,
    done: bool,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let (counts, page, units) = tokio::try_join!(
        state.store.centre_release_counts(actor.unit_id, today),
        state
            .store
            .centre_releases(actor.unit_id, PageRequest::first(LIST_ROWS)),
        state.store.units(&actor.scope),
    )?;
    let townships = units
        .into_iter()
        .filter(|u| u.level == UnitLevel::Township && u.valid_to.is_none())
        .map(|u| (u.id, u.name))
        .collect();
    crate::export::audit_export(
        state,
        actor,
        "isolation.list",
        "release",
        None,
        format!("出所登记列表({} 条)", page.items.len()),
    )
    .await?;
    let mut form = form;
    if form.centre_name.is_empty() {
        // the centre's own name, as on its latest release
        form.centre_name = page
            .items
            .first()
            .map(|r| r.centre_name.clone())
            .unwrap_or_default();
    }
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&DeskPage {
            nav: Nav::for_actor(actor, "/isolation"),
            today,
            counts,
            releases: page.items,
            townships,
            form,
            errors,
            done,
        }),
    )
        .into_response())
}

/// The centre's home page and `/isolation`.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let done = q.done.as_deref() == Some("recorded");
    desk(&state, &auth, ReleaseForm::default(), Vec::new(), done).await
}

pub async fn home(state: &AppState, auth: &Authenticated) -> Result<Response, AppError> {
    desk(state, auth, ReleaseForm::default(), Vec::new(), false).await
}

/// Parse the form into a release, or the messages of every field wrong.
fn parse_release(form: &ReleaseForm, today: NaiveDate) -> Result<NewRelease, Vec<Msg>> {
    let mut errors = Vec::new();
    let person = parse_person(
        &PersonInput {
            name: form.name.clone(),
            id_type: String::new(),
            id_number: form.id_number.clone(),
            unit_id: form.unit_id.clone(),
        },
        today,
    )
    .map_err(|e| errors.extend(e.into_iter().map(|(_, m)| m)))
    .ok();
    let released_on = day(&form.released_on).map_err(|m| errors.push(m)).ok();
    let order = match form.order.as_str() {
        "yes" => day(&form.order_decided_on)
            .map_err(|m| errors.push(m))
            .ok()
            .map(|decided_on| {
                Some(RehabOrder {
                    number: form.order_number.trim().to_owned(),
                    decided_on,
                })
            }),
        "no" => Some(None),
        _ => {
            errors.push(msg("isolation-choose-order"));
            None
        }
    };
    match (person, released_on, order) {
        (Some(person), Some(released_on), Some(order)) if errors.is_empty() => Ok(NewRelease {
            person,
            released_on,
            centre_name: form.centre_name.trim().to_owned(),
            order,
        }),
        _ => Err(errors),
    }
}

pub async fn record(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<ReleaseForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let new = match parse_release(&form, today) {
        Ok(new) => new,
        Err(errors) => return desk(&state, &auth, form, errors, false).await,
    };
    let actor = &auth.actor;
    match state
        .store
        .record_release(
            &actor.scope,
            actor.user_id,
            actor.unit_id,
            &new,
            HolidayCalendar::embedded(),
            today,
        )
        .await
    {
        Ok(r) => Ok(
            Redirect::to(&format!("/isolation/releases/{}?done=recorded", r.id)).into_response(),
        ),
        Err(e) => {
            let m = store_msg(e)?;
            desk(&state, &auth, form, vec![m], false).await
        }
    }
}

/// One release of the centre: the minimum of the person, the hand-over's state.
pub async fn centre_release(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let r = state
        .store
        .centre_release(actor.user_id, actor.unit_id, id)
        .await?;
    Ok(render(&ReleasePage {
        nav: Nav::for_actor(actor, "/isolation"),
        today: state.today(),
        r,
        centre: true,
        can_receive: false,
        awaiting_case: false,
        can_open_case: false,
        done: (q.done.as_deref() == Some("recorded")).then(|| msg("isolation-done-recorded")),
    })
    .into_response())
}

/// The releases handed to the townships of the scope: pending first (overdue flagged),
/// then the latest ones.
pub async fn incoming(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let (counts, pending, recent) = tokio::try_join!(
        state.store.incoming_release_counts(&actor.scope, today),
        state
            .store
            .incoming_releases(&actor.scope, true, PageRequest::first(LIST_ROWS)),
        state
            .store
            .incoming_releases(&actor.scope, false, PageRequest::first(LIST_ROWS)),
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "isolation.list",
        "release",
        None,
        format!(
            "出所移交列表({} 条)",
            pending.items.len() + recent.items.len()
        ),
    )
    .await?;
    Ok(render(&IncomingPage {
        nav: Nav::for_actor(actor, "/releases"),
        today,
        counts,
        pending: pending.items,
        recent: recent.items,
    })
    .into_response())
}

/// One release handed to a township of the scope, with its acknowledgement.
pub async fn incoming_release(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let r = state
        .store
        .incoming_release(&actor.scope, actor.user_id, id)
        .await?;
    let can_write = permits(actor.role, Action::CasesWrite);
    // N1: the decision is the police's to enter; the others are told so
    let police = actor.role == jiekang_domain::permission::Role::CommunityPolice;
    Ok(render(&ReleasePage {
        nav: Nav::for_actor(actor, "/releases"),
        today: state.today(),
        can_receive: can_write && r.pending(),
        awaiting_case: r.has_order && r.received_on.is_some() && r.case_id.is_none(),
        can_open_case: police,
        r,
        centre: false,
        done: (q.done.as_deref() == Some("received")).then(|| msg("isolation-done-received")),
    })
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct ReceiveForm {
    #[serde(default)]
    on: String,
}

/// CASE-2 — 接收: the township acknowledges the hand-over.
pub async fn receive(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<ReceiveForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match form.on.trim() {
        "" => today,
        v => day(v).map_err(AppError::BadRequest)?,
    };
    let actor = &auth.actor;
    match state
        .store
        .receive_release(&actor.scope, actor.user_id, id, on, today)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/releases/{id}?done=received")).into_response()),
        // a refusal of the business rule (dates, received already) is 422 with its reason
        Err(StoreError::Refused(why)) => Err(AppError::Invalid(vec![(
            "on",
            crate::i18n::refusal::refusal(&why),
        )])),
        Err(e) => Err(e.into()),
    }
}

fn rows_of(releases: &[Release], today: NaiveDate) -> Vec<Vec<crate::export::Cell>> {
    use crate::export::Cell;
    let day = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Day);
    releases
        .iter()
        .map(|r| {
            let state = if !r.has_order {
                "无社区康复决定"
            } else if r.overdue(today) {
                "逾期未接收"
            } else if r.received_on.is_none() {
                "待接收"
            } else if r.case_id.is_none() {
                "已接收,未立案"
            } else {
                "已立案"
            };
            vec![
                Cell::from(r.person_name.as_str()),
                Cell::from(r.id_number_masked.as_str()),
                Cell::Day(r.released_on),
                Cell::from(r.centre_name.as_str()),
                Cell::from(r.order_number.as_str()),
                day(r.order_decided_on),
                Cell::from(r.to_unit_name.as_deref().unwrap_or("")),
                day(r.handover_deadline),
                day(r.received_on),
                Cell::from(state),
            ]
        })
        .collect()
}

const HEADER: [&str; 10] = [
    "姓名",
    "证件号码",
    "出所日期",
    "戒毒所",
    "社区康复决定书文号",
    "决定日期",
    "接收单位",
    "接收期限",
    "接收日期",
    "状态",
];

async fn export_of(
    state: &AppState,
    auth: &Authenticated,
    releases: Vec<Release>,
    title: &str,
    file: &str,
) -> Result<Response, AppError> {
    use crate::export::{Title, download, workbook};
    let actor = &auth.actor;
    let rows = rows_of(&releases, state.today());
    let bytes = workbook("出所", &Title::now(title.to_owned(), actor), &HEADER, &rows)?;
    crate::export::audit_export(
        state,
        actor,
        "isolation.export",
        "release",
        None,
        format!("{title}({} 条)", rows.len()),
    )
    .await?;
    Ok(download(file, bytes))
}

/// The centre's releases in Excel.
pub async fn centre_export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let page = state
        .store
        .centre_releases(
            auth.actor.unit_id,
            PageRequest::first(PageRequest::MAX_LIMIT),
        )
        .await?;
    export_of(
        &state,
        &auth,
        page.items,
        "强制隔离戒毒出所登记",
        "releases.xlsx",
    )
    .await
}

/// The releases handed to the scope in Excel.
pub async fn incoming_export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let page = state
        .store
        .incoming_releases(
            &auth.actor.scope,
            false,
            PageRequest::first(PageRequest::MAX_LIMIT),
        )
        .await?;
    export_of(
        &state,
        &auth,
        page.items,
        "出所移交社区康复",
        "releases-incoming.xlsx",
    )
    .await
}
