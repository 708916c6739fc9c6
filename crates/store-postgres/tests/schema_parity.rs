//! Both engines migrate to the same schema: the same tables with the same columns (by
//! name), and the same explicitly created indexes on the same tables. Types differ by
//! engine and are not compared; indexes that only back a primary key or a UNIQUE
//! constraint are named by each engine itself and are not compared either.
//!
//! A difference that is meant to be is listed in [`ENGINE_ONLY`] with its reason.

use std::collections::BTreeSet;

use jiekang_store_postgres::testing::fresh_database;
use jiekang_store_sqlite::SqliteStore;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{PgPool, SqlitePool};

/// What one engine's migrated schema has: `table`, `table.column`, `index on table`.
type Schema = BTreeSet<String>;

/// Items of one engine's schema that the other does not have, on purpose:
/// (engine, item, why).
const ENGINE_ONLY: &[(&str, &str, &str)] = &[
    ("postgres", "audit_pending", PENDING),
    ("postgres", "audit_pending.seq", PENDING),
    ("postgres", "audit_pending.at", PENDING),
    ("postgres", "audit_pending.user_id", PENDING),
    ("postgres", "audit_pending.username", PENDING),
    ("postgres", "audit_pending.action", PENDING),
    ("postgres", "audit_pending.object_type", PENDING),
    ("postgres", "audit_pending.object_id", PENDING),
    ("postgres", "audit_pending.person_id", PENDING),
    ("postgres", "audit_pending.detail", PENDING),
    ("postgres", "audit_pending.client", PENDING),
];

/// Why `audit_pending` is PostgreSQL's own.
const PENDING: &str = "records wait there to be chained after their own commit; SQLite's \
                       single writer chains each record in the transaction that writes it";

async fn sqlite_schema(pool: &SqlitePool) -> Schema {
    let mut schema = Schema::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .expect("columns");
        schema.extend(columns.into_iter().map(|c| format!("{table}.{c}")));
        schema.insert(table);
    }
    // `sql IS NULL`: the automatic index of a PRIMARY KEY or UNIQUE constraint
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .expect("indexes");
    schema.extend(
        indexes
            .into_iter()
            .map(|(i, t)| format!("index {i} on {t}")),
    );
    schema
}

async fn postgres_schema(pool: &PgPool) -> Schema {
    let mut schema = Schema::new();
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
           AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    for (table, column) in columns {
        schema.insert(format!("{table}.{column}"));
        schema.insert(table);
    }
    // indexes that back a primary key, UNIQUE or exclusion constraint are the constraint's
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid
                             AND c.contype IN ('p', 'u', 'x'))",
    )
    .fetch_all(pool)
    .await
    .expect("indexes");
    schema.extend(
        indexes
            .into_iter()
            .map(|(i, t)| format!("index {i} on {t}")),
    );
    schema
}

/// `schema` less the items [`ENGINE_ONLY`] allows for `engine`.
fn compared(engine: &str, mut schema: Schema) -> Schema {
    for (only, item, _why) in ENGINE_ONLY {
        if *only == engine {
            assert!(
                schema.remove(*item),
                "{engine} no longer has {item}: take it off ENGINE_ONLY"
            );
        }
    }
    schema
}

#[tokio::test]
async fn both_engines_migrate_to_the_same_tables_columns_and_indexes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("schema.db");
    let sqlite = SqliteStore::connect(path.to_str().expect("utf-8 path"))
        .await
        .expect("migrate SQLite");
    sqlite.close().await;
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&path))
        .await
        .expect("open SQLite");
    let sqlite = compared("sqlite", sqlite_schema(&pool).await);
    pool.close().await;

    let db = fresh_database().await;
    let postgres = compared("postgres", postgres_schema(db.pool()).await);

    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the schemas differ\n  only on SQLite: {only_sqlite:#?}\n  only on PostgreSQL: {only_postgres:#?}"
    );
    assert!(
        sqlite.contains("persons.id_number"),
        "the comparison saw the schema"
    );
}
