//! STAT-1, issue #6 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/dashboard.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

include!("../../store/engine-sql/dashboard.rs");
