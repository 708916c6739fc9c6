//! Case work (issue #4) on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

/// PostgreSQL locks the case row for the length of the change.
const FOR_UPDATE: &str = " FOR UPDATE";

include!("../../store/engine-sql/cases.rs");
