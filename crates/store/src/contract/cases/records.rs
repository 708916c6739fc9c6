//! Contract: attachments, the profile, and provisional dates drawn again.

use super::*;

pub async fn attachments_stay_in_scope_and_reads_are_audited(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let case = decided(store, &w).await;
    let meta = store
        .add_attachment(
            &jt,
            w.f.jiaotong_user.id,
            case.id.get(),
            &NewAttachment {
                kind: "decision".into(),
                file_name: "决定书.pdf".into(),
                content_type: "application/pdf".into(),
                sha256: "00".into(),
                data: b"%PDF-1.4 test".to_vec(),
            },
        )
        .await
        .expect("attach");
    assert_eq!(meta.size, 13);
    assert!(matches!(
        store.attachment(&gy, w.f.gongyuan_user.id, meta.id).await,
        Err(StoreError::NotFound)
    ));
    let before = store
        .audit_count("case.attachment_read")
        .await
        .expect("count");
    let got = store
        .attachment(&jt, w.f.jiaotong_user.id, meta.id)
        .await
        .expect("read");
    assert_eq!(got.data, b"%PDF-1.4 test");
    assert_eq!(
        store
            .audit_count("case.attachment_read")
            .await
            .expect("count"),
        before + 1
    );
    assert!(store.audit_count("case.read").await.expect("count") >= 0);
    let _ = NaiveDate::MIN;
}

pub async fn the_profile_is_kept_with_versions_and_decides_the_residence_basis(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, "张某", J1),
        )
        .await
        .expect("person");
    // N2: the residence as execution place needs a fixed home on record.
    let mut residence = decision(person.id, w.f.community_a.id);
    residence.place_basis = PlaceBasis::Residence;
    let err = store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &residence,
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect_err("no fixed home yet");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("固定住所")),
        "{err:?}"
    );
    let profile = PersonProfile {
        ethnicity: "汉族".into(),
        residence_address: "东胜区交通街道某小区".into(),
        fixed_home: true,
        substances: "甲基苯丙胺".into(),
        first_use_on: Some(day("2019-05-01")),
        ..PersonProfile::default()
    };
    assert!(matches!(
        store
            .update_person_profile(
                &gy,
                w.f.gongyuan_user.id,
                person.id,
                person.version,
                &profile
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let before = store.audit_count("person.update").await.expect("count");
    store
        .update_person_profile(
            &jt,
            w.f.jiaotong_user.id,
            person.id,
            person.version,
            &profile,
        )
        .await
        .expect("update");
    assert_eq!(
        store.audit_count("person.update").await.expect("count"),
        before + 1
    );
    assert_eq!(
        store.person_profile(&jt, person.id).await.expect("profile"),
        profile
    );
    // the same version again is stale
    assert!(matches!(
        store
            .update_person_profile(
                &jt,
                w.f.jiaotong_user.id,
                person.id,
                person.version,
                &profile
            )
            .await,
        Err(StoreError::Stale)
    ));
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &residence,
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("residence with a fixed home");
}

/// D2, D4: dates planned in a year without calendar data are provisional; once that
/// year's notice is entered they are drawn again, never on its holidays, and windows
/// of other years keep theirs.
pub async fn provisional_planned_dates_are_drawn_again_when_the_year_arrives(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, &w).await;
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("notify");
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReportIn, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("report in");
    let before = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file")
        .windows;
    let in_2027: Vec<_> = before
        .iter()
        .filter(|w| w.planned_on >= day("2027-01-01"))
        .cloned()
        .collect();
    assert!(!in_2027.is_empty() && in_2027.iter().all(|w| w.provisional));
    assert!(
        before
            .iter()
            .filter(|w| w.ends_on < day("2026-12-01"))
            .all(|w| !w.provisional)
    );
    // The 2027 notice makes every provisionally planned day a holiday.
    let mut notice = "#year 2027\n".to_owned();
    for w in &in_2027 {
        notice.push_str(&format!("{}\tholiday\t测试\n", w.planned_on));
    }
    store
        .save_calendar_notices(None, &[(2027, notice)])
        .await
        .expect("notice");
    let done = crate::calendar::replan_after_notice(store, &|_| {})
        .await
        .expect("replan");
    assert_eq!(done, 1);
    let after = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file")
        .windows;
    for (b, a) in before.iter().zip(&after) {
        if b.planned_on < day("2027-01-01") && !b.provisional {
            assert_eq!(
                a.planned_on, b.planned_on,
                "window {} keeps its date",
                a.idx
            );
        }
        if a.starts_on >= day("2027-01-01") && a.ends_on <= day("2027-12-31") {
            assert!(!a.provisional, "window {} is certain now", a.idx);
            assert!(
                in_2027.iter().all(|h| h.planned_on != a.planned_on),
                "window {} is not planned on a holiday",
                a.idx
            );
            assert!(a.starts_on <= a.planned_on && a.planned_on <= a.ends_on);
        }
    }
    // Running again finds nothing new to draw for 2027 (2028+ stay provisional).
    assert!(
        after
            .iter()
            .any(|w| w.starts_on >= day("2028-01-01") && w.provisional)
            || after.last().is_some_and(|w| w.ends_on < day("2028-01-01"))
    );
}
