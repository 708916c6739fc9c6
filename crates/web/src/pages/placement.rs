//! BASE-1 — the employment placement facilities (就业安置基地 / 就业安置点): each district
//! of the user's scope against what its 实有吸毒人员 ask for (500 or more: a base; fewer:
//! a point), the register of facilities with their capacity, contact and persons placed
//! now, as a page and as Excel; entries added and changed (e.g. closed) by the district
//! and city offices and 人社 (`PlacementKeep`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::placement::{
    PlacementFacility, base1_missing, base1_open_on, required_placement_facility,
};
use jiekang_store::StoreError;
use jiekang_store::model::PageRequest;
use jiekang_store::placement::*;
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;
use crate::unit_picker::{self, UnitPicker};

const PAGE_SIZE: u32 = 50;

/// `?unit=ID&closed=1&after=ID` — every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BaseQuery {
    pub unit: String,
    pub closed: String,
    pub after: String,
}

impl BaseQuery {
    fn filter(&self) -> PlacementFilter {
        PlacementFilter {
            unit_id: self.unit.trim().parse().ok(),
            with_closed: !self.closed.trim().is_empty(),
        }
    }
}

/// BASE-1 — one district: its 实有吸毒人员, the facility they ask for, what it runs.
pub struct Base1Row {
    pub unit_id: i64,
    pub name: String,
    pub drug_users: i64,
    pub required: PlacementFacility,
    pub bases: u32,
    pub points: u32,
    pub capacity: i64,
    pub placed: i64,
    pub missing: Option<PlacementFacility>,
}

