//! CASE-5 — a case's stays in a 戒毒康复场所 (entry and exit, each recorded jointly: the
//! township's user and the centre's person), and the list of a district's stays with
//! Excel.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::rehab_centre::StayEnd;
use jiekang_store::StoreError;
use jiekang_store::model::PageRequest;
use jiekang_store::rehab_stays::*;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;

const LIST_ROWS: u32 = 100;

#[derive(Template)]
#[template(path = "case_rehab_centre.html")]
struct CasePage {
    nav: Nav,
    today: NaiveDate,
    page: CaseStays,
    can_record: bool,
    ends: [StayEnd; 4],
    errors: Vec<Msg>,
}

#[derive(Template)]
#[template(path = "rehab_stays.html")]
struct ListPage {
    nav: Nav,
    stays: Vec<Stay>,
    next_after: Option<i64>,
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

async fn case_page(
    state: &AppState,
    auth: &Authenticated,
    case_id: i64,
    errors: Vec<Msg>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let page = state.store.case_stays(&actor.scope, case_id).await?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&CasePage {
            nav: Nav::for_actor(actor, "/rehab-stays"),
            today: state.today(),
            can_record: permits(actor.role, Action::CasesWrite),
            page,
            ends: StayEnd::ALL,
            errors,
        }),
    )
        .into_response())
}

/// A case's stays with the entry or exit form.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(case_id): Id,
) -> Result<Response, AppError> {
    case_page(&state, &auth, case_id, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    place: String,
    #[serde(default)]
    agreement: String,
    #[serde(default)]
    entered_on: String,
    #[serde(default)]
    centre_recorder: String,
}

pub async fn enter(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(case_id): Id,
    Form(form): Form<EntryForm>,
) -> Result<Response, AppError> {
    let entered_on = match day(&form.entered_on) {
        Ok(d) => d,
        Err(m) => return case_page(&state, &auth, case_id, vec![m]).await,
    };
    let new = NewStay {
        place: form.place,
        agreement: form.agreement,
        entered_on,
        centre_recorder: form.centre_recorder,
    };
    let actor = &auth.actor;
    match state
        .store
        .enter_rehab_centre(&actor.scope, actor.user_id, case_id, &new, state.today())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{case_id}/rehab-centre")).into_response()),
        Err(e) => {
            let m = store_msg(e)?;
            case_page(&state, &auth, case_id, vec![m]).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ExitForm {
    #[serde(default)]
    case_id: String,
    #[serde(default)]
    exited_on: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    centre_recorder: String,
}

pub async fn exit(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(stay_id): Id,
    Form(form): Form<ExitForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let parsed = day(&form.exited_on).and_then(|d| {
        StayEnd::parse(form.end.trim())
            .map(|end| (d, end))
            .ok_or_else(|| msg("stay-choose-end"))
    });
    let result = match parsed {
        Ok((exited_on, end)) => state
            .store
            .exit_rehab_centre(
                &actor.scope,
                actor.user_id,
                stay_id,
                &StayExit {
                    exited_on,
                    end,
                    centre_recorder: form.centre_recorder.clone(),
                },
                state.today(),
            )
            .await
            .map_err(store_msg),
        Err(m) => Err(Ok(m)),
    };
    match result {
        Ok(stay) => {
            Ok(Redirect::to(&format!("/cases/{}/rehab-centre", stay.case_id)).into_response())
        }
        Err(m) => {
            let m = m?;
            match form.case_id.trim().parse::<i64>() {
                Ok(case_id) => case_page(&state, &auth, case_id, vec![m]).await,
                Err(_) => Err(AppError::BadRequest(m)),
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    after: String,
}

/// The stays of the scope's cases (a district's list).
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let page = state
        .store
        .rehab_stays(
            &actor.scope,
            PageRequest::new(q.after.trim().parse().ok(), LIST_ROWS),
        )
        .await?;
    crate::export::audit_export(
        &state,
        actor,
        "case.rehab_list",
        "case",
        None,
        format!("戒毒康复场所出入所列表({} 条)", page.items.len()),
    )
    .await?;
    Ok(render(&ListPage {
        nav: Nav::for_actor(actor, "/rehab-stays"),
        stays: page.items,
        next_after: page.next_after,
    })
    .into_response())
}

/// The stays of the scope's cases in Excel.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let page = state
        .store
        .rehab_stays(&actor.scope, PageRequest::first(PageRequest::MAX_LIMIT))
        .await?;
    let rows: Vec<Vec<Cell>> = page
        .items
        .iter()
        .map(|s| {
            vec![
                Cell::from(s.person_name.as_str()),
                Cell::from(s.unit_name.as_str()),
                Cell::from(s.place.as_str()),
                Cell::from(s.agreement.as_str()),
                Cell::Day(s.entered_on),
                Cell::from(format!("{} / {}", s.entry_by, s.entry_centre_by).as_str()),
                s.exited_on.map_or(Cell::Empty, Cell::Day),
                Cell::from(s.end.map_or("", |e| e.label_zh())),
                Cell::from(
                    match (&s.exit_by, &s.exit_centre_by) {
                        (Some(a), Some(b)) => format!("{a} / {b}"),
                        _ => String::new(),
                    }
                    .as_str(),
                ),
            ]
        })
        .collect();
    let title = "戒毒康复场所入所、出所登记";
    let bytes = workbook(
        "康复场所",
        &Title::now(title.to_owned(), actor),
        &[
            "姓名",
            "执行地",
            "戒毒康复场所",
            "协议",
            "入所日期",
            "入所登记(乡镇/场所)",
            "出所日期",
            "出所原因",
            "出所登记(乡镇/场所)",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "case.rehab_export",
        "case",
        None,
        format!("{title}({} 条)", rows.len()),
    )
    .await?;
    Ok(download("rehab-stays.xlsx", bytes))
}
