//! Contract: personal data sealed at rest — ID numbers and phones
//! sealed, found by the blind index, unique across units; rotation re-encrypts every
//! row; a wrong key is refused. [`nothing_personal_is_stored_in_plain_text`] takes the
//! engine's raw view of its database (each engine's tests supply it).

use std::future::Future;

use chrono::{TimeDelta, Utc};

use super::fixture::{Fixture, build, new_person};
use crate::at_rest::SealedTable;
use crate::cases::PersonProfile;
use crate::emergency::EmergencyRequest;
use crate::model::{BulkPerson, PageRequest, PersonFilter};
use crate::sealed::Keyring;
use crate::{Scope, Store, StoreError};

const WITH_X: &str = "15060219900101123X";
const PHONE: &str = "13912345678";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DP";

fn profile_with_phone() -> PersonProfile {
    PersonProfile {
        phone: PHONE.into(),
        ethnicity: "汉族".into(),
        ..PersonProfile::default()
    }
}

/// Every table's batches until none is left; the rows rewritten.
pub(crate) async fn drain(store: &dyn Store, only_plaintext: bool) -> u64 {
    let mut total = 0;
    for table in SealedTable::ALL {
        let mut last = Some(0);
        while let Some(after) = last {
            let (n, next) = store
                .reseal(table, after, 1_000, only_plaintext)
                .await
                .expect("reseal");
            total += n;
            last = next;
        }
    }
    total
}

pub async fn ids_and_phones_are_found_by_the_blind_index_and_unique_across_units(
    store: &dyn Store,
) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    let person = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", WITH_X),
        )
        .await
        .expect("create");
    assert_eq!(person.id_number, WITH_X, "returned in full, as given");
    // exact lookup through the index, whatever the case of the X
    for query in [WITH_X, "15060219900101123x"] {
        let page = store
            .persons(
                &jt,
                &PersonFilter {
                    id_number: Some(query.into()),
                    ..PersonFilter::default()
                },
                PageRequest::first(10),
            )
            .await
            .expect("list");
        assert_eq!(page.items.len(), 1, "{query}");
        assert_eq!(page.items[0].id_number_masked, "150602********123X");
    }
    // one person per ID number across units, whatever the case of the X: outside the
    // holder's jurisdiction the refusal names nothing (INFO-1)
    let err = store
        .create_person(
            &gy,
            f.gongyuan_user.id,
            &new_person(&f.gongyuan, "重复", "15060219900101123x"),
        )
        .await
        .expect_err("duplicate");
    assert!(
        matches!(&err, StoreError::Conflict { field: "id_number", message } if message == crate::tasks::DUPLICATE_ELSEWHERE_MESSAGE),
        "{err:?}"
    );
    // … and by bulk load
    let bulk = [BulkPerson {
        unit_id: f.gongyuan.id,
        name: "重复".into(),
        id_type: "resident_id".into(),
        id_number: WITH_X.into(),
        sex: None,
        birth_date: None,
    }];
    assert!(
        store
            .bulk_insert_persons(&bulk, f.gongyuan_user.id)
            .await
            .is_err()
    );
    // the archive opens the number in full; the phone round-trips through the profile
    let opened = store
        .person(&jt, f.jiaotong_user.id, person.id)
        .await
        .expect("open");
    assert_eq!(opened.id_number, WITH_X);
    store
        .update_person_profile(
            &jt,
            f.jiaotong_user.id,
            person.id,
            opened.version,
            &profile_with_phone(),
        )
        .await
        .expect("profile");
    assert_eq!(
        store
            .person_profile(&jt, person.id)
            .await
            .expect("profile")
            .phone,
        PHONE
    );
    // break the glass finds the number through the index too
    let id = store
        .open_emergency_access(&EmergencyRequest {
            user_id: f.gongyuan_user.id,
            user_path: f.gongyuan.path.clone(),
            id_type: "resident_id".into(),
            id_number: "15060219900101123x".into(),
            reason: "凌晨在辖区内发现其昏迷,需核实身份".into(),
            now: Utc::now(),
            ttl: TimeDelta::hours(2),
        })
        .await
        .expect("grant");
    assert_eq!(id, person.id);
    let via = store
        .person_via_emergency_access(f.gongyuan_user.id, id, Utc::now())
        .await
        .expect("read");
    assert_eq!(via.id_number, WITH_X);
    let report = store.sealing_report().await.expect("report");
    assert_eq!(report.plaintext_persons, 0);
    assert_eq!(report.by_version.get(&1), Some(&2), "{report:?}");
}

