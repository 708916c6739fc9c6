//! Case work (issue #4) on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

/// PostgreSQL locks the case row for the length of the change.
const FOR_UPDATE: &str = " FOR UPDATE";

include!("../../store/engine-sql/cases/shared.rs");
include!("../../store/engine-sql/cases/create.rs");
include!("../../store/engine-sql/cases/read.rs");
include!("../../store/engine-sql/cases/commands.rs");
include!("../../store/engine-sql/cases/handover.rs");
include!("../../store/engine-sql/cases/queue.rs");
include!("../../store/engine-sql/cases/profile.rs");
include!("../../store/engine-sql/cases/windows.rs");

