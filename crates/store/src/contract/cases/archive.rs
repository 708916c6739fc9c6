//! Contract: a person's archive opened in one call (INFO-1) — the same content the
//! separate reads gave, its audit record, and nothing outside the scope.

use chrono::{TimeDelta, Utc};

use super::super::fixture::{Fixture, new_person};
use super::{World, decided, world};
use crate::cases::*;
use crate::emergency::{DEFAULT_EMERGENCY_TTL, EmergencyRequest};
use crate::model::{AuditFilter, AuditRecord, PageRequest};
use crate::{Scope, Store, StoreError};

/// The newest audit record of `action`.
async fn newest(store: &dyn Store, action: &str) -> AuditRecord {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    store
        .audit_events(&Scope::system(), &filter, PageRequest::first(1))
        .await
        .expect("records")
        .items
        .into_iter()
        .next()
        .expect("a record")
}

async fn profiled(store: &dyn Store, w: &World) -> Case {
    let case = decided(store, w).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let person = store
        .person(&jt, w.f.jiaotong_user.id, case.person_id.get())
        .await
        .expect("person");
    let profile = PersonProfile {
        former_names: "张小某".into(),
        phone: "13800000000".into(),
        residence_address: "交通街道某小区1号".into(),
        fixed_home: true,
        substances: "甲基苯丙胺".into(),
        ..PersonProfile::default()
    };
    store
        .update_person_profile(
            &jt,
            w.f.jiaotong_user.id,
            person.id,
            person.version,
            &profile,
        )
        .await
        .expect("profile");
    case
}

pub async fn the_archive_opens_in_one_call_as_the_separate_reads_showed_it(store: &dyn Store) {
    let w = world(store).await;
    let case = profiled(store, &w).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let actor = w.f.jiaotong_user.id;
    let id = case.person_id;
    let person = store.person(&jt, actor, id.get()).await.expect("person");
    let profile = store.person_profile(&jt, id.get()).await.expect("profile");
    let cases = store.person_cases(&jt, id.get()).await.expect("cases");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].id, case.id);
    let reads = store.audit_count("person.read").await.expect("count");

    for access in [
        ArchiveAccess::Scope,
        ArchiveAccess::ScopeOrEmergency { now: Utc::now() },
    ] {
        let archive = store
            .open_archive(&jt, actor, id, access)
            .await
            .expect("archive");
        assert_eq!(archive.person, person);
        assert_eq!(archive.profile, profile);
        assert_eq!(archive.cases, cases);
        assert_eq!(archive.emergency_grant, None);
    }
    // each opening is recorded as the separate read was: who, which person, no detail
    assert_eq!(
        store.audit_count("person.read").await.expect("count"),
        reads + 2
    );
    let record = newest(store, "person.read").await;
    assert_eq!(record.user_id, Some(actor));
    assert_eq!(record.object_type, "person");
    assert_eq!(record.object_id, Some(id.get()));
    assert_eq!(record.detail, "");
    assert_eq!(
        store
            .audit_count("person.read_break_glass")
            .await
            .expect("count"),
        0
    );

    // Outside the scope, and a missing id, answer like missing; nothing is recorded.
    let gy = Fixture::scope_of(&w.f.gongyuan);
    for (scope, person_id) in [(&gy, id), (&jt, PersonId(id.get() + 1000))] {
        for access in [
            ArchiveAccess::Scope,
            ArchiveAccess::ScopeOrEmergency { now: Utc::now() },
        ] {
            assert!(matches!(
                store
                    .open_archive(scope, w.f.gongyuan_user.id, person_id, access)
                    .await,
                Err(StoreError::NotFound)
            ));
        }
    }
    assert_eq!(
        store.audit_count("person.read").await.expect("count"),
        reads + 2
    );
}

pub async fn the_archive_through_a_grant_shows_the_identity_only(store: &dyn Store) {
    let w = world(store).await;
    let f = &w.f;
    let gy = Fixture::scope_of(&f.gongyuan);
    let jt = Fixture::scope_of(&f.jiaotong);
    let theirs = store
        .create_person(
            &gy,
            f.gongyuan_user.id,
            &new_person(&f.gongyuan, "李某", "150621198511204560"),
        )
        .await
        .expect("person");
    let id = PersonId(theirs.id);
    let now = Utc::now();
    // Without a grant, out of scope answers like missing.
    assert!(matches!(
        store
            .open_archive(
                &jt,
                f.jiaotong_user.id,
                id,
                ArchiveAccess::ScopeOrEmergency { now }
            )
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .open_emergency_access(&EmergencyRequest {
            user_id: f.jiaotong_user.id,
            user_path: f.jiaotong.path.clone(),
            id_type: "resident_id".into(),
            id_number: "150621198511204560".into(),
            reason: "凌晨在辖区内发现其昏迷,需核实身份与既往情况".into(),
            now,
            ttl: DEFAULT_EMERGENCY_TTL,
        })
        .await
        .expect("grant");
    let grant = store.emergency_grants(&jt, 10).await.expect("grants")[0].id;
    let reads = store.audit_count("person.read").await.expect("count");

    // The grant is used only when asked for.
    assert!(matches!(
        store
            .open_archive(&jt, f.jiaotong_user.id, id, ArchiveAccess::Scope)
            .await,
        Err(StoreError::NotFound)
    ));
    let later = now + TimeDelta::minutes(5);
    let archive = store
        .open_archive(
            &jt,
            f.jiaotong_user.id,
            id,
            ArchiveAccess::ScopeOrEmergency { now: later },
        )
        .await
        .expect("through the grant");
    assert_eq!(archive.emergency_grant, Some(grant));
    assert_eq!(archive.person.id_number, "150621198511204560");
    assert_eq!(archive.profile, PersonProfile::default());
    assert!(archive.cases.is_empty());
    // the same identity the separate grant read gives
    let by_grant = store
        .person_via_emergency_access(f.jiaotong_user.id, id.get(), later)
        .await
        .expect("grant read");
    assert_eq!(archive.person, by_grant);
    // recorded as the grant read is: the grant named, the person found by it
    assert_eq!(
        store
            .audit_count("person.read_break_glass")
            .await
            .expect("count"),
        2
    );
    let record = newest(store, "person.read_break_glass").await;
    assert_eq!(record.user_id, Some(f.jiaotong_user.id));
    assert_eq!(record.object_id, Some(id.get()));
    assert_eq!(record.person_id, Some(id.get()));
    assert_eq!(record.detail, format!("grant {grant}"));
    assert_eq!(
        store.audit_count("person.read").await.expect("count"),
        reads
    );
    // Another user has no grant; the grant expires.
    for (user, at) in [
        (f.gongyuan_user.id, later),
        (
            f.jiaotong_user.id,
            now + DEFAULT_EMERGENCY_TTL + TimeDelta::seconds(1),
        ),
    ] {
        let scope = if user == f.gongyuan_user.id {
            Fixture::scope_of(&f.dalate)
        } else {
            jt.clone()
        };
        assert!(matches!(
            store
                .open_archive(
                    &scope,
                    user,
                    id,
                    ArchiveAccess::ScopeOrEmergency { now: at }
                )
                .await,
            Err(StoreError::NotFound)
        ));
    }
}
