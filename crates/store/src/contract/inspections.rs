//! Contract: FAC-1 — offices, one per township or community, checked, scoped, with
//! photos kept in the database and the offices report; INSPECT-1 — a round planned,
//! findings recorded against the checklist, a rectification answered, returned and
//! closed, 通报 that follow the findings, 约谈, the districts listed for public notice
//! and the dashboard's counts.

use jiekang_domain::facilities::Room;
use jiekang_domain::inspection::{NoticeKind, UnitVerdict};
use jiekang_domain::permission::Role;
use jiekang_domain::task::{TaskKind, TaskState};

use super::fixture::{Fixture, build, day, user};
use crate::inspections::*;
use crate::model::PageRequest;
use crate::tasks::TaskAnswer;
use crate::{Store, StoreError};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

fn office(unit_id: i64, area_tenths: i64) -> NewOffice {
    NewOffice {
        unit_id,
        address: "交通街道办事处二楼".into(),
        area_tenths,
        rooms: vec![Room::Talk, Room::Testing],
        equipment: "尿检仪 1 台".into(),
    }
}

fn is_refused<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Refused(_)))
}

pub async fn offices_are_one_per_unit_checked_photographed_and_reported(store: &dyn Store) {
    let f = build(store).await;
    let ds = Fixture::scope_of(&f.dongsheng);
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    let actor = f.dongsheng_user.id;
    // a district needs no office of its own: refused; zero area refused
    assert!(is_refused(
        store
            .add_office(&ds, actor, &office(f.dongsheng.id, 300))
            .await
    ));
    assert!(is_refused(
        store
            .add_office(&ds, actor, &office(f.jiaotong.id, 0))
            .await
    ));
    let small = store
        .add_office(&jt, f.jiaotong_user.id, &office(f.jiaotong.id, 185))
        .await
        .expect("township records its own office");
    assert_eq!(small.area(), "18.5");
    assert!(!small.sufficient());
    assert_eq!(small.rooms(), vec![Room::Talk, Room::Testing]);
    assert_eq!(small.inspection_status(), UnitVerdict::NotInspected);
    // one office per unit
    assert!(is_refused(
        store
            .add_office(&ds, actor, &office(f.jiaotong.id, 300))
            .await
    ));
    // another township neither sees nor records it
    assert!(matches!(
        store.office(&gy, small.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .add_office(&gy, f.gongyuan_user.id, &office(f.community_a.id, 300))
            .await,
        Err(StoreError::NotFound)
    ));
    // a change at a stale version is refused; the current one is kept
    let mut bigger = office(f.jiaotong.id, 255);
    bigger.rooms = Room::ALL.to_vec();
    assert!(matches!(
        store
            .update_office(&ds, actor, small.id, small.version + 1, &bigger)
            .await,
        Err(StoreError::Stale)
    ));
    let changed = store
        .update_office(&ds, actor, small.id, small.version, &bigger)
        .await
        .expect("update");
    assert!(changed.sufficient() && changed.gaps().is_empty());
    assert_eq!(changed.version, small.version + 1);
    // photos: by content, in scope only
    assert!(is_refused(
        store
            .add_office_photo(&ds, actor, small.id, "", b"<html>")
            .await
    ));
    let photo = store
        .add_office_photo(&ds, actor, small.id, "谈话室", JPEG)
        .await
        .expect("photo");
    assert_eq!(photo.content_type, "image/jpeg");
    assert_eq!(photo.size, JPEG.len() as i64);
    let (_, bytes) = store.office_photo(&jt, photo.id).await.expect("read");
    assert_eq!(bytes, JPEG);
    assert!(matches!(
        store.office_photo(&gy, photo.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .office_photos(&ds, small.id)
            .await
            .expect("list")
            .len(),
        1
    );
    assert_eq!(store.office(&ds, small.id).await.expect("office").photos, 1);
    // the report: 交通街道 has one, 某社区 and 公园街道 none
    let report = store.facilities_report(&ds, None).await.expect("report");
    assert_eq!(report.total.required, 3);
    assert_eq!(report.total.with_office, 1);
    assert_eq!(report.total.without_office, 2);
    assert_eq!(report.total.too_small, 0);
    let names: Vec<&str> = report.gaps.iter().map(|g| g.unit_name.as_str()).collect();
    assert_eq!(names, vec!["公园街道", "某社区"]);
    let jt_row = report
        .children
        .iter()
        .find(|c| c.unit_id == f.jiaotong.id)
        .expect("row");
    assert_eq!((jt_row.required, jt_row.without_office), (2, 1));
    // drill-down; another district's subtree is not reachable
    let down = store
        .facilities_report(&ds, Some(f.jiaotong.id))
        .await
        .expect("drill");
    assert_eq!(down.parent_id, Some(f.dongsheng.id));
    assert!(matches!(
        store.facilities_report(&ds, Some(f.dalate.id)).await,
        Err(StoreError::NotFound)
    ));
    let listed = store
        .offices(&ds, None, PageRequest::first(10))
        .await
        .expect("list");
    assert_eq!(listed.items.len(), 1);
    assert_eq!(store.audit_count("office.created").await.expect("n"), 1);
    assert_eq!(store.audit_count("office.updated").await.expect("n"), 1);
    assert_eq!(store.audit_count("office.photo_added").await.expect("n"), 1);
}

fn finding(item: &str, passed: bool, note: &str) -> FindingInput {
    FindingInput {
        item: item.into(),
        passed,
        note: note.into(),
    }
}

pub async fn an_inspection_goes_from_plan_to_rectification_and_notice(store: &dyn Store) {
    let f = build(store).await;
    let city_user = user(store, &f.city, "city", Role::CitySupervisor).await;
    let city = Fixture::scope_of(&f.city);
    let ds = Fixture::scope_of(&f.dongsheng);
    let jt = Fixture::scope_of(&f.jiaotong);
    let dl = Fixture::scope_of(&f.dalate);
    let today = day("2026-03-20");
    let plan = NewInspection {
        name: "2026年一季度社区戒毒社区康复工作检查".into(),
        starts_on: day("2026-03-01"),
        ends_on: day("2026-03-31"),
        unit_ids: vec![f.jiaotong.id, f.community_a.id, f.shulinzhao.id],
    };
    // the city itself is not inspected; a district cannot plan beyond its own subtree
    let mut bad = plan.clone();
    bad.unit_ids = vec![f.city.id];
    assert!(is_refused(
        store.add_inspection(&city, city_user.id, &bad).await
    ));
    assert!(matches!(
        store.add_inspection(&ds, f.dongsheng_user.id, &plan).await,
        Err(StoreError::NotFound)
    ));
    let mut backwards = plan.clone();
    backwards.ends_on = day("2026-02-01");
    assert!(is_refused(
        store.add_inspection(&city, city_user.id, &backwards).await
    ));
    let round = store
        .add_inspection(&city, city_user.id, &plan)
        .await
        .expect("plan");
    assert_eq!(round.units, 3);
    assert_eq!(round.inspected, 0);
    // a district does not see the city's rounds
    assert!(matches!(
        store.inspection(&ds, round.id, today).await,
        Err(StoreError::NotFound)
    ));
    // findings: only items of the unit's checklist, a failed item explained, no future day
    let jt_findings = vec![
        finding("bodies", true, ""),
        finding("cadre_in_charge", true, ""),
        finding("office", false, "办公室不足20平方米"),
    ];
    let (city_user_id, round_id) = (city_user.id, round.id);
    let record = |unit, on, list: Vec<FindingInput>| {
        let city = city.clone();
        async move {
            store
                .record_findings(&city, city_user_id, round_id, unit, on, &list, today)
                .await
        }
    };
    assert!(is_refused(
        record(f.jiaotong.id, day("2026-03-21"), jt_findings.clone()).await
    ));
    assert!(is_refused(
        record(
            f.jiaotong.id,
            day("2026-03-10"),
            vec![finding("funding", true, "")]
        )
        .await
    ));
    assert!(is_refused(
        record(
            f.jiaotong.id,
            day("2026-03-10"),
            vec![finding("office", false, " ")]
        )
        .await
    ));
    assert!(is_refused(
        record(
            f.dongsheng.id,
            day("2026-03-10"),
            vec![finding("bodies", true, "")]
        )
        .await
    ));
    record(f.jiaotong.id, day("2026-03-10"), jt_findings)
        .await
        .expect("findings");
    record(
        f.shulinzhao.id,
        day("2026-03-12"),
        vec![finding("bodies", true, ""), finding("office", true, "")],
    )
    .await
    .expect("findings");
    let found = store
        .inspection_findings(&city, round.id, f.jiaotong.id)
        .await
        .expect("read");
    assert_eq!(found.len(), 3);
    let detail = store
        .inspection(&city, round.id, today)
        .await
        .expect("detail");
    let verdict = |unit: i64| {
        detail
            .units
            .iter()
            .find(|u| u.unit_id == unit)
            .map(|u| u.verdict())
    };
    assert_eq!(verdict(f.jiaotong.id), Some(UnitVerdict::NonCompliant));
    assert_eq!(verdict(f.shulinzhao.id), Some(UnitVerdict::Compliant));
    assert_eq!(verdict(f.community_a.id), Some(UnitVerdict::NotInspected));
    let listed = listed_districts(&detail.units);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].district_name, "东胜区");
    assert_eq!(listed[0].units_short, vec!["交通街道".to_owned()]);
    // rectification: only where an item failed, only by the inspecting office
    assert!(is_refused(
        store
            .open_rectification(
                &city,
                city_user.id,
                round.id,
                f.shulinzhao.id,
                "整改",
                day("2026-04-20"),
                today
            )
            .await
    ));
    assert!(is_refused(
        store
            .open_rectification(
                &city,
                city_user.id,
                round.id,
                f.jiaotong.id,
                "整改",
                day("2026-03-19"),
                today
            )
            .await
    ));
    let task = store
        .open_rectification(
            &city,
            city_user.id,
            round.id,
            f.jiaotong.id,
            "调整办公用房,面积不少于20平方米",
            day("2026-04-20"),
            today,
        )
        .await
        .expect("rectification");
    assert_eq!(task.kind, TaskKind::Rectification);
    assert_eq!(task.unit_id, f.jiaotong.id);
    assert_eq!(task.from_unit_id, Some(f.city.id));
    let counts = store.inspection_counts(&ds, today).await.expect("counts");
    assert_eq!(
        counts,
        InspectionCounts {
            open: 1,
            overdue: 0
        }
    );
    let late = store
        .inspection_counts(&ds, day("2026-04-21"))
        .await
        .expect("counts");
    assert_eq!(late.overdue, 1);
    assert_eq!(
        store
            .inspection_counts(&dl, today)
            .await
            .expect("counts")
            .open,
        0
    );
    // the township answers it as a task; the city returns it, then closes it
    let answer = |v| TaskAnswer {
        text: format!("已调整至三楼 25 平方米用房({v})"),
        on: today,
    };
    let answered = store
        .answer_task(
            &jt,
            f.jiaotong_user.id,
            task.id,
            task.version,
            &answer(1),
            today,
        )
        .await
        .expect("answer");
    assert_eq!(answered.state, TaskState::Answered);
    // a district sees the city's rectification of its unit but does not judge it
    assert!(is_refused(
        store
            .close_rectification(
                &ds,
                f.dongsheng_user.id,
                task.id,
                answered.version,
                true,
                ""
            )
            .await
    ));
    let of_unit = RectificationFilter {
        inspection_id: None,
        unit_id: Some(f.jiaotong.id),
    };
    assert_eq!(
        store
            .rectifications(&ds, of_unit, PageRequest::first(10))
            .await
            .expect("list")
            .items
            .len(),
        1
    );
    assert!(
        store
            .rectifications(&dl, RectificationFilter::default(), PageRequest::first(10))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.rectification(&dl, task.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(is_refused(
        store
            .close_rectification(&city, city_user.id, task.id, answered.version, false, "")
            .await
    ));
    let returned = store
        .close_rectification(
            &city,
            city_user.id,
            task.id,
            answered.version,
            false,
            "请附照片",
        )
        .await
        .expect("return");
    assert_eq!(returned.state, TaskState::Open);
    assert!(returned.question.contains("请附照片"));
    let again = store
        .answer_task(
            &jt,
            f.jiaotong_user.id,
            task.id,
            returned.version,
            &answer(2),
            today,
        )
        .await
        .expect("answer again");
    // still rectifying while open: criticism fits, praise does not
    let criticism = NewNotice {
        unit_id: f.jiaotong.id,
        kind: NoticeKind::Criticism,
        title: "关于交通街道办公场所不达标的通报".into(),
        body: "经检查,交通街道办公场所面积不足20平方米。".into(),
        issued_on: today,
    };
    let praise = NewNotice {
        kind: NoticeKind::Praise,
        title: "关于表扬交通街道的通报".into(),
        ..criticism.clone()
    };
    assert!(is_refused(
        store
            .issue_notice(&city, city_user.id, round.id, &praise, today)
            .await
    ));
    let mut future = criticism.clone();
    future.issued_on = day("2026-03-21");
    assert!(is_refused(
        store
            .issue_notice(&city, city_user.id, round.id, &future, today)
            .await
    ));
    let notice = store
        .issue_notice(&city, city_user.id, round.id, &criticism, today)
        .await
        .expect("notice");
    assert_eq!(notice.number, "检通〔2026〕批1号");
    assert_eq!(notice.issuer_name, "鄂尔多斯市");
    assert_eq!(
        store.notice(&city, notice.id).await.expect("read").title,
        criticism.title
    );
    assert!(matches!(
        store.notice(&ds, notice.id).await,
        Err(StoreError::NotFound)
    ));
    let closed = store
        .close_rectification(&city, city_user.id, task.id, again.version, true, "")
        .await
        .expect("close");
    assert_eq!(closed.state, TaskState::Closed);
    let detail = store
        .inspection(&city, round.id, today)
        .await
        .expect("detail");
    assert!(listed_districts(&detail.units).is_empty());
    assert_eq!(
        detail
            .units
            .iter()
            .find(|u| u.unit_id == f.jiaotong.id)
            .map(|u| u.verdict()),
        Some(UnitVerdict::Rectified)
    );
    store
        .issue_notice(&city, city_user.id, round.id, &praise, today)
        .await
        .expect("praise after rectification");
    assert_eq!(store.notices(&city, round.id).await.expect("list").len(), 2);
    // 约谈
    let summons = NewSummons {
        unit_id: f.jiaotong.id,
        held_on: day("2026-03-18"),
        attendees: "交通街道分管副主任".into(),
        content: "就办公场所不达标约谈,限期整改。".into(),
    };
    store
        .add_summons(&city, city_user.id, round.id, &summons, today)
        .await
        .expect("summons");
    assert_eq!(store.summons(&city, round.id).await.expect("list").len(), 1);
    assert_eq!(
        store
            .rectifications(
                &city,
                RectificationFilter {
                    inspection_id: Some(round.id),
                    unit_id: None,
                },
                PageRequest::first(10)
            )
            .await
            .expect("list")
            .items
            .len(),
        1
    );
    assert!(
        store
            .inspections(&ds, PageRequest::first(10))
            .await
            .expect("list")
            .items
            .is_empty()
    );
    assert_eq!(
        store
            .inspections(&city, PageRequest::first(10))
            .await
            .expect("list")
            .items
            .len(),
        1
    );
    for action in [
        "inspection.created",
        "inspection.summons",
        "task.rectification",
    ] {
        assert_eq!(store.audit_count(action).await.expect("n"), 1, "{action}");
    }
    assert_eq!(
        store.audit_count("inspection.findings").await.expect("n"),
        2
    );
    assert_eq!(store.audit_count("inspection.notice").await.expect("n"), 2);
}
