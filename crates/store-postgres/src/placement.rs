//! BASE-1 (the placement facilities) on this engine: the SQL shared by both engines, in
//! `crates/store/engine-sql/placement.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

include!("../../store/engine-sql/placement.rs");
