//! Contract: CASE-7, D6 — risk schemes, assessments and what the class sets; N6 —
//! caseloads (the responsible worker and police officer of a case).

use jiekang_domain::records::TalkKind;
use jiekang_domain::risk::{RiskLevel, default_scheme};

use super::cases::{decided, executing, run, world};
use super::fixture::{Fixture, day, user};
use crate::cases::*;
use crate::model::PageRequest;
use crate::risk::Carer;
use crate::{Scope, Store, StoreError};
use jiekang_domain::permission::Role;

fn assess(on: &str, each: &[u32]) -> CaseCommand {
    let s = default_scheme();
    CaseCommand::Assess(NewAssessment {
        scheme_version: 1,
        scores: s
            .items
            .iter()
            .zip(each)
            .map(|(i, v)| (i.code.clone(), *v))
            .collect(),
        assessed_on: day(on),
        assessor: "李干事".into(),
        note: String::new(),
    })
}

fn talk(kind: TalkKind, on: &str) -> CaseCommand {
    CaseCommand::Talk {
        kind,
        on: day(on),
        note: String::new(),
        collected_by: "李干事".into(),
    }
}

pub async fn the_default_scheme_is_version_one_and_edits_are_new_versions(store: &dyn Store) {
    let w = world(store).await;
    let current = store.risk_scheme(None).await.expect("current");
    assert_eq!(current.version, 1);
    assert_eq!(current.scheme, default_scheme());
    assert!(current.created_by.is_none());
    let mut edited = default_scheme();
    edited.classes[0].talk_interval_days = 5;
    // only a valid scheme is saved
    let mut bad = edited.clone();
    bad.classes.retain(|c| c.min_score != 0);
    assert!(matches!(
        store.add_risk_scheme(w.f.jiaotong_user.id, &bad).await,
        Err(StoreError::Refused(_))
    ));
    let v2 = store
        .add_risk_scheme(w.f.jiaotong_user.id, &edited)
        .await
        .expect("v2");
    assert_eq!(v2.version, 2);
    assert_eq!(v2.scheme, edited);
    let all = store.risk_schemes().await.expect("all");
    assert_eq!(
        all.iter().map(|s| s.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(
        store.risk_scheme(Some(1)).await.expect("v1").scheme,
        default_scheme()
    );
    assert!(matches!(
        store.risk_scheme(Some(9)).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn an_assessment_sets_the_class_its_talks_visits_and_reassessment(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    assert_eq!(case.talk_due_on, Some(day("2024-11-07")));
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        talk(TalkKind::Person, "2024-11-01"),
        "2024-11-01",
    )
    .await
    .expect("talk");
    assert_eq!(case.talk_due_on, Some(day("2024-12-01")));
    // police do not assess; no future dates; every item scored
    let police = run(
        store,
        &jt,
        &w.police,
        &case,
        assess("2024-11-10", &[20, 15, 10, 10, 5, 2, 1, 1]),
        "2024-11-10",
    )
    .await;
    assert!(matches!(police, Err(StoreError::Refused(_))), "{police:?}");
    let future = run(
        store,
        &jt,
        &w.staff,
        &case,
        assess("2024-11-11", &[20, 15, 10, 10, 5, 2, 1, 1]),
        "2024-11-10",
    )
    .await;
    assert!(matches!(future, Err(StoreError::Refused(_))));
    let partial = run(
        store,
        &jt,
        &w.staff,
        &case,
        assess("2024-11-10", &[20, 15]),
        "2024-11-10",
    )
    .await;
    assert!(matches!(partial, Err(StoreError::Refused(_))));
    // 64 points: 红色 (high), talks every 7 days from the last talk, visits every 30
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        assess("2024-11-10", &[20, 15, 10, 10, 5, 2, 1, 1]),
        "2024-11-12",
    )
    .await
    .expect("assess");
    assert_eq!(case.care.risk_level, Some(RiskLevel::High));
    assert_eq!(case.care.risk_label.as_deref(), Some("红色"));
    assert_eq!(case.care.talk_interval_days, Some(7));
    assert_eq!(case.talk_due_on, Some(day("2024-11-08")));
    assert_eq!(case.care.visit_due_on, Some(day("2024-12-10")));
    assert_eq!(case.care.reassess_due_on, Some(day("2025-02-08")));
    // the next talk is due 7 days later, a home visit moves the visit date
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        talk(TalkKind::HomeVisit, "2024-11-12"),
        "2024-11-12",
    )
    .await
    .expect("visit");
    assert_eq!(case.talk_due_on, Some(day("2024-11-19")));
    assert_eq!(case.care.visit_due_on, Some(day("2024-12-12")));
    // the assessment is kept with its inputs and the scheme version
    let kept = store
        .risk_assessments(&jt, case.id.get())
        .await
        .expect("list");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].scheme_version, 1);
    assert_eq!(kept[0].total, 64);
    assert_eq!(kept[0].class_code, "red");
    assert_eq!(kept[0].scores.len(), 8);
    assert_eq!(kept[0].assessor, "李干事");
    // a new scheme version leaves the past assessment alone
    let mut edited = default_scheme();
    edited.classes[0].label = "A".into();
    store
        .add_risk_scheme(w.f.jiaotong_user.id, &edited)
        .await
        .expect("v2");
    let kept = store
        .risk_assessments(&jt, case.id.get())
        .await
        .expect("list");
    assert_eq!(
        (kept[0].scheme_version, kept[0].class_label.as_str()),
        (1, "红色")
    );
    // counts by level, in scope only
    let counts = store.risk_counts(&jt).await.expect("counts");
    assert_eq!((counts.high, counts.medium, counts.low), (1, 0, 0));
    let city = Fixture::scope_of(&w.f.city);
    assert_eq!(store.risk_counts(&city).await.expect("city").high, 1);
    // the dashboards: the district's row and the total count it by level
    let dash = store.dashboard(&city).await.expect("dashboard");
    assert_eq!(dash.total.risk.high, 1);
    assert_eq!(dash.total.unassessed(), 0);
    let dongsheng = dash
        .rows
        .iter()
        .find(|r| r.unit_id == Some(w.f.dongsheng.id))
        .expect("东胜区");
    assert_eq!(dongsheng.risk.high, 1);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    assert_eq!(store.risk_counts(&gy).await.expect("gy").high, 0);
    assert!(matches!(
        store.risk_assessments(&gy, case.id.get()).await,
        Err(StoreError::NotFound)
    ));
    // the reassessment queue: a week ahead of the due date, and overdue after it
    for (today, expected) in [("2025-02-01", 0), ("2025-02-02", 1), ("2025-03-01", 1)] {
        let page = store
            .queue(&jt, QueueKind::ReassessmentDue, day(today), None, 50)
            .await
            .expect("queue");
        assert_eq!(page.items.len(), expected, "{today}");
    }
    // a lower class moves the counts
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assess("2024-11-12", &[0; 8]),
        "2024-11-12",
    )
    .await
    .expect("reassess");
    assert_eq!(case.care.risk_label.as_deref(), Some("绿色"));
    assert_eq!(case.talk_due_on, Some(day("2024-12-12")));
    let counts = store.risk_counts(&jt).await.expect("counts");
    assert_eq!((counts.high, counts.medium, counts.low), (0, 0, 1));
}

