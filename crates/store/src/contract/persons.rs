//! Contract: the person registry within scope (INFO-1, ORG-3).

use jiekang_domain::id_number::Sex;

use super::fixture::{Fixture, build, new_person};
use crate::model::{BulkPerson, PageRequest, PersonFilter};
use crate::{Scope, Store, StoreError};

const J1: &str = "150602199001011238";
const J3: &str = "150621198511204560";

pub async fn a_township_sees_only_its_own_persons(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", J1),
        )
        .await
        .expect("create");
    store
        .create_person(
            &gy,
            f.gongyuan_user.id,
            &new_person(&f.gongyuan, "李某", J3),
        )
        .await
        .expect("create");
    let names = |page: crate::model::Page<crate::model::PersonListItem>| -> Vec<String> {
        page.items.into_iter().map(|p| p.name).collect()
    };
    let all = PersonFilter::default();
    assert_eq!(
        names(
            store
                .persons(&jt, &all, PageRequest::first(50))
                .await
                .expect("list")
        ),
        ["张某"]
    );
    assert_eq!(
        names(
            store
                .persons(&gy, &all, PageRequest::first(50))
                .await
                .expect("list")
        ),
        ["李某"]
    );
    let district = Fixture::scope_of(&f.dongsheng);
    assert_eq!(
        store
            .persons(&district, &all, PageRequest::first(50))
            .await
            .expect("list")
            .items
            .len(),
        2
    );
    assert_eq!(store.count_persons(&jt).await.expect("count"), 1);
    assert_eq!(
        store
            .count_persons(&Fixture::scope_of(&f.dalate))
            .await
            .expect("count"),
        0
    );
    // even an exact ID-number search finds nothing outside the scope
    let by_id = PersonFilter {
        id_number: Some(J3.into()),
        ..Default::default()
    };
    assert!(
        store
            .persons(&jt, &by_id, PageRequest::first(50))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    // lists never carry the full number
    let listed = store
        .persons(&jt, &all, PageRequest::first(50))
        .await
        .expect("list");
    assert_eq!(listed.items[0].id_number_masked, "150602********1238");
}

pub async fn out_of_scope_person_answers_like_a_missing_one(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let p = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", J1),
        )
        .await
        .expect("create");
    let opened = store
        .person(&jt, f.jiaotong_user.id, p.id)
        .await
        .expect("open");
    assert_eq!(opened.id_number, J1);
    assert_eq!(opened.unit_name, "某社区");
    assert_eq!(opened.created_by, "jiaotong 测试", "INFO-2: who entered it");
    let gy = Fixture::scope_of(&f.gongyuan);
    assert!(matches!(
        store.person(&gy, f.gongyuan_user.id, p.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.person(&gy, f.gongyuan_user.id, p.id + 1000).await,
        Err(StoreError::NotFound)
    ));
}

