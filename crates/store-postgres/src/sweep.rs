//! Issue #6 items 3–4 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/sweep.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/sweep.rs");
