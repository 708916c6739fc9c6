//! Case work (issue #4) on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

/// SQLite has one writer, so the write transaction itself serialises changes to a case.
const FOR_UPDATE: &str = "";

include!("../../store/engine-sql/cases/shared.rs");
include!("../../store/engine-sql/cases/create.rs");
include!("../../store/engine-sql/cases/read.rs");
include!("../../store/engine-sql/cases/commands.rs");
include!("../../store/engine-sql/cases/handover.rs");
include!("../../store/engine-sql/cases/queue.rs");
include!("../../store/engine-sql/cases/profile.rs");
include!("../../store/engine-sql/cases/windows.rs");

