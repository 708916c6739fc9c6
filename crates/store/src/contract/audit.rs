//! Contract: the hash-chained audit trail and the auditor's search (INFO-2).
//!
//! The tamper cases at the end need raw SQL on the engine's database; each engine's
//! tests run them with [`crate::audit_tamper_tests!`] and a [`RawSql`] of their own.
//! Their statements are valid on both SQLite and PostgreSQL.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use jiekang_domain::permission::Role;

use super::fixture::{Fixture, build, new_person, user};
// Run with the tamper cases below.
pub use super::audit_anchor::a_rewritten_head_is_found_only_by_a_kept_head;
use crate::audit_chain::{AuditProblemKind, AuditVerification, truncate_to_micros};
use crate::model::{AuditEntry, AuditFilter, PageRequest};
use crate::{Scope, Store};

/// An instant with nanoseconds, which the store must cut to microseconds.
fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000 + secs, 123_456_789)
        .single()
        .expect("time")
}

fn entry(secs: i64, user_id: Option<i64>, username: &str, action: &str) -> AuditEntry {
    AuditEntry {
        at: at(secs),
        user_id,
        username: username.into(),
        action: action.into(),
        object_type: "session".into(),
        object_id: None,
        person_id: None,
        detail: format!("第{secs}条"),
        client: "127.0.0.1".into(),
    }
}

async fn verify(store: &dyn Store) -> AuditVerification {
    store.audit_verify(&|_, _| {}).await.expect("verify")
}

/// The ids of every record, oldest first.
async fn all_ids(store: &dyn Store) -> Vec<i64> {
    let page = store
        .audit_events(
            &Scope::system(),
            &AuditFilter::default(),
            PageRequest::first(PageRequest::MAX_LIMIT),
        )
        .await
        .expect("all records");
    assert!(page.next_after.is_none(), "a test trail fits one page");
    let mut ids: Vec<i64> = page.items.iter().map(|r| r.id).collect();
    ids.reverse();
    ids
}

/// Six records through every kind of write that audits; returns the fixture, their ids,
/// oldest first, and how many records building the fixture wrote before them (its
/// units and users are audited).
async fn six_records(store: &dyn Store) -> (Fixture, Vec<i64>, u64) {
    let f = build(store).await;
    let before = all_ids(store).await.len();
    let jt = Fixture::scope_of(&f.jiaotong);
    let p = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", "150602199001011238"),
        )
        .await
        .expect("person");
    store
        .person(&jt, f.jiaotong_user.id, p.id)
        .await
        .expect("archive");
    store
        .audit(&entry(1, Some(f.jiaotong_user.id), "jiaotong", "login"))
        .await
        .expect("audit");
    store
        .audit(&entry(2, None, "nobody", "login.failed"))
        .await
        .expect("audit");
    store
        .save_calendar_notices(None, &[(2027, "2027-01-01\tholiday\t元旦".into())])
        .await
        .expect("notice");
    store
        .audit(&entry(3, Some(f.dongsheng_user.id), "", "person.export"))
        .await
        .expect("audit");
    let ids = all_ids(store).await.split_off(before);
    assert_eq!(ids.len(), 6, "{ids:?}");
    (f, ids, before as u64)
}

pub async fn the_audit_chain_verifies_after_a_series_of_writes(store: &dyn Store) {
    assert!(verify(store).await.is_intact(), "an empty chain is intact");
    let (_, ids, base) = six_records(store).await;
    let seen = std::sync::Mutex::new(Vec::new());
    let v = store
        .audit_verify(&|checked, total| seen.lock().expect("lock").push((checked, total)))
        .await
        .expect("verify");
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, base + 6);
    assert_eq!(v.head_id, ids[5]);
    assert_eq!(v.head_hash.len(), 64);
    assert_eq!(
        seen.lock().expect("lock").last(),
        Some(&(base + 6, base + 6))
    );
    // more writes keep it intact
    store
        .audit(&entry(9, None, "", "login.failed"))
        .await
        .expect("audit");
    let v = verify(store).await;
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, base + 7);
}