/// INFO-1: one person per ID number. Inside the scope the refusal names the holding unit
/// (never the person); outside it names nothing — it is audited and the holding office
/// gets a task instead (see `tasks::an_out_of_scope_duplicate_opens_one_task_for_the_holder`).
pub async fn one_person_per_id_number_naming_the_holder_only_in_scope(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.jiaotong, "张某", J1),
        )
        .await
        .expect("create");
    // 东胜区 (the district above 交通街道) is told which of its units holds the number.
    let ds = Fixture::scope_of(&f.dongsheng);
    match store
        .create_person(
            &ds,
            f.dongsheng_user.id,
            &new_person(&f.gongyuan, "另一人", J1),
        )
        .await
    {
        Err(StoreError::Conflict {
            field: "id_number",
            message,
        }) => {
            assert!(message.contains("交通街道"), "{message}");
            assert!(!message.contains("张某"), "never the person: {message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // 达拉特旗 (another district) learns nothing about where the number is held.
    let sl = Fixture::scope_of(&f.dalate);
    let dalate_user = super::fixture::user(
        store,
        &f.dalate,
        "dalate",
        jiekang_domain::permission::Role::DistrictOffice,
    )
    .await;
    match store
        .create_person(
            &sl,
            dalate_user.id,
            &new_person(&f.shulinzhao, "另一人", J1),
        )
        .await
    {
        Err(StoreError::Conflict {
            field: "id_number",
            message,
        }) => {
            for unit in [&f.jiaotong, &f.dongsheng, &f.community_a] {
                assert!(!message.contains(&unit.name), "names no unit: {message}");
            }
            assert!(!message.contains("张某"), "names nobody: {message}");
            assert_eq!(message, crate::tasks::DUPLICATE_ELSEWHERE_MESSAGE);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.count_persons(&Scope::system()).await.expect("count"),
        1
    );
}

pub async fn persons_cannot_be_registered_outside_scope(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let r = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.gongyuan, "越权", J1),
        )
        .await;
    assert!(matches!(r, Err(StoreError::Conflict { field: "unit", .. })));
    assert_eq!(
        store.count_persons(&Scope::system()).await.expect("count"),
        0
    );
}

pub async fn person_list_filters_and_pages(store: &dyn Store) {
    let f = build(store).await;
    let district = Fixture::scope_of(&f.dongsheng);
    let rows: Vec<BulkPerson> = (0..25)
        .map(|i| BulkPerson {
            unit_id: if i % 2 == 0 {
                f.community_a.id
            } else {
                f.gongyuan.id
            },
            name: if i < 5 {
                format!("王{i}")
            } else {
                format!("赵{i}")
            },
            id_type: "resident_id".into(),
            id_number: format!("15060219900101{i:04}"),
            sex: None,
            birth_date: None,
        })
        .collect();
    assert_eq!(
        store
            .bulk_insert_persons(&rows, f.dongsheng_user.id)
            .await
            .expect("bulk"),
        25
    );

    let by_name = PersonFilter {
        name_prefix: Some("王".into()),
        ..Default::default()
    };
    let wang = store
        .persons(&district, &by_name, PageRequest::first(50))
        .await
        .expect("list");
    assert_eq!(wang.items.len(), 5);
    assert!(wang.items.iter().all(|p| p.name.starts_with('王')));

    let in_jiaotong = PersonFilter {
        unit_id: Some(f.jiaotong.id),
        ..Default::default()
    };
    let jt = store
        .persons(&district, &in_jiaotong, PageRequest::first(50))
        .await
        .expect("list");
    assert_eq!(jt.items.len(), 13);
    assert!(jt.items.iter().all(|p| p.unit_name == "某社区"));

    // a unit filter cannot widen the scope
    let other = PersonFilter {
        unit_id: Some(f.gongyuan.id),
        ..Default::default()
    };
    let none = store
        .persons(
            &Fixture::scope_of(&f.jiaotong),
            &other,
            PageRequest::first(50),
        )
        .await
        .expect("list");
    assert!(none.items.is_empty());

    let mut seen = Vec::new();
    let mut page = PageRequest::first(10);
    loop {
        let p = store
            .persons(&district, &PersonFilter::default(), page)
            .await
            .expect("page");
        seen.extend(p.items.iter().map(|i| i.id));
        match p.next_after {
            Some(after) => page = PageRequest::new(Some(after), 10),
            None => break,
        }
    }
    assert_eq!(seen.len(), 25);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
}

pub async fn opening_an_archive_is_audited(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let p = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", J1),
        )
        .await
        .expect("create");
    assert_eq!(store.audit_count("person.create").await.expect("count"), 1);
    assert_eq!(store.audit_count("person.read").await.expect("count"), 0);
    store
        .person(&jt, f.jiaotong_user.id, p.id)
        .await
        .expect("open");
    store
        .person(&jt, f.jiaotong_user.id, p.id)
        .await
        .expect("open");
    assert_eq!(store.audit_count("person.read").await.expect("count"), 2);
    // a refused read leaves no trace of the person
    let gy = Fixture::scope_of(&f.gongyuan);
    let _ = store.person(&gy, f.gongyuan_user.id, p.id).await;
    assert_eq!(store.audit_count("person.read").await.expect("count"), 2);
}

pub async fn bulk_insert_is_counted_by_scope(store: &dyn Store) {
    let f = build(store).await;
    let rows: Vec<BulkPerson> = (0..4500)
        .map(|i| BulkPerson {
            unit_id: if i % 3 == 0 {
                f.shulinzhao.id
            } else {
                f.community_a.id
            },
            name: format!("测试{i}"),
            id_type: "resident_id".into(),
            id_number: format!("1506{i:014}"),
            sex: Some(Sex::Female),
            birth_date: None,
        })
        .collect();
    assert_eq!(
        store
            .bulk_insert_persons(&rows, f.dongsheng_user.id)
            .await
            .expect("bulk"),
        4500
    );
    assert_eq!(
        store
            .count_persons(&Fixture::scope_of(&f.dalate))
            .await
            .expect("count"),
        1500
    );
    assert_eq!(
        store
            .count_persons(&Fixture::scope_of(&f.jiaotong))
            .await
            .expect("count"),
        3000
    );
    assert_eq!(
        store.count_persons(&Scope::system()).await.expect("count"),
        4500
    );
    // a duplicate inside a batch rolls the whole batch back
    let mut dup = rows[..2].to_vec();
    dup[1].id_number = "150600000000000001".into();
    dup[0].id_number = "150600000000000001".into();
    assert!(
        store
            .bulk_insert_persons(&dup, f.dongsheng_user.id)
            .await
            .is_err()
    );
    assert_eq!(
        store.count_persons(&Scope::system()).await.expect("count"),
        4500
    );
}
