//! Holiday notices entered at run time (D2) on SQLite: the SQL shared by both engines, in
//! `crates/store/engine-sql/calendar.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Calendar;
use sqlx::Sqlite as Db;

use crate::SqliteStore;

include!("../../store/engine-sql/calendar.rs");

#[async_trait]
impl Calendar for SqliteStore {
    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>> {
        in_force(&self.read).await
    }
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()> {
        save(&self.write, entered_by, notices).await
    }
}
