//! Open the store named by the database URL: PostgreSQL for `postgres://`,
//! otherwise an SQLite file (created and migrated on first start).

use std::sync::Arc;

use jiekang_store::{Store, StoreError};
use jiekang_store_postgres::PgStore;
use jiekang_store_sqlite::SqliteStore;

pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Connect and apply pending migrations.
pub async fn open(url: &str, pg_pool: u32) -> Result<Arc<dyn Store>, StoreError> {
    if is_postgres(url) {
        Ok(Arc::new(PgStore::connect_with(url, pg_pool).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    }
}

pub async fn migrate(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let store = open(url, 2).await?;
    println!(
        "{} 数据库已迁移到版本 {} (schema version)",
        store.engine(),
        store.schema_version().await?
    );
    Ok(())
}
