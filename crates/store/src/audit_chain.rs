//! The tamper-evident audit trail (INFO-2 "质量倒查", quality trace-back).
//!
//! Every row of `audit_events` carries `prev_hash` (the hash of the row before it in the
//! chain), `prev_id` (that row's id) and `hash`:
//!
//! ```text
//! hash = lowercase hex sha256( canonical(prev_hash, id, prev_id, at, user_id, username, action,
//!                                         object_type, object_id, person_id, unit_id,
//!                                         unit_path, detail, client) )
//! ```
//!
//! The canonical encoding is positional and length-prefixed: a version tag, then each
//! field as an 8-byte big-endian length followed by its bytes — strings as UTF-8,
//! integers as 8 bytes big-endian, `None` as zero bytes, `at` as microseconds since
//! the Unix epoch. `at` is truncated to microseconds before it is stored (PostgreSQL
//! keeps no more), so what is hashed is exactly what is read back.
//!
//! A one-row chain head (`audit_chain_head`: last id, last hash, number of entries)
//! is updated in the same transaction as every append, so that deleting the newest
//! records is found too. The head also serialises appends (PostgreSQL locks it with
//! `SELECT … FOR UPDATE`; SQLite has a single writer).
//!
//! This module is the only place that encodes and hashes; both engines append with
//! it and [`ChainVerifier`] checks with it. The limits: someone who can rewrite the
//! whole table *and* the head can recompute every hash. `jiekang audit verify` prints
//! the head hash so that operators can keep it elsewhere and compare later.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// `prev_hash` of the first record of the chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Version tag at the start of every hashed encoding; a new encoding gets a new tag.
const ENCODING_TAG: &[u8] = b"jiekang-audit-chain-v1";

/// `at` as stored and hashed: whole microseconds (PostgreSQL's precision).
pub fn truncate_to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// The hashed fields of one audit record, as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChainedRecord {
    pub id: i64,
    /// Id of the previous record of the chain (0 for the first).
    pub prev_id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_path: String,
    pub detail: String,
    pub client: String,
}

/// A stored row as the verifier reads it: the fields plus the two hashes, which are
/// `NULL` only on a row that never entered the chain.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredChainRow {
    #[sqlx(flatten)]
    pub record: ChainedRecord,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// The columns of [`StoredChainRow`], for the engines' SELECTs.
pub const STORED_ROW_COLUMNS: &str = "id, prev_id, at, user_id, username, action, object_type, \
     object_id, person_id, unit_id, unit_path, detail, client, prev_hash, hash";

/// The chain head: the newest chained record, and how many there are.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChainHead {
    pub last_id: i64,
    pub last_hash: String,
    pub entries: i64,
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn put_int(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        Some(v) => put(out, &v.to_be_bytes()),
        None => put(out, &[]),
    }
}

/// The canonical, length-prefixed encoding of a record after `prev_hash`.
pub fn canonical_encoding(prev_hash: &str, r: &ChainedRecord) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + r.detail.len());
    put(&mut out, ENCODING_TAG);
    put(&mut out, prev_hash.as_bytes());
    put_int(&mut out, Some(r.id));
    put_int(&mut out, Some(r.prev_id));
    put_int(&mut out, Some(r.at.timestamp_micros()));
    put_int(&mut out, r.user_id);
    put(&mut out, r.username.as_bytes());
    put(&mut out, r.action.as_bytes());
    put(&mut out, r.object_type.as_bytes());
    put_int(&mut out, r.object_id);
    put_int(&mut out, r.person_id);
    put_int(&mut out, r.unit_id);
    put(&mut out, r.unit_path.as_bytes());
    put(&mut out, r.detail.as_bytes());
    put(&mut out, r.client.as_bytes());
    out
}

/// The record's hash: lowercase hex sha256 of its canonical encoding.
pub fn record_hash(prev_hash: &str, r: &ChainedRecord) -> String {
    hex::encode(Sha256::digest(canonical_encoding(prev_hash, r)))
}

/// What is wrong with the first bad record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditProblemKind {
    /// The record's content no longer matches its hash.
    Edited,
    /// Records before this one (or the newest ones) were deleted.
    Deleted,
    /// The record links to a record that is not the one before it.
    Reordered,
    /// The record's `prev_hash` is not the hash of the record before it.
    BrokenLink,
    /// The record carries no hash: it was written around the chain.
    Unchained,
    /// The chain is intact but does not end where the head says.
    HeadMismatch,
}

impl AuditProblemKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Edited => "内容被修改",
            Self::Deleted => "记录被删除",
            Self::Reordered => "记录顺序被调换",
            Self::BrokenLink => "链接断裂",
            Self::Unchained => "记录未入链(绕过审计写入)",
            Self::HeadMismatch => "与链头不符",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Edited => "edited",
            Self::Deleted => "deleted / gap",
            Self::Reordered => "re-ordered",
            Self::BrokenLink => "broken link",
            Self::Unchained => "not chained",
            Self::HeadMismatch => "head mismatch",
        }
    }
}

