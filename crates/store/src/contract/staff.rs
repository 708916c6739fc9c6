//! Contract: STAFF-4, the staff register (scoped, checked, audited, keyset);
//! STAFF-1..3, the staffing report counted against 实有吸毒人员 with its drill-down;
//! FUND-1, money in fen and the funding report against 1,200 yuan per person.

use jiekang_domain::funding::Fen;
use jiekang_domain::id_number::Sex;
use jiekang_domain::permission::Role;
use jiekang_domain::staff::{EmploymentMode, FundCategory, FundKind, StaffPost};

use super::cases::{cal, decided, decision, world};
use super::fixture::{Fixture, day, new_person};
use crate::model::PageRequest;
use crate::staff::*;
use crate::{Scope, Store, StoreError};

fn worker(unit_id: i64, name: &str, sex: Sex, post: StaffPost) -> NewStaff {
    NewStaff {
        unit_id,
        name: name.into(),
        sex,
        post,
        employment: EmploymentMode::PurchasedService,
        user_id: None,
        started_on: day("2020-01-01"),
        ended_on: None,
        training_hours: 24,
        courses: "禁毒社工岗前培训".into(),
        awards: String::new(),
        sanctions: String::new(),
    }
}

fn refused(r: Result<StaffMember, StoreError>) -> bool {
    matches!(r, Err(StoreError::Refused(_)))
}

