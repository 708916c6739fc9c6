//! Issue 20 (STAFF-1..4, FUND-1) on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/staff.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/staff.rs");
