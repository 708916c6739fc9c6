//! N6 — 我的人员: the open cases a community worker is responsible for (or a police
//! officer is named on), with what is due on each, keyset by case id.

use crate::i18n::filters;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use jiekang_domain::permission::Role;
use jiekang_domain::risk::RiskLevel;
use jiekang_store::model::{Actor, Page, PageRequest};
use jiekang_store::risk::{Carer, MyCase};
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;
/// How many of them the home page shows.
pub const HOME_ROWS: u32 = 10;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MineQuery {
    pub after: String,
}

/// Whose list the actor has: a police officer's persons are those naming them as
/// officer, anyone else's those naming them as worker.
pub fn carer_of(role: Role) -> Carer {
    if role == Role::CommunityPolice {
        Carer::Police
    } else {
        Carer::Worker
    }
}

/// The actor's persons, one page.
pub async fn my_page(
    state: &AppState,
    actor: &Actor,
    after: Option<i64>,
    limit: u32,
) -> Result<Page<MyCase>, AppError> {
    Ok(state
        .store
        .my_cases(
            &actor.scope,
            actor.user_id,
            carer_of(actor.role),
            state.today(),
            PageRequest::new(after, limit),
        )
        .await?)
}

/// The rows' shared view (`my_persons_rows.html`).
pub trait MineRows {
    fn today(&self) -> NaiveDate;
    fn level_status(&self, level: &RiskLevel) -> &'static str {
        crate::pages::cases::level_status(level)
    }
    fn due(&self, date: &Option<NaiveDate>) -> bool {
        date.is_some_and(|d| d < self.today())
    }
}

#[derive(Template)]
#[template(path = "my_persons.html")]
struct MinePage {
    nav: Nav,
    police: bool,
    rows: Vec<MyCase>,
    next: Option<i64>,
    today: NaiveDate,
}

impl MineRows for MinePage {
    fn today(&self) -> NaiveDate {
        self.today
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<MineQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let page = my_page(&state, actor, q.after.trim().parse().ok(), PAGE_SIZE).await?;
    Ok(render(&MinePage {
        nav: Nav::for_actor(actor, "/my-persons"),
        police: actor.role == Role::CommunityPolice,
        rows: page.items,
        next: page.next_after,
        today: state.today(),
    }))
}

/// `GET /my-persons/export.xlsx`: 我的人员 as Excel (it names persons: counted against the
/// search limit and audited as `mine.export`).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    state.search_allowed(actor.user_id)?;
    let today = state.today();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut after = None;
    loop {
        let batch = my_page(&state, actor, after, PageRequest::MAX_LIMIT).await?;
        rows.extend(batch.items.into_iter().map(|r| {
            vec![
                Cell::from(r.person_name),
                Cell::from(r.unit_name),
                Cell::from(r.state.label_zh()),
                Cell::from(r.risk_label),
                Cell::from(r.risk_level.map(|l| l.label_zh())),
                Cell::from(r.next_test_on),
                Cell::from(r.talk_due_on),
                Cell::from(r.visit_due_on),
                Cell::from(r.reassess_due_on),
            ]
        }));
        match batch.next_after {
            Some(next) if rows.len() < MAX_ROWS => after = Some(next),
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let bytes = workbook(
        "我的人员",
        &Title::now("我的人员", actor),
        &[
            "人员",
            "执行地",
            "状态",
            "风险分类",
            "风险等级",
            "下次计划检测",
            "应谈话日",
            "下次家访",
            "复评日",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "mine.export",
        "case",
        None,
        format!("{} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("my-persons-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}
