//! CASE-1, CASE-2, N16 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/isolation.rs`, bound to this engine's types.

use sqlx::PgConnection as Conn;

include!("../../store/engine-sql/isolation.rs");
