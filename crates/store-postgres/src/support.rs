//! WEL-1..7, JOB-1, N7 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/support.rs`, bound to this engine's types.

use sqlx::PgConnection as Conn;

include!("../../store/engine-sql/support.rs");
