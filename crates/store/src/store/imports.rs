//! INFO-1, import — what the import of legacy registers asks of an engine: who holds each
//! ID number (through the blind index, never naming a holder outside the scope),
//! which orders an earlier import already wrote, and one transaction per batch that
//! writes persons, histories and their import keys together (so a killed import
//! resumes where it stopped and a second run of the same file adds nothing).

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::imports::{Holder, ImportFile, ImportWrite, ImportWritten, OrderRef};
use crate::scope::Scope;

#[async_trait]
pub trait Imports: Send + Sync {
    /// For each `(id_type, id_number)`, in order: who holds it as the scope may know.
    async fn import_holders(
        &self,
        scope: &Scope,
        ids: &[(String, String)],
    ) -> StoreResult<Vec<Holder>>;
    /// For each order, in order: whether an earlier import wrote it.
    async fn imported_orders(&self, orders: &[OrderRef]) -> StoreResult<Vec<bool>>;
    /// Start an import of a file (a row of `imports`, audited `import.started`);
    /// returns its id.
    async fn begin_import(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        file: &ImportFile,
    ) -> StoreResult<i64>;
    /// Write one batch in one transaction: the new persons, the histories (their
    /// persons new or already held in the scope) and the import key of each person
    /// and order. Keys already written are skipped whole (a resumed run).
    async fn import_write(&self, batch: ImportWrite) -> StoreResult<ImportWritten>;
    /// Close an import with its counts (audited `import.finished`).
    async fn finish_import(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        import_id: i64,
        written: &ImportWritten,
        refused: u64,
    ) -> StoreResult<()>;
}
