//! Units (ORG-1) on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/units.rs`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

/// Several writers run at once: creating anything under a unit holds it `FOR SHARE`,
/// renaming or retiring it takes it `FOR UPDATE`, so neither slips past the other.
const FOR_SHARE: &str = " FOR SHARE";
const FOR_UPDATE: &str = " FOR UPDATE";

include!("../../store/engine-sql/units.rs");
