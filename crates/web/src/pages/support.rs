//! WEL-*, JOB-1, N7 — the partner departments' pages: the queues of one's scope
//! (`/support`, with Excel), and a case's welfare, employment and services
//! (`/cases/{id}/support`) with the forms of what the role records and decides. A
//! partner sees the minimum its duty needs: the name, the masked ID number, the measure's
//! state and township; never tests, talks or planned dates.

use std::collections::HashMap;

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::funding::Fen;
use jiekang_domain::permission::Role;
use jiekang_domain::support::{
    Department, EmploymentKind, ServiceKind, SupportKind, SupportStatus,
    job1_employment_rate_permille, may_decide, may_record,
};
use jiekang_domain::welfare::{DibaoBar, DibaoFacts, dibao_eligibility};
use jiekang_store::StoreError;
use jiekang_store::model::PageRequest;
use jiekang_store::support::*;
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;

/// The queues each role works (item 9): 民政 its applications and the persons whose
/// WEL-1 year completes; 人社 the persons without job or training and the registrations;
/// the township and community staff what is pending for their persons.
pub fn queues_of(role: Role) -> &'static [SupportQueue] {
    match role {
        Role::CivilAffairs => &[SupportQueue::WelfarePending, SupportQueue::DibaoYearSoon],
        Role::HumanResources => &[SupportQueue::WithoutJob, SupportQueue::UnemploymentPending],
        Role::TownshipOffice | Role::CommunityStaff => &[
            SupportQueue::WelfarePending,
            SupportQueue::UnemploymentPending,
            SupportQueue::DibaoYearSoon,
            SupportQueue::WithoutJob,
        ],
        _ => &[],
    }
}

/// Fen as yuan with two decimals.
pub fn yuan(fen: &Option<i64>) -> String {
    fen.map(|f| Fen(f.max(0) as u64).to_string())
        .unwrap_or_default()
}

/// "600" or "600.5" yuan as fen; empty is `None`.
fn parse_yuan(s: &str) -> Result<Option<i64>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || msg("support-bad-amount");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 12
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(Some(whole * 100 + frac))
}

fn parse_day(s: &str, required: bool) -> Result<Option<NaiveDate>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return if required {
            Err(msg("support-bad-date"))
        } else {
            Ok(None)
        };
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| msg("support-bad-date"))
}

// --- the queues ---

#[derive(Template)]
#[template(path = "support.html")]
struct QueuePage {
    nav: Nav,
    queues: &'static [SupportQueue],
    current: Option<SupportQueue>,
    rows: Vec<SupportQueueRow>,
    next: Option<i64>,
    /// JOB-1 — persons under a measure, employed, trained, the rate in per mille.
    figures: Option<(EmploymentFigures, Option<u64>)>,
}

impl QueuePage {
    fn permille(&self, p: &u64) -> String {
        format!("{}.{}%", p / 10, p % 10)
    }

    fn is_current(&self, q: &SupportQueue) -> bool {
        self.current == Some(*q)
    }

    fn queue_label(&self, q: &SupportQueue) -> String {
        queue_label(*q)
    }

    fn yuan(&self, fen: &Option<i64>) -> String {
        yuan(fen)
    }
}

