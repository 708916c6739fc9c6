//! 待办事项: the task an out-of-scope duplicate registration opens for the holding office,
//! and its answer.

use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::task::{TaskKind, TaskState};

use super::fixture::{Fixture, build, day, new_person};
use crate::model::{AuditFilter, PageRequest};
use crate::tasks::{TaskAnswer, TaskList};
use crate::{Scope, Store, StoreError};

const J1: &str = "150602199001011238";

/// 树林召镇 (another district) tries to register a number 交通街道 holds, on Friday
/// 2024-09-27, twice. Both refusals are audited on the held person with both units; the
/// holding office gets one task, due five working days later (after National Day).
pub async fn an_out_of_scope_duplicate_is_audited_and_opens_one_task_for_the_holder(
    store: &dyn Store,
) {
    let f = build(store).await;
    let held = store
        .create_person(
            &Fixture::scope_of(&f.jiaotong),
            f.jiaotong_user.id,
            &new_person(&f.jiaotong, "张某", J1),
        )
        .await
        .expect("create");
    let sl_user = super::fixture::user(
        store,
        &f.shulinzhao,
        "shulinzhao",
        jiekang_domain::permission::Role::TownshipOffice,
    )
    .await;
    let sl = Fixture::scope_of(&f.shulinzhao);
    let cal = HolidayCalendar::embedded();
    for _ in 0..2 {
        let r = store
            .register_person(
                &sl,
                sl_user.id,
                &new_person(&f.shulinzhao, "另一人", J1),
                cal,
                day("2024-09-27"),
            )
            .await;
        assert!(
            matches!(
                r,
                Err(StoreError::Conflict {
                    field: "id_number",
                    ..
                })
            ),
            "{r:?}"
        );
    }
    // audited twice, on the held person, with both units — visible to the city's auditor
    let refused = store
        .audit_events(
            &Fixture::scope_of(&f.city),
            &AuditFilter {
                action: Some("person.duplicate_refused".into()),
                ..AuditFilter::default()
            },
            PageRequest::first(10),
        )
        .await
        .expect("audit");
    assert_eq!(refused.items.len(), 2);
    for r in &refused.items {
        assert_eq!(r.person_id, Some(held.id));
        assert_eq!(r.user_id, Some(sl_user.id));
        assert!(
            r.detail.contains(&format!("#{}", f.shulinzhao.id)),
            "{}",
            r.detail
        );
        assert!(
            r.detail.contains(&format!("#{}", f.jiaotong.id)),
            "{}",
            r.detail
        );
        assert!(!r.detail.contains(J1), "no ID number in the trail");
    }
    // one open task, for 交通街道 only
    let jt_tasks = store
        .tasks(
            &Fixture::scope_of(&f.jiaotong),
            TaskList::Open,
            PageRequest::first(10),
        )
        .await
        .expect("tasks");
    assert_eq!(jt_tasks.items.len(), 1);
    let t = &jt_tasks.items[0];
    assert_eq!(t.kind, TaskKind::DuplicateIdElsewhere);
    assert_eq!(t.state, TaskState::Open);
    assert_eq!(t.unit_id, f.jiaotong.id);
    assert_eq!(t.person_id, Some(held.id));
    assert_eq!(t.person_name.as_deref(), Some("张某"));
    assert_eq!(t.from_unit_id, Some(f.shulinzhao.id));
    assert_eq!(t.from_unit_name.as_deref(), Some("树林召镇"));
    assert_eq!(t.opened_on, day("2024-09-27"));
    assert_eq!(t.due_on, Some(day("2024-10-10")));
    assert!(!t.overdue(day("2024-10-10")) && t.overdue(day("2024-10-11")));
    assert_eq!(
        store
            .count_open_tasks(&Fixture::scope_of(&f.dongsheng))
            .await
            .expect("count"),
        1,
        "the district sees its township's task"
    );
    // neither the registering side nor a sibling township sees it
    for scope in [sl, Fixture::scope_of(&f.gongyuan)] {
        let page = store
            .tasks(&scope, TaskList::Open, PageRequest::first(10))
            .await
            .expect("tasks");
        assert!(page.items.is_empty());
        assert!(matches!(
            store.task(&scope, t.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.count_open_tasks(&scope).await.expect("count"), 0);
    }
}

/// The holding office answers: not in the future, not before the task opened, not with
/// an empty text, not at a stale version; the answer closes a duplicate task, is audited
/// on the person, and a closed task cannot be answered again.
pub async fn the_holding_office_answers_its_task_once_dated_and_audited(store: &dyn Store) {
    let f = build(store).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let held = store
        .create_person(
            &jt,
            f.jiaotong_user.id,
            &new_person(&f.jiaotong, "张某", J1),
        )
        .await
        .expect("create");
    let gy = Fixture::scope_of(&f.dalate);
    let dalate_user = super::fixture::user(
        store,
        &f.dalate,
        "dalate",
        jiekang_domain::permission::Role::DistrictOffice,
    )
    .await;
    let cal = HolidayCalendar::embedded();
    let _ = store
        .register_person(
            &gy,
            dalate_user.id,
            &new_person(&f.shulinzhao, "另一人", J1),
            cal,
            day("2024-09-27"),
        )
        .await;
    let task = store
        .tasks(&jt, TaskList::Open, PageRequest::first(1))
        .await
        .expect("tasks")
        .items
        .remove(0);
    let answer = |text: &str, on: &str| TaskAnswer {
        text: text.into(),
        on: day(on),
    };
    let today = day("2024-10-08");
    for (bad, why) in [
        (answer("  ", "2024-10-08"), "empty"),
        (answer("已核实", "2024-10-09"), "in the future"),
        (answer("已核实", "2024-09-26"), "before the task"),
    ] {
        let r = store
            .answer_task(&jt, f.jiaotong_user.id, task.id, task.version, &bad, today)
            .await;
        assert!(matches!(r, Err(StoreError::Refused(_))), "{why}: {r:?}");
    }
    let good = answer("已核实为同一人,与树林召镇约定办理变更执行地", "2024-10-08");
    // another township cannot answer it; a stale version is refused
    assert!(matches!(
        store
            .answer_task(
                &Fixture::scope_of(&f.gongyuan),
                f.gongyuan_user.id,
                task.id,
                task.version,
                &good,
                today
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .answer_task(
                &jt,
                f.jiaotong_user.id,
                task.id,
                task.version + 1,
                &good,
                today
            )
            .await,
        Err(StoreError::Stale)
    ));
    let done = store
        .answer_task(&jt, f.jiaotong_user.id, task.id, task.version, &good, today)
        .await
        .expect("answer");
    assert_eq!(done.state, TaskState::Closed);
    assert_eq!(done.answer, good.text);
    assert_eq!(done.answered_on, Some(day("2024-10-08")));
    assert_eq!(done.answered_by.as_deref(), Some("jiaotong 测试"));
    assert!(!done.overdue(day("2030-01-01")));
    assert!(matches!(
        store
            .answer_task(&jt, f.jiaotong_user.id, task.id, done.version, &good, today)
            .await,
        Err(StoreError::Refused(_))
    ));
    // it moved from the open list to the finished one
    assert!(
        store
            .tasks(&jt, TaskList::Open, PageRequest::first(10))
            .await
            .expect("open")
            .items
            .is_empty()
    );
    let finished = store
        .tasks(&jt, TaskList::Finished, PageRequest::first(10))
        .await
        .expect("finished");
    assert_eq!(finished.items, vec![done.clone()]);
    let audited = store
        .audit_events(
            &Scope::system(),
            &AuditFilter {
                action: Some("task.answered".into()),
                ..AuditFilter::default()
            },
            PageRequest::first(10),
        )
        .await
        .expect("audit");
    assert_eq!(audited.items.len(), 1);
    assert_eq!(audited.items[0].person_id, Some(held.id));
    assert_eq!(audited.items[0].object_id, Some(task.id));
    // a new refusal from the same unit opens a new task now that the first is closed
    let _ = store
        .register_person(
            &gy,
            dalate_user.id,
            &new_person(&f.shulinzhao, "另一人", J1),
            cal,
            day("2024-10-09"),
        )
        .await;
    assert_eq!(store.count_open_tasks(&jt).await.expect("count"), 1);
}
