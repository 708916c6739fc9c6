//! STAT-1 — the JSON twin of `/reports`: a unit's report of a period, its child units'
//! figures by code, the five D5 rates of each row, and the totals of the period before
//! and the year before.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::{Extension, Json};
use chrono::NaiveDate;
use jiekang_domain::report::{Figure, Figures};
use serde::Serialize;

use super::dashboard::RateDto;
use crate::auth::Authenticated;
use crate::error::{ApiError, AppError};
use crate::pages::reports::{PeriodQuery, RATES, chosen_period, load};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportRowDto {
    /// The child unit; absent on the 本级 and total rows.
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub own_level: bool,
    pub total: bool,
    /// Every figure by its code (`execution_num`, `tests_missed` …).
    pub figures: BTreeMap<String, i64>,
    /// The five D5 rates by code: `report_in_rate`, `execution_rate`, `control_rate`,
    /// `abstinence_consolidation_rate`, `relapse_rate`.
    pub rates: BTreeMap<String, RateDto>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportVersionDto {
    /// `running` (open period), `frozen` (closed, the report of record).
    pub kind: String,
    /// The day the figures are counted for.
    pub as_of: NaiveDate,
    /// Beijing time with its offset.
    pub counted_at: chrono::DateTime<chrono::FixedOffset>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportDto {
    /// `2026-11`, `2026-Q4` or `2026`.
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub unit_name: String,
    /// Absent until the period has been counted.
    pub version: Option<ReportVersionDto>,
    pub rows: Vec<ReportRowDto>,
    /// The total of the period before and of the same period a year before, by code.
    pub previous: Option<BTreeMap<String, i64>>,
    pub year_before: Option<BTreeMap<String, i64>>,
    /// Figures a later recount changed: code → [frozen, corrected].
    pub corrections: BTreeMap<String, [i64; 2]>,
}

fn by_code(f: &Figures) -> BTreeMap<String, i64> {
    Figure::ALL
        .into_iter()
        .map(|x| (x.code().to_owned(), f[x.index()]))
        .collect()
}

fn rate_code(i: jiekang_domain::metrics::Indicator) -> String {
    serde_json::to_value(i)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[utoipa::path(get, path = "/api/v1/reports",
    params(("period" = Option<String>, Query, description = "`2026-11`, `2026-Q4` or `2026`; the last closed month when absent")),
    responses((status = 200, body = ReportDto), (status = 403, body = crate::error::ApiErrorBody), (status = 404, body = crate::error::ApiErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<ReportDto>, ApiError> {
    let period = chosen_period(&state, &q.period).ok_or(AppError::NotFound)?;
    let r = load(&state, &auth.actor, period).await?;
    let last = r.rows.len().saturating_sub(1);
    Ok(Json(ReportDto {
        period: period.code(),
        from: period.first_day(),
        to: period.last_day(),
        unit_name: r.unit_name.clone(),
        version: r.version.as_ref().map(|v| ReportVersionDto {
            kind: v.kind.code().to_owned(),
            as_of: v.as_of,
            counted_at: crate::shown_time::json(v.counted_at),
        }),
        rows: r
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| ReportRowDto {
                unit_id: row.unit_id,
                unit_name: row.unit_name.clone(),
                own_level: row.own_level,
                total: i == last,
                figures: by_code(&row.figures),
                rates: RATES
                    .iter()
                    .map(|(ind, num, den, _)| (rate_code(*ind), row.ratio(*num, *den).into()))
                    .collect(),
            })
            .collect(),
        previous: r.previous.as_ref().map(by_code),
        year_before: r.year_before.as_ref().map(by_code),
        corrections: r
            .corrections
            .iter()
            .map(|c| (c.figure.code().to_owned(), [c.frozen, c.corrected]))
            .collect(),
    }))
}
