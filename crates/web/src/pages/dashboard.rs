//! STAT-1, ui.md — the supervision dashboard of a district office (its townships side
//! by side), a city supervision group (its districts), or any higher level (its
//! children). Every figure links to the work queue listing the rows behind it; the
//! chart is drawn here as inline SVG (no script, prints, colour and words); the table
//! exports to Excel. The storage design that keeps it within the 200 ms budget at a million persons is in
//! `jiekang_store::dashboard`.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::metrics::Ratio;
use jiekang_store::cases::QueueKind;
use jiekang_store::dashboard::{Dashboard, DashboardRow, DueFigure};
use jiekang_store::model::Actor;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::labels::label_id;
use crate::i18n::{Arg, filters, t, ta};
use crate::state::AppState;

/// The dashboard of the actor's scope, with day-dependent figures at most a minute old.
pub async fn load(state: &AppState, actor: &Actor) -> Result<Dashboard, AppError> {
    let today = state.today();
    let ttl = state.config.dashboard_cache;
    let now = std::time::Instant::now();
    if let Some(d) = state.dashboards.get(actor.scope.path(), today, now, ttl) {
        return Ok((*d).clone());
    }
    let d = if state.config.refresh_dashboards_inline {
        jiekang_store::dashboard::current(state.store.as_ref(), &actor.scope, Utc::now(), today)
            .await?
    } else {
        state.store.dashboard(&actor.scope).await?
    };
    if !ttl.is_zero() {
        state.dashboards.put(
            actor.scope.path(),
            today,
            now,
            std::sync::Arc::new(d.clone()),
        );
    }
    Ok(d)
}

/// The list behind a figure: a work queue, narrowed to the row's unit (the total row
/// keeps the user's whole scope). `None` for the 本级 row, whose orders no unit filter
/// separates from the children's.
pub fn list_query(row: &DashboardRow, queue_code: &str) -> Option<String> {
    if row.own_level {
        return None;
    }
    Some(match row.unit_id {
        Some(id) => format!("q={queue_code}&unit_id={id}"),
        None => format!("q={queue_code}"),
    })
}

/// `57.1%`, or `—` without a denominator.
pub fn percent(r: &Ratio) -> String {
    r.percent()
        .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
}

/// One figure of the table.
pub struct Cell {
    pub n: i64,
    pub href: Option<String>,
    /// Shown as 逾期 in red when above zero (overdue figures).
    pub late: bool,
}

pub struct RowView {
    pub name: String,
    pub total: bool,
    /// Absconded, overdue windows, report-in overdue, late hand-overs, expiring soon.
    pub figures: Vec<Cell>,
    pub states: Vec<Cell>,
    pub execution: String,
    pub execution_parts: String,
    pub control: String,
    pub control_parts: String,
    /// D6 — open orders by level (high, medium, low) and not yet assessed.
    pub risk: [i64; 4],
}

/// Everything the dashboard template shows (also embedded in the home page).
pub struct DashView {
    /// The page's heading: the role's home heading (ui.md) for the supervising roles.
    pub heading: &'static str,
    pub unit_name: String,
    /// Message ids of the figures' column heads (ui.md words), in column order.
    pub figure_labels: Vec<String>,
    pub state_labels: Vec<String>,
    pub rows: Vec<RowView>,
    pub child_level: &'static str,
    pub refreshed: String,
    pub stale: bool,
    pub empty: bool,
    pub chart: String,
}

/// The figures' column heads: 脱失, then the day-dependent figures.
fn figure_labels() -> Vec<String> {
    let mut labels = vec![label_id("case-state", CaseState::Absconded.code())];
    labels.extend(
        DueFigure::ALL
            .into_iter()
            .map(|f| label_id("queues-kind", f.code())),
    );
    labels
}

fn row_view(row: &DashboardRow, today: NaiveDate) -> RowView {
    let cell = |n: i64, code: &str, late: bool| Cell {
        n,
        href: list_query(row, code),
        late,
    };
    let mut figures = vec![cell(
        row.state_count(CaseState::Absconded),
        QueueKind::Absconded.code(),
        false,
    )];
    figures.extend(
        DueFigure::ALL
            .into_iter()
            .map(|f| cell(row.due(f), f.code(), f != DueFigure::Expiring)),
    );
    let states = row
        .states()
        .into_iter()
        .map(|(s, n)| cell(n, QueueKind::InState(s).code(), false))
        .collect();
    let exec = row.execution_rate(today);
    let control = row.control_rate();
    RowView {
        name: row.unit_name.clone(),
        total: row.unit_id.is_none(),
        figures,
        states,
        execution: percent(&exec),
        execution_parts: format!("{}/{}", exec.numerator, exec.denominator),
        control: percent(&control),
        control_parts: format!("{}/{}", control.numerator, control.denominator),
        risk: [
            row.risk.high,
            row.risk.medium,
            row.risk.low,
            row.unassessed(),
        ],
    }
}