/// The queue's name in the request's language.
pub fn queue_label(q: SupportQueue) -> String {
    crate::i18n::t(&crate::i18n::labels::label_id("support-queue", q.code()))
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

fn chosen(role: Role, q: &str) -> Option<SupportQueue> {
    let queues = queues_of(role);
    SupportQueue::parse(q)
        .filter(|q| queues.contains(q))
        .or_else(|| queues.first().copied())
}

pub async fn queues(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let today = state.today();
    let current = chosen(actor.role, &q.q);
    let (rows, next) = match current {
        Some(queue) => {
            let page = state
                .store
                .support_queue(
                    &actor.scope,
                    queue,
                    today,
                    PageRequest::new(q.after.trim().parse().ok(), PAGE_SIZE),
                )
                .await?;
            (page.items, page.next_after)
        }
        None => (Vec::new(), None),
    };
    let figures = if matches!(
        actor.role,
        Role::HumanResources | Role::TownshipOffice | Role::CommunityStaff
    ) {
        let f = state.store.employment_figures(&actor.scope, today).await?;
        let rate = job1_employment_rate_permille(f.employed as u64, f.under_measure as u64);
        Some((f, rate))
    } else {
        None
    };
    Ok(render(&QueuePage {
        nav: Nav::for_actor(actor, "/support"),
        queues: queues_of(actor.role),
        current,
        rows,
        next,
        figures,
    }))
}

/// `GET /support/export.xlsx?q=`: one queue as Excel (it names persons: counted against
/// the search limit and audited as `support.export`).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    let Some(queue) = chosen(actor.role, &q.q) else {
        return Err(AppError::NotFound);
    };
    state.search_allowed(actor.user_id)?;
    let today = state.today();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut after = None;
    loop {
        let batch = state
            .store
            .support_queue(
                &actor.scope,
                queue,
                today,
                PageRequest::new(after, PageRequest::MAX_LIMIT),
            )
            .await?;
        rows.extend(batch.items.into_iter().map(|r| {
            vec![
                Cell::from(r.person.name),
                Cell::from(r.person.id_number_masked),
                Cell::from(r.person.unit_name),
                Cell::from(r.person.state.label_zh()),
                Cell::from(r.kind.map(|k| k.label_zh())),
                Cell::from(r.on),
                r.amount_fen
                    .map_or(Cell::Empty, |f| Cell::Ratio(f as f64 / 100.0)),
            ]
        }));
        match batch.next_after {
            Some(next) if rows.len() < MAX_ROWS => after = Some(next),
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let list = queue_title_zh(queue);
    let bytes = workbook(
        "名单",
        &Title::now(list, actor),
        &[
            "人员",
            "身份证号(部分隐藏)",
            "执行地",
            "状态",
            "事项",
            "日期",
            "金额(元)",
        ],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "support.export",
        "case",
        None,
        format!("{list} {} rows", rows.len()),
    )
    .await?;
    Ok(download(
        &format!("support-{}-{}.xlsx", queue.code(), today.format("%Y%m%d")),
        bytes,
    ))
}

fn queue_title_zh(q: SupportQueue) -> &'static str {
    match q {
        SupportQueue::WelfarePending => "待审批的救助申请",
        SupportQueue::DibaoYearSoon => "康复满一年、尚未申请低保",
        SupportQueue::WithoutJob => "未就业、未参加培训",
        SupportQueue::UnemploymentPending => "待跟进的失业登记",
    }
}

/// The home page's tiles: each queue of the role with its count (up to a page of 500).
pub async fn tiles(
    state: &AppState,
    actor: &jiekang_store::model::Actor,
) -> Result<Vec<(SupportQueue, String)>, AppError> {
    let today = state.today();
    let mut out = Vec::new();
    for &q in queues_of(actor.role) {
        let page = state
            .store
            .support_queue(
                &actor.scope,
                q,
                today,
                PageRequest::first(PageRequest::MAX_LIMIT),
            )
            .await?;
        let n = page.items.len();
        let shown = if page.next_after.is_some() {
            format!("{n}+")
        } else {
            n.to_string()
        };
        out.push((q, shown));
    }
    Ok(out)
}

// --- a case's records ---

#[derive(Template)]
#[template(path = "case_support.html")]
struct CaseSupportPage {
    nav: Nav,
    page: SupportCase,
    welfare_kinds: Vec<SupportKind>,
    employment_kinds: Vec<SupportKind>,
    service_kinds: Vec<ServiceKind>,
    jobs: [EmploymentKind; 5],
    /// BASE-1 — the facilities of the case's district a placement may name.
    facilities: Vec<jiekang_store::placement::PlacementChoice>,
    role: Role,
    today: NaiveDate,
    errors: Vec<Msg>,
    /// Back to the case page (roles that open case files).
    case_link: bool,
}

