//! FAC-1 and INSPECT-1 on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/inspections.rs`, bound to this engine's types.

use sqlx::SqliteConnection as Conn;

include!("../../store/engine-sql/inspections.rs");
