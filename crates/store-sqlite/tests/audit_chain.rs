//! The audit chain's tamper cases (issue #5) on SQLite: the shared bodies in
//! `jiekang_store::contract::audit`, with raw SQL through a second connection.

use jiekang_store::contract::audit::RawSql;
use jiekang_store_sqlite::SqliteStore;
use sqlx::SqlitePool;
use sqlx::sqlite::SqlitePoolOptions;

struct TempStore {
    store: SqliteStore,
    url: String,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempStore {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

async fn fresh() -> TempStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("audit.db");
    let url = format!("sqlite://{}", path.to_str().expect("utf-8 path"));
    let store = SqliteStore::connect(&url).await.expect("connect");
    TempStore {
        store,
        url,
        _dir: dir,
    }
}

struct Raw {
    pool: SqlitePool,
    store: SqliteStore,
}

#[async_trait::async_trait]
impl RawSql for Raw {
    async fn execute(&self, sql: &str) {
        sqlx::raw_sql(sql)
            .execute(&self.pool)
            .await
            .expect("raw sql");
    }
    async fn migrate(&self) {
        self.store.migrate().await.expect("migrate");
    }
}

async fn raw(t: &TempStore) -> Raw {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&t.url)
        .await
        .expect("raw connection");
    Raw {
        pool,
        store: t.store.clone(),
    }
}

mod tamper {
    use super::{fresh, raw};
    jiekang_store::audit_tamper_tests!(fresh().await, raw);
}
