//! Contract: CASE-1, CASE-2, N16 — releases from compulsory isolation: the centre's
//! register (the person found or registered by ID number), the hand-over of a 社区康复
//! order to the township with the CASE-2 deadline, its acknowledgement, the case opened
//! the normal way and linked, and the CASE-1 quality finding for releases left without.

use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::PlaceBasis;
use jiekang_domain::id_number::{Sex, check_character};
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::quality::QualityCheck;

use super::cases::{World, world};
use super::fixture::{Fixture, day, user};
use crate::cases::NewCase;
use crate::isolation::*;
use crate::model::{AuditFilter, NewPerson, PageRequest, Unit, User};
use crate::quality::QualityCutoffs;
use crate::{Scope, Store, StoreError};

const PAGE: PageRequest = PageRequest {
    after: None,
    limit: 50,
};

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

fn id_number(seq: u32) -> String {
    let body = format!("15060219850304{seq:03}");
    let check = check_character(&body).expect("check character");
    format!("{body}{check}")
}

fn release(to: &Unit, seq: u32, released_on: &str, order: Option<(&str, &str)>) -> NewRelease {
    NewRelease {
        person: NewPerson {
            unit_id: to.id,
            name: format!("出所{seq}"),
            id_type: "resident_id".into(),
            id_number: id_number(seq),
            sex: Some(Sex::Male),
            birth_date: Some(day("1985-03-04")),
        },
        released_on: day(released_on),
        centre_name: "鄂尔多斯市强制隔离戒毒所".into(),
        order: order.map(|(number, on)| RehabOrder {
            number: number.into(),
            decided_on: day(on),
        }),
    }
}

/// The centre: an account at the city (its releases go to every township of the city).
async fn centre(store: &dyn Store, w: &World) -> User {
    user(store, &w.f.city, "centre", Role::IsolationCentre).await
}

async fn rehab_case(store: &dyn Store, w: &World, person_id: i64, decided_on: &str) -> i64 {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &NewCase {
                person_id,
                unit_id: w.f.jiaotong.id,
                measure: Measure::CommunityRehab,
                decided_years: Some(2),
                deciding_organ: "东胜区公安分局".into(),
                decision_number: "东公(禁)康字〔2024〕001号".into(),
                decided_on: day(decided_on),
                served_on: Some(day(decided_on)),
                family_served_on: None,
                place_basis: PlaceBasis::Household,
                work_group: String::new(),
                seed: 7,
            },
            cal(),
            day("2024-10-20"),
        )
        .await
        .expect("rehab case");
    case.id.get()
}