impl CaseSupportPage {
    fn yuan(&self, fen: &Option<i64>) -> String {
        yuan(fen)
    }

    fn may_decide(&self, r: &SupportRecord) -> bool {
        r.status == SupportStatus::Pending
            && r.kind != SupportKind::Service
            && may_record(self.role, r.kind, None)
    }

    /// The outcomes a pending record may be given.
    fn outcomes(&self, r: &SupportRecord) -> Vec<SupportStatus> {
        SupportStatus::ALL
            .into_iter()
            .filter(|s| may_decide(r.kind, *s))
            .collect()
    }

    fn is_dibao(&self, r: &SupportRecord) -> bool {
        r.kind == SupportKind::Dibao
    }

    /// WEL-1 on the application's facts: eligible, or each reason why not (as of the
    /// decision, or today while pending; days of suspension are not deducted here).
    fn wel1(&self, r: &SupportRecord) -> Vec<String> {
        use crate::i18n::{Arg, t, ta};
        let Some(start) = self.page.person.reported_on else {
            return vec![t("support-wel1-no-report-in")];
        };
        let e = dibao_eligibility(&DibaoFacts {
            rehabilitation_start: start,
            suspended_days: 0,
            as_of: r.decided_on.unwrap_or(self.today),
            has_fixed_income: r.fixed_income.unwrap_or(false),
            monthly_income: Fen(r.income_fen.unwrap_or(0).max(0) as u64),
            local_minimum_line: Fen(r.line_fen.unwrap_or(0).max(0) as u64),
        });
        if e.eligible {
            return vec![t("support-wel1-eligible")];
        }
        e.reasons_not
            .iter()
            .map(|b| match b {
                DibaoBar::RehabilitationUnderOneYear { completes_on } => ta(
                    "support-wel1-under-one-year",
                    &[(
                        "date",
                        Arg::Text(completes_on.map(|d| d.to_string()).unwrap_or_default()),
                    )],
                ),
                DibaoBar::HasFixedIncome => t("support-wel1-fixed-income"),
                DibaoBar::IncomeNotBelowLine => t("support-wel1-income-not-below"),
            })
            .collect()
    }
}

