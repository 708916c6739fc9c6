// Holiday notices entered at run time (D2) — the SQL both engines run, written once.
//
// Included (see README.md beside this file) by a module that defines `Db`; uses
// `crate::audit::append`.

use chrono::Utc;
use jiekang_store::StoreResult;
use jiekang_store::model::{AuditEntry, StoredCalendarNotice};
use sqlx::Pool;

use crate::audit;

pub(crate) async fn in_force(pool: &Pool<Db>) -> StoreResult<Vec<StoredCalendarNotice>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.year, c.notice, COALESCE(u.display_name, '') AS entered_by, c.entered_at
         FROM calendar_notices c LEFT JOIN users u ON u.id = c.entered_by
         WHERE c.id = (SELECT MAX(id) FROM calendar_notices n WHERE n.year = c.year)
         ORDER BY c.year",
    )
    .fetch_all(pool)
    .await?)
}

pub(crate) async fn save(
    pool: &Pool<Db>,
    entered_by: Option<i64>,
    notices: &[(i32, String)],
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let now = Utc::now();
    for (year, notice) in notices {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO calendar_notices (year, notice, entered_by, entered_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(year)
        .bind(notice)
        .bind(entered_by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::of_object(
            now,
            entered_by,
            "calendar.import",
            "calendar_notice",
            Some(id),
            format!("year {year}"),
        );
        audit::append(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