/// Reads audited side by side (an engine may commit their records together)
/// are each recorded once, by the right actor, in one intact chain.
pub async fn reads_audited_side_by_side_are_each_recorded_and_chained(store: &dyn Store) {
    let f = build(store).await;
    let base = all_ids(store).await.len();
    let jt = Fixture::scope_of(&f.jiaotong);
    let p = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "王某", "150602199001011238"),
        )
        .await
        .expect("person");
    let reads = (0..24).map(|_| store.person(&jt, f.jiaotong_user.id, p.id));
    let logins = (0..8).map(|i| {
        let e = entry(i, Some(f.dongsheng_user.id), "", "login");
        async move { store.audit(&e).await }
    });
    for read in futures_util::future::join_all(reads).await {
        assert_eq!(read.expect("archive").id, p.id);
    }
    for login in futures_util::future::join_all(logins).await {
        login.expect("audit");
    }
    // a read outside the scope is refused and not recorded
    let gy = Fixture::scope_of(&f.gongyuan);
    assert!(store.person(&gy, f.gongyuan_user.id, p.id).await.is_err());
    assert_eq!(store.audit_count("person.read").await.expect("count"), 24);
    assert_eq!(store.audit_count("login").await.expect("count"), 8);
    let all = store
        .audit_events(
            &Scope::system(),
            &AuditFilter::default(),
            PageRequest::first(100),
        )
        .await
        .expect("records")
        .items;
    assert_eq!(
        all.len(),
        base + 33,
        "the fixture's, the person's creation, 24 reads and 8 logins"
    );
    for r in &all {
        match r.action.as_str() {
            "person.read" => {
                assert_eq!(r.username, "jiaotong");
                assert_eq!(r.person_id, Some(p.id));
                assert_eq!(r.unit_id, Some(f.jiaotong.id));
            }
            "login" => {
                assert_eq!(r.username, "dongsheng", "filled in from the user id");
                assert_eq!(r.unit_id, Some(f.dongsheng.id));
            }
            _ => {}
        }
    }
    let v = verify(store).await;
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.checked, base as u64 + 33);
}

pub async fn audit_records_keep_microseconds_and_who_acted(store: &dyn Store) {
    let (f, _, _) = six_records(store).await;
    let all = store
        .audit_events(
            &Scope::system(),
            &AuditFilter::default(),
            PageRequest::first(50),
        )
        .await
        .expect("records")
        .items;
    let export = all
        .iter()
        .find(|r| r.action == "person.export")
        .expect("export");
    assert_eq!(export.at, at(3) - TimeDelta::nanoseconds(789));
    assert_eq!(export.username, "dongsheng", "filled in from the user id");
    assert_eq!(export.unit_id, Some(f.dongsheng.id));
    assert_eq!(export.unit_name, "东胜区");
    let read = all
        .iter()
        .find(|r| r.action == "person.read")
        .expect("read");
    assert_eq!(read.username, "jiaotong");
    assert!(read.person_id.is_some());
    let failed = all
        .iter()
        .find(|r| r.action == "login.failed")
        .expect("failed");
    assert_eq!(failed.unit_id, Some(f.city.id), "no actor: the root unit");
}

