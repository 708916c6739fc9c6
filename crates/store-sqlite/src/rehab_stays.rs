//! CASE-5 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/rehab_stays.rs`, bound to this engine's types.

use sqlx::SqliteConnection as Conn;

include!("../../store/engine-sql/rehab_stays.rs");
