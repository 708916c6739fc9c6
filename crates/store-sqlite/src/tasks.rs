//! 待办事项 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/tasks.rs`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::Tasks;
use sqlx::{Sqlite as Db, SqliteConnection as Conn};

use crate::SqliteStore;

include!("../../store/engine-sql/tasks.rs");

#[async_trait]
impl Tasks for SqliteStore {
    async fn tasks(
        &self,
        scope: &Scope,
        list: jiekang_store::tasks::TaskList,
        page: PageRequest,
    ) -> StoreResult<Page<jiekang_store::tasks::Task>> {
        self::list(&self.read, scope, list, page).await
    }
    async fn task(&self, scope: &Scope, id: i64) -> StoreResult<jiekang_store::tasks::Task> {
        get(&self.read, scope, id).await
    }
    async fn answer_task(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        answer: &jiekang_store::tasks::TaskAnswer,
        today: NaiveDate,
    ) -> StoreResult<jiekang_store::tasks::Task> {
        self::answer(
            &self.write,
            scope,
            actor_user_id,
            id,
            version,
            answer,
            today,
        )
        .await
    }
    async fn count_open_tasks(&self, scope: &Scope) -> StoreResult<i64> {
        count_open(&self.read, scope).await
    }
}
