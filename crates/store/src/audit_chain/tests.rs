use super::*;
use chrono::TimeZone;

fn record(id: i64, prev_id: i64) -> ChainedRecord {
    ChainedRecord {
        id,
        prev_id,
        at: Utc
            .timestamp_opt(1_700_000_000, 123_456_000)
            .single()
            .expect("time"),
        user_id: Some(7),
        username: "jt".into(),
        action: "person.read".into(),
        object_type: "person".into(),
        object_id: Some(3),
        person_id: Some(3),
        unit_id: Some(2),
        unit_path: "/1/2/".into(),
        detail: String::new(),
        client: "127.0.0.1".into(),
    }
}

fn chain(n: i64) -> (Vec<StoredChainRow>, ChainHead) {
    let mut prev = GENESIS_HASH.to_owned();
    let mut rows = Vec::new();
    for id in 1..=n {
        let r = record(id, id - 1);
        let hash = record_hash(&prev, &r);
        rows.push(StoredChainRow {
            record: r,
            prev_hash: Some(prev.clone()),
            hash: Some(hash.clone()),
        });
        prev = hash;
    }
    (
        rows,
        ChainHead {
            last_id: n,
            last_hash: prev,
            entries: n,
        },
    )
}

fn verify(rows: &[StoredChainRow], head: ChainHead) -> AuditVerification {
    let mut v = ChainVerifier::new(head);
    for r in rows {
        if let Err(p) = v.check(r) {
            return v.failed(p);
        }
    }
    v.finish(None)
}

#[test]
fn truncation_keeps_whole_microseconds() {
    let at = Utc.timestamp_opt(5, 123_456_789).single().expect("time");
    assert_eq!(truncate_to_micros(at).timestamp_subsec_nanos(), 123_456_000);
}

#[test]
fn hashes_are_lowercase_hex_and_depend_on_every_field() {
    let r = record(1, 0);
    let h = record_hash(GENESIS_HASH, &r);
    assert_eq!(h.len(), 64);
    assert!(
        h.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    let mut changed = r.clone();
    changed.detail = "x".into();
    assert_ne!(record_hash(GENESIS_HASH, &changed), h);
    let mut moved = r.clone();
    moved.at += chrono::TimeDelta::microseconds(1);
    assert_ne!(record_hash(GENESIS_HASH, &moved), h);
    // length prefixes: moving a character between fields changes the hash
    let mut a = r.clone();
    a.username = "jtp".into();
    a.action = "erson.read".into();
    assert_ne!(record_hash(GENESIS_HASH, &a), h);
    assert_ne!(record_hash(&"1".repeat(64), &r), h);
}

#[test]
fn an_intact_chain_verifies() {
    let (rows, head) = chain(5);
    let v = verify(&rows, head);
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, 5);
    let empty = verify(
        &[],
        ChainHead {
            last_id: 0,
            last_hash: GENESIS_HASH.into(),
            entries: 0,
        },
    );
    assert!(empty.is_intact());
}

#[test]
fn each_kind_of_tampering_is_named() {
    let kind = |rows: &[StoredChainRow], head: ChainHead| {
        let p = verify(rows, head).problem.expect("a problem");
        (p.id, p.kind)
    };
    let (rows, head) = chain(5);
    let mut edited = rows.clone();
    edited[2].record.detail = "改".into();
    assert_eq!(kind(&edited, head.clone()), (3, AuditProblemKind::Edited));
    let mut gap = rows.clone();
    gap.remove(2);
    assert_eq!(kind(&gap, head.clone()), (4, AuditProblemKind::Deleted));
    assert_eq!(
        kind(&rows[..4], head.clone()),
        (5, AuditProblemKind::Deleted)
    );
    let mut swapped = rows.clone();
    let (a, b) = (swapped[1].clone(), swapped[2].clone());
    swapped[1] = StoredChainRow {
        record: ChainedRecord { id: 2, ..b.record },
        ..b
    };
    swapped[2] = StoredChainRow {
        record: ChainedRecord { id: 3, ..a.record },
        ..a
    };
    assert_eq!(
        kind(&swapped, head.clone()),
        (2, AuditProblemKind::Reordered)
    );
    let mut link = rows.clone();
    link[3].prev_hash = Some("f".repeat(64));
    assert_eq!(kind(&link, head.clone()), (4, AuditProblemKind::BrokenLink));
    let mut bare = rows.clone();
    bare[0].hash = None;
    assert_eq!(kind(&bare, head.clone()), (1, AuditProblemKind::Unchained));
    let mut other = head.clone();
    other.last_hash = "e".repeat(64);
    assert_eq!(kind(&rows, other), (5, AuditProblemKind::HeadMismatch));
    let mut v = ChainVerifier::new(head);
    for r in &rows {
        v.check(r).expect("intact");
    }
    let stray = v.finish(Some(9)).problem.expect("a problem");
    assert_eq!((stray.id, stray.kind), (9, AuditProblemKind::Unchained));
}

/// Security item 8: a head kept outside is found while its record is in the chain,
/// and missing once the newest record was rewritten with a recomputed head.
#[test]
fn kept_heads_are_looked_for_on_the_checked_records() {
    let (rows, head) = chain(4);
    let kept = [
        rows[1].hash.clone().expect("hash").to_ascii_uppercase(),
        head.last_hash.clone(),
    ];
    let walk = |rows: &[StoredChainRow], head: ChainHead| {
        let mut v = ChainVerifier::with_anchors(head, &kept);
        for r in rows {
            v.check(r).expect("intact");
        }
        v.finish(None)
    };
    let v = walk(&rows, head.clone());
    assert!(v.is_intact() && v.anchors_found(), "{v:?}");
    // rewrite the newest record and recompute its hash and the head
    let mut forged = rows.clone();
    let last = forged.last_mut().expect("rows");
    last.record.detail = "rewritten".into();
    let hash = record_hash(last.prev_hash.as_deref().expect("prev"), &last.record);
    last.hash = Some(hash.clone());
    let forged_head = ChainHead {
        last_hash: hash,
        ..head.clone()
    };
    let v = walk(&forged, forged_head);
    assert!(v.is_intact(), "the chain alone cannot tell: {v:?}");
    assert_eq!(v.missing_anchors, std::slice::from_ref(&head.last_hash));
    assert!(!v.anchors_found());
    assert!(ChainVerifier::new(head).finish(None).anchors_found());
    // the head of the empty trail (kept before the first record) is always found
    let empty = ChainHead {
        last_id: 0,
        last_hash: GENESIS_HASH.to_owned(),
        entries: 0,
    };
    let v = ChainVerifier::with_anchors(empty, &[GENESIS_HASH.to_owned()]).finish(None);
    assert!(v.is_intact() && v.anchors_found(), "{v:?}");
}
