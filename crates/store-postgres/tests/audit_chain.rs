//! The audit chain's tamper cases (issue #5) on PostgreSQL: the shared bodies in
//! `jiekang_store::contract::audit`, with raw SQL on the test database's pool; and
//! concurrent appends from several connections stay one chain.

use jiekang_store::contract::audit::RawSql;
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::*;
use jiekang_store_postgres::PgStore;
use jiekang_store_postgres::testing::{TestDatabase, fresh_database};

struct Raw {
    store: PgStore,
}

#[async_trait::async_trait]
impl RawSql for Raw {
    async fn execute(&self, sql: &str) {
        sqlx::raw_sql(sql)
            .execute(self.store.pool())
            .await
            .expect("raw sql");
    }
    async fn migrate(&self) {
        self.store.migrate().await.expect("migrate");
    }
}

async fn raw(db: &TestDatabase) -> Raw {
    Raw {
        store: db.store().clone(),
    }
}

mod tamper {
    use super::{fresh_database, raw};
    jiekang_store::audit_tamper_tests!(fresh_database().await, raw);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_form_one_chain() {
    let db = fresh_database().await;
    let tasks: Vec<_> = (0..4)
        .map(|t| {
            let store = db.store().clone();
            tokio::spawn(async move {
                for i in 0..25 {
                    store
                        .audit(&AuditEntry::of_object(
                            chrono::Utc::now(),
                            None,
                            "test.append",
                            "session",
                            None,
                            format!("{t}/{i}"),
                        ))
                        .await
                        .expect("append");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    let v = db.audit_verify(&|_, _| {}).await.expect("verify");
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, 100);
}
