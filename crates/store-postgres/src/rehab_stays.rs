//! CASE-5 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/rehab_stays.rs`, bound to this engine's types.

use sqlx::PgConnection as Conn;

include!("../../store/engine-sql/rehab_stays.rs");
