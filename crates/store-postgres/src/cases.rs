//! Case work (issue #4) on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

/// PostgreSQL locks the case row for the length of the change.
const FOR_UPDATE_OF_C: &str = " FOR UPDATE OF c";

include!("../../store/engine-sql/cases.rs");
