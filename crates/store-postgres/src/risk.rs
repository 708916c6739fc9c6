//! CASE-7, D6, N6 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/risk.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

include!("../../store/engine-sql/risk.rs");
