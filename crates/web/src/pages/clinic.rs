//! MMT-1, N17 — the methadone clinic's desk (the clinic staff's home page): today's
//! persons not yet seen with a one-field dose form each, those seen, the absences (N17:
//! 3 missed days is a dropout, reported to the township), the enrolment form; one
//! person's record with the clinic test and the end of treatment. And, for the
//! supervising offices, the register of clinics and their 就诊率 / 戒治率 with Excel.
//!
//! The clinic sees of a person only the name, the masked ID number, whether a measure
//! runs and its township (`jiekang_store::clinics::ClinicPerson`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{Datelike, NaiveDate};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::clinic::{EnrolmentEnd, N17_DROPOUT_MISSED_DAYS};
use jiekang_domain::metrics::{Period, Ratio};
use jiekang_store::StoreError;
use jiekang_store::clinics::*;
use jiekang_store::model::PageRequest;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;

/// Persons on one screen of the desk (a clinic serves a few hundred a day at most).
const DESK_ROWS: u32 = 500;

#[derive(Template)]
#[template(path = "clinic.html")]
struct DeskPage {
    nav: Nav,
    clinic: Option<Clinic>,
    today: NaiveDate,
    /// Not yet seen today, fewer than 3 days missed.
    expected: Vec<ClinicPerson>,
    /// N17 — 3 or more days missed (reported to the township).
    absent: Vec<ClinicPerson>,
    seen: Vec<ClinicPerson>,
    errors: Vec<Msg>,
    done: Option<Msg>,
    threshold: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    done: Option<String>,
}

fn done_msg(code: &str) -> Option<Msg> {
    Some(msg(match code {
        "enrolled" => "clinic-done-enrolled",
        "dose" => "clinic-done-dose",
        "test" => "clinic-done-test",
        "ended" => "clinic-done-ended",
        _ => return None,
    }))
}

fn store_msg(e: StoreError) -> Result<Msg, AppError> {
    match e {
        StoreError::Refused(r) => Ok(crate::i18n::refusal::refusal(&r)),
        StoreError::Conflict { message, .. } => Ok(Msg::recorded(message)),
        e => Err(e.into()),
    }
}

fn day_of(text: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(today);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| msg("clinic-bad-date"))
}

async fn desk(
    state: &AppState,
    auth: &Authenticated,
    errors: Vec<Msg>,
    done: Option<Msg>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let clinic = state.store.staff_clinic(actor.user_id).await?;
    let (mut expected, mut absent, mut seen) = (Vec::new(), Vec::new(), Vec::new());
    if clinic.is_some() {
        // N17 — the day's reports go out when the desk opens, not only at the sweep
        state
            .store
            .clinic_dropouts(HolidayCalendar::embedded(), today)
            .await?;
        let roster = state
            .store
            .clinic_roster(actor.user_id, today, PageRequest::first(DESK_ROWS))
            .await?;
        for p in roster.items {
            if p.seen_on(today) {
                seen.push(p);
            } else if p.missed_days >= N17_DROPOUT_MISSED_DAYS {
                absent.push(p);
            } else {
                expected.push(p);
            }
        }
    }
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&DeskPage {
            nav: Nav::for_actor(actor, "/clinic"),
            clinic,
            today,
            expected,
            absent,
            seen,
            errors,
            done,
            threshold: N17_DROPOUT_MISSED_DAYS,
        }),
    )
        .into_response())
}

/// The clinic staff's home page and `/clinic`.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<DeskQuery>,
) -> Result<Response, AppError> {
    desk(
        &state,
        &auth,
        Vec::new(),
        q.done.as_deref().and_then(done_msg),
    )
    .await
}

pub async fn home(state: &AppState, auth: &Authenticated) -> Result<Response, AppError> {
    desk(state, auth, Vec::new(), None).await
}

#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    enrolled_on: String,
    #[serde(default)]
    consent: Option<String>,
}

