//! Units (ORG-1) on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/units.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

/// SQLite has one writer, so the write transaction itself keeps a unit from changing
/// under a check: no row locks.
const FOR_SHARE: &str = "";
const FOR_UPDATE: &str = "";

include!("../../store/engine-sql/units.rs");
