//! INSPECT-1 — the inspection rounds of a district or the city office: plan a round over
//! units below, record findings per unit against the checklist, set rectifications (the
//! inspected unit answers them among its 待办事项), judge the answers, issue 通报 (a
//! printable A4 document), record 约谈, and list the districts that fall short for public
//! notice. Everything needs `InspectionsManage`.

pub mod findings;
pub mod notices;
pub mod rectifications;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::inspection::{NoticeKind, inspect1_checklist};
use jiekang_store::StoreError;
use jiekang_store::inspections::*;
use jiekang_store::model::PageRequest;
use jiekang_store::tasks::Task;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;
use crate::unit_picker::UnitPicker;

/// A refusal or a stale version as a 422 page naming it (nothing was written).
pub(crate) fn unprocessable(e: StoreError) -> AppError {
    match e {
        StoreError::Refused(r) => {
            AppError::Invalid(vec![("form", crate::i18n::refusal::refusal(&r))])
        }
        StoreError::Stale => AppError::Invalid(vec![("stale", msg("org-someone-else-changed"))]),
        e => e.into(),
    }
}

/// A date field, or a 422 naming it.
pub(crate) fn date_of(field: &'static str, value: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(vec![(field, msg("common-date-format"))]))
}

/// `?after=ID`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub after: String,
    pub inspection: String,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "inspections.html")]
struct ListPage {
    nav: Nav,
    items: Vec<Inspection>,
    next: Option<i64>,
    counts: InspectionCounts,
}

/// `GET /inspections`: the rounds of the scope's offices, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let page = state
        .store
        .inspections(
            &actor.scope,
            PageRequest::new(q.after.trim().parse().ok(), 50),
        )
        .await?;
    let counts = state
        .store
        .inspection_counts(&actor.scope, state.today())
        .await?;
    Ok(render(&ListPage {
        nav: Nav::for_actor(actor, "/inspections"),
        items: page.items,
        next: page.next_after,
        counts,
    }))
}

#[derive(Template)]
#[template(path = "inspection_new.html")]
struct NewPage {
    nav: Nav,
    picker: UnitPicker,
    name: String,
    starts_on: String,
    ends_on: String,
    chosen: Vec<i64>,
    error: Option<Msg>,
}

impl NewPage {
    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }
}

async fn new_page(
    state: &AppState,
    auth: &Authenticated,
    fields: &[(String, String)],
    error: Option<Msg>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let tree = state.unit_tree().await?;
    let scope = &actor.scope;
    let picker = tree.picker(
        |u| {
            scope.contains(&u.path)
                && u.path != scope.path()
                && u.valid_to.is_none()
                && !inspect1_checklist(u.level).is_empty()
        },
        "",
    );
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let today = state.today();
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let or = |v: String, d: String| if v.is_empty() { d } else { v };
    Ok((
        status,
        render(&NewPage {
            nav: Nav::for_actor(actor, "/inspections"),
            picker,
            name: field("name"),
            starts_on: or(field("starts_on"), today.to_string()),
            ends_on: or(
                field("ends_on"),
                (today + chrono::Days::new(30)).to_string(),
            ),
            chosen: chosen_units(fields),
            error,
        }),
    )
        .into_response())
}

fn chosen_units(fields: &[(String, String)]) -> Vec<i64> {
    fields
        .iter()
        .filter(|(k, _)| k == "units")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect()
}

/// `GET /inspections/new`: the plan form with the units below to choose from.
pub async fn new(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    new_page(&state, &auth, &[], None).await
}

/// `POST /inspections`: plan the round.
pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let parse = |name: &str| NaiveDate::parse_from_str(field(name).trim(), "%Y-%m-%d").ok();
    let (Some(starts_on), Some(ends_on)) = (parse("starts_on"), parse("ends_on")) else {
        return new_page(&state, &auth, &fields, Some(msg("common-date-format"))).await;
    };
    let new = NewInspection {
        name: field("name"),
        starts_on,
        ends_on,
        unit_ids: chosen_units(&fields),
    };
    let actor = &auth.actor;
    match state
        .store
        .add_inspection(&actor.scope, actor.user_id, &new)
        .await
    {
        Ok(i) => Ok(Redirect::to(&format!("/inspections/{}", i.id)).into_response()),
        Err(StoreError::Refused(r)) => {
            new_page(
                &state,
                &auth,
                &fields,
                Some(crate::i18n::refusal::refusal(&r)),
            )
            .await
        }
        // a unit outside the scope was sent
        Err(StoreError::NotFound) => {
            new_page(
                &state,
                &auth,
                &fields,
                Some(msg("inspections-unit-unknown")),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "inspection.html")]
struct ShowPage {
    nav: Nav,
    detail: InspectionDetail,
    listed: Vec<ListedDistrict>,
    rectifications: Vec<Task>,
    notices: Vec<Notice>,
    summons: Vec<Summons>,
    today: NaiveDate,
    own: bool,
    kinds: Vec<&'static str>,
}

impl ShowPage {
    fn overdue(&self, t: &Task) -> bool {
        t.overdue(self.today)
    }
}

/// `GET /inspections/{id}`: the round's units with their verdicts, its rectifications,
/// 通报, 约谈 and the districts listed for public notice.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    let rectifications = state
        .store
        .rectifications(
            &actor.scope,
            RectificationFilter {
                inspection_id: Some(id),
                unit_id: None,
            },
            PageRequest::first(PageRequest::MAX_LIMIT),
        )
        .await?
        .items;
    let notices = state.store.notices(&actor.scope, id).await?;
    let summons = state.store.summons(&actor.scope, id).await?;
    Ok(render(&ShowPage {
        nav: Nav::for_actor(actor, "/inspections"),
        listed: listed_districts(&detail.units),
        own: Some(detail.inspection.unit_id) == actor.scope.unit_id(),
        detail,
        rectifications,
        notices,
        summons,
        today,
        kinds: NoticeKind::ALL.iter().map(|k| k.code()).collect(),
    }))
}

/// `GET /inspections/{id}/export.xlsx`: the round's units with their findings counts.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let detail = state.store.inspection(&actor.scope, id, today).await?;
    let rows: Vec<Vec<Cell>> = detail
        .units
        .iter()
        .map(|u| {
            vec![
                Cell::from(u.district_name.clone()),
                Cell::from(u.unit_name.clone()),
                u.inspected_on.map_or(Cell::Empty, Cell::from),
                Cell::from(u.recorded),
                Cell::from(u.failed),
                Cell::from(u.rectifications),
                Cell::from(u.open_rectifications),
                Cell::from(u.overdue_rectifications),
                Cell::from(u.verdict().label_zh()),
            ]
        })
        .collect();
    let bytes = workbook(
        "检查情况",
        &Title::now(format!("{}检查情况", detail.inspection.name), actor),
        &[
            "旗区",
            "被检查单位",
            "检查日期",
            "检查项目",
            "不合格项",
            "整改任务",
            "未办结整改",
            "逾期整改",
            "结论",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "inspection.export",
        "inspection",
        Some(id),
        format!("{} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("inspection-{id}-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}