pub async fn enrol(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<EnrolForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match day_of(&form.enrolled_on, today) {
        Ok(d) => d,
        Err(m) => return desk(&state, &auth, vec![m], None).await,
    };
    let id_number = form.id_number.trim().to_uppercase();
    if id_number.is_empty() {
        return desk(&state, &auth, vec![msg("clinic-id-number-needed")], None).await;
    }
    let new = NewEnrolment {
        id_type: "resident_id".into(),
        id_number,
        enrolled_on: on,
        consent: form.consent.is_some(),
    };
    match state.store.enrol(auth.actor.user_id, &new, today).await {
        Ok(_) => Ok(Redirect::to("/clinic?done=enrolled").into_response()),
        Err(e) => desk(&state, &auth, vec![store_msg(e)?], None).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct DoseForm {
    enrolment: i64,
    #[serde(default)]
    dose_mg: String,
    #[serde(default)]
    on: String,
}

pub async fn dose(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<DoseForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match day_of(&form.on, today) {
        Ok(d) => d,
        Err(m) => return desk(&state, &auth, vec![m], None).await,
    };
    let Ok(mg) = form.dose_mg.trim().parse::<i64>() else {
        return desk(&state, &auth, vec![msg("clinic-dose-number")], None).await;
    };
    match state
        .store
        .record_dose(auth.actor.user_id, form.enrolment, on, mg, today)
        .await
    {
        Ok(()) => Ok(Redirect::to("/clinic?done=dose").into_response()),
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => desk(&state, &auth, vec![store_msg(e)?], None).await,
    }
}

#[derive(Template)]
#[template(path = "clinic_person.html")]
struct PersonPage {
    nav: Nav,
    p: ClinicPerson,
    doses: Vec<Dose>,
    tests: Vec<ClinicTest>,
    today: NaiveDate,
    ends: [EnrolmentEnd; 3],
    errors: Vec<Msg>,
}

#[derive(Debug, Deserialize)]
pub struct PersonQuery {
    enrolment: i64,
}

async fn person_page(
    state: &AppState,
    auth: &Authenticated,
    enrolment: i64,
    errors: Vec<Msg>,
) -> Result<Response, AppError> {
    let today = state.today();
    let (p, doses, tests) = state
        .store
        .clinic_person(auth.actor.user_id, enrolment, today)
        .await?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&PersonPage {
            nav: Nav::for_actor(&auth.actor, "/clinic"),
            p,
            doses,
            tests,
            today,
            ends: EnrolmentEnd::ALL,
            errors,
        }),
    )
        .into_response())
}

pub async fn person(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PersonQuery>,
) -> Result<Response, AppError> {
    person_page(&state, &auth, q.enrolment, Vec::new()).await
}

#[derive(Debug, Deserialize)]
pub struct TestForm {
    enrolment: i64,
    #[serde(default)]
    result: String,
    #[serde(default)]
    on: String,
}

pub async fn test(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<TestForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match day_of(&form.on, today) {
        Ok(d) => d,
        Err(m) => return person_page(&state, &auth, form.enrolment, vec![m]).await,
    };
    let positive = match form.result.as_str() {
        "positive" => true,
        "negative" => false,
        _ => {
            return person_page(
                &state,
                &auth,
                form.enrolment,
                vec![msg("clinic-result-needed")],
            )
            .await;
        }
    };
    match state
        .store
        .record_clinic_test(
            auth.actor.user_id,
            form.enrolment,
            on,
            positive,
            HolidayCalendar::embedded(),
            today,
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/clinic/person?enrolment={}", form.enrolment)).into_response(),
        ),
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => person_page(&state, &auth, form.enrolment, vec![store_msg(e)?]).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct EndForm {
    enrolment: i64,
    #[serde(default)]
    end: String,
    #[serde(default)]
    on: String,
}

pub async fn end(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<EndForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match day_of(&form.on, today) {
        Ok(d) => d,
        Err(m) => return person_page(&state, &auth, form.enrolment, vec![m]).await,
    };
    let Some(end) = EnrolmentEnd::parse(&form.end) else {
        return person_page(
            &state,
            &auth,
            form.enrolment,
            vec![msg("clinic-end-needed")],
        )
        .await;
    };
    match state
        .store
        .end_enrolment(
            auth.actor.user_id,
            form.enrolment,
            on,
            end,
            HolidayCalendar::embedded(),
            today,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/clinic?done=ended").into_response()),
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => person_page(&state, &auth, form.enrolment, vec![store_msg(e)?]).await,
    }
}

// --- The register and the figures (supervising offices) ---

#[derive(Template)]
#[template(path = "clinics.html")]
struct RegisterPage {
    nav: Nav,
    clinics: Vec<Clinic>,
    rates: Vec<ClinicRate>,
    /// The month the figures cover (`2026-03`).
    month: String,
    errors: Vec<Msg>,
    can_manage: bool,
    can_export: bool,
}

impl RegisterPage {
    fn percent(&self, r: &Ratio) -> String {
        r.percent()
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: Option<String>,
}

/// The calendar month `2026-03` (default: the current one) as a period.
fn month_period(text: Option<&str>, today: NaiveDate) -> (String, Period) {
    let first = text
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let last = next.pred_opt().unwrap_or(first);
    (
        first.format("%Y-%m").to_string(),
        Period {
            from: first,
            to: last,
        },
    )
}

async fn register_page(
    state: &AppState,
    auth: &Authenticated,
    current: &'static str,
    month: Option<&str>,
    errors: Vec<Msg>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let (month, period) = month_period(month, today);
    let (clinics, rates) = tokio::try_join!(
        state.store.clinics(&actor.scope),
        state.store.clinic_rates(&actor.scope, period, today),
    )?;
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&RegisterPage {
            nav: Nav::for_actor(actor, current),
            clinics,
            rates,
            month,
            errors,
            can_manage: current == "/clinics/register",
            can_export: jiekang_domain::permission::permits(
                actor.role,
                jiekang_domain::permission::Action::SupervisionRead,
            ),
        }),
    )
        .into_response())
}

