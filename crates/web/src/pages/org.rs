//! Issue 20 — the work system itself, for the district and city offices: the staffing
//! report (STAFF-1..3) with its drill-down, the staff register (STAFF-4) and the funding
//! report with its entries (FUND-1). Reading needs `SupervisionRead`; changing needs
//! `OrgManage` (the route table says which).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{Datelike, NaiveDate};
use jiekang_domain::funding::Fen;
use jiekang_domain::id_number::Sex;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::staff::{EmploymentMode, FundCategory, FundKind, StaffPost, fund1_parse_yuan};
use jiekang_store::StoreError;
use jiekang_store::model::PageRequest;
use jiekang_store::staff::*;
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;
use crate::unit_picker::{self, UnitPicker};

const PAGE_SIZE: u32 = 50;

/// `?unit=ID&year=YYYY&former=1&after=ID` — every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrgQuery {
    pub unit: String,
    pub year: String,
    pub former: String,
    pub after: String,
}

impl OrgQuery {
    fn unit(&self) -> Option<i64> {
        self.unit.trim().parse().ok()
    }
    fn year(&self, today: NaiveDate) -> i32 {
        self.year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=today.year() + 1).contains(y))
            .unwrap_or(today.year())
    }
}

fn yuan(f: Fen) -> String {
    f.to_string()
}

fn fen_cell(f: Fen) -> crate::export::Cell {
    crate::export::Cell::Money(i64::try_from(f.0).unwrap_or(i64::MAX))
}

// --- STAFF-1..3: the staffing report ---

#[derive(Template)]
#[template(path = "staffing.html")]
struct StaffingPage {
    nav: Nav,
    report: StaffingReport,
    can_manage: bool,
}

impl StaffingPage {
    fn caseload(&self, r: &StaffingRow) -> String {
        r.caseload()
            .map_or_else(|| "—".to_owned(), |n| n.to_string())
    }
}

pub async fn staffing(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let report = state
        .store
        .staffing_report(&actor.scope, q.unit(), state.today())
        .await?;
    Ok(render(&StaffingPage {
        nav: Nav::for_actor(actor, "/staffing"),
        report,
        can_manage: permits(actor.role, Action::OrgManage),
    }))
}

