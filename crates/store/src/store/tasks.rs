//! 待办事项: tasks addressed to a unit's office.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::tasks::{Task, TaskAnswer, TaskList};

#[async_trait]
pub trait Tasks: Send + Sync {
    /// The tasks addressed to the units of the scope: open ones oldest first, finished
    /// ones newest first, keyset by id.
    async fn tasks(
        &self,
        scope: &Scope,
        list: TaskList,
        page: PageRequest,
    ) -> StoreResult<Page<Task>>;
    /// One task of the scope.
    async fn task(&self, scope: &Scope, id: i64) -> StoreResult<Task>;
    /// The office answers an open task (at `version`); the kind's rule decides whether the
    /// answer closes it. Audited (`task.answered`) in the same transaction.
    async fn answer_task(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        answer: &TaskAnswer,
        today: NaiveDate,
    ) -> StoreResult<Task>;
    /// How many tasks of the scope are open (the home page's figure).
    async fn count_open_tasks(&self, scope: &Scope) -> StoreResult<i64>;
}
