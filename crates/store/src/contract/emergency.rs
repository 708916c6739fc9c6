//! Contract: break the glass.

use chrono::{TimeDelta, Utc};

use super::fixture::{Fixture, build, new_person};
use crate::emergency::{DEFAULT_EMERGENCY_TTL, EmergencyRequest};
use crate::{Store, StoreError};

pub async fn emergency_access_is_exact_reasoned_expiring_audited_and_listed(store: &dyn Store) {
    let f = build(store).await;
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
    let now = Utc::now();
    let request = |id_number: &str, user_path: &str| EmergencyRequest {
        user_id: f.jiaotong_user.id,
        user_path: user_path.to_owned(),
        id_type: "resident_id".into(),
        id_number: id_number.into(),
        reason: "凌晨在辖区内发现其昏迷,需核实身份与既往情况".into(),
        now,
        ttl: DEFAULT_EMERGENCY_TTL,
    };
    // Without a grant, out of scope answers like missing.
    assert!(matches!(
        store
            .person_via_emergency_access(f.jiaotong_user.id, theirs.id, now)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .open_emergency_access(&request("150602199001011238", &f.jiaotong.path))
            .await,
        Err(StoreError::NotFound)
    ));
    // A person in one's own scope is opened the ordinary way.
    assert!(matches!(
        store
            .open_emergency_access(&request("150621198511204560", &f.dongsheng.path))
            .await,
        Err(StoreError::Refused(_))
    ));
    let before = store
        .audit_count("person.break_glass")
        .await
        .expect("count");
    let id = store
        .open_emergency_access(&request("150621198511204560", &f.jiaotong.path))
        .await
        .expect("grant");
    assert_eq!(id, theirs.id);
    assert_eq!(
        store
            .audit_count("person.break_glass")
            .await
            .expect("count"),
        before + 1
    );
    let read = store
        .person_via_emergency_access(f.jiaotong_user.id, id, now + TimeDelta::minutes(5))
        .await
        .expect("read");
    assert_eq!(read.id_number, "150621198511204560");
    assert_eq!(
        store
            .audit_count("person.read_break_glass")
            .await
            .expect("count"),
        1
    );
    // Another user has no grant; the grant expires.
    assert!(matches!(
        store
            .person_via_emergency_access(f.gongyuan_user.id, id, now)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .person_via_emergency_access(
                f.jiaotong_user.id,
                id,
                now + DEFAULT_EMERGENCY_TTL + TimeDelta::seconds(1)
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // Listed for the supervisors of both units, and nobody else.
    for scope in [&jt, &gy, &Fixture::scope_of(&f.dongsheng)] {
        let grants = store.emergency_grants(scope, 50).await.expect("grants");
        assert_eq!(grants.len(), 1);
        assert!(grants[0].reason.contains("昏迷"));
    }
    assert!(
        store
            .emergency_grants(&Fixture::scope_of(&f.dalate), 50)
            .await
            .expect("grants")
            .is_empty()
    );
}