/// ORG-3 for the audit trail: a record belongs to the acting user's unit (the root
/// when nobody acted); an auditor sees the records of their unit's subtree.
pub async fn audit_search_is_scoped_filtered_and_paged(store: &dyn Store) {
    let (f, _, base) = six_records(store).await;
    let base = i64::try_from(base).expect("small");
    let dalate_user = user(store, &f.shulinzhao, "shulinzhao", Role::TownshipOffice).await;
    store
        .audit(&entry(4, Some(dalate_user.id), "", "login"))
        .await
        .expect("audit");
    let all = AuditFilter::default();
    let count = |scope: Scope, filter: AuditFilter| async move {
        store
            .count_audit_events(&scope, &filter)
            .await
            .expect("count")
    };
    let city = Fixture::scope_of(&f.city);
    let dongsheng = Fixture::scope_of(&f.dongsheng);
    let dalate = Fixture::scope_of(&f.dalate);
    // the fixture's records and the new user's belong to the root (no actor)
    assert_eq!(count(city.clone(), all.clone()).await, base + 1 + 7);
    // 东胜区: the records of 交通街道's and 东胜区's users, not 达拉特旗's nor the root's
    assert_eq!(count(dongsheng.clone(), all.clone()).await, 4);
    assert_eq!(count(dalate.clone(), all.clone()).await, 1);
    assert_eq!(count(Fixture::scope_of(&f.gongyuan), all.clone()).await, 0);
    assert_eq!(
        count(
            city.clone(),
            AuditFilter {
                username: Some("jiaotong".into()),
                ..Default::default()
            }
        )
        .await,
        3
    );
    assert_eq!(
        count(
            city.clone(),
            AuditFilter {
                action: Some("login".into()),
                ..Default::default()
            }
        )
        .await,
        2
    );
    let read = store
        .audit_events(
            &city,
            &AuditFilter {
                action: Some("person.read".into()),
                ..Default::default()
            },
            PageRequest::first(5),
        )
        .await
        .expect("read");
    let person_id = read.items[0].person_id.expect("person");
    assert_eq!(
        count(
            city.clone(),
            AuditFilter {
                person_id: Some(person_id),
                ..Default::default()
            }
        )
        .await,
        2,
        "registration and archive read"
    );
    assert_eq!(
        count(
            city.clone(),
            AuditFilter {
                unit_id: Some(f.jiaotong.id),
                ..Default::default()
            }
        )
        .await,
        3
    );
    // a unit outside the scope finds nothing, like a missing one
    assert_eq!(
        count(
            dongsheng.clone(),
            AuditFilter {
                unit_id: Some(f.dalate.id),
                ..Default::default()
            }
        )
        .await,
        0
    );
    assert_eq!(
        count(
            city.clone(),
            AuditFilter {
                from: Some(truncate_to_micros(at(2))),
                until: Some(truncate_to_micros(at(4))),
                ..Default::default()
            }
        )
        .await,
        2,
        "from is inclusive (cut to microseconds), until exclusive"
    );
    // keyset pages, newest first, no record twice
    let mut seen = Vec::new();
    let mut page = PageRequest::first(3);
    loop {
        let p = store.audit_events(&city, &all, page).await.expect("page");
        seen.extend(p.items.iter().map(|r| r.id));
        match p.next_after {
            Some(after) => page = PageRequest::new(Some(after), 3),
            None => break,
        }
    }
    assert_eq!(seen.len(), usize::try_from(base).expect("small") + 1 + 7);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");
}

/// Raw SQL on an engine's database, for the tamper cases.
#[async_trait::async_trait]
pub trait RawSql: Sync {
    /// Run one or more statements.
    async fn execute(&self, sql: &str);
    /// Run the store's migrate step again (it seals rows older than the chain).
    async fn migrate(&self);
}

async fn problem(store: &dyn Store) -> (i64, AuditProblemKind) {
    let v = verify(store).await;
    let p = v.problem.expect("tampering is found");
    (p.id, p.kind)
}

pub async fn an_edited_record_is_found(store: &dyn Store, raw: &dyn RawSql) {
    let (_, ids, _) = six_records(store).await;
    raw.execute(&format!(
        "UPDATE audit_events SET username = 'someone' WHERE id = {}",
        ids[2]
    ))
    .await;
    assert_eq!(problem(store).await, (ids[2], AuditProblemKind::Edited));
}

pub async fn a_deleted_middle_record_is_found(store: &dyn Store, raw: &dyn RawSql) {
    let (_, ids, _) = six_records(store).await;
    raw.execute(&format!("DELETE FROM audit_events WHERE id = {}", ids[2]))
        .await;
    assert_eq!(problem(store).await, (ids[3], AuditProblemKind::Deleted));
}

