//! 待办事项 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/tasks.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/tasks.rs");