pub async fn a_release_with_an_order_is_handed_over_received_and_linked_to_its_case(
    store: &dyn Store,
) {
    let w = world(store).await;
    let f = &w.f;
    let c = centre(store, &w).await;
    let city = Fixture::scope_of(&f.city);
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    let today = day("2024-09-30");
    let order = Some(("鄂公(禁)康字〔2024〕9号", "2024-09-26"));
    // refused, nothing written: a future release, an order without number, a district
    for bad in [
        release(&f.jiaotong, 1, "2024-10-01", order),
        release(&f.jiaotong, 1, "2024-09-27", Some((" ", "2024-09-26"))),
        release(&f.dongsheng, 1, "2024-09-27", order),
    ] {
        assert!(
            matches!(
                store
                    .record_release(&city, c.id, f.city.id, &bad, cal(), today)
                    .await,
                Err(StoreError::Refused(_))
            ),
            "{bad:?}"
        );
    }
    // a unit outside the centre's scope is not usable
    assert!(matches!(
        store
            .record_release(
                &Fixture::scope_of(&f.dalate),
                c.id,
                f.city.id,
                &release(&f.jiaotong, 1, "2024-09-27", order),
                cal(),
                today
            )
            .await,
        Err(StoreError::Conflict { field: "unit", .. })
    ));
    assert_eq!(store.max_person_id().await.expect("none"), 0);
    // J1's Friday: 7 working days over National Day → 2024-10-12
    let r = store
        .record_release(
            &city,
            c.id,
            f.city.id,
            &release(&f.jiaotong, 1, "2024-09-27", order),
            cal(),
            today,
        )
        .await
        .expect("release");
    assert_eq!(r.handover_deadline, Some(day("2024-10-12")));
    assert!(r.pending() && r.has_order && r.case_id.is_none());
    assert_eq!(r.to_unit_name.as_deref(), Some("交通街道"));
    assert_eq!(r.person_name, "出所1");
    assert_ne!(r.id_number_masked, id_number(1), "masked");
    // the new person is held by the receiving township
    let person = store
        .person(&jt, f.jiaotong_user.id, r.person_id)
        .await
        .expect("registered");
    assert_eq!(person.unit_name, "交通街道");
    // the centre sees its own; another centre does not
    let mine = store.centre_releases(f.city.id, PAGE).await.expect("mine");
    assert_eq!(mine.items.len(), 1);
    assert!(
        store
            .centre_releases(f.dalate.id, PAGE)
            .await
            .expect("other")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.centre_release(c.id, f.dalate.id, r.id).await,
        Err(StoreError::NotFound)
    ));
    // the receiving township sees it; the other township does not
    let pending = store.incoming_releases(&jt, true, PAGE).await.expect("in");
    assert_eq!(pending.items.len(), 1);
    assert!(
        store
            .incoming_releases(&gy, false, PAGE)
            .await
            .expect("none")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.incoming_release(&gy, f.gongyuan_user.id, r.id).await,
        Err(StoreError::NotFound)
    ));
    // CASE-2: overdue the day after the deadline, on both sides
    let counts = |p, o| ReleaseCounts {
        pending: p,
        overdue: o,
    };
    assert_eq!(
        store
            .incoming_release_counts(&jt, day("2024-10-12"))
            .await
            .expect("n"),
        counts(1, 0)
    );
    assert_eq!(
        store
            .incoming_release_counts(&Fixture::scope_of(&f.dongsheng), day("2024-10-13"))
            .await
            .expect("n"),
        counts(1, 1)
    );
    assert_eq!(
        store
            .centre_release_counts(f.city.id, day("2024-10-13"))
            .await
            .expect("n"),
        counts(1, 1)
    );
    // 接收: in scope only, dated between the release and today, once
    let today = day("2024-10-14");
    assert!(matches!(
        store
            .receive_release(&gy, f.gongyuan_user.id, r.id, today, today)
            .await,
        Err(StoreError::NotFound)
    ));
    for bad in [day("2024-09-26"), day("2024-10-15")] {
        assert!(matches!(
            store
                .receive_release(&jt, f.jiaotong_user.id, r.id, bad, today)
                .await,
            Err(StoreError::Refused(_))
        ));
    }
    let got = store
        .receive_release(&jt, f.jiaotong_user.id, r.id, today, today)
        .await
        .expect("received");
    assert_eq!(got.received_on, Some(today));
    assert_eq!(got.received_by.as_deref(), Some("jiaotong 测试"));
    assert!(!got.pending() && !got.overdue(day("2024-12-01")));
    assert!(matches!(
        store
            .receive_release(&jt, f.jiaotong_user.id, r.id, today, today)
            .await,
        Err(StoreError::Refused(_))
    ));
    assert_eq!(
        store
            .incoming_release_counts(&jt, day("2024-12-01"))
            .await
            .expect("n"),
        counts(0, 0)
    );
    // the township enters the 社区康复 decision the normal way: the release links to it
    let case_id = rehab_case(store, &w, r.person_id, "2024-09-26").await;
    let linked = store
        .incoming_release(&jt, f.jiaotong_user.id, r.id)
        .await
        .expect("read");
    assert_eq!(linked.case_id, Some(case_id));
    let seen = store
        .centre_release(c.id, f.city.id, r.id)
        .await
        .expect("centre");
    assert_eq!(seen.case_id, Some(case_id));
    // a release of a person already registered finds the person (no second one)
    let again = store
        .record_release(
            &city,
            c.id,
            f.city.id,
            &release(&f.gongyuan, 1, "2024-10-10", None),
            cal(),
            day("2024-10-14"),
        )
        .await
        .expect("second release");
    assert_eq!(again.person_id, r.person_id);
    assert_eq!(again.handover_deadline, None);
    assert!(matches!(
        store
            .receive_release(&gy, f.gongyuan_user.id, again.id, today, today)
            .await,
        Err(StoreError::Refused(_))
    ));
    // every step is audited on the person
    for (action, n) in [
        ("isolation.released", 2),
        ("isolation.received", 1),
        ("isolation.read", 2),
        ("person.create", 1),
    ] {
        let audited = store
            .audit_events(
                &Scope::system(),
                &AuditFilter {
                    action: Some(action.into()),
                    ..AuditFilter::default()
                },
                PageRequest::first(10),
            )
            .await
            .expect("audit");
        assert_eq!(audited.items.len(), n, "{action}");
    }
}

