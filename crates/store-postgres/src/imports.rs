//! INFO-1 import on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/imports.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/imports.rs");
