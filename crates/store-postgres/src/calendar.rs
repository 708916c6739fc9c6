//! Holiday notices entered at run time (D2) on PostgreSQL.

use async_trait::async_trait;
use chrono::Utc;
use jiekang_store::StoreResult;
use jiekang_store::model::{AuditEntry, StoredCalendarNotice};
use jiekang_store::prelude::Calendar;
use sqlx::PgPool;

use crate::PgStore;
use crate::audit;

pub(crate) async fn in_force(pool: &PgPool) -> StoreResult<Vec<StoredCalendarNotice>> {
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
    pool: &PgPool,
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

#[async_trait]
impl Calendar for PgStore {
    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>> {
        in_force(&self.pool).await
    }
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()> {
        save(&self.pool, entered_by, notices).await
    }
}