async fn case_page(
    state: &AppState,
    auth: &Authenticated,
    case_id: i64,
    errors: Vec<Msg>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let page = state
        .store
        .support_case(&actor.scope, actor.user_id, case_id)
        .await?;
    let role = actor.role;
    let facilities = if may_record(role, SupportKind::Placement, None) {
        state
            .store
            .placement_facilities_for_case(&actor.scope, case_id, state.today())
            .await?
    } else {
        Vec::new()
    };
    let of = |d: Department| {
        SupportKind::ALL
            .into_iter()
            .filter(|k| k.department() == d && may_record(role, *k, None))
            .collect::<Vec<_>>()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&CaseSupportPage {
            nav: Nav::for_actor(actor, "/support"),
            page,
            welfare_kinds: of(Department::Welfare),
            employment_kinds: of(Department::Employment),
            service_kinds: ServiceKind::ALL
                .into_iter()
                .filter(|s| may_record(role, SupportKind::Service, Some(*s)))
                .collect(),
            jobs: EmploymentKind::ALL,
            facilities,
            role,
            today: state.today(),
            errors,
            case_link: matches!(role, Role::TownshipOffice | Role::CommunityStaff),
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Path(case_id): Path<i64>,
) -> Result<Response, AppError> {
    case_page(&state, &auth, case_id, Vec::new()).await
}

fn posted_record(f: &HashMap<String, String>) -> Result<NewSupport, Msg> {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let kind = SupportKind::parse(&get("kind")).ok_or_else(|| msg("support-bad-kind"))?;
    let started_on = parse_day(&get("started_on"), true)?.ok_or_else(|| msg("support-bad-date"))?;
    let hours = match get("hours").as_str() {
        "" => None,
        h => Some(
            h.parse::<i64>()
                .ok()
                .filter(|h| (0..=10_000).contains(h))
                .ok_or_else(|| msg("support-bad-hours"))?,
        ),
    };
    let text = |k: &str, max: usize| -> Result<String, Msg> {
        let v = get(k);
        if v.chars().count() > max {
            Err(msg("support-too-long"))
        } else {
            Ok(v)
        }
    };
    let subkind = get("subkind");
    if !subkind.is_empty()
        && ServiceKind::parse(&subkind).is_none()
        && EmploymentKind::parse(&subkind).is_none()
    {
        return Err(msg("support-bad-kind"));
    }
    Ok(NewSupport {
        kind,
        subkind,
        title: text("title", 100)?,
        started_on,
        ended_on: parse_day(&get("ended_on"), false)?,
        hours,
        certificate: text("certificate", 100)?,
        amount_fen: parse_yuan(&get("amount"))?,
        income_fen: parse_yuan(&get("income"))?,
        line_fen: parse_yuan(&get("line"))?,
        fixed_income: (kind == SupportKind::Dibao).then(|| get("fixed_income") == "yes"),
        outcome: text("outcome", 500)?,
        placement_base_id: match get("placement_base").as_str() {
            "" => None,
            id => Some(id.parse().map_err(|_| msg("support-bad-kind"))?),
        },
    })
}

fn refused_or(e: StoreError) -> Result<Msg, AppError> {
    match e {
        StoreError::Refused(r) => Ok(crate::i18n::refusal::refusal(&r)),
        StoreError::Stale => Ok(msg("support-decided-meanwhile")),
        e => Err(e.into()),
    }
}

pub async fn add(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Path(case_id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let new = match posted_record(&f) {
        Ok(n) => n,
        Err(m) => return case_page(&state, &auth, case_id, vec![m]).await,
    };
    match state
        .store
        .add_support(
            &actor.scope,
            actor.user_id,
            actor.role,
            case_id,
            &new,
            state.today(),
        )
        .await
    {
        Ok(r) => Ok(Redirect::to(&format!("/cases/{case_id}/support#r{}", r.id)).into_response()),
        Err(e) => case_page(&state, &auth, case_id, vec![refused_or(e)?]).await,
    }
}

pub async fn decide(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Path(record_id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    // the page to show a refusal on (the form names its case)
    let case_id: Option<i64> = get("case_id").parse().ok();
    let decision = (|| -> Result<SupportDecision, Msg> {
        Ok(SupportDecision {
            status: SupportStatus::parse(&get("status")).ok_or_else(|| msg("support-bad-kind"))?,
            decided_on: parse_day(&get("decided_on"), true)?
                .ok_or_else(|| msg("support-bad-date"))?,
            amount_fen: parse_yuan(&get("amount"))?,
            outcome: get("outcome").chars().take(500).collect(),
        })
    })();
    let (st, au) = (&state, &auth);
    let again = move |m: Msg| async move {
        match case_id {
            Some(id) => case_page(st, au, id, vec![m]).await,
            None => Err(AppError::Conflict(m)),
        }
    };
    let decision = match decision {
        Ok(d) => d,
        Err(m) => return again(m).await,
    };
    match state
        .store
        .decide_support(
            &actor.scope,
            actor.user_id,
            actor.role,
            record_id,
            &decision,
            state.today(),
        )
        .await
    {
        Ok(r) => {
            Ok(Redirect::to(&format!("/cases/{}/support#r{}", r.case_id, r.id)).into_response())
        }
        Err(e) => again(refused_or(e)?).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_in_and_out() {
        assert_eq!(parse_yuan("600").expect("parses"), Some(60_000));
        assert_eq!(parse_yuan("600.5").expect("parses"), Some(60_050));
        assert_eq!(parse_yuan(" 0.05 ").expect("parses"), Some(5));
        assert_eq!(parse_yuan("").expect("parses"), None);
        assert!(parse_yuan("-1").is_err());
        assert!(parse_yuan("1.234").is_err());
        assert!(parse_yuan("abc").is_err());
        assert_eq!(yuan(&Some(60_050)), "600.50");
        assert_eq!(yuan(&None), "");
    }
}
