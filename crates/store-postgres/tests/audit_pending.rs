//! PostgreSQL's audit records wait in `audit_pending` after their own commit and are
//! chained by each instance's background chainer, or by whatever reads the trail
//! first: nothing waits for ever, nothing is chained twice, and two instances appending
//! side by side leave one intact chain.

use std::time::Duration;

use chrono::Utc;
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::*;
use jiekang_store_postgres::PgStore;
use jiekang_store_postgres::testing::fresh_database;

fn entry(n: usize) -> AuditEntry {
    AuditEntry::of_object(
        Utc::now(),
        None,
        "test.record",
        "test",
        Some(n as i64),
        format!("record {n}"),
    )
}

async fn waiting(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_pending")
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn chained(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'test.record'")
        .fetch_one(pool)
        .await
        .expect("count")
}

#[tokio::test]
async fn the_background_chainer_takes_every_waiting_record() {
    let db = fresh_database().await;
    for n in 0..5 {
        db.store().audit(&entry(n)).await.expect("append");
    }
    // no reader of the trail: only the instance's chainer moves them
    let mut left = waiting(db.pool()).await;
    for _ in 0..100 {
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        left = waiting(db.pool()).await;
    }
    assert_eq!(left, 0, "records still waiting after 5 s");
    assert_eq!(chained(db.pool()).await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_appending_side_by_side_leave_one_intact_chain() {
    let db = fresh_database().await;
    let second = PgStore::connect_with(db.url(), 4)
        .await
        .expect("second instance");
    let before = db.store().audit_head().await.expect("head").entries;
    let mut tasks = Vec::new();
    for (i, store) in [db.store().clone(), second.clone()].into_iter().enumerate() {
        for n in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store.audit(&entry(i * 100 + n)).await
            }));
        }
    }
    for task in tasks {
        task.await.expect("task").expect("append");
    }
    // reading the trail chains what is still waiting first
    let head = second.audit_head().await.expect("head");
    assert_eq!(head.entries, before + 80);
    assert_eq!(waiting(db.pool()).await, 0);
    assert_eq!(chained(db.pool()).await, 80);
    let verified = db
        .store()
        .audit_verify_anchored(&[], &|_, _| {})
        .await
        .expect("verify");
    assert!(verified.problem.is_none(), "{:?}", verified.problem);
    assert_eq!(verified.checked as i64, head.entries);
    // ids grow in chain order: each record's predecessor has the next smaller id
    let broken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events e
         WHERE e.prev_id <> COALESCE((SELECT MAX(id) FROM audit_events p WHERE p.id < e.id), 0)",
    )
    .fetch_one(db.pool())
    .await
    .expect("order");
    assert_eq!(broken, 0);
    second.close().await;
}

#[tokio::test]
async fn a_record_of_a_change_rolled_back_is_never_chained() {
    let db = fresh_database().await;
    let mut tx = db.pool().begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO audit_pending (at, username, action, object_type, detail, client)
         VALUES (now(), '', 'test.record', 'test', 'rolled back', '')",
    )
    .execute(&mut *tx)
    .await
    .expect("insert");
    tx.rollback().await.expect("rollback");
    db.store().audit(&entry(1)).await.expect("append");
    db.store().audit_head().await.expect("head");
    assert_eq!(chained(db.pool()).await, 1);
    let details: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_events WHERE action = 'test.record'")
            .fetch_all(db.pool())
            .await
            .expect("details");
    assert_eq!(details, ["record 1"]);
}
