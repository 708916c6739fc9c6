//! Server-side sessions on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/sessions.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

include!("../../store/engine-sql/sessions.rs");
