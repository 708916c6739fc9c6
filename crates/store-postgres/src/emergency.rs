//! Issue #5 item 2 on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/emergency.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

include!("../../store/engine-sql/emergency.rs");
