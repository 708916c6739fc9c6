//! The hash-chained audit trail (INFO-2): appending, searching, verifying.

use async_trait::async_trait;

use crate::audit_chain::{AuditVerification, ChainHead};
use crate::error::StoreResult;
use crate::model::{AuditEntry, AuditFilter, AuditRecord, Page, PageRequest};
use crate::scope::Scope;

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Append to the hash-chained audit trail. `at` is kept to the microsecond; the
    /// username and unit are filled in from `user_id` when known.
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()>;
    /// Audit records of the scope (the unit the record belongs to lies in it),
    /// newest first, keyset-paged on id.
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>>;
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64>;
    /// Walk the whole chain in id order, in batches, and check every link and the head.
    /// `progress(checked, total)` is called after each batch.
    async fn audit_verify(
        &self,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        self.audit_verify_anchored(&[], progress).await
    }
    /// [`AuditLog::audit_verify`], also looking for each of `anchors` (head hashes the
    /// operator kept outside the database) on the checked records; those not found are
    /// [`AuditVerification::missing_anchors`].
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification>;
    /// The chain head as it is now: newest id, its hash and the count (`jiekang serve`
    /// writes it out to be kept elsewhere).
    async fn audit_head(&self) -> StoreResult<ChainHead>;
}