/// `GET /staffing/export.xlsx?unit=ID`: the report as Excel (counts only, no names).
pub async fn staffing_export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let report = state
        .store
        .staffing_report(&actor.scope, q.unit(), today)
        .await?;
    let row = |name: String, r: &StaffingRow| -> Vec<Cell> {
        vec![
            Cell::from(name),
            Cell::from(r.persons),
            Cell::from(r.open_cases),
            Cell::from(r.female_persons),
            Cell::from(r.full_time),
            Cell::from(r.full_time_required),
            Cell::from(r.full_time_missing),
            Cell::from(r.part_time),
            Cell::from(r.cadres),
            Cell::from(r.cadres_missing),
            Cell::from(r.female_staff),
            Cell::from(r.female_missing),
            r.caseload().map_or(Cell::Empty, Cell::from),
            Cell::from(r.units_short),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = report
        .children
        .iter()
        .map(|r| row(r.name.clone(), r))
        .collect();
    rows.push(row("合计".to_owned(), &report.total));
    let bytes = workbook(
        "人员配备",
        &Title::now(format!("人员配备情况({},{today})", report.unit_name), actor),
        &[
            "单位",
            "实有吸毒人员",
            "在管人数",
            "在管女性",
            "专职人员",
            "专职应配",
            "专职缺口",
            "兼职人员",
            "分管干部",
            "分管干部缺口",
            "女性工作人员",
            "女性工作人员缺口",
            "人均在管",
            "未达标单位数",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "staffing.export",
        "unit",
        Some(report.unit_id),
        format!("{} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("staffing-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}

// --- STAFF-4: the register ---

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffListPage {
    nav: Nav,
    items: Vec<StaffMember>,
    next: Option<i64>,
    unit: String,
    former: bool,
    can_manage: bool,
}

fn staff_filter(q: &OrgQuery) -> StaffFilter {
    StaffFilter {
        unit_id: q.unit(),
        with_former: !q.former.trim().is_empty(),
    }
}

pub async fn staff_list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let filter = staff_filter(&q);
    let page = state
        .store
        .staff_list(
            &actor.scope,
            filter,
            state.today(),
            PageRequest::new(q.after.trim().parse().ok(), PAGE_SIZE),
        )
        .await?;
    Ok(render(&StaffListPage {
        nav: Nav::for_actor(actor, "/staffing"),
        items: page.items,
        next: page.next_after,
        unit: filter.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        former: filter.with_former,
        can_manage: permits(actor.role, Action::OrgManage),
    }))
}

/// `GET /staff/export.xlsx`: the register as Excel (staff names: audited).
pub async fn staff_export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let filter = staff_filter(&q);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state
            .store
            .staff_list(&actor.scope, filter, today, page)
            .await?;
        rows.extend(batch.items.into_iter().map(|s| {
            vec![
                Cell::from(s.name),
                Cell::from(s.sex.label_zh()),
                Cell::from(s.unit_name),
                Cell::from(s.post.label_zh()),
                Cell::from(s.employment.label_zh()),
                Cell::from(s.username.unwrap_or_default()),
                Cell::from(s.started_on),
                s.ended_on.map_or(Cell::Empty, Cell::from),
                Cell::from(s.training_hours),
                Cell::from(s.courses),
                Cell::from(s.awards),
                Cell::from(s.sanctions),
                Cell::from(s.open_cases),
            ]
        }));
        match batch.next_after {
            Some(after) if rows.len() < MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let bytes = workbook(
        "工作人员",
        &Title::now("工作人员名册", actor),
        &[
            "姓名",
            "性别",
            "单位",
            "岗位",
            "用工方式",
            "账户",
            "到岗日期",
            "离岗日期",
            "培训学时",
            "培训课程",
            "奖励",
            "处分",
            "在管人数",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "staff.export",
        "staff",
        None,
        format!("{} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("staff-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StaffForm {
    pub version: String,
    pub unit: String,
    pub name: String,
    pub sex: String,
    pub post: String,
    pub employment: String,
    pub account: String,
    pub started_on: String,
    pub ended_on: String,
    pub training_hours: String,
    pub courses: String,
    pub awards: String,
    pub sanctions: String,
}

impl StaffForm {
    fn of(s: &StaffMember) -> Self {
        StaffForm {
            version: s.version.to_string(),
            unit: s.unit_id.to_string(),
            name: s.name.clone(),
            sex: s.sex.code().to_owned(),
            post: s.post.code().to_owned(),
            employment: s.employment.code().to_owned(),
            account: s.username.clone().unwrap_or_default(),
            started_on: s.started_on.to_string(),
            ended_on: s.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            training_hours: s.training_hours.to_string(),
            courses: s.courses.clone(),
            awards: s.awards.clone(),
            sanctions: s.sanctions.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "staff_form.html")]
struct StaffFormPage {
    nav: Nav,
    /// `None` for a new entry.
    member: Option<StaffMember>,
    form: StaffForm,
    picker: UnitPicker,
    errors: FieldErrors,
    today: NaiveDate,
    can_manage: bool,
    posts: Vec<&'static str>,
    modes: Vec<&'static str>,
}

impl StaffFormPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
    /// When the entry was made and last changed, in Beijing time.
    fn created_at(&self) -> String {
        self.member
            .as_ref()
            .map(|m| crate::shown_time::minutes(&m.created_at))
            .unwrap_or_default()
    }
    fn updated_at(&self) -> String {
        self.member
            .as_ref()
            .map(|m| crate::shown_time::minutes(&m.updated_at))
            .unwrap_or_default()
    }
    fn action(&self) -> String {
        self.member
            .as_ref()
            .map_or_else(|| "/staff".to_owned(), |m| format!("/staff/{}", m.id))
    }
}

async fn staff_form_page(
    state: &AppState,
    auth: &Authenticated,
    member: Option<StaffMember>,
    form: StaffForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let picker = unit_picker::in_scope(state, &actor.scope, |_| true, &form.unit).await?;
    let status = super::form_status(&errors);
    let page = render(&StaffFormPage {
        nav: Nav::for_actor(actor, "/staffing"),
        member,
        form,
        picker,
        errors,
        today: state.today(),
        can_manage: permits(actor.role, Action::OrgManage),
        posts: StaffPost::ALL.iter().map(|p| p.code()).collect(),
        modes: EmploymentMode::ALL.iter().map(|m| m.code()).collect(),
    });
    Ok((status, page).into_response())
}

fn date_field(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    required: bool,
) -> Option<Option<NaiveDate>> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.push((field, msg("common-date-format")));
            return None;
        }
        return Some(None);
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(Some(d)),
        Err(_) => {
            errors.push((field, msg("common-date-format")));
            None
        }
    }
}

/// The typed entry from the form, or the fields to correct.
fn parse_staff(form: &StaffForm, picker: &UnitPicker) -> Result<NewStaff, FieldErrors> {
    let mut errors = FieldErrors::new();
    let unit_id = picker
        .resolve(&form.unit)
        .map(|c| c.id)
        .map_err(|m| errors.push(("unit", m)))
        .ok();
    let name = form.name.trim().to_owned();
    if name.is_empty() {
        errors.push(("name", msg("org-staff-name-required")));
    }
    let sex = Sex::parse(form.sex.trim());
    if sex.is_none() {
        errors.push(("sex", msg("case-please-choose")));
    }
    let post = StaffPost::parse(form.post.trim());
    if post.is_none() {
        errors.push(("post", msg("case-please-choose")));
    }
    let employment = EmploymentMode::parse(form.employment.trim());
    if employment.is_none() {
        errors.push(("employment", msg("case-please-choose")));
    }
    let started_on = date_field(&mut errors, "started_on", &form.started_on, true).flatten();
    let ended_on = date_field(&mut errors, "ended_on", &form.ended_on, false);
    let hours = if form.training_hours.trim().is_empty() {
        Some(0)
    } else {
        form.training_hours
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|h| *h >= 0)
    };
    if hours.is_none() {
        errors.push(("training_hours", msg("org-training-hours-number")));
    }
    match (unit_id, sex, post, employment, started_on, ended_on, hours) {
        (
            Some(unit_id),
            Some(sex),
            Some(post),
            Some(employment),
            Some(started_on),
            Some(ended_on),
            Some(training_hours),
        ) if errors.is_empty() => Ok(NewStaff {
            unit_id,
            name,
            sex,
            post,
            employment,
            user_id: None,
            started_on,
            ended_on,
            training_hours,
            courses: form.courses.trim().to_owned(),
            awards: form.awards.trim().to_owned(),
            sanctions: form.sanctions.trim().to_owned(),
        }),
        _ => Err(errors),
    }
}

pub async fn staff_new(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    let form = StaffForm {
        unit: q.unit.trim().to_owned(),
        employment: EmploymentMode::PurchasedService.code().to_owned(),
        post: StaffPost::FullTime.code().to_owned(),
        started_on: state.today().to_string(),
        training_hours: "0".into(),
        ..StaffForm::default()
    };
    staff_form_page(&state, &auth, None, form, Vec::new()).await
}

pub async fn staff_show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let member = state.store.staff_member(&auth.actor.scope, id).await?;
    let form = StaffForm::of(&member);
    staff_form_page(&state, &auth, Some(member), form, Vec::new()).await
}

fn refusal_errors(e: StoreError) -> Result<FieldErrors, AppError> {
    match e {
        StoreError::Refused(r) => Ok(vec![("form", crate::i18n::refusal::refusal(&r))]),
        StoreError::Stale => Ok(vec![("stale", msg("org-someone-else-changed"))]),
        e => Err(e.into()),
    }
}

pub async fn staff_create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<StaffForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &form.unit).await?;
    let new = match parse_staff(&form, &picker) {
        Ok(new) => new,
        Err(errors) => return staff_form_page(&state, &auth, None, form, errors).await,
    };
    let account = Some(form.account.trim()).filter(|a| !a.is_empty());
    match state
        .store
        .add_staff(&actor.scope, actor.user_id, &new, account, state.today())
        .await
    {
        Ok(m) => Ok(Redirect::to(&format!("/staff/{}", m.id)).into_response()),
        Err(e) => {
            let errors = refusal_errors(e)?;
            staff_form_page(&state, &auth, None, form, errors).await
        }
    }
}