pub async fn the_township_names_the_worker_and_officer_of_a_case(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, &w).await;
    let assign = |worker: Option<i64>, police: Option<i64>, on: &str| CaseCommand::Assign {
        worker_id: worker,
        police_id: police,
        on: day(on),
    };
    // only the township office assigns
    let by_staff = run(
        store,
        &jt,
        &w.staff,
        &case,
        assign(Some(w.staff.id), None, "2024-09-28"),
        "2024-09-28",
    )
    .await;
    assert!(matches!(by_staff, Err(StoreError::Refused(_))));
    // the right role for each duty
    let swapped = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(Some(w.police.id), None, "2024-09-28"),
        "2024-09-28",
    )
    .await;
    assert!(matches!(swapped, Err(StoreError::Refused(_))));
    // a worker of another township is not in scope
    let other = user(store, &w.f.gongyuan, "gy.staff", Role::CommunityStaff).await;
    let elsewhere = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(Some(other.id), None, "2024-09-28"),
        "2024-09-28",
    )
    .await;
    assert!(matches!(elsewhere, Err(StoreError::Refused(_))));
    // not in the future, not before the decision
    let future = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(Some(w.staff.id), None, "2024-09-29"),
        "2024-09-28",
    )
    .await;
    assert!(matches!(future, Err(StoreError::Refused(_))));
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(Some(w.staff.id), Some(w.police.id), "2024-09-28"),
        "2024-09-28",
    )
    .await
    .expect("assign");
    assert_eq!(case.care.worker_id, Some(w.staff.id));
    assert_eq!(case.care.police_name.as_deref(), Some("jt.police 测试"));
    // the worker's and the officer's persons
    let staff_scope = Fixture::scope_of(&w.f.community_a);
    let mine = store
        .my_cases(
            &staff_scope,
            w.staff.id,
            Carer::Worker,
            day("2024-09-28"),
            PageRequest::first(50),
        )
        .await
        .expect("mine");
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].case_id, case.id.get());
    let theirs = store
        .my_cases(
            &jt,
            w.police.id,
            Carer::Police,
            day("2024-09-28"),
            PageRequest::first(50),
        )
        .await
        .expect("police");
    assert_eq!(theirs.items.len(), 1);
    let none = store
        .my_cases(
            &jt,
            w.police.id,
            Carer::Worker,
            day("2024-09-28"),
            PageRequest::first(50),
        )
        .await
        .expect("none");
    assert!(none.items.is_empty());
    // caseload per user
    let loads = store.caseloads(&jt).await.expect("loads");
    let of = |id: i64| loads.iter().find(|l| l.user_id == id).map(|l| l.cases);
    assert_eq!(of(w.staff.id), Some(1));
    assert_eq!(of(w.police.id), Some(1));
    assert_eq!(of(other.id), None);
    // reassignment is dated and kept
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(None, Some(w.police.id), "2024-09-28"),
        "2024-09-28",
    )
    .await
    .expect("reassign");
    assert_eq!(case.care.worker_id, None);
    let history = store
        .case_assignments(&jt, case.id.get())
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].worker_name, None);
    assert_eq!(history[1].worker_name.as_deref(), Some("jt.staff 测试"));
    assert_eq!(history[1].assigned_on, day("2024-09-28"));
    // unchanged: refused, nothing written
    let same = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        assign(None, Some(w.police.id), "2024-09-28"),
        "2024-09-28",
    )
    .await;
    assert!(matches!(same, Err(StoreError::Refused(_))));
    // another township sees neither the case nor its history
    let gy = Fixture::scope_of(&w.f.gongyuan);
    assert!(matches!(
        store.case_assignments(&gy, case.id.get()).await,
        Err(StoreError::NotFound)
    ));
    let _ = Scope::system();
}

pub async fn an_accepted_transfer_leaves_the_carers_behind(store: &dyn Store) {
    use jiekang_domain::case::Step;
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let case = executing(store, &w).await;
    let assign = CaseCommand::Assign {
        worker_id: Some(w.staff.id),
        police_id: Some(w.police.id),
        on: day("2024-10-08"),
    };
    let case = run(store, &jt, &w.f.jiaotong_user, &case, assign, "2024-10-08")
        .await
        .expect("assign");
    let step = |step: Step, to: Option<i64>| {
        CaseCommand::Step(StepInput {
            step,
            on: day("2025-09-26"),
            note: String::new(),
            transfer_to_unit_id: to,
            served_on: None,
        })
    };
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::RequestTransfer, Some(w.f.gongyuan.id)),
        "2025-09-26",
    )
    .await
    .expect("request");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::AcceptTransfer, None),
        "2025-09-26",
    )
    .await
    .expect("accept");
    assert_eq!((case.care.worker_id, case.care.police_id), (None, None));
    let loads = store.caseloads(&jt).await.expect("loads");
    assert!(loads.iter().all(|l| l.cases == 0), "{loads:?}");
}
