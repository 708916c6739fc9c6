//! Issue #5 item 2 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/emergency.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

include!("../../store/engine-sql/emergency.rs");