/// `/clinics`: the figures of the clinics of one's scope (supervising offices).
pub async fn register(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    register_page(&state, &auth, "/clinics", q.month.as_deref(), Vec::new()).await
}

/// `/clinics/register`: the same, with the register's forms (administrators, districts).
pub async fn register_manage(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    register_page(
        &state,
        &auth,
        "/clinics/register",
        q.month.as_deref(),
        Vec::new(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct ClinicForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
}

/// A clinic of the user's own unit (an administrator's or a district office's).
pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<ClinicForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let new = NewClinic {
        unit_id: actor.unit_id,
        name: form.name,
        address: form.address,
    };
    match state
        .store
        .create_clinic(&actor.scope, actor.user_id, &new)
        .await
    {
        Ok(_) => Ok(Redirect::to("/clinics/register").into_response()),
        Err(e) => {
            register_page(
                &state,
                &auth,
                "/clinics/register",
                None,
                vec![store_msg(e)?],
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    username: String,
    clinic: i64,
}

pub async fn staff(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<StaffForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let user = match state
        .store
        .user_by_username(&actor.scope, form.username.trim())
        .await
    {
        Ok(u) => u,
        Err(StoreError::NotFound) => {
            return register_page(
                &state,
                &auth,
                "/clinics/register",
                None,
                vec![msg("clinic-no-such-user")],
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    match state
        .store
        .set_clinic_staff(&actor.scope, actor.user_id, user.id, form.clinic)
        .await
    {
        Ok(()) => Ok(Redirect::to("/clinics/register").into_response()),
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => {
            register_page(
                &state,
                &auth,
                "/clinics/register",
                None,
                vec![store_msg(e)?],
            )
            .await
        }
    }
}

/// MMT-1 — 就诊率 and 戒治率 by clinic, as Excel (numbers and percentages; audited).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let (month, period) = month_period(q.month.as_deref(), today);
    let rates = state
        .store
        .clinic_rates(&actor.scope, period, today)
        .await?;
    let ratio = |r: &Ratio| r.percent().map_or(Cell::Empty, |p| Cell::Ratio(p / 100.0));
    let rows: Vec<Vec<Cell>> = rates
        .iter()
        .map(|r| {
            vec![
                Cell::from(r.unit_name.as_str()),
                Cell::from(r.clinic_name.as_str()),
                Cell::Int(r.enrolled as i64),
                Cell::Int(r.attendance.numerator as i64),
                Cell::Int(r.attendance.denominator as i64),
                ratio(&r.attendance),
                Cell::Int(r.retention.numerator as i64),
                ratio(&r.retention),
            ]
        })
        .collect();
    let bytes = workbook(
        "门诊",
        &Title::now(format!("美沙酮门诊就诊率、戒治率 {month}"), actor),
        &[
            "单位",
            "门诊",
            "入组人数",
            "服药人日",
            "应服药人日",
            "就诊率",
            "在治且无阳性",
            "戒治率",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "clinic.export",
        "clinic",
        None,
        format!("美沙酮门诊就诊率、戒治率 {month}"),
    )
    .await?;
    Ok(download(&format!("clinics-{month}.xlsx"), bytes))
}
