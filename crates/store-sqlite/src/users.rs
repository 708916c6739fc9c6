//! User accounts (ORG-3) on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/users.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/users.rs");
