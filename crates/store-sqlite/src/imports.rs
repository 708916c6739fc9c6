//! INFO-1 import on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/imports.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/imports.rs");
