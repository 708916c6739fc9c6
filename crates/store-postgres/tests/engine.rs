//! What the PostgreSQL engine promises beyond the shared contract: concurrent
//! migration by several instances, multi-chunk bulk loads, advisory locks.

use jiekang_store::contract::fixture::build;
use jiekang_store::model::BulkPerson;
use jiekang_store::prelude::*;
use jiekang_store::{Scope, StoreError};
use jiekang_store_postgres::PgStore;
use jiekang_store_postgres::testing::fresh_database;

fn people(unit_id: i64, n: usize, base: u64) -> Vec<BulkPerson> {
    (0..n)
        .map(|i| BulkPerson {
            unit_id,
            name: format!("批量{i}"),
            id_type: "resident_id".into(),
            id_number: format!("{:018}", base + i as u64),
            sex: None,
            birth_date: None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_migrate_once() {
    let db = fresh_database().await;
    // back to an empty database, as on first deployment
    sqlx::raw_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        .execute(db.pool())
        .await
        .expect("empty the database");
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url().to_owned();
            tokio::spawn(async move { PgStore::connect_with(&url, 2).await })
        })
        .collect();
    for start in starts {
        let store = start.await.expect("task").expect("connect and migrate");
        assert_eq!(
            store.schema_version().await.expect("version"),
            jiekang_store_postgres::latest_schema_version()
        );
        assert_eq!(store.engine(), "postgres");
        store.close().await;
    }
}

#[tokio::test]
async fn bulk_loads_span_chunks_and_roll_back_whole() {
    let db = fresh_database().await;
    let f = build(&*db).await;
    let rows = people(f.community_a.id, 23_000, 1);
    assert_eq!(
        db.bulk_insert_persons(&rows, f.dongsheng_user.id)
            .await
            .expect("bulk"),
        23_000
    );
    // a duplicate in the third chunk undoes the first two
    let mut more = people(f.gongyuan.id, 21_000, 100_000);
    more[20_500].id_number = more[3].id_number.clone();
    let err = db.bulk_insert_persons(&more, f.dongsheng_user.id).await;
    assert!(
        matches!(
            err,
            Err(StoreError::Conflict {
                field: "id_number",
                ..
            })
        ),
        "{err:?}"
    );
    // a unit that does not exist is refused, and nothing of the call stays
    let mut orphan = people(f.gongyuan.id, 10, 200_000);
    orphan[9].unit_id = 999_999;
    let err = db.bulk_insert_persons(&orphan, f.dongsheng_user.id).await;
    assert!(
        matches!(&err, Err(StoreError::Refused(m)) if m.contains("999999")),
        "{err:?}"
    );
    assert_eq!(
        db.count_persons(&Scope::system()).await.expect("count"),
        23_000
    );
}

#[tokio::test]
async fn an_advisory_lock_is_held_by_one_until_released() {
    let db = fresh_database().await;
    let other = PgStore::open(db.url()).await.expect("second instance");
    let held = db.try_advisory_lock(42).await.expect("lock").expect("free");
    assert!(other.try_advisory_lock(42).await.expect("lock").is_none());
    assert!(other.try_advisory_lock(43).await.expect("lock").is_some());
    held.release().await.expect("release");
    let again = other
        .try_advisory_lock(42)
        .await
        .expect("lock")
        .expect("free again");
    // dropped unreleased: its connection closes, which frees the lock too
    drop(again);
    let mut freed = false;
    for _ in 0..50 {
        if let Some(lock) = db.try_advisory_lock(42).await.expect("lock") {
            lock.release().await.expect("release");
            freed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(freed, "a dropped lock is freed");
    other.close().await;
}
