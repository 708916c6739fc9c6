//! CASE-1, CASE-2, N16 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/isolation.rs`, bound to this engine's types.

use sqlx::SqliteConnection as Conn;

include!("../../store/engine-sql/isolation.rs");
