//! Issue 20 (STAFF-1..4, FUND-1) on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/staff.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/staff.rs");
