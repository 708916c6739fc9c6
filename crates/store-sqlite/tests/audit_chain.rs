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
    // issue #5 item 3: the fixed test keyring
    jiekang_store::prelude::Sealing::unlock(&store, jiekang_store::sealed::Keyring::for_tests())
        .await
        .expect("unlock");
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

/// A database from before migration 0004: its records get their search columns from
/// the migration and are chained, in id order, by the first start of the new build.
#[tokio::test]
async fn an_upgraded_database_chains_its_older_records() {
    use jiekang_store::model::{AuditEntry, AuditFilter, PageRequest};
    use jiekang_store::prelude::*;

    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("old.db").to_str().expect("utf-8 path")
    );
    let mut old = sqlx::migrate::Migrator::new(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"),
    )
    .await
    .expect("migrations");
    old.migrations = old
        .migrations
        .iter()
        .filter(|m| m.version < 4)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    let pool = SqlitePool::connect(&url).await.expect("old database");
    old.run(&pool).await.expect("migrate to 0003");
    sqlx::raw_sql(
        "INSERT INTO units (id, parent_id, code, name, level, path, valid_from, created_at, updated_at)
         VALUES (1, NULL, '150600', '鄂尔多斯市', 'city', '/1/', '2001-01-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (2, 1, '150602', '东胜区', 'district', '/1/2/', '2001-01-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO users (id, username, display_name, role, unit_id, unit_path, password_hash, created_at)
         VALUES (1, 'ds', 'ds', 'district_office', 2, '/1/2/', 'x', '2026-01-01T00:00:00Z');
         INSERT INTO audit_events (at, user_id, username, action, object_type, object_id, detail, client)
         VALUES ('2026-01-02T00:00:00.123456789+00:00', 1, '', 'person.read', 'person', 7, '', ''),
                ('2026-01-03T00:00:00+00:00', NULL, 'ghost', 'login.failed', 'session', NULL, '', '10.0.0.1');",
    )
    .execute(&pool)
    .await
    .expect("old data");
    pool.close().await;

    let store = SqliteStore::connect(&url).await.expect("upgrade");
    let v = store.audit_verify(&|_, _| {}).await.expect("verify");
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, 2);
    let records = store
        .audit_events(
            &jiekang_store::Scope::system(),
            &AuditFilter::default(),
            PageRequest::first(10),
        )
        .await
        .expect("records")
        .items;
    assert_eq!(records[1].username, "ds", "filled in from the user");
    assert_eq!(records[1].unit_id, Some(2));
    assert_eq!(records[1].person_id, Some(7));
    assert_eq!(records[0].unit_id, Some(1), "no actor: the root unit");
    store
        .audit(&AuditEntry::of_object(
            chrono::Utc::now(),
            Some(1),
            "person.read",
            "person",
            Some(7),
            String::new(),
        ))
        .await
        .expect("append");
    let v = store.audit_verify(&|_, _| {}).await.expect("verify");
    assert!(v.is_intact() && v.checked == 3, "{v:?}");
}