pub async fn rotation_reseals_every_row_and_reads_still_work(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let person = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", WITH_X),
        )
        .await
        .expect("create");
    store
        .update_person_profile(
            &jt,
            f.jiaotong_user.id,
            person.id,
            person.version,
            &profile_with_phone(),
        )
        .await
        .expect("profile");
    store
        .enable_second_factor(f.jiaotong_user.id, SECRET, 1000, Utc::now())
        .await
        .expect("totp");
    // enough rows for several batches
    let bulk: Vec<BulkPerson> = (0..2_345)
        .map(|i| BulkPerson {
            unit_id: f.gongyuan.id,
            name: format!("批量{i}"),
            id_type: "passport".into(),
            id_number: format!("E{i:08}"),
            sex: None,
            birth_date: None,
        })
        .collect();
    store
        .bulk_insert_persons(&bulk, f.gongyuan_user.id)
        .await
        .expect("bulk");
    let before = store.sealing_report().await.expect("report");
    assert!(before.all_under(1), "{before:?}");
    // values: 2,346 ID numbers, one phone, one TOTP secret
    assert_eq!(before.by_version[&1], 2_346 + 1 + 1);

    let rotated = Keyring::for_tests().rotated().expect("rotate");
    store.unlock(rotated.clone()).await.expect("unlock rotated");
    // nothing is in plain text: the upgrade pass has nothing to do
    assert_eq!(drain(store, true).await, 0);
    // rows rewritten: every person (ID number and phone together) and the TOTP secret
    assert_eq!(drain(store, false).await, 2_346 + 1);
    let after = store.sealing_report().await.expect("report");
    assert!(after.all_under(2), "{after:?}");
    assert_eq!(after.by_version[&2], 2_346 + 1 + 1);
    // resumable and idempotent: a second pass finds nothing to do
    assert_eq!(drain(store, false).await, 0);

    // only the new version is needed now
    store
        .unlock(rotated.retired())
        .await
        .expect("unlock retired");
    let opened = store
        .person(&jt, f.jiaotong_user.id, person.id)
        .await
        .expect("open");
    assert_eq!(opened.id_number, WITH_X);
    assert_eq!(
        store
            .person_profile(&jt, person.id)
            .await
            .expect("profile")
            .phone,
        PHONE
    );
    assert_eq!(
        store
            .second_factor(f.jiaotong_user.id)
            .await
            .expect("totp")
            .expect("enabled")
            .secret,
        SECRET
    );
    let page = store
        .persons(
            &Scope::system(),
            &PersonFilter {
                id_number: Some("e00001234".into()),
                ..PersonFilter::default()
            },
            PageRequest::first(10),
        )
        .await
        .expect("list");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "批量1234");
    let all = store
        .persons(
            &Scope::system(),
            &PersonFilter::default(),
            PageRequest::first(500),
        )
        .await
        .expect("list");
    assert_eq!(all.items.len(), 500);

    // the old keyring (active version 1) no longer fits this database
    let err = store
        .unlock(Keyring::for_tests())
        .await
        .expect_err("older keyring");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("2")),
        "{err:?}"
    );
}

pub async fn a_wrong_key_is_refused(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", WITH_X),
        )
        .await
        .expect("create");
    // another data key under the same version
    let err = store
        .unlock(Keyring::generate())
        .await
        .expect_err("wrong keys");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("密钥与数据库不匹配")),
        "{err:?}"
    );
    // the right data key with the wrong index key
    let text = Keyring::for_tests().to_text();
    let index_line = text
        .lines()
        .find(|l| l.starts_with("index"))
        .expect("index line");
    let other_index = Keyring::generate().to_text();
    let other_line = other_index
        .lines()
        .find(|l| l.starts_with("index"))
        .expect("index line");
    let wrong_index = Keyring::parse(&text.replace(index_line, other_line)).expect("parse");
    assert!(matches!(
        store.unlock(wrong_index).await,
        Err(StoreError::Refused(_))
    ));
    // refusals leave the store on its right key
    let page = store
        .persons(&jt, &PersonFilter::default(), PageRequest::first(10))
        .await
        .expect("still readable");
    assert_eq!(page.items[0].id_number_masked, "150602********123X");
}

/// Register a person with an ID number and a phone, a TOTP secret, a break-the-glass
/// grant and an audited search; then `everything()` — the engine's raw view of the
/// whole database — must contain none of those values in plain text.
pub async fn nothing_personal_is_stored_in_plain_text<F, Fut>(store: &dyn Store, everything: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = String>,
{
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let person = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", WITH_X),
        )
        .await
        .expect("create");
    store
        .update_person_profile(
            &jt,
            f.jiaotong_user.id,
            person.id,
            person.version,
            &profile_with_phone(),
        )
        .await
        .expect("profile");
    store
        .enable_second_factor(f.jiaotong_user.id, SECRET, 1000, Utc::now())
        .await
        .expect("totp");
    store
        .open_emergency_access(&EmergencyRequest {
            user_id: f.gongyuan_user.id,
            user_path: f.gongyuan.path.clone(),
            id_type: "resident_id".into(),
            id_number: WITH_X.into(),
            reason: "凌晨在辖区内发现其昏迷,需核实身份".into(),
            now: Utc::now(),
            ttl: TimeDelta::hours(2),
        })
        .await
        .expect("grant");
    store
        .person(&jt, f.jiaotong_user.id, person.id)
        .await
        .expect("open");
    let raw = everything().await;
    assert!(raw.contains("张某"), "the raw view sees the rows");
    for secret in [WITH_X, "15060219900101123x", PHONE, SECRET] {
        assert!(!raw.contains(secret), "{secret} stored in plain text");
    }
}
