//! STAT-1 — the JSON twin of `/dashboard`: the same figures for the same
//! scope, each with the API list behind it.

use axum::extract::State;
use axum::{Extension, Json};
use chrono::{NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::metrics::Ratio;
use jiekang_store::cases::QueueKind;
use jiekang_store::dashboard::{DashboardRow, DueFigure};
use serde::Serialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::pages::dashboard::{list_query, load};
use crate::state::AppState;

/// One figure and the list of rows behind it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FigureDto {
    /// A state code (`executing` …) or a figure code (`tests_overdue`, `report_overdue`,
    /// `handovers_late`, `expiring`, `absconded`).
    pub code: String,
    /// ui.md words.
    pub label: String,
    pub count: i64,
    /// `/api/v1/queues?…` listing the rows counted; absent for the 本级 row.
    pub list: Option<String>,
}

/// A D5 ratio.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RateDto {
    pub numerator: u64,
    pub denominator: u64,
    /// `None` without a denominator.
    pub percent: Option<f64>,
}

impl From<Ratio> for RateDto {
    fn from(r: Ratio) -> Self {
        RateDto {
            numerator: r.numerator,
            denominator: r.denominator,
            percent: r.percent(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DashboardRowDto {
    /// The child unit; absent on the total row.
    pub unit_id: Option<i64>,
    pub unit_name: String,
    /// Orders kept at the caller's unit itself (本级).
    pub own_level: bool,
    /// The 12 states, in ui.md order.
    pub states: Vec<FigureDto>,
    /// 脱失, then the day-dependent figures.
    pub figures: Vec<FigureDto>,
    /// D5 执行率
    pub execution_rate: RateDto,
    /// D5 管控率
    pub control_rate: RateDto,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DashboardDto {
    /// The caller's unit; its children are the rows.
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub today: NaiveDate,
    /// When the day-dependent figures were counted (at most a minute ago when `fresh`).
    /// Beijing time with its offset (ISO 8601, `+08:00`).
    pub refreshed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub fresh: bool,
    pub rows: Vec<DashboardRowDto>,
    pub total: DashboardRowDto,
}

fn figure(row: &DashboardRow, code: &str, label: &str, count: i64) -> FigureDto {
    FigureDto {
        code: code.to_owned(),
        label: label.to_owned(),
        count,
        list: list_query(row, code).map(|q| format!("/api/v1/queues?{q}")),
    }
}

fn row_dto(row: &DashboardRow, today: NaiveDate) -> DashboardRowDto {
    let states = CaseState::ALL
        .into_iter()
        .map(|s| {
            let mut f = figure(
                row,
                QueueKind::InState(s).code(),
                s.label_zh(),
                row.state_count(s),
            );
            f.code = s.code().to_owned();
            f
        })
        .collect();
    let mut figures = vec![figure(
        row,
        QueueKind::Absconded.code(),
        CaseState::Absconded.label_zh(),
        row.state_count(CaseState::Absconded),
    )];
    figures.extend(
        DueFigure::ALL
            .into_iter()
            .map(|f| figure(row, f.code(), f.label_zh(), row.due(f))),
    );
    DashboardRowDto {
        unit_id: row.unit_id,
        unit_name: row.unit_name.clone(),
        own_level: row.own_level,
        states,
        figures,
        execution_rate: row.execution_rate(today).into(),
        control_rate: row.control_rate().into(),
    }
}

#[utoipa::path(get, path = "/api/v1/dashboard",
    responses((status = 200, body = DashboardDto), (status = 403, body = crate::error::ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Json<DashboardDto>, ApiError> {
    let today = state.today();
    let d = load(&state, &auth.actor).await?;
    Ok(Json(DashboardDto {
        unit_id: d.unit_id,
        unit_name: d.unit_name.clone(),
        today,
        refreshed_at: d.refreshed_at.map(crate::shown_time::json),
        fresh: d.is_fresh(Utc::now(), today),
        rows: d.rows.iter().map(|r| row_dto(r, today)).collect(),
        total: row_dto(&d.total, today),
    }))
}
