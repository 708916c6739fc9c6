//! 台账 — the monthly register of a township or community (and of every level above):
//! the orders running in the month, with their dates, the month's test windows and
//! tests, talks and visits, and leave; a page at a time, printable, and as Excel.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use jiekang_domain::report::{PeriodKind, ReportPeriod};
use jiekang_store::reports::LedgerRow;
use serde::Deserialize;

use super::reports::{cursor, unit_scope};
use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::{Msg, filters, msg};
use crate::state::AppState;

const PAGE_SIZE: u32 = 100;
/// Rows read per statement for the Excel export.
const EXPORT_CHUNK: u32 = 1_000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LedgerQuery {
    pub month: String,
    pub unit_id: String,
    pub after_path: String,
    pub after_id: String,
}

/// The month asked for (`2026-11`), or this month; `Err` for text that is no month.
fn month_of(state: &AppState, text: &str) -> Result<ReportPeriod, Msg> {
    match text.trim() {
        "" => Ok(ReportPeriod::containing(PeriodKind::Month, state.today())),
        t => ReportPeriod::parse(t)
            .filter(|p| p.kind == PeriodKind::Month)
            .filter(|p| p.first_day() <= state.today())
            .ok_or_else(|| msg("ledger-bad-month")),
    }
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    nav: Nav,
    month: String,
    month_label: String,
    unit_name: String,
    unit_id: String,
    months: Vec<(String, String)>,
    items: Vec<LedgerRow>,
    ages: Vec<String>,
    next: Option<String>,
    error: Option<Msg>,
}

/// The last 13 months, newest first, as (code, label).
fn month_choices(state: &AppState) -> Vec<(String, String)> {
    let mut m = ReportPeriod::containing(PeriodKind::Month, state.today());
    let mut out = Vec::new();
    for _ in 0..13 {
        out.push((m.code(), super::reports::period_label(&m)));
        m = m.previous();
    }
    out
}

/// `GET /ledger?month=2026-11&unit_id=…`
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let (month, error) = match month_of(&state, &q.month) {
        Ok(m) => (m, None),
        Err(e) => (
            ReportPeriod::containing(PeriodKind::Month, state.today()),
            Some(e),
        ),
    };
    let (scope, unit_name) = unit_scope(&state, actor, &q.unit_id).await?;
    let after = cursor(&scope, &q.after_path, &q.after_id);
    let page = state.store.ledger(&scope, month, after, PAGE_SIZE).await?;
    let next = page.next.as_ref().map(|c| {
        serde_urlencoded::to_string([
            ("month", month.code()),
            ("unit_id", q.unit_id.trim().to_owned()),
            ("after_path", c.unit_path.clone()),
            ("after_id", c.case_id.to_string()),
        ])
        .unwrap_or_default()
    });
    let view = LedgerPage {
        nav: Nav::for_actor(actor, "/ledger"),
        month: month.code(),
        month_label: super::reports::period_label(&month),
        unit_name,
        unit_id: q.unit_id.trim().to_owned(),
        months: month_choices(&state),
        ages: page
            .items
            .iter()
            .map(|r| state.age_text(r.birth_date))
            .collect(),
        items: page.items,
        next,
        error,
    };
    let mut response = render(&view);
    if view.error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /ledger/export.xlsx?month=…&unit_id=…` — the whole register of the month as
/// Excel (masked, audited), read a thousand rows at a time.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell as X, Title, download, workbook};
    let actor = &auth.actor;
    let month = month_of(&state, &q.month).map_err(AppError::BadRequest)?;
    let (scope, unit_name) = unit_scope(&state, actor, &q.unit_id).await?;
    let header = [
        "姓名",
        "证件号码",
        "年龄",
        "社区",
        "措施",
        "状态",
        "决定日期",
        "报到日期",
        "协议日期",
        "期满日期",
        "结束日期",
        "本月应检测",
        "本月已检测",
        "本月检测次数",
        "本月阳性",
        "本月谈话走访",
        "本月请假",
    ];
    let mut rows: Vec<Vec<X>> = Vec::new();
    let mut after = None;
    loop {
        let page = state
            .store
            .ledger(&scope, month, after, EXPORT_CHUNK)
            .await?;
        for r in &page.items {
            rows.push(vec![
                X::from(r.person_name.as_str()),
                X::from(r.id_number_masked.as_str()),
                X::from(state.age_text(r.birth_date)),
                X::from(r.unit_name.as_str()),
                X::from(r.measure.label_zh()),
                X::from(r.state.label_zh()),
                X::from(r.decided_on),
                X::from(r.reported_on),
                X::from(r.agreement_on),
                X::from(r.term_end),
                X::from(r.closed_on),
                X::Int(r.tests_due),
                X::Int(r.tests_done),
                X::Int(r.tests_recorded),
                X::Int(r.tests_positive),
                X::Int(r.talks),
                X::Int(r.leaves),
            ]);
        }
        match page.next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    let list = format!("台账 {} {}", unit_name, month.label_zh());
    let mut title = Title::now(list, actor);
    title.unit = unit_name;
    let bytes = workbook("台账", &title, &header, &rows)?;
    crate::export::audit_export(
        &state,
        actor,
        "ledger.export",
        "unit",
        scope.unit_id(),
        format!("month={} rows={}", month.code(), rows.len()),
    )
    .await?;
    Ok(download(&format!("ledger-{}.xlsx", month.code()), bytes))
}