/// The time of the snapshot in China Standard Time.
fn refreshed_label(d: &Dashboard) -> String {
    d.refreshed_at
        .map_or_else(|| t("dashboard-not-counted-yet"), super::audit::local_time)
}

pub fn view(d: &Dashboard, today: NaiveDate, actor: &Actor) -> DashView {
    use jiekang_domain::permission::Role;
    let mut rows: Vec<RowView> = d.rows.iter().map(|r| row_view(r, today)).collect();
    rows.push(row_view(&d.total, today));
    let (heading, child_level) = match actor.role {
        Role::CitySupervisor => ("common-city-supervision", "dashboard-district"),
        Role::DistrictOffice => ("common-district-at-glance", "dashboard-township-street"),
        _ => ("dashboard-supervision", "dashboard-subordinate-unit"),
    };
    DashView {
        heading,
        unit_name: d.unit_name.clone(),
        figure_labels: figure_labels(),
        state_labels: CaseState::ALL
            .into_iter()
            .map(|s| label_id("case-state", s.code()))
            .collect(),
        rows,
        child_level,
        refreshed: refreshed_label(d),
        stale: !d.is_fresh(Utc::now(), today),
        empty: d.total.is_empty(),
        chart: chart(d, today),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// D5 执行率 per unit as horizontal bars, with the total as a reference line; a unit
/// below the total is amber *and* says 低于合计 (ui.md: never colour alone). Inline
/// SVG drawn here: no script, no external asset, prints as it shows.
pub fn chart(d: &Dashboard, today: NaiveDate) -> String {
    const LABEL_W: f64 = 96.0;
    const BAR_W: f64 = 190.0;
    const ROW_H: f64 = 24.0;
    let total = d.total.execution_rate(today);
    let rows: Vec<(&str, Ratio)> = d
        .rows
        .iter()
        .map(|r| (r.unit_name.as_str(), r.execution_rate(today)))
        .collect();
    if rows.iter().all(|(_, r)| r.denominator == 0) {
        return String::new();
    }
    let height = ROW_H * rows.len() as f64 + 30.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 400 {height}\" role=\"img\" aria-label=\"{label}\" \
         xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\" \
         font-family=\"PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif\">",
        label = t("dashboard-execution-rate-by-unit")
    );
    for (i, (name, r)) in rows.iter().enumerate() {
        let y = ROW_H * i as f64 + 4.0;
        let name = escape(name);
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\" fill=\"#1f2328\">{name}</text>",
            x = LABEL_W - 6.0,
            ty = y + 13.0
        ));
        svg.push_str(&format!(
            "<rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{BAR_W}\" height=\"16\" fill=\"#eef1f4\"/>"
        ));
        let Some(p) = r.percent() else {
            svg.push_str(&format!(
                "<text x=\"{x}\" y=\"{ty}\" fill=\"#57606a\">{none}</text>",
                none = t("dashboard-no-data"),
                x = LABEL_W + 4.0,
                ty = y + 13.0
            ));
            continue;
        };
        let below = r.compare(&total) == Some(std::cmp::Ordering::Less);
        let percent = Arg::from(format!("{p:.1}%"));
        let (fill, figure) = if below {
            (
                "#b26b00",
                ta("dashboard-chart-below-total", &[("percent", percent)]),
            )
        } else {
            (
                "#1a7f37",
                ta("dashboard-chart-figure", &[("percent", percent)]),
            )
        };
        svg.push_str(&format!(
            "<rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{fill}\"/>",
            w = BAR_W * p / 100.0
        ));
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty}\" fill=\"#1f2328\">{figure}</text>",
            x = LABEL_W + BAR_W + 6.0,
            ty = y + 13.0
        ));
    }
    if let Some(p) = total.percent() {
        let x = LABEL_W + BAR_W * p / 100.0;
        let bottom = ROW_H * rows.len() as f64 + 4.0;
        svg.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#0e3a66\" \
             stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{x:.1}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"#0e3a66\">{total}</text>",
            ty = bottom + 16.0,
            total = ta(
                "dashboard-chart-total",
                &[("percent", Arg::from(format!("{p:.1}%")))]
            )
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Nav,
    dash: DashView,
    /// INFO-2 — the open data-quality findings of the scope (for roles that see them).
    quality_open: Option<i64>,
    /// Issue 20 (item 8): staffing and funding of the same units, each figure a link.
    org: Option<crate::pages::org::OrgColumns>,
}

