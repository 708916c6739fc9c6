//! The audit trail: appended in the same transaction as the change it records.

use jiekang_store::StoreResult;
use jiekang_store::model::AuditEntry;
use sqlx::{PgConnection, PgPool};

pub(crate) async fn append(conn: &mut PgConnection, e: &AuditEntry) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, user_id, username, action, object_type, object_id, detail, client)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.at)
    .bind(e.user_id)
    .bind(&e.username)
    .bind(&e.action)
    .bind(&e.object_type)
    .bind(e.object_id)
    .bind(&e.detail)
    .bind(&e.client)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn count(pool: &PgPool, action: &str) -> StoreResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
            .bind(action)
            .fetch_one(pool)
            .await?,
    )
}