pub async fn staff_update(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<StaffForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // out of scope answers like missing, before anything else
    let member = state.store.staff_member(&actor.scope, id).await?;
    let picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &form.unit).await?;
    let version = crate::case_input::parse_version(&form.version);
    let parsed = parse_staff(&form, &picker);
    let (version, new) = match (version, parsed) {
        (Ok(v), Ok(new)) => (v, new),
        (v, p) => {
            let mut errors = v.err().unwrap_or_default();
            errors.extend(p.err().unwrap_or_default());
            return staff_form_page(&state, &auth, Some(member), form, errors).await;
        }
    };
    let account = Some(form.account.trim()).filter(|a| !a.is_empty());
    match state
        .store
        .update_staff(
            &actor.scope,
            actor.user_id,
            id,
            version,
            &new,
            account,
            state.today(),
        )
        .await
    {
        Ok(m) => Ok(Redirect::to(&format!("/staff/{}", m.id)).into_response()),
        Err(StoreError::Stale) => {
            let fresh = state.store.staff_member(&actor.scope, id).await?;
            let form = StaffForm::of(&fresh);
            let errors = vec![("stale", msg("org-someone-else-changed"))];
            staff_form_page(&state, &auth, Some(fresh), form, errors).await
        }
        Err(e) => {
            let errors = refusal_errors(e)?;
            staff_form_page(&state, &auth, Some(member), form, errors).await
        }
    }
}

