//! `GET /api/v1/calendar`: the known years and one year's holiday entries (D2).

use axum::Json;
use axum::extract::{Query, State};
use chrono::Datelike;
use jiekang_store::calendar::effective_calendar;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CalendarParams {
    /// The year whose entries to return (default: this year).
    pub year: Option<i32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CalendarEntryDto {
    pub date: chrono::NaiveDate,
    /// `holiday` or `workday` (a 调休 make-up working day).
    pub kind: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CalendarDto {
    /// Years with a known notice (embedded or entered).
    pub known_years: Vec<i32>,
    /// Years entered at run time (they replace the embedded data).
    pub entered_years: Vec<i32>,
    pub year: i32,
    pub year_known: bool,
    pub entries: Vec<CalendarEntryDto>,
}

#[utoipa::path(get, path = "/api/v1/calendar", params(CalendarParams), responses((status = 200, body = CalendarDto)))]
pub async fn show(
    State(state): State<AppState>,
    Query(p): Query<CalendarParams>,
) -> Result<Json<CalendarDto>, ApiError> {
    let calendar = effective_calendar(state.store.as_ref()).await?;
    let entered_years = state
        .store
        .calendar_notices()
        .await?
        .into_iter()
        .map(|n| n.year)
        .collect();
    let year = p
        .year
        .unwrap_or_else(|| jiekang_domain::clock::beijing_date(chrono::Utc::now()).year());
    let notice = calendar.notice(year);
    Ok(Json(CalendarDto {
        known_years: calendar.covered_years(),
        entered_years,
        year,
        year_known: notice.is_some(),
        entries: notice
            .map(|n| {
                n.entries()
                    .iter()
                    .map(|e| CalendarEntryDto {
                        date: e.date,
                        kind: e.kind.code().to_owned(),
                        name: e.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }))
}
