//! Chaining new records: the part of an append that both engines share. Each engine
//! reads the head and the actors, draws the ids its own way (SQLite past the highest
//! id on its single writer, PostgreSQL from the identity sequence under the head's
//! lock), hands them here, and writes the rows this returns with the new head.

use super::{ChainHead, ChainedRecord, record_hash, truncate_to_micros};
use crate::model::AuditEntry;

/// The acting user as a record names them: username and unit at the time of writing.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RecordActor {
    pub user_id: i64,
    pub username: String,
    pub unit_id: Option<i64>,
    pub unit_path: Option<String>,
}

/// The unit records without an actor are filed under (a command, the sweep): the root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RootUnit {
    pub id: Option<i64>,
    pub path: Option<String>,
}

/// One record ready to insert: the previous record's hash, its own, and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainedRow {
    pub prev_hash: String,
    pub hash: String,
    pub record: ChainedRecord,
}

/// Chain `entries`, in order, after `head`, the `i`-th taking `ids[i]` (ascending, one
/// per entry). A record names its actor's username (unless the entry names one) and
/// unit, else the root unit. `head` ends at the last record.
///
/// # Panics
/// If `ids` and `entries` differ in length: the caller draws one id per entry.
pub fn chain_entries(
    head: &mut ChainHead,
    ids: &[i64],
    entries: &[AuditEntry],
    actors: &[RecordActor],
    root: &RootUnit,
) -> Vec<ChainedRow> {
    assert_eq!(ids.len(), entries.len(), "one id per audit entry");
    let actor = |id: Option<i64>| id.and_then(|id| actors.iter().find(|a| a.user_id == id));
    let mut rows = Vec::with_capacity(entries.len());
    for (&id, e) in ids.iter().zip(entries) {
        let user = actor(e.user_id);
        let record = ChainedRecord {
            id,
            prev_id: head.last_id,
            at: truncate_to_micros(e.at),
            user_id: e.user_id,
            username: if e.username.is_empty() {
                user.map(|u| u.username.clone()).unwrap_or_default()
            } else {
                e.username.clone()
            },
            action: e.action.clone(),
            object_type: e.object_type.clone(),
            object_id: e.object_id,
            person_id: e.person_id,
            unit_id: user.and_then(|u| u.unit_id).or(root.id),
            unit_path: user
                .and_then(|u| u.unit_path.clone())
                .or_else(|| root.path.clone())
                .unwrap_or_default(),
            detail: e.detail.clone(),
            client: e.client.clone(),
        };
        let hash = record_hash(&head.last_hash, &record);
        let prev_hash = std::mem::replace(&mut head.last_hash, hash.clone());
        head.last_id = id;
        head.entries += 1;
        rows.push(ChainedRow {
            prev_hash,
            hash,
            record,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn entry(user_id: Option<i64>, username: &str) -> AuditEntry {
        AuditEntry {
            at: Utc.with_ymd_and_hms(2026, 12, 7, 1, 2, 3).unwrap(),
            user_id,
            username: username.to_owned(),
            action: "person.read".to_owned(),
            object_type: "person".to_owned(),
            object_id: Some(7),
            person_id: Some(7),
            detail: String::new(),
            client: "127.0.0.1".to_owned(),
        }
    }

    #[test]
    fn records_link_to_each_other_and_the_head_moves_to_the_last() {
        let mut head = ChainHead {
            last_id: 10,
            last_hash: "h10".to_owned(),
            entries: 10,
        };
        let actors = [RecordActor {
            user_id: 3,
            username: "jiaotong.staff".to_owned(),
            unit_id: Some(42),
            unit_path: Some("/1/42/".to_owned()),
        }];
        let root = RootUnit {
            id: Some(1),
            path: Some("/1/".to_owned()),
        };
        let entries = [
            entry(Some(3), ""),
            entry(None, "sweep"),
            entry(Some(99), ""),
        ];
        let rows = chain_entries(&mut head, &[12, 15, 16], &entries, &actors, &root);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].prev_hash, "h10");
        assert_eq!(rows[0].record.prev_id, 10);
        assert_eq!(rows[1].prev_hash, rows[0].hash);
        assert_eq!(rows[1].record.prev_id, 12);
        assert_eq!(rows[2].prev_hash, rows[1].hash);
        for row in &rows {
            assert_eq!(row.hash, record_hash(&row.prev_hash, &row.record));
        }
        // the actor's name and unit; no actor or an unknown one: the root unit
        assert_eq!(rows[0].record.username, "jiaotong.staff");
        assert_eq!(rows[0].record.unit_id, Some(42));
        assert_eq!(rows[1].record.username, "sweep");
        assert_eq!(rows[1].record.unit_path, "/1/");
        assert_eq!(rows[2].record.username, "");
        assert_eq!(rows[2].record.unit_id, Some(1));
        assert_eq!(
            head,
            ChainHead {
                last_id: 16,
                last_hash: rows[2].hash.clone(),
                entries: 13,
            }
        );
    }
}
