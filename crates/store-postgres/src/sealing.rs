//! Issue #5 item 3 on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/sealing.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

/// The key version (first byte) of a sealed BYTEA as two lower-case hex digits.
fn key_version_sql(column: &str) -> String {
    format!("encode(substring({column} from 1 for 1), 'hex')")
}

include!("../../store/engine-sql/sealing.rs");
include!("../../store/engine-sql/sealing_records.rs");
