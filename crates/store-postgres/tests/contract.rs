//! The shared contract suite on PostgreSQL: each case gets a fresh database on the
//! server named by `JIEKANG_TEST_PG`, or on the shared throwaway cluster.

use jiekang_store_postgres::testing::fresh_database;

mod contract {
    use super::fresh_database;
    jiekang_store::contract_tests!(fresh_database().await);
}
