//! Issue #6 items 3–4 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/sweep.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/sweep.rs");
