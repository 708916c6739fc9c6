//! The work queues of case work: what is due, overdue or waiting, by unit.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::cases::{QueueCounts, QueueCursor, QueueKind, QueuePage};
use crate::error::StoreResult;
use crate::scope::Scope;

#[async_trait]
pub trait Queues: Send + Sync {
    /// One page of a work queue.
    async fn queue(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> StoreResult<QueuePage>;
    async fn queue_count(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
    ) -> StoreResult<i64>;
    /// The counts of `kinds` in the scope, in order (the queue page's tabs). The
    /// state-only queues are read from the counts the triggers keep, always current.
    /// The others are counted now ([`Queues::queue_count`]) for a scope of one unit;
    /// a scope of several units reads them from today's dashboard snapshot when there
    /// is one (`as_of` says when it was taken), as the dashboards do.
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<QueueCounts>;
}
