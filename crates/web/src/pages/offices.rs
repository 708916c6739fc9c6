//! FAC-1 — the offices (work stations) of townships and communities: the report per
//! unit with drill-down (units without an office, offices under 20 m²) and its Excel,
//! each office's form (address, area, rooms, equipment) with its inspection status and
//! photos (kept in the database, served back only in scope). District and city offices
//! keep them for their subtree, a township for its own units (`OfficesKeep`).

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::facilities::{
    FAC1_MAX_PHOTO_BYTES, Room, fac1_office_required, fac1_parse_area,
};
use jiekang_store::StoreError;
use jiekang_store::inspections::*;
use jiekang_store::model::PageRequest;
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;
use crate::unit_picker::{self, UnitPicker};

/// `?unit=ID&after=ID`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OfficeQuery {
    pub unit: String,
    pub after: String,
}

impl OfficeQuery {
    fn unit(&self) -> Option<i64> {
        self.unit.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "offices.html")]
struct ReportPage {
    nav: Nav,
    report: FacilitiesReport,
    offices: Vec<Office>,
    next: Option<i64>,
    unit: String,
}

/// `GET /offices?unit=ID`: the report of a unit, its gaps and its offices.
pub async fn report(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OfficeQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let report = state
        .store
        .facilities_report(&actor.scope, q.unit())
        .await?;
    let page = state
        .store
        .offices(
            &actor.scope,
            Some(report.unit_id),
            PageRequest::new(q.after.trim().parse().ok(), 50),
        )
        .await?;
    Ok(render(&ReportPage {
        nav: Nav::for_actor(actor, "/offices"),
        unit: report.unit_id.to_string(),
        report,
        offices: page.items,
        next: page.next_after,
    }))
}