// --- FUND-1 ---

/// An amount however a template hands it over (by value or through loop references).
trait AsFen {
    fn fen(&self) -> Fen;
}
impl AsFen for Fen {
    fn fen(&self) -> Fen {
        *self
    }
}
impl<T: AsFen + ?Sized> AsFen for &T {
    fn fen(&self) -> Fen {
        (**self).fen()
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct FundingForm {
    pub unit: String,
    pub year: String,
    pub kind: String,
    pub category: String,
    pub amount: String,
    pub entered_on: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "funding.html")]
struct FundingPage {
    nav: Nav,
    report: FundingReport,
    entries: Vec<FundingEntry>,
    next: Option<i64>,
    form: FundingForm,
    picker: UnitPicker,
    errors: FieldErrors,
    today: NaiveDate,
    can_manage: bool,
    kinds: Vec<&'static str>,
    categories: Vec<&'static str>,
}

impl FundingPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
    fn yuan<F: AsFen>(&self, f: F) -> String {
        yuan(f.fen())
    }
    fn percent<R: std::borrow::Borrow<jiekang_domain::metrics::Ratio>>(&self, r: R) -> String {
        let r = r.borrow();
        r.percent()
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }
}

async fn funding_page(
    state: &AppState,
    auth: &Authenticated,
    q: &OrgQuery,
    form: Option<FundingForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let year = q.year(today);
    let report = state
        .store
        .funding_report(&actor.scope, q.unit(), year)
        .await?;
    let page = state
        .store
        .funding_entries(
            &actor.scope,
            q.unit(),
            year,
            PageRequest::new(q.after.trim().parse().ok(), PAGE_SIZE),
        )
        .await?;
    let form = form.unwrap_or_else(|| FundingForm {
        unit: report.unit_id.to_string(),
        year: year.to_string(),
        kind: FundKind::Spending.code().to_owned(),
        category: FundCategory::Staff.code().to_owned(),
        entered_on: today.to_string(),
        ..FundingForm::default()
    });
    let picker = unit_picker::in_scope(state, &actor.scope, |_| true, &form.unit).await?;
    let status = super::form_status(&errors);
    let html = render(&FundingPage {
        nav: Nav::for_actor(actor, "/staffing"),
        report,
        entries: page.items,
        next: page.next_after,
        form,
        picker,
        errors,
        today,
        can_manage: permits(actor.role, Action::OrgManage),
        kinds: FundKind::ALL.iter().map(|k| k.code()).collect(),
        categories: FundCategory::ALL.iter().map(|c| c.code()).collect(),
    });
    Ok((status, html).into_response())
}

