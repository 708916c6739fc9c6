// D2, D4 — test windows drawn again once the calendar is known.

/// D2, D4 — draw again, from each case's own seed, the planned dates that were drawn
/// provisionally, with the calendar now in force. Works through up to `limit` cases
/// after case id `after`; returns how many cases it re-planned and the last case id
/// (`None` when no case is left). Windows already done keep their dates.
pub(crate) async fn replan_provisional(
    pool: &Pool<Db>,
    cal: &HolidayCalendar,
    after: i64,
    limit: i64,
) -> StoreResult<(u64, Option<i64>)> {
    let mut tx = pool.begin().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT case_id FROM test_windows WHERE provisional AND case_id > $1
         ORDER BY case_id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut done = 0;
    for id in &ids {
        let (case, _) = load_case(&mut tx, &Scope::system(), *id, true).await?;
        let Some(reported_on) = case.reported_on else {
            continue;
        };
        let suspensions = suspensions(&mut tx, *id).await?;
        let Ok(schedule) = jiekang_domain::schedule::schedule(
            cal,
            case.measure,
            reported_on,
            case.years(),
            &suspensions,
            case.seed as u64,
        ) else {
            continue;
        };
        for w in schedule.windows.iter() {
            sqlx::query(
                "UPDATE test_windows SET planned_on = $1, provisional = $2
                 WHERE case_id = $3 AND idx = $4 AND provisional",
            )
            .bind(w.planned)
            .bind(w.provisional)
            .bind(id)
            .bind(i64::from(w.index))
            .execute(&mut *tx)
            .await?;
        }
        done += 1;
    }
    tx.commit().await?;
    Ok((done, ids.last().copied()))
}