pub async fn the_staff_register_is_scoped_checked_and_audited(store: &dyn Store) {
    let w = world(store).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let today = day("2024-12-01");
    let actor = w.f.dongsheng_user.id;
    let a = w.f.community_a.id;
    // linked to the worker's account by its username
    let first = store
        .add_staff(
            &ds,
            actor,
            &worker(a, "刘社工", Sex::Female, StaffPost::FullTime),
            Some("jt.staff"),
            today,
        )
        .await
        .expect("add");
    assert_eq!(first.user_id, Some(w.staff.id));
    assert_eq!(first.username.as_deref(), Some("jt.staff"));
    assert_eq!(first.unit_name, "某社区");
    assert_eq!(first.open_cases, 0);
    assert_eq!(first.created_by, "dongsheng 测试");
    // one serving entry per account
    assert!(refused(
        store
            .add_staff(
                &ds,
                actor,
                &worker(a, "重复", Sex::Male, StaffPost::PartTime),
                Some("jt.staff"),
                today
            )
            .await
    ));
    // an account outside the scope is not named
    assert!(refused(
        store
            .add_staff(
                &jt,
                actor,
                &worker(a, "某", Sex::Male, StaffPost::PartTime),
                Some("dongsheng"),
                today
            )
            .await
    ));
    // a unit outside the scope answers like a missing one
    assert!(matches!(
        store
            .add_staff(
                &gy,
                actor,
                &worker(a, "某", Sex::Male, StaffPost::PartTime),
                None,
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // never in the future, never ending before it began
    let mut future = worker(a, "某", Sex::Male, StaffPost::PartTime);
    future.started_on = day("2024-12-02");
    assert!(refused(
        store.add_staff(&ds, actor, &future, None, today).await
    ));
    let mut backwards = worker(a, "某", Sex::Male, StaffPost::PartTime);
    backwards.ended_on = Some(day("2019-12-31"));
    assert!(refused(
        store.add_staff(&ds, actor, &backwards, None, today).await
    ));
    let mut nameless = worker(a, "  ", Sex::Male, StaffPost::PartTime);
    nameless.name = " ".into();
    assert!(refused(
        store.add_staff(&ds, actor, &nameless, None, today).await
    ));

    let second = store
        .add_staff(
            &jt,
            w.f.jiaotong_user.id,
            &worker(
                w.f.jiaotong.id,
                "王干部",
                Sex::Male,
                StaffPost::CadreInCharge,
            ),
            None,
            today,
        )
        .await
        .expect("add cadre");
    // the scope bounds every read
    assert!(matches!(
        store.staff_member(&gy, first.id).await,
        Err(StoreError::NotFound)
    ));
    let all = store
        .staff_list(&jt, StaffFilter::default(), today, PageRequest::first(50))
        .await
        .expect("list");
    assert_eq!(
        all.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![first.id, second.id]
    );
    assert!(
        store
            .staff_list(&gy, StaffFilter::default(), today, PageRequest::first(50))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    // keyset pages
    let p1 = store
        .staff_list(&ds, StaffFilter::default(), today, PageRequest::first(1))
        .await
        .expect("page 1");
    assert_eq!(p1.items.len(), 1);
    let p2 = store
        .staff_list(
            &ds,
            StaffFilter::default(),
            today,
            PageRequest::new(p1.next_after, 1),
        )
        .await
        .expect("page 2");
    assert_eq!(p2.items[0].id, second.id);
    assert_eq!(p2.next_after, None);
    // one unit's subtree
    let only_a = store
        .staff_list(
            &ds,
            StaffFilter {
                unit_id: Some(a),
                with_former: false,
            },
            today,
            PageRequest::first(50),
        )
        .await
        .expect("community");
    assert_eq!(only_a.items.len(), 1);

    // a change at the version read; ending the service takes the worker off the list
    let mut ended = worker(a, "刘社工", Sex::Female, StaffPost::FullTime);
    ended.ended_on = Some(day("2024-11-30"));
    assert!(matches!(
        store
            .update_staff(
                &ds,
                actor,
                first.id,
                first.version + 1,
                &ended,
                Some("jt.staff"),
                today
            )
            .await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        store
            .update_staff(&gy, actor, first.id, first.version, &ended, None, today)
            .await,
        Err(StoreError::NotFound)
    ));
    let changed = store
        .update_staff(
            &ds,
            actor,
            first.id,
            first.version,
            &ended,
            Some("jt.staff"),
            today,
        )
        .await
        .expect("update");
    assert_eq!(changed.version, first.version + 1);
    assert_eq!(changed.ended_on, Some(day("2024-11-30")));
    let serving = store
        .staff_list(&ds, StaffFilter::default(), today, PageRequest::first(50))
        .await
        .expect("serving");
    assert_eq!(serving.items.len(), 1);
    let with_former = store
        .staff_list(
            &ds,
            StaffFilter {
                unit_id: None,
                with_former: true,
            },
            today,
            PageRequest::first(50),
        )
        .await
        .expect("all");
    assert_eq!(with_former.items.len(), 2);
    // the account is free again once the service ended
    store
        .add_staff(
            &ds,
            actor,
            &worker(a, "接任", Sex::Male, StaffPost::FullTime),
            Some("jt.staff"),
            today,
        )
        .await
        .expect("the account serves again");
    assert_eq!(store.audit_count("staff.created").await.expect("count"), 3);
    assert_eq!(store.audit_count("staff.updated").await.expect("count"), 1);
}

pub async fn the_staffing_report_counts_actual_persons_women_and_gaps(store: &dyn Store) {
    let w = world(store).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let today = day("2024-12-01");
    let a = w.f.community_a.id;
    // 张某 (male, open order) at 某社区
    decided(store, &w).await;
    // 李某: a woman under a measure
    let li = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &crate::model::NewPerson {
                sex: Some(Sex::Female),
                ..new_person(&w.f.community_a, "李某", "150602199001011246")
            },
        )
        .await
        .expect("li");
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &decision(li.id, a),
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("li's decision");
    // 赵某 registered, no order: still one of the 实有吸毒人员
    store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, "赵某", "15060219920202131X"),
        )
        .await
        .expect("zhao");
    // 王某 left dynamic control (N19): no longer counted
    let wang = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, "王某", "150602199404041538"),
        )
        .await
        .expect("wang");
    store
        .set_left_control(wang.id, day("2024-06-01"))
        .await
        .expect("left");
    // one full-time worker at 某社区, a former one who no longer counts
    let actor = w.f.dongsheng_user.id;
    store
        .add_staff(
            &ds,
            actor,
            &worker(a, "张社工", Sex::Male, StaffPost::FullTime),
            None,
            today,
        )
        .await
        .expect("worker");
    let mut former = worker(a, "离职", Sex::Female, StaffPost::FullTime);
    former.ended_on = Some(day("2023-12-31"));
    store
        .add_staff(&ds, actor, &former, None, today)
        .await
        .expect("former");

    let report = store
        .staffing_report(&ds, None, today)
        .await
        .expect("report");
    assert_eq!(report.unit_id, w.f.dongsheng.id);
    assert_eq!(report.parent_id, None, "the scope's own unit has no way up");
    assert_eq!(
        report
            .children
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["交通街道", "公园街道"]
    );
    let jiaotong = &report.children[0];
    // 实有: 张某, 李某, 赵某 (王某 left control)
    assert_eq!(jiaotong.persons, 3);
    assert_eq!(jiaotong.female_persons, 1);
    assert_eq!(jiaotong.open_cases, 2);
    assert_eq!(jiaotong.full_time, 1);
    assert_eq!(jiaotong.caseload(), Some(2));
    // STAFF-2: max(1, ceil(3/30)) = 1, met; STAFF-1: the township lacks its cadre;
    // STAFF-3: the community and the township each lack a woman
    assert_eq!(
        (jiaotong.full_time_required, jiaotong.full_time_missing),
        (1, 0)
    );
    assert_eq!((jiaotong.cadres_required, jiaotong.cadres_missing), (1, 1));
    assert_eq!(jiaotong.female_missing, 2);
    assert_eq!(jiaotong.units_short, 2);
    assert!(jiaotong.has_children);
    let gongyuan = &report.children[1];
    assert_eq!(
        (
            gongyuan.persons,
            gongyuan.cadres_missing,
            gongyuan.units_short
        ),
        (0, 1, 1)
    );
    assert!(!gongyuan.has_children);
    assert_eq!(report.total.units_short, 3);
    assert_eq!(report.total.persons, 3);

    // a female cadre at the township meets STAFF-1 and STAFF-3 there, not in the community
    store
        .add_staff(
            &ds,
            actor,
            &worker(
                w.f.jiaotong.id,
                "周主任",
                Sex::Female,
                StaffPost::CadreInCharge,
            ),
            None,
            today,
        )
        .await
        .expect("cadre");
    let drill = store
        .staffing_report(&ds, Some(w.f.jiaotong.id), today)
        .await
        .expect("drill-down");
    assert_eq!(drill.parent_id, Some(w.f.dongsheng.id));
    assert_eq!(drill.children.len(), 1);
    let community = &drill.children[0];
    assert_eq!(community.name, "某社区");
    assert_eq!((community.female_missing, community.units_short), (1, 1));
    assert_eq!(drill.total.cadres_missing, 0);
    assert_eq!(drill.total.female_missing, 1);
    // before anyone started, no staff counts: STAFF-2 is short in the community too
    let early = store
        .staffing_report(&ds, Some(w.f.jiaotong.id), day("2019-12-31"))
        .await
        .expect("early");
    assert_eq!(early.total.full_time, 0);
    assert_eq!(early.total.full_time_missing, 1);
    // another township's office cannot drill into 交通街道
    assert!(matches!(
        store
            .staffing_report(&gy, Some(w.f.jiaotong.id), today)
            .await,
        Err(StoreError::NotFound)
    ));
    // the city sees every district
    let city = store
        .staffing_report(
            &Scope::of_unit(w.f.city.id, w.f.city.path.clone()),
            None,
            today,
        )
        .await
        .expect("city");
    assert_eq!(city.children.len(), 2);
    assert_eq!(city.total.persons, 3);
}

