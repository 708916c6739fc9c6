//! Contract, the audit chain head kept outside: whoever can write the database can rewrite the newest
//! audit record and recompute its hash and the chain head; the chain still verifies.
//! A head hash kept outside the database earlier exposes it: the record carrying it is
//! gone ([`crate::Store::audit_verify_anchored`]). Run by
//! [`crate::audit_tamper_tests!`] with the engine's raw SQL.

use super::audit::RawSql;
use super::fixture::build;
use crate::Store;
use crate::audit_chain::{ChainedRecord, record_hash, truncate_to_micros};
use crate::model::AuditEntry;

fn failed_login(n: i64) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now(),
        user_id: None,
        username: "ops".into(),
        action: "login.failed".into(),
        object_type: "session".into(),
        object_id: None,
        person_id: None,
        detail: format!("第{n}条"),
        client: "10.0.0.9".into(),
    }
}

pub async fn a_rewritten_head_is_found_only_by_a_kept_head(store: &dyn Store, raw: &dyn RawSql) {
    let f = build(store).await;
    let verify = |anchors: Vec<String>| async move {
        store
            .audit_verify_anchored(&anchors, &|_, _| {})
            .await
            .expect("verify")
    };
    store.audit(&failed_login(1)).await.expect("audit");
    let older = verify(Vec::new()).await;
    let newest = failed_login(2);
    store.audit(&newest).await.expect("audit");
    let kept = verify(Vec::new()).await;
    assert!(kept.is_intact(), "{kept:?}");
    assert_eq!(
        store.audit_head().await.expect("head").last_hash,
        kept.head_hash
    );

    // the newest record as stored (no actor: the root unit), then as forged
    let stored = ChainedRecord {
        id: kept.head_id,
        prev_id: older.head_id,
        at: truncate_to_micros(newest.at),
        user_id: None,
        username: newest.username.clone(),
        action: newest.action.clone(),
        object_type: newest.object_type.clone(),
        object_id: None,
        person_id: None,
        unit_id: Some(f.city.id),
        unit_path: f.city.path.clone(),
        detail: newest.detail.clone(),
        client: newest.client.clone(),
    };
    assert_eq!(record_hash(&older.head_hash, &stored), kept.head_hash);
    let forged = ChainedRecord {
        detail: "第2条(已改)".into(),
        ..stored
    };
    let hash = record_hash(&older.head_hash, &forged);
    raw.execute(&format!(
        "UPDATE audit_events SET detail = '{}', hash = '{hash}' WHERE id = {};
         UPDATE audit_chain_head SET last_hash = '{hash}' WHERE id = 1;",
        forged.detail, forged.id
    ))
    .await;

    let plain = verify(Vec::new()).await;
    assert!(plain.is_intact(), "the chain alone cannot tell: {plain:?}");
    assert_eq!(plain.head_hash, hash);
    let anchored = verify(vec![older.head_hash.clone(), kept.head_hash.clone()]).await;
    assert!(anchored.is_intact());
    assert!(!anchored.anchors_found());
    assert_eq!(
        anchored.missing_anchors,
        std::slice::from_ref(&kept.head_hash),
        "the kept head is gone; the older one is still there"
    );
    // hashes compare in any case; the current head is of course found
    let current = verify(vec![older.head_hash.to_uppercase(), plain.head_hash]).await;
    assert!(
        current.is_intact() && current.anchors_found(),
        "{current:?}"
    );
}
