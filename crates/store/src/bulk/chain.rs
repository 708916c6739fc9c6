//! The audit records of a batch, chained in batch order after the trail's head.

use super::HistoryBatch;

/// The batch's audit records chained after `head`, with ids from `first_id` on (the
/// engine has made sure no other record takes those ids): each record's `object_id`
/// is its case's id from `case_ids` (in batch order). Returns the rows to insert and
/// the new head.
pub fn chain_audits(
    batch: &HistoryBatch,
    case_ids: &[i64],
    head: &crate::audit_chain::ChainHead,
    first_id: i64,
) -> (
    Vec<crate::audit_chain::StoredChainRow>,
    crate::audit_chain::ChainHead,
) {
    use crate::audit_chain::{ChainHead, ChainedRecord, StoredChainRow, record_hash};
    let n: usize = batch.cases.iter().map(|c| c.audits.len()).sum();
    let mut out = Vec::with_capacity(n);
    let mut last_id = head.last_id;
    let mut last_hash = head.last_hash.clone();
    let mut id = first_id;
    for (h, case_id) in batch.cases.iter().zip(case_ids) {
        for a in &h.audits {
            let record = ChainedRecord {
                id,
                prev_id: last_id,
                at: crate::audit_chain::truncate_to_micros(a.at),
                user_id: Some(a.user_id),
                username: a.username.clone(),
                action: a.action.clone(),
                object_type: "case".to_owned(),
                object_id: Some(*case_id),
                person_id: Some(h.case.person_id.get()),
                unit_id: Some(a.unit_id),
                unit_path: a.unit_path.clone(),
                detail: a.detail.clone(),
                client: String::new(),
            };
            let hash = record_hash(&last_hash, &record);
            let prev_hash = std::mem::replace(&mut last_hash, hash.clone());
            last_id = id;
            id += 1;
            out.push(StoredChainRow {
                record,
                prev_hash: Some(prev_hash),
                hash: Some(hash),
            });
        }
    }
    let head = ChainHead {
        last_id,
        last_hash,
        entries: head.entries + n as i64,
    };
    (out, head)
}
