//! 待办事项 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/tasks.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/tasks.rs");