pub async fn funding(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    funding_page(&state, &auth, &q, None, Vec::new()).await
}

pub async fn funding_create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<FundingForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &form.unit).await?;
    let mut errors = FieldErrors::new();
    let unit_id = picker
        .resolve(&form.unit)
        .map(|c| c.id)
        .map_err(|m| errors.push(("unit", m)))
        .ok();
    let year = form.year.trim().parse::<i32>().ok();
    if year.is_none() {
        errors.push(("year", msg("org-year-number")));
    }
    let kind = FundKind::parse(form.kind.trim());
    if kind.is_none() {
        errors.push(("kind", msg("case-please-choose")));
    }
    let category = FundCategory::parse(form.category.trim());
    if category.is_none() {
        errors.push(("category", msg("case-please-choose")));
    }
    let amount = fund1_parse_yuan(&form.amount);
    if amount.is_none() {
        errors.push(("amount", msg("org-amount-yuan")));
    }
    let entered_on = date_field(&mut errors, "entered_on", &form.entered_on, true).flatten();
    let q = OrgQuery {
        year: form.year.clone(),
        ..OrgQuery::default()
    };
    let new = match (unit_id, year, kind, category, amount, entered_on) {
        (Some(unit_id), Some(year), Some(kind), Some(category), Some(amount), Some(entered_on))
            if errors.is_empty() =>
        {
            NewFunding {
                unit_id,
                year,
                kind,
                category,
                amount,
                entered_on,
                note: form.note.trim().to_owned(),
            }
        }
        _ => return funding_page(&state, &auth, &q, Some(form), errors).await,
    };
    match state
        .store
        .add_funding(&actor.scope, actor.user_id, &new, today)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/funding?year={}", new.year)).into_response()),
        Err(e) => {
            let errors = refusal_errors(e)?;
            funding_page(&state, &auth, &q, Some(form), errors).await
        }
    }
}