pub async fn a_deleted_last_record_is_found(store: &dyn Store, raw: &dyn RawSql) {
    let (_, ids, base) = six_records(store).await;
    raw.execute(&format!("DELETE FROM audit_events WHERE id = {}", ids[5]))
        .await;
    let v = verify(store).await;
    assert_eq!(v.checked, base + 5);
    let p = v.problem.expect("found");
    assert_eq!((p.id, p.kind), (ids[5], AuditProblemKind::Deleted));
    assert_eq!(p.last_good_id, ids[4]);
    // and later appends do not hide it
    store
        .audit(&entry(8, None, "", "login.failed"))
        .await
        .expect("audit");
    assert_eq!(problem(store).await.1, AuditProblemKind::Deleted);
}

pub async fn swapped_records_are_found(store: &dyn Store, raw: &dyn RawSql) {
    let (_, ids, _) = six_records(store).await;
    let (a, b) = (ids[1], ids[2]);
    raw.execute(&format!(
        "CREATE TEMP TABLE swapped AS SELECT * FROM audit_events WHERE id IN ({a}, {b});
         UPDATE audit_events SET at = s.at, user_id = s.user_id, username = s.username,
                action = s.action, object_type = s.object_type, object_id = s.object_id,
                person_id = s.person_id, unit_id = s.unit_id, unit_path = s.unit_path,
                detail = s.detail, client = s.client, prev_id = s.prev_id,
                prev_hash = s.prev_hash, hash = s.hash
           FROM swapped s WHERE s.id = {a} + {b} - audit_events.id AND audit_events.id IN ({a}, {b});
         DROP TABLE swapped;"
    ))
    .await;
    assert_eq!(problem(store).await, (a, AuditProblemKind::Reordered));
}

pub async fn a_record_written_around_the_chain_is_found(store: &dyn Store, raw: &dyn RawSql) {
    let (_, ids, _) = six_records(store).await;
    raw.execute(
        "INSERT INTO audit_events (at, username, action, object_type, detail, client)
         VALUES ('2026-01-01T00:00:00Z', 'x', 'login', 'session', '', '')",
    )
    .await;
    let (id, kind) = problem(store).await;
    assert_eq!(kind, AuditProblemKind::Unchained);
    assert!(id > ids[5]);
}

/// Rows written before migration 0004 are chained once, in id order, by the migrate step.
pub async fn rows_older_than_the_chain_are_sealed_by_the_migration(
    store: &dyn Store,
    raw: &dyn RawSql,
) {
    let (_, ids, base) = six_records(store).await;
    raw.execute(
        "UPDATE audit_events SET prev_id = 0, prev_hash = NULL, hash = NULL;
         DELETE FROM audit_chain_head;
         INSERT INTO audit_chain_head (id, last_id, last_hash, entries, sealed)
         SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, sealed
           FROM (SELECT 1 = 0 AS sealed) f;",
    )
    .await;
    assert_eq!(
        problem(store).await,
        (all_ids(store).await[0], AuditProblemKind::Unchained),
        "before sealing, the rows are outside the chain"
    );
    raw.migrate().await;
    let v = verify(store).await;
    assert!(v.is_intact(), "{v:?}");
    assert_eq!((v.checked, v.head_id), (base + 6, ids[5]));
    raw.migrate().await;
    assert!(verify(store).await.is_intact(), "sealing happens once");
}

/// One `#[tokio::test]` per tamper case. `$make` is an async expression returning a
/// guard that derefs to the store; `$raw` turns `&guard` into a [`RawSql`].
#[macro_export]
macro_rules! audit_tamper_tests {
    ($make:expr, $raw:expr) => {
        $crate::audit_tamper_tests!(@cases $make, $raw;
            an_edited_record_is_found,
            a_deleted_middle_record_is_found,
            a_deleted_last_record_is_found,
            swapped_records_are_found,
            a_record_written_around_the_chain_is_found,
            rows_older_than_the_chain_are_sealed_by_the_migration,
            a_rewritten_head_is_found_only_by_a_kept_head,
        );
    };
    (@cases $make:expr, $raw:expr; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let holder = $make;
                let raw = ($raw)(&holder).await;
                $crate::contract::audit::$case(&*holder, &raw).await;
            }
        )+
    };
}
