//! The contract suite again, on databases whose default collation ignores punctuation
//! (as `en_US.UTF-8` and `zh_CN.UTF-8` servers do). Scope ranges over paths like
//! `/1/2/3/` and the name-prefix range are right there only because the engine
//! compares them byte-wise (`COLLATE "C"`), whatever the database's collation.

use jiekang_store_postgres::testing::{PUNCTUATION_BLIND_ICU, fresh_database_with_icu};

async fn hostile() -> jiekang_store_postgres::testing::TestDatabase {
    fresh_database_with_icu(PUNCTUATION_BLIND_ICU).await
}

/// The collation really is hostile (where the server has ICU): the default
/// comparison gets a scope range wrong, the byte-wise one gets it right.
#[tokio::test]
async fn the_database_collation_breaks_naive_path_ranges() {
    let db = hostile().await;
    let (provider, naive, bytewise): (String, bool, bool) = sqlx::query_as(
        r#"SELECT COALESCE(to_jsonb(d) ->> 'datlocprovider', 'c'), '/1/2/3/' < '/1/20', '/1/2/3/' COLLATE "C" < '/1/20'
           FROM pg_database d WHERE d.datname = current_database()"#,
    )
    .fetch_one(db.pool())
    .await
    .expect("probe");
    assert!(bytewise);
    if provider == "i" {
        assert!(
            !naive,
            "{PUNCTUATION_BLIND_ICU} should ignore '/' at the first level"
        );
    } else {
        eprintln!("no ICU on the test server: the collation case is not exercised");
    }
}

mod contract {
    use super::hostile;
    jiekang_store::contract_tests!(hostile().await);
}
