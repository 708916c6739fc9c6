//! MMT-1, N17 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/clinics.rs`, bound to this engine's types.

use sqlx::PgConnection as Conn;

include!("../../store/engine-sql/clinics.rs");
