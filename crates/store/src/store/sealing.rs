//! Personal data sealed at rest: ID numbers, phones, TOTP secrets, profiles' free
//! text, test substances and attachments.

use async_trait::async_trait;

use crate::at_rest::SealedTable;
use crate::error::StoreResult;
use crate::sealed::{Keyring, SealingReport};

#[async_trait]
pub trait Sealing: Send + Sync {
    /// Check `keys` against the database's key checks and use it from now on; a
    /// wrong key is refused (never silent garbage). Records checks for key versions
    /// the database has not seen yet. Until a store is unlocked, every call that
    /// reads or writes a sealed value is refused.
    async fn unlock(&self, keys: Keyring) -> StoreResult<()>;
    /// Seal under the active key, in one transaction, the rows of `table` with id
    /// above `after` (at most `limit` of them; attachments fewer, see
    /// [`SealedTable::batch`]): with `only_plaintext` those still holding plain text
    /// (after an upgrade), otherwise every one not under the active key (a rotation);
    /// the first call on persons (`after == 0`) also does the TOTP secrets. Returns
    /// (rows rewritten, the last id seen, or `None` when there are no more).
    /// Resumable: call again from the last id, or from 0 after an interruption.
    /// Every table of [`SealedTable::ALL`] must be worked through.
    async fn reseal(
        &self,
        table: SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)>;
    /// Sealed values by key version and values still in plain text (a full scan).
    async fn sealing_report(&self) -> StoreResult<SealingReport>;
}
