//! BASE-1 (the placement facilities) on this engine: the SQL shared by both engines, in
//! `crates/store/engine-sql/placement.rs`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

include!("../../store/engine-sql/placement.rs");
