//! User accounts (ORG-3) on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/users.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/users.rs");