/// What the dashboard shows beside its case figures: the open data-quality findings
/// (INFO-2) and the staffing and funding columns (STAFF-1..4, FUND-1). Whole-scope reports, so kept
/// per scope and role as long as the dashboards are ([`crate::dashboard_cache`]).
pub struct DashboardExtras {
    quality_open: Option<i64>,
    org: Option<crate::pages::org::OrgColumns>,
}

async fn extras(
    state: &AppState,
    actor: &Actor,
) -> Result<std::sync::Arc<DashboardExtras>, AppError> {
    let today = state.today();
    let ttl = state.config.dashboard_cache;
    let now = std::time::Instant::now();
    let key = format!("{}#{}", actor.scope.path(), actor.role.code());
    if let Some(e) = state.dashboard_extras.get(&key, today, now, ttl) {
        return Ok(e);
    }
    let quality_open = if jiekang_domain::permission::permits(
        actor.role,
        jiekang_domain::permission::Action::QualityRead,
    ) {
        let counts = state.store.quality_counts(&actor.scope).await?;
        Some(counts.iter().map(|c| c.open).sum())
    } else {
        None
    };
    let org = crate::pages::org::dashboard_columns(state, actor).await?;
    let e = std::sync::Arc::new(DashboardExtras { quality_open, org });
    if !ttl.is_zero() {
        state.dashboard_extras.put(&key, today, now, e.clone());
    }
    Ok(e)
}

/// The dashboard page for `nav_current` (`/dashboard`, or `/` as the home page of the
/// supervising roles).
pub async fn page(
    state: &AppState,
    actor: &Actor,
    nav_current: &'static str,
) -> Result<Response, AppError> {
    let d = load(state, actor).await?;
    let extras = extras(state, actor).await?;
    Ok(render(&DashboardPage {
        nav: Nav::for_actor(actor, nav_current),
        dash: view(&d, state.today(), actor),
        quality_open: extras.quality_open,
        org: extras.org.clone(),
    }))
}

/// `GET /dashboard`
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    page(&state, &auth.actor, "/dashboard").await
}

/// `GET /dashboard/export.xlsx`: the table as Excel (no personal data; audited like
/// every export).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    use crate::export::{Cell as X, Title, download, workbook};
    let actor = &auth.actor;
    let today = state.today();
    let d = load(&state, actor).await?;
    let mut header: Vec<&str> = vec!["单位"];
    header.extend(CaseState::ALL.into_iter().map(CaseState::label_zh));
    header.extend(DueFigure::ALL.into_iter().map(DueFigure::label_zh));
    header.extend(["执行率", "执行率(分子/分母)", "管控率", "管控率(分子/分母)"]);
    let ratio = |r: &Ratio| r.percent().map_or(X::Empty, |p| X::Ratio(p / 100.0));
    let mut rows: Vec<Vec<X>> = Vec::new();
    for r in d.rows.iter().chain(std::iter::once(&d.total)) {
        let mut line = vec![X::from(r.unit_name.as_str())];
        line.extend(r.states().into_iter().map(|(_, n)| X::Int(n)));
        line.extend(DueFigure::ALL.into_iter().map(|f| X::Int(r.due(f))));
        let exec = r.execution_rate(today);
        let control = r.control_rate();
        line.extend([
            ratio(&exec),
            X::from(format!("{}/{}", exec.numerator, exec.denominator)),
            ratio(&control),
            X::from(format!("{}/{}", control.numerator, control.denominator)),
        ]);
        rows.push(line);
    }
    rows.push(vec![X::from(format!(
        "统计日 {today};逾期与到期数字统计于 {}",
        refreshed_label(&d)
    ))]);
    let bytes = workbook("督导统计", &Title::now("督导统计", actor), &header, &rows)?;
    crate::export::audit_export(
        &state,
        actor,
        "dashboard.export",
        "dashboard",
        actor.scope.unit_id(),
        format!("{} rows", d.rows.len() + 1),
    )
    .await?;
    Ok(download(
        &format!("dashboard-{}.xlsx", today.format("%Y%m%d")),
        bytes,
    ))
}
