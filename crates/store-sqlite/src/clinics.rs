//! MMT-1, N17 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/clinics.rs`, bound to this engine's types.

use sqlx::SqliteConnection as Conn;

include!("../../store/engine-sql/clinics.rs");