/// `GET /offices/export.xlsx?unit=ID`: the report and its gaps as Excel.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OfficeQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let report = state
        .store
        .facilities_report(&actor.scope, q.unit())
        .await?;
    let row = |r: &FacilitiesRow| -> Vec<Cell> {
        vec![
            Cell::from(r.name.clone()),
            Cell::from(r.required),
            Cell::from(r.with_office),
            Cell::from(r.without_office),
            Cell::from(r.too_small),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = report.children.iter().map(row).collect();
    let mut total = row(&report.total);
    total[0] = Cell::from("合计");
    rows.push(total);
    for g in &report.gaps {
        rows.push(vec![
            Cell::from(format!("未达标:{}", g.unit_name)),
            Cell::Empty,
            Cell::from(i64::from(g.office_id.is_some())),
            Cell::from(i64::from(g.office_id.is_none())),
            g.area_tenths.map_or(Cell::Empty, |_| Cell::from(g.area())),
        ]);
    }
    let bytes = workbook(
        "办公场所",
        &Title::now(format!("办公场所情况({},{today})", report.unit_name), actor),
        &[
            "单位",
            "应设工作站数",
            "已设",
            "未设办公场所",
            "不足20平方米",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "offices.export",
        "unit",
        Some(report.unit_id),
        format!("{} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("offices-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct OfficeForm {
    pub version: String,
    pub unit: String,
    pub address: String,
    pub area: String,
    pub equipment: String,
    pub talk: String,
    pub testing: String,
    pub training: String,
}

impl OfficeForm {
    fn of(o: &Office) -> Self {
        let on = |code: &str| if o.has_room(code) { "1" } else { "" }.to_owned();
        OfficeForm {
            version: o.version.to_string(),
            unit: o.unit_id.to_string(),
            address: o.address.clone(),
            area: o.area(),
            equipment: o.equipment.clone(),
            talk: on("talk"),
            testing: on("testing"),
            training: on("training"),
        }
    }
    fn rooms(&self) -> Vec<Room> {
        [
            (Room::Talk, &self.talk),
            (Room::Testing, &self.testing),
            (Room::Training, &self.training),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(r, _)| r)
        .collect()
    }
}

#[derive(Template)]
#[template(path = "office_form.html")]
struct FormPage {
    nav: Nav,
    office: Option<Office>,
    photos: Vec<OfficePhoto>,
    form: OfficeForm,
    picker: UnitPicker,
    errors: FieldErrors,
    max_photo_mb: usize,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
    fn action(&self) -> String {
        self.office
            .as_ref()
            .map_or_else(|| "/offices".to_owned(), |o| format!("/offices/{}", o.id))
    }
    fn updated_at(&self) -> String {
        self.office
            .as_ref()
            .map(|o| crate::shown_time::minutes(&o.updated_at))
            .unwrap_or_default()
    }
}

async fn form_page(
    state: &AppState,
    auth: &Authenticated,
    office: Option<Office>,
    form: OfficeForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let picker = unit_picker::in_scope(
        state,
        &actor.scope,
        |u| fac1_office_required(u.level),
        &form.unit,
    )
    .await?;
    let photos = match &office {
        Some(o) => state.store.office_photos(&actor.scope, o.id).await?,
        None => Vec::new(),
    };
    let status = super::form_status(&errors);
    Ok((
        status,
        render(&FormPage {
            nav: Nav::for_actor(actor, "/offices"),
            office,
            photos,
            form,
            picker,
            errors,
            max_photo_mb: FAC1_MAX_PHOTO_BYTES / (1024 * 1024),
        }),
    )
        .into_response())
}

fn parse_office(form: &OfficeForm, unit_id: Option<i64>) -> Result<NewOffice, FieldErrors> {
    let mut errors = FieldErrors::new();
    let address = form.address.trim().to_owned();
    if address.is_empty() {
        errors.push(("address", msg("offices-address-required")));
    }
    let area = fac1_parse_area(&form.area);
    if area.is_none() {
        errors.push(("area", msg("offices-area-number")));
    }
    match (unit_id, area) {
        (Some(unit_id), Some(area_tenths)) if errors.is_empty() => Ok(NewOffice {
            unit_id,
            address,
            area_tenths,
            rooms: form.rooms(),
            equipment: form.equipment.trim().to_owned(),
        }),
        _ => Err(errors),
    }
}

fn store_errors(e: StoreError) -> Result<FieldErrors, AppError> {
    match e {
        StoreError::Refused(r) => Ok(vec![("form", crate::i18n::refusal::refusal(&r))]),
        StoreError::Stale => Ok(vec![("stale", msg("org-someone-else-changed"))]),
        e => Err(e.into()),
    }
}

/// `GET /offices/new?unit=ID`
pub async fn new(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OfficeQuery>,
) -> Result<Response, AppError> {
    let form = OfficeForm {
        unit: q.unit.trim().to_owned(),
        ..OfficeForm::default()
    };
    form_page(&state, &auth, None, form, Vec::new()).await
}

/// `POST /offices`
pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<OfficeForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let picker = unit_picker::in_scope(
        &state,
        &actor.scope,
        |u| fac1_office_required(u.level),
        &form.unit,
    )
    .await?;
    let mut errors = FieldErrors::new();
    let unit_id = picker
        .resolve(&form.unit)
        .map(|c| c.id)
        .map_err(|m| errors.push(("unit", m)))
        .ok();
    let new = match parse_office(&form, unit_id) {
        Ok(new) if errors.is_empty() => new,
        Ok(_) => return form_page(&state, &auth, None, form, errors).await,
        Err(e) => {
            errors.extend(e);
            return form_page(&state, &auth, None, form, errors).await;
        }
    };
    match state
        .store
        .add_office(&actor.scope, actor.user_id, &new)
        .await
    {
        Ok(o) => Ok(Redirect::to(&format!("/offices/{}", o.id)).into_response()),
        Err(e) => {
            let errors = store_errors(e)?;
            form_page(&state, &auth, None, form, errors).await
        }
    }
}

/// `GET /offices/{id}`
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let office = state.store.office(&auth.actor.scope, id).await?;
    let form = OfficeForm::of(&office);
    form_page(&state, &auth, Some(office), form, Vec::new()).await
}

/// `POST /offices/{id}`: the whole office at its version (its unit stays).
pub async fn update(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(mut form): Form<OfficeForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // out of scope answers like missing, before anything else
    let office = state.store.office(&actor.scope, id).await?;
    form.unit = office.unit_id.to_string();
    let version = crate::case_input::parse_version(&form.version);
    let (version, new) = match (version, parse_office(&form, Some(office.unit_id))) {
        (Ok(v), Ok(new)) => (v, new),
        (v, p) => {
            let mut errors = v.err().unwrap_or_default();
            errors.extend(p.err().unwrap_or_default());
            return form_page(&state, &auth, Some(office), form, errors).await;
        }
    };
    match state
        .store
        .update_office(&actor.scope, actor.user_id, id, version, &new)
        .await
    {
        Ok(o) => Ok(Redirect::to(&format!("/offices/{}", o.id)).into_response()),
        Err(e) => {
            let errors = store_errors(e)?;
            form_page(&state, &auth, Some(office), form, errors).await
        }
    }
}

/// `POST /offices/{id}/photos`: a JPEG or PNG, recognised by its content.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // out of scope answers like missing, before the upload is looked at
    let office = state.store.office(&actor.scope, id).await?;
    let bad = AppError::BadRequest;
    let mut caption = String::new();
    let mut data: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad(msg("case-upload-cannot-read")))?
    {
        match field.name() {
            Some("caption") => {
                caption = field
                    .text()
                    .await
                    .map_err(|_| bad(msg("case-upload-cannot-read")))?
            }
            Some("file") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| bad(msg("case-file-too-large-or")))?;
                data = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    let data = data.unwrap_or_default();
    match state
        .store
        .add_office_photo(&actor.scope, actor.user_id, office.id, &caption, &data)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/offices/{id}#photos")).into_response()),
        Err(e) => {
            let errors = store_errors(e)?;
            let form = OfficeForm::of(&office);
            form_page(&state, &auth, Some(office), form, errors).await
        }
    }
}

/// `GET /offices/photos/{id}`: the photo's bytes, in scope only, as the type it was
/// checked to be.
pub async fn photo(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let (photo, data) = state.store.office_photo(&auth.actor.scope, id).await?;
    let content_type = HeaderValue::from_str(&photo.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        data,
    )
        .into_response())
}