pub async fn funding_is_kept_in_fen_and_reported_against_the_rule(store: &dyn Store) {
    let w = world(store).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let today = day("2024-12-01");
    let actor = w.f.dongsheng_user.id;
    decided(store, &w).await;
    let entry = |unit_id, kind, category, fen, on: &str| NewFunding {
        unit_id,
        year: 2024,
        kind,
        category,
        amount: Fen(fen),
        entered_on: day(on),
        note: String::new(),
    };
    let budget = store
        .add_funding(
            &ds,
            actor,
            &entry(
                w.f.dongsheng.id,
                FundKind::Budget,
                FundCategory::Staff,
                100_000,
                "2024-01-10",
            ),
            today,
        )
        .await
        .expect("budget");
    assert_eq!(budget.amount(), Fen::from_yuan(1_000));
    assert_eq!(budget.unit_name, "东胜区");
    store
        .add_funding(
            &ds,
            actor,
            &entry(
                w.f.jiaotong.id,
                FundKind::Allocation,
                FundCategory::Office,
                50_000,
                "2024-03-01",
            ),
            today,
        )
        .await
        .expect("allocation");
    store
        .add_funding(
            &ds,
            actor,
            &entry(
                w.f.jiaotong.id,
                FundKind::Spending,
                FundCategory::Testing,
                30_050,
                "2024-06-01",
            ),
            today,
        )
        .await
        .expect("spending");
    // never dated after today, never zero, never outside the scope
    assert!(matches!(
        store
            .add_funding(
                &ds,
                actor,
                &entry(
                    w.f.jiaotong.id,
                    FundKind::Spending,
                    FundCategory::Testing,
                    1,
                    "2024-12-02"
                ),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .add_funding(
                &ds,
                actor,
                &entry(
                    w.f.jiaotong.id,
                    FundKind::Spending,
                    FundCategory::Testing,
                    0,
                    "2024-06-01"
                ),
                today
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .add_funding(
                &ds,
                actor,
                &entry(
                    w.f.dalate.id,
                    FundKind::Budget,
                    FundCategory::Staff,
                    1,
                    "2024-06-01"
                ),
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.audit_count("funding.created").await.expect("count"),
        3
    );

    let report = store.funding_report(&ds, None, 2024).await.expect("report");
    // one person under a measure in 2024 (张某, decided 2024-09-28): 1,200 yuan required
    assert_eq!(report.total.persons, 1);
    assert_eq!(report.total.coverage.required, Fen::from_yuan(1_200));
    assert_eq!(report.total.budgeted_total(), Fen::from_yuan(1_000));
    assert_eq!(report.total.coverage.budget_shortfall, Fen::from_yuan(200));
    assert_eq!(report.total.spent_total(), Fen(30_050));
    assert_eq!(report.total.allocated_total(), Fen(50_000));
    let jiaotong = report
        .children
        .iter()
        .find(|c| c.name == "交通街道")
        .expect("jt");
    assert_eq!(jiaotong.spent[FundCategory::Testing.index()], Fen(30_050));
    assert_eq!(jiaotong.persons, 1);
    assert_eq!(jiaotong.budgeted_total(), Fen::ZERO);
    // the year before: nobody, nothing
    let before = store.funding_report(&ds, None, 2023).await.expect("2023");
    assert_eq!(before.total.persons, 0);
    assert_eq!(before.total.spent_total(), Fen::ZERO);
    // entries newest first, keyset, scoped
    let p1 = store
        .funding_entries(&ds, None, 2024, PageRequest::first(2))
        .await
        .expect("p1");
    assert_eq!(p1.items.len(), 2);
    assert_eq!(p1.items[0].kind, FundKind::Spending);
    let p2 = store
        .funding_entries(&ds, None, 2024, PageRequest::new(p1.next_after, 2))
        .await
        .expect("p2");
    assert_eq!(
        p2.items.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![budget.id]
    );
    assert!(
        store
            .funding_entries(&gy, None, 2024, PageRequest::first(10))
            .await
            .expect("gy")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.funding_report(&gy, Some(w.f.jiaotong.id), 2024).await,
        Err(StoreError::NotFound)
    ));
}
