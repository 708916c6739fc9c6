//! Open the store named by the database URL: PostgreSQL for `postgres://`,
//! otherwise an SQLite file (created and migrated on first start).

use std::sync::Arc;

use jiekang_store::Store;
use jiekang_store::sealed::Keyring;
use jiekang_store_postgres::PgStore;
use jiekang_store_sqlite::SqliteStore;

pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Connect, apply pending migrations and unlock the sealed personal data with the
/// configured keyring (see `crate::keys`).
pub async fn open(url: &str, pg_pool: u32) -> Result<Arc<dyn Store>, Box<dyn std::error::Error>> {
    let keys = crate::keys::resolve(url)?;
    open_with_keys(url, pg_pool, keys).await
}

/// [`open`] with a given keyring. A wrong key is refused here; values still in plain
/// text (a database from before migration 0009) are sealed now, in batches.
pub async fn open_with_keys(
    url: &str,
    pg_pool: u32,
    keys: Keyring,
) -> Result<Arc<dyn Store>, Box<dyn std::error::Error>> {
    let store: Arc<dyn Store> = if is_postgres(url) {
        Arc::new(PgStore::connect_with(url, pg_pool).await?)
    } else {
        Arc::new(SqliteStore::connect(url).await?)
    };
    store.unlock(keys).await?;
    let sealed = crate::keys::reseal_all(store.as_ref(), true).await?;
    if sealed > 0 {
        eprintln!("已加密原有的 {sealed} 条明文数据 (sealed {sealed} values kept in plain text)");
    }
    Ok(store)
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