/// Every facility of the scope open today (a city has tens; the register is paged).
async fn open_facilities(
    state: &AppState,
    auth: &Authenticated,
    today: NaiveDate,
) -> Result<Vec<PlacementBase>, AppError> {
    let mut all = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state
            .store
            .placement_bases(&auth.actor.scope, PlacementFilter::default(), today, page)
            .await?;
        all.extend(batch.items);
        match batch.next_after {
            Some(after) if all.len() < crate::export::MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    Ok(all)
}

/// BASE-1 — the districts of the scope (a city's districts, or the district itself),
/// each judged by `base1_missing` on its 实有吸毒人员 (the staffing report's count) and
/// the facilities open today.
async fn base1_rows(
    state: &AppState,
    auth: &Authenticated,
    today: NaiveDate,
) -> Result<Vec<Base1Row>, AppError> {
    let report = state
        .store
        .staffing_report(&auth.actor.scope, None, today)
        .await?;
    let districts: Vec<(i64, String, i64)> = match report.unit_level {
        UnitLevel::District => vec![(report.unit_id, report.unit_name, report.total.persons)],
        UnitLevel::Township | UnitLevel::Community => Vec::new(),
        _ => report
            .children
            .into_iter()
            .filter(|r| r.level == UnitLevel::District)
            .map(|r| (r.unit_id, r.name, r.persons))
            .collect(),
    };
    let facilities = open_facilities(state, auth, today).await?;
    let tree = state.unit_tree().await?;
    Ok(districts
        .into_iter()
        .map(|(unit_id, name, persons)| {
            let own: Vec<&PlacementBase> = facilities
                .iter()
                .filter(|b| {
                    base1_open_on(b.opened_on, b.closed_on, today)
                        && tree.district_of(b.unit_id).map(|d| d.id) == Some(unit_id)
                })
                .collect();
            let count = |f: PlacementFacility| own.iter().filter(|b| b.facility == f).count();
            let bases = u32::try_from(count(PlacementFacility::Base)).unwrap_or(u32::MAX);
            let points = u32::try_from(count(PlacementFacility::Point)).unwrap_or(u32::MAX);
            let users = u32::try_from(persons.max(0)).unwrap_or(u32::MAX);
            Base1Row {
                unit_id,
                name,
                drug_users: persons,
                required: required_placement_facility(users),
                bases,
                points,
                capacity: own.iter().map(|b| b.capacity).sum(),
                placed: own.iter().map(|b| b.placed).sum(),
                missing: base1_missing(users, bases, points),
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "placement_bases.html")]
struct BasesPage {
    nav: Nav,
    rows: Vec<Base1Row>,
    items: Vec<PlacementBase>,
    next: Option<i64>,
    unit: String,
    closed: bool,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<BaseQuery>,
) -> Result<Response, AppError> {
    let today = state.today();
    let filter = q.filter();
    let page = state
        .store
        .placement_bases(
            &auth.actor.scope,
            filter,
            today,
            PageRequest::new(q.after.trim().parse().ok(), PAGE_SIZE),
        )
        .await?;
    Ok(render(&BasesPage {
        nav: Nav::for_actor(&auth.actor, "/placement-bases"),
        rows: base1_rows(&state, &auth, today).await?,
        items: page.items,
        next: page.next_after,
        unit: filter.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        closed: filter.with_closed,
    }))
}

/// `GET /placement-bases/export.xlsx`: the districts against BASE-1 and the register,
/// one sheet each (no person data).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<BaseQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Sheet, Title, download, workbook_sheets};
    let actor = &auth.actor;
    let today = state.today();
    let label = |f: PlacementFacility| Cell::from(f.label_zh());
    let districts: Vec<Vec<Cell>> = base1_rows(&state, &auth, today)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                Cell::from(r.name),
                Cell::from(r.drug_users),
                label(r.required),
                Cell::from(i64::from(r.bases)),
                Cell::from(i64::from(r.points)),
                Cell::from(r.capacity),
                Cell::from(r.placed),
                r.missing.map_or(Cell::Empty, label),
            ]
        })
        .collect();
    let filter = q.filter();
    let mut register: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state
            .store
            .placement_bases(&actor.scope, filter, today, page)
            .await?;
        register.extend(batch.items.into_iter().map(|b| {
            vec![
                Cell::from(b.name),
                label(b.facility),
                Cell::from(b.unit_name),
                Cell::from(b.address),
                Cell::from(b.capacity),
                Cell::from(b.placed),
                Cell::from(b.contact),
                Cell::from(b.phone),
                Cell::from(b.opened_on),
                b.closed_on.map_or(Cell::Empty, Cell::from),
                Cell::from(b.note),
            ]
        }));
        match batch.next_after {
            Some(after) if register.len() < MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    register.truncate(MAX_ROWS);
    let title = Title::now("就业安置基地(点)", actor);
    let bytes = workbook_sheets(
        &title,
        &[
            Sheet {
                name: "各旗区",
                head: &[
                    "旗区",
                    "实有吸毒人员",
                    "应设",
                    "安置基地",
                    "安置点",
                    "容纳人数",
                    "在岗安置人数",
                    "缺少",
                ],
                rows: &districts,
            },
            Sheet {
                name: "名册",
                head: &[
                    "名称",
                    "类别",
                    "单位",
                    "地址",
                    "容纳人数",
                    "在岗安置人数",
                    "联系人",
                    "联系电话",
                    "设立日期",
                    "撤销日期",
                    "备注",
                ],
                rows: &register,
            },
        ],
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "placement_base.export",
        "placement_base",
        None,
        format!("{} rows", register.len()),
    )
    .await?;
    Ok(download(
        &format!("placement-bases-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct BaseForm {
    pub version: String,
    pub unit: String,
    pub name: String,
    pub facility: String,
    pub address: String,
    pub capacity: String,
    pub contact: String,
    pub phone: String,
    pub opened_on: String,
    pub closed_on: String,
    pub note: String,
}

impl BaseForm {
    fn of(b: &PlacementBase) -> Self {
        BaseForm {
            version: b.version.to_string(),
            unit: b.unit_id.to_string(),
            name: b.name.clone(),
            facility: b.facility.code().to_owned(),
            address: b.address.clone(),
            capacity: b.capacity.to_string(),
            contact: b.contact.clone(),
            phone: b.phone.clone(),
            opened_on: b.opened_on.to_string(),
            closed_on: b.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            note: b.note.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "placement_base_form.html")]
struct BaseFormPage {
    nav: Nav,
    /// `None` for a new entry.
    base: Option<PlacementBase>,
    form: BaseForm,
    picker: UnitPicker,
    errors: FieldErrors,
    today: NaiveDate,
    facilities: [PlacementFacility; 2],
}

impl BaseFormPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
    fn action(&self) -> String {
        self.base.as_ref().map_or_else(
            || "/placement-bases".to_owned(),
            |b| format!("/placement-bases/{}", b.id),
        )
    }
    /// When the entry was made and last changed, in Beijing time.
    fn created_at(&self) -> String {
        self.base
            .as_ref()
            .map(|b| crate::shown_time::minutes(&b.created_at))
            .unwrap_or_default()
    }
    fn updated_at(&self) -> String {
        self.base
            .as_ref()
            .map(|b| crate::shown_time::minutes(&b.updated_at))
            .unwrap_or_default()
    }
}

async fn form_page(
    state: &AppState,
    auth: &Authenticated,
    base: Option<PlacementBase>,
    form: BaseForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // a district or a unit below it keeps a facility (BASE-1)
    let picker = unit_picker::in_scope(
        state,
        &actor.scope,
        |u| u.level != UnitLevel::City && u.level != UnitLevel::Province,
        &form.unit,
    )
    .await?;
    let status = super::form_status(&errors);
    let page = render(&BaseFormPage {
        nav: Nav::for_actor(actor, "/placement-bases"),
        base,
        form,
        picker,
        errors,
        today: state.today(),
        facilities: PlacementFacility::ALL,
    });
    Ok((status, page).into_response())
}

fn date_field(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| errors.push((field, msg("common-date-format"))))
        .ok()
}

/// The typed entry from the form, or the fields to correct.
fn parse(form: &BaseForm, picker: &UnitPicker) -> Result<NewPlacementBase, FieldErrors> {
    let mut errors = FieldErrors::new();
    let unit_id = picker
        .resolve(&form.unit)
        .map(|c| c.id)
        .map_err(|m| errors.push(("unit", m)))
        .ok();
    let name = form.name.trim().to_owned();
    if name.is_empty() {
        errors.push(("name", msg("placement-name-required")));
    }
    let facility = PlacementFacility::parse(form.facility.trim());
    if facility.is_none() {
        errors.push(("facility", msg("case-please-choose")));
    }
    let capacity = match form.capacity.trim() {
        "" => Some(0),
        c => c.parse::<i64>().ok().filter(|c| (0..=100_000).contains(c)),
    };
    if capacity.is_none() {
        errors.push(("capacity", msg("placement-capacity-number")));
    }
    let opened_on = date_field(&mut errors, "opened_on", &form.opened_on);
    if form.opened_on.trim().is_empty() {
        errors.push(("opened_on", msg("common-date-format")));
    }
    let closed_on = date_field(&mut errors, "closed_on", &form.closed_on);
    match (unit_id, facility, capacity, opened_on) {
        (Some(unit_id), Some(facility), Some(capacity), Some(opened_on)) if errors.is_empty() => {
            Ok(NewPlacementBase {
                unit_id,
                name,
                facility,
                address: form.address.trim().to_owned(),
                capacity,
                contact: form.contact.trim().to_owned(),
                phone: form.phone.trim().to_owned(),
                opened_on,
                closed_on,
                note: form.note.trim().to_owned(),
            })
        }
        _ => Err(errors),
    }
}

fn refusal_errors(e: StoreError) -> Result<FieldErrors, AppError> {
    match e {
        StoreError::Refused(r) => Ok(vec![("form", crate::i18n::refusal::refusal(&r))]),
        e => Err(e.into()),
    }
}

pub async fn new(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<BaseQuery>,
) -> Result<Response, AppError> {
    let form = BaseForm {
        unit: q.unit.trim().to_owned(),
        facility: PlacementFacility::Point.code().to_owned(),
        opened_on: state.today().to_string(),
        ..BaseForm::default()
    };
    form_page(&state, &auth, None, form, Vec::new()).await
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let base = state.store.placement_base(&auth.actor.scope, id).await?;
    let form = BaseForm::of(&base);
    form_page(&state, &auth, Some(base), form, Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<BaseForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &form.unit).await?;
    let new = match parse(&form, &picker) {
        Ok(new) => new,
        Err(errors) => return form_page(&state, &auth, None, form, errors).await,
    };
    match state
        .store
        .add_placement_base(&actor.scope, actor.user_id, &new, state.today())
        .await
    {
        Ok(b) => Ok(Redirect::to(&format!("/placement-bases/{}", b.id)).into_response()),
        Err(e) => {
            let errors = refusal_errors(e)?;
            form_page(&state, &auth, None, form, errors).await
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<BaseForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // out of scope answers like missing, before anything else
    let base = state.store.placement_base(&actor.scope, id).await?;
    let picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &form.unit).await?;
    let version = crate::case_input::parse_version(&form.version);
    let (version, new) = match (version, parse(&form, &picker)) {
        (Ok(v), Ok(new)) => (v, new),
        (v, p) => {
            let mut errors = v.err().unwrap_or_default();
            errors.extend(p.err().unwrap_or_default());
            return form_page(&state, &auth, Some(base), form, errors).await;
        }
    };
    match state
        .store
        .update_placement_base(
            &actor.scope,
            actor.user_id,
            id,
            version,
            &new,
            state.today(),
        )
        .await
    {
        Ok(b) => Ok(Redirect::to(&format!("/placement-bases/{}", b.id)).into_response()),
        Err(StoreError::Stale) => {
            let fresh = state.store.placement_base(&actor.scope, id).await?;
            let form = BaseForm::of(&fresh);
            let errors = vec![("stale", msg("org-someone-else-changed"))];
            form_page(&state, &auth, Some(fresh), form, errors).await
        }
        Err(e) => {
            let errors = refusal_errors(e)?;
            form_page(&state, &auth, Some(base), form, errors).await
        }
    }
}