/// The first bad record: its id (for a deletion of the newest records, the id the head
/// names), what is wrong, and the last record that checked out (0 if none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditProblem {
    pub id: i64,
    pub kind: AuditProblemKind,
    pub last_good_id: i64,
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// Records checked (up to and including the bad one).
    pub checked: u64,
    /// The head at the start of the walk: newer records are left for the next run.
    pub head_id: i64,
    pub head_hash: String,
    pub problem: Option<AuditProblem>,
    /// The expected hashes (heads kept outside the database) that no
    /// checked record of the chain carries, in the order given. A head that was
    /// rewritten or removed since it was kept is missing even when the chain is intact.
    pub missing_anchors: Vec<String>,
}

impl AuditVerification {
    /// The chain itself is intact (the anchors are checked by [`Self::anchors_found`]).
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }

    /// Every expected hash is carried by a record of the chain.
    pub fn anchors_found(&self) -> bool {
        self.missing_anchors.is_empty()
    }
}

/// Checks records fed in id order against the chain rules and, at the end, the head.
/// The engines read the rows in keyset batches and feed them here.
#[derive(Debug)]
pub struct ChainVerifier {
    head: ChainHead,
    last_id: i64,
    last_hash: String,
    checked: u64,
    /// Expected hashes (lower case) not yet seen on a checked record, in order.
    anchors: Vec<String>,
}

impl ChainVerifier {
    pub fn new(head: ChainHead) -> Self {
        Self::with_anchors(head, &[])
    }

    /// A verifier that also looks for each of `anchors` (head hashes kept outside the
    /// database) on the records it checks.
    pub fn with_anchors(head: ChainHead, anchors: &[String]) -> Self {
        let mut expected: Vec<String> = Vec::with_capacity(anchors.len());
        for a in anchors {
            let a = a.trim().to_ascii_lowercase();
            // the head of an empty trail: every chain starts after it
            if a != GENESIS_HASH && !expected.contains(&a) {
                expected.push(a);
            }
        }
        Self {
            head,
            last_id: 0,
            last_hash: GENESIS_HASH.to_owned(),
            checked: 0,
            anchors: expected,
        }
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// The id up to which rows are to be fed (the head's newest record).
    pub fn head_id(&self) -> i64 {
        self.head.last_id
    }

    /// Check the next row; the first problem ends the walk.
    pub fn check(&mut self, row: &StoredChainRow) -> Result<(), AuditProblem> {
        self.checked += 1;
        let r = &row.record;
        let problem = |kind| AuditProblem {
            id: r.id,
            kind,
            last_good_id: self.last_id,
        };
        let (Some(prev_hash), Some(hash)) = (&row.prev_hash, &row.hash) else {
            return Err(problem(AuditProblemKind::Unchained));
        };
        if r.prev_id >= r.id || r.prev_id < self.last_id {
            return Err(problem(AuditProblemKind::Reordered));
        }
        if r.prev_id > self.last_id {
            return Err(problem(AuditProblemKind::Deleted));
        }
        if *prev_hash != self.last_hash {
            return Err(problem(AuditProblemKind::BrokenLink));
        }
        if record_hash(prev_hash, r) != *hash {
            return Err(problem(AuditProblemKind::Edited));
        }
        self.last_id = r.id;
        self.last_hash.clone_from(hash);
        if !self.anchors.is_empty() {
            self.anchors.retain(|a| a != hash);
        }
        Ok(())
    }

    /// The result after a problem found by [`ChainVerifier::check`].
    pub fn failed(self, problem: AuditProblem) -> AuditVerification {
        AuditVerification {
            checked: self.checked,
            head_id: self.head.last_id,
            head_hash: self.head.last_hash,
            problem: Some(problem),
            missing_anchors: self.anchors,
        }
    }

    /// The result once every row up to the head was fed: the chain must end at the head.
    /// `stray` is the first row after the head without a hash, if any (written around
    /// the chain; newer chained rows are appends made during the walk).
    pub fn finish(self, stray: Option<i64>) -> AuditVerification {
        if let (Some(id), true) = (stray, self.last_id == self.head.last_id) {
            let problem = AuditProblem {
                id,
                kind: AuditProblemKind::Unchained,
                last_good_id: self.last_id,
            };
            return self.failed(problem);
        }
        let problem = if self.last_id < self.head.last_id {
            // the newest records are gone: name the one the head remembers
            Some(AuditProblemKind::Deleted)
        } else if self.last_hash != self.head.last_hash
            || i64::try_from(self.checked).ok() != Some(self.head.entries)
        {
            Some(AuditProblemKind::HeadMismatch)
        } else {
            None
        }
        .map(|kind| AuditProblem {
            id: self.head.last_id,
            kind,
            last_good_id: self.last_id,
        });
        AuditVerification {
            checked: self.checked,
            head_id: self.head.last_id,
            head_hash: self.head.last_hash,
            problem,
            missing_anchors: self.anchors,
        }
    }
}

mod append;
pub use append::{ChainedRow, RecordActor, RootUnit, chain_entries};

#[cfg(test)]
mod tests;
