//! Issue #5 item 3 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/sealing.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

/// The key version (first byte) of a sealed BLOB as two lower-case hex digits.
fn key_version_sql(column: &str) -> String {
    format!("lower(hex(substr({column}, 1, 1)))")
}

include!("../../store/engine-sql/sealing.rs");
include!("../../store/engine-sql/sealing_records.rs");
