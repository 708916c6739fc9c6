//! D2 — the working-day calendar in force: the embedded State Council notices with
//! the notices entered at run time laid over them (a stored notice replaces its year).

use jiekang_domain::calendar::{
    CalendarYearNotice, HolidayCalendar, parse_notice_file, to_notice_file,
};

use crate::{Store, StoreError, StoreResult};

/// The calendar every rule should be computed with.
pub async fn effective_calendar(store: &dyn Store) -> StoreResult<HolidayCalendar> {
    let mut overrides = Vec::new();
    for stored in store.calendar_notices().await? {
        let parsed = parse_notice_file(&stored.notice).map_err(|e| {
            StoreError::Backend(
                format!("stored calendar notice {} is unreadable: {e}", stored.id).into(),
            )
        })?;
        overrides.extend(parsed);
    }
    Ok(HolidayCalendar::embedded().with_overrides(&overrides))
}

/// Store parsed notices, one row per year, in the import file format.
pub async fn save_notices(
    store: &dyn Store,
    entered_by: Option<i64>,
    notices: &[CalendarYearNotice],
) -> StoreResult<()> {
    let rows: Vec<(i32, String)> = notices
        .iter()
        .map(|n| (n.year(), to_notice_file([n])))
        .collect();
    store.save_calendar_notices(entered_by, &rows).await
}

/// D2, D4 — after a notice is entered: draw again every provisionally planned test
/// date with the calendar now in force, in batches; `progress(cases_done)` after each.
/// Returns the number of cases re-planned.
pub async fn replan_after_notice(
    store: &dyn Store,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> StoreResult<u64> {
    let cal = effective_calendar(store).await?;
    let mut after = 0;
    let mut total = 0;
    loop {
        let (done, last) = store.replan_provisional_windows(&cal, after, 500).await?;
        total += done;
        progress(total);
        match last {
            Some(last) => after = last,
            None => return Ok(total),
        }
    }
}
