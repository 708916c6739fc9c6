//! FAC-1 and INSPECT-1 on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/offices.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

include!("../../store/engine-sql/offices.rs");