/// `GET /funding/export.xlsx?unit=ID&year=YYYY`: the year's report as Excel (amounts in
/// yuan as numbers).
pub async fn funding_export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let year = q.year(state.today());
    let report = state
        .store
        .funding_report(&actor.scope, q.unit(), year)
        .await?;
    let row = |name: String, r: &FundingRow| -> Vec<Cell> {
        let mut cells = vec![
            Cell::from(name),
            Cell::from(r.persons),
            fen_cell(r.coverage.required),
            fen_cell(r.budgeted_total()),
            fen_cell(r.coverage.budget_shortfall),
            fen_cell(r.allocated_total()),
            fen_cell(r.spent_total()),
            r.coverage
                .spend_ratio
                .percent()
                .map_or(Cell::Empty, |p| Cell::Ratio(p / 100.0)),
        ];
        cells.extend(r.spent.iter().map(|f| fen_cell(*f)));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = report
        .children
        .iter()
        .map(|r| row(r.name.clone(), r))
        .collect();
    rows.push(row("合计".to_owned(), &report.total));
    let bytes = workbook(
        "工作经费",
        &Title::now(format!("工作经费({},{year} 年)", report.unit_name), actor),
        &[
            "单位",
            "在管人数",
            "应保障经费(元)",
            "预算(元)",
            "预算缺口(元)",
            "拨付(元)",
            "支出(元)",
            "执行率",
            "人员经费支出(元)",
            "办公经费支出(元)",
            "检测经费支出(元)",
            "培训经费支出(元)",
            "奖励经费支出(元)",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "funding.export",
        "unit",
        Some(report.unit_id),
        format!("{year} {} rows", rows.len()),
    )
    .await?;
    Ok(download(&format!("funding-{year}.xlsx"), bytes))
}

// --- Item 8: the dashboard's staffing and funding columns ---

/// One unit's staffing and funding figures on the dashboard, each linking to its report.
#[derive(Clone)]
pub struct OrgColumnRow {
    pub unit_id: i64,
    pub name: String,
    pub total: bool,
    /// Whether the row drills down (a unit with units below).
    pub drills: bool,
    pub full_time: i64,
    pub full_time_required: i64,
    pub units_short: i64,
    pub budgeted: String,
    pub required: String,
    pub budget_short: bool,
    pub execution: String,
    /// INSPECT-1 — rectifications addressed to the unit's subtree not yet closed, and of
    /// those overdue.
    pub rectifications_open: i64,
    pub rectifications_overdue: i64,
}

/// STAFF-1..3 and FUND-1 beside the dashboard's figures: the children of the user's
/// unit and the total (this year's money).
#[derive(Clone)]
pub struct OrgColumns {
    pub year: i32,
    pub rows: Vec<OrgColumnRow>,
}

/// The dashboard's staffing and funding columns for `actor` (`None` without the
/// supervision permission).
pub async fn dashboard_columns(
    state: &AppState,
    actor: &jiekang_store::model::Actor,
) -> Result<Option<OrgColumns>, AppError> {
    if !permits(actor.role, Action::SupervisionRead) {
        return Ok(None);
    }
    let today = state.today();
    let staffing = state
        .store
        .staffing_report(&actor.scope, None, today)
        .await?;
    let funding = state
        .store
        .funding_report(&actor.scope, None, today.year())
        .await?;
    let percent = |r: &jiekang_domain::metrics::Ratio| {
        r.percent()
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    };
    let row = |s: &StaffingRow, f: Option<&FundingRow>, total: bool| OrgColumnRow {
        unit_id: if total { staffing.unit_id } else { s.unit_id },
        name: s.name.clone(),
        total,
        drills: total || s.has_children,
        full_time: s.full_time,
        full_time_required: s.full_time_required,
        units_short: s.units_short,
        budgeted: f.map(|f| yuan(f.budgeted_total())).unwrap_or_default(),
        required: f.map(|f| yuan(f.coverage.required)).unwrap_or_default(),
        budget_short: f.is_some_and(|f| !f.coverage.budget_meets_rule()),
        execution: f
            .map(|f| percent(&f.coverage.spend_ratio))
            .unwrap_or_default(),
        rectifications_open: 0,
        rectifications_overdue: 0,
    };
    let mut rows: Vec<OrgColumnRow> = staffing
        .children
        .iter()
        .map(|s| {
            let f = funding.children.iter().find(|f| f.unit_id == s.unit_id);
            row(s, f, false)
        })
        .collect();
    rows.push(row(&staffing.total, Some(&funding.total), true));
    // INSPECT-1 — the rectifications, summed per row's subtree
    let open = state
        .store
        .rectification_counts(&actor.scope, today)
        .await?;
    let tree = state.unit_tree().await?;
    for r in &mut rows {
        let Some(path) = tree.get(r.unit_id).map(|u| u.path.clone()) else {
            continue;
        };
        for c in open.iter().filter(|c| c.unit_path.starts_with(&path)) {
            r.rectifications_open += c.open;
            r.rectifications_overdue += c.overdue;
        }
    }
    Ok(Some(OrgColumns {
        year: today.year(),
        rows,
    }))
}
