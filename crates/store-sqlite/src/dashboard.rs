//! STAT-1, issue #6 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/dashboard.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

include!("../../store/engine-sql/dashboard.rs");
