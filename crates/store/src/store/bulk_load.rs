//! Loading realistic data at scale (demonstrations, imports, the bench): set-based
//! inserts, secondary indexes deferred while loading, fresh planner statistics.

use async_trait::async_trait;

use crate::bulk::{BulkLoadStats, HistoryBatch};
use crate::error::StoreResult;
use crate::model::BulkPerson;

#[async_trait]
pub trait BulkLoad: Send + Sync {
    /// Set-based load of many persons in one transaction (demo data, imports).
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64>;
    /// Set-based load of whole case histories built by [`crate::bulk::CaseSim`] (the
    /// same rules as the commands), in one transaction: cases with fresh ids, their
    /// windows, tests, timeline, hand-overs, leave, absences, suspensions, the persons
    /// moved by accepted transfers, and the audit records chained after the head in
    /// batch order. The persons must exist.
    async fn bulk_load_histories(&self, batch: &HistoryBatch) -> StoreResult<BulkLoadStats>;
    /// Before a bulk load into a database nobody works in yet: drop the secondary
    /// (non-unique) indexes of [`crate::bulk::HISTORY_TABLES`], keeping each definition
    /// in `deferred_indexes`. Rebuilding an index once from sorted keys costs a fraction
    /// of keeping it in step with millions of inserts in random key order. Returns how
    /// many were dropped (0 when they already were). On PostgreSQL the foreign keys of
    /// those tables are deferred the same way: checked by a trigger per row they cost
    /// several times the insert, re-added each is validated by one join. (SQLite checks
    /// a key by one primary-key probe and keeps them.)
    async fn defer_history_indexes(&self) -> StoreResult<u64>;
    /// The deferred indexes not yet rebuilt, by name.
    async fn deferred_indexes(&self) -> StoreResult<Vec<String>>;
    /// Build one deferred index again from its kept definition and forget it (one
    /// transaction). Unknown names are an error. Opening the store for work
    /// (`connect`) rebuilds whatever an interrupted load left deferred.
    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()>;
    /// Refresh the query planner's statistics (after a bulk load).
    async fn analyze(&self) -> StoreResult<()>;
}
