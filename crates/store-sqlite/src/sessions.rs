//! Server-side sessions on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/sessions.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

include!("../../store/engine-sql/sessions.rs");