pub async fn a_release_without_rehabilitation_is_a_quality_finding_until_a_case_is_opened(
    store: &dyn Store,
) {
    let w = world(store).await;
    let f = &w.f;
    let c = centre(store, &w).await;
    let city = Fixture::scope_of(&f.city);
    let jt = Fixture::scope_of(&f.jiaotong);
    let order = Some(("鄂公(禁)康字〔2024〕10号", "2024-10-01"));
    let without = store
        .record_release(
            &city,
            c.id,
            f.city.id,
            &release(&f.jiaotong, 2, "2024-10-01", None),
            cal(),
            day("2024-10-01"),
        )
        .await
        .expect("without");
    let with = store
        .record_release(
            &city,
            c.id,
            f.city.id,
            &release(&f.jiaotong, 3, "2024-10-01", order),
            cal(),
            day("2024-10-01"),
        )
        .await
        .expect("with");
    let open = |counts: Vec<crate::quality::QualityCount>| {
        counts
            .iter()
            .find(|q| q.check == QualityCheck::ReleasedWithoutRehab)
            .map_or(-1, |q| q.open)
    };
    let on = |d: &str| QualityCutoffs::on(day(d));
    // CASE-1: without an order at once; with one after 30 days
    let first = store
        .sweep_quality_entries(&on("2024-10-01"))
        .await
        .expect("sweep");
    assert_eq!(first.raised, 1);
    assert_eq!(open(store.quality_counts(&jt).await.expect("n")), 1);
    let list = store
        .quality_findings(&jt, QualityCheck::ReleasedWithoutRehab, PAGE)
        .await
        .expect("list");
    assert_eq!(list.items[0].person_id, without.person_id);
    assert_eq!(list.items[0].detail, "2024-10-01");
    store
        .sweep_quality_entries(&on("2024-10-30"))
        .await
        .expect("sweep");
    assert_eq!(open(store.quality_counts(&jt).await.expect("n")), 1);
    store
        .sweep_quality_entries(&on("2024-10-31"))
        .await
        .expect("sweep");
    assert_eq!(open(store.quality_counts(&jt).await.expect("n")), 2);
    // the other township's scope sees none
    assert_eq!(
        open(
            store
                .quality_counts(&Fixture::scope_of(&f.gongyuan))
                .await
                .expect("n")
        ),
        0
    );
    // a 社区康复 case opened for each clears its finding
    rehab_case(store, &w, with.person_id, "2024-10-01").await;
    let cleared = store
        .sweep_quality_entries(&on("2024-11-01"))
        .await
        .expect("sweep");
    assert_eq!(cleared.cleared, 1);
    rehab_case(store, &w, without.person_id, "2024-10-15").await;
    store
        .sweep_quality_entries(&on("2024-11-02"))
        .await
        .expect("sweep");
    assert_eq!(open(store.quality_counts(&jt).await.expect("n")), 0);
}
