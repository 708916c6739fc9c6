//! Contract: periodic reports (STAT-1, D5). Eight orders of a small tree, with a
//! report-in missed, an absconding, a transfer between townships and a step entered
//! late: every rate and count of two closed months and the open one equals the figure
//! worked out by hand below from the D5 definitions; a closed month is frozen, a late
//! entry shows as a correction beside it, and townships submit while the district
//! reviews.

use chrono::{TimeZone, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::Step;
use jiekang_domain::report::{Figure, ReportPeriod};

use super::dashboard::{TO_EXECUTION, decided, take};
use super::fixture::{Fixture, build, day};
use crate::reports::{Report, Review, SubmissionState, VersionKind};
use crate::{Store, StoreError};

fn period(code: &str) -> ReportPeriod {
    ReportPeriod::parse(code).expect("period")
}

fn total(r: &Report, f: Figure) -> i64 {
    r.total().expect("a total row").get(f)
}

fn row(r: &Report, name: &str, f: Figure) -> i64 {
    r.rows
        .iter()
        .find(|row| row.unit_name == name)
        .unwrap_or_else(|| panic!("row {name}"))
        .get(f)
}

pub async fn reports_count_the_d5_rates_freeze_closed_periods_and_go_up_for_review(
    store: &dyn Store,
) {
    let f = build(store).await;
    let now = Utc
        .with_ymd_and_hms(2024, 12, 20, 2, 0, 0)
        .single()
        .expect("time");
    let today = day("2024-12-20");
    let city = Fixture::scope_of(&f.city);
    let ds = Fixture::scope_of(&f.dongsheng);
    let jt = Fixture::scope_of(&f.jiaotong);

    // Eight orders decided 2024-09-27, served the next day. 交通街道 (某社区): c0
    // executing; c1 notified 10-08 and never reporting; c2 decided only; c3 executing,
    // 脱失 on 11-02; c4 executing, transferred to 公园街道 (accepted 11-12). 公园街道: c5
    // executing. 树林召镇 (达拉特旗): c6 executing; c7 decided only.
    let c0 = decided(store, &f, &f.community_a, 0).await;
    take(store, &f, c0, &TO_EXECUTION).await;
    let c1 = decided(store, &f, &f.community_a, 1).await;
    take(store, &f, c1, &[(Step::Notify, "2024-10-08", None)]).await;
    decided(store, &f, &f.community_a, 2).await;
    let c3 = decided(store, &f, &f.community_a, 3).await;
    let c3 = take(store, &f, c3, &TO_EXECUTION).await;
    take(store, &f, c3, &[(Step::Abscond, "2024-11-02", None)]).await;
    let c4 = decided(store, &f, &f.community_a, 4).await;
    let c4 = take(store, &f, c4, &TO_EXECUTION).await;
    let c4 = take(
        store,
        &f,
        c4,
        &[(Step::RequestTransfer, "2024-11-10", Some(f.gongyuan.id))],
    )
    .await;
    take(store, &f, c4, &[(Step::AcceptTransfer, "2024-11-12", None)]).await;
    let c5 = decided(store, &f, &f.gongyuan, 5).await;
    take(store, &f, c5, &TO_EXECUTION).await;
    let c6 = decided(store, &f, &f.shulinzhao, 6).await;
    let c6 = take(store, &f, c6, &TO_EXECUTION).await;
    decided(store, &f, &f.shulinzhao, 7).await;

    // nothing counted yet: a report says so instead of showing zeros
    let none = store
        .report(&city, period("2024-10"))
        .await
        .expect("report");
    assert!(none.version.is_none() && none.rows.is_empty());

    let periods = [
        period("2024-09"),
        period("2024-10"),
        period("2024-11"),
        period("2024-12"),
    ];
    let counted = store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods,
            today,
            now,
            None,
            false,
        )
        .await
        .expect("count");
    let kinds: Vec<_> = counted.iter().map(|c| c.stored).collect();
    assert_eq!(
        kinds,
        [
            Some(VersionKind::Frozen),
            Some(VersionKind::Frozen),
            Some(VersionKind::Frozen),
            Some(VersionKind::Running)
        ]
    );

    // September: eight new orders, all served, none reported yet
    let sep = store.report(&city, period("2024-09")).await.expect("sep");
    assert_eq!(total(&sep, Figure::NewOrders), 8);
    assert_eq!(total(&sep, Figure::ExecutionDen), 8);
    assert_eq!(total(&sep, Figure::ExecutionNum), 0);
    assert_eq!(total(&sep, Figure::UnderDetox), 8);

    // October (at 10-31): 报到率 — six deadlines fell in October (all notified on
    // 10-08), five reported in time (not c1); 执行率 — eight served and running, five
    // reported; 管控率 — eight under a measure, c1 overdue for report-in.
    let oct = store.report(&city, period("2024-10")).await.expect("oct");
    assert_eq!(
        oct.version.as_ref().map(|v| v.kind),
        Some(VersionKind::Frozen)
    );
    assert_eq!(
        oct.version.as_ref().map(|v| v.as_of),
        Some(day("2024-10-31"))
    );
    let names: Vec<&str> = oct.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["东胜区", "达拉特旗", "合计"]);
    for (fig, n) in [
        (Figure::ReportInNum, 5),
        (Figure::ReportInDen, 6),
        (Figure::ExecutionNum, 5),
        (Figure::ExecutionDen, 8),
        (Figure::ControlNum, 7),
        (Figure::ControlDen, 8),
        (Figure::RelapseNum, 0),
        (Figure::RelapseDen, 8),
        (Figure::ReportOverdue, 1),
        (Figure::NewOrders, 0),
        (Figure::Executing, 5),
    ] {
        assert_eq!(total(&oct, fig), n, "October {fig:?}");
    }
    assert_eq!(row(&oct, "达拉特旗", Figure::ExecutionDen), 2);
    assert_eq!(row(&oct, "达拉特旗", Figure::ExecutionNum), 1);
    // month on month: September's total is October's previous figure
    assert_eq!(oct.previous.map(|p| p[Figure::NewOrders.index()]), Some(8));
    assert_eq!(oct.year_before, None, "2023-10 was never counted");

    // November (at 11-30): c3 脱失 leaves execution and control; the transfer of c4 is
    // counted into 公园街道 and out of 交通街道 (c4 itself now counts at 公园街道)
    let nov = store.report(&ds, period("2024-11")).await.expect("nov");
    let names: Vec<&str> = nov.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["交通街道", "公园街道", "合计"]);
    assert_eq!(total(&nov, Figure::ExecutionNum), 3, "c0, c4, c5");
    assert_eq!(total(&nov, Figure::ExecutionDen), 6);
    assert_eq!(
        total(&nov, Figure::ControlNum),
        4,
        "not c1 (overdue), not c3"
    );
    assert_eq!(total(&nov, Figure::Absconded), 1);
    assert_eq!(total(&nov, Figure::AbscondedEvents), 1);
    assert_eq!(row(&nov, "交通街道", Figure::TransfersOut), 1);
    assert_eq!(row(&nov, "交通街道", Figure::TransfersIn), 0);
    assert_eq!(row(&nov, "公园街道", Figure::TransfersIn), 1);
    assert_eq!(row(&nov, "公园街道", Figure::ExecutionNum), 2, "c4 and c5");
    assert_eq!(
        total(&nov, Figure::ReportInDen),
        0,
        "no deadline in November"
    );
    // a township sees only its own subtree
    let nov_jt = store.report(&jt, period("2024-11")).await.expect("jt");
    let names: Vec<&str> = nov_jt.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["某社区", "合计"]);
    assert_eq!(
        total(&nov_jt, Figure::ExecutionDen),
        4,
        "c0 to c3, all served"
    );

    // the open month is running, counted to today
    let dec = store.report(&city, period("2024-12")).await.expect("dec");
    assert_eq!(
        dec.version.as_ref().map(|v| v.kind),
        Some(VersionKind::Running)
    );
    assert_eq!(dec.version.as_ref().map(|v| v.as_of), Some(today));

    // counting again changes no frozen month; a 脱失 of c6 entered late (dated
    // 10-15) appears on a recount as a correction beside the frozen October
    let again = store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods[..2],
            today,
            now,
            None,
            true,
        )
        .await
        .expect("recount");
    assert!(again.iter().all(|c| c.stored.is_none()), "{again:?}");
    take(store, &f, c6, &[(Step::Abscond, "2024-10-15", None)]).await;
    let plain = store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods[1..2],
            today,
            now,
            None,
            false,
        )
        .await
        .expect("count");
    assert_eq!(
        plain[0].stored, None,
        "a frozen month is not recounted unasked"
    );
    let fixed = store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods[1..2],
            today,
            now,
            Some(f.dongsheng_user.id),
            true,
        )
        .await
        .expect("recount");
    assert_eq!(fixed[0].stored, Some(VersionKind::Correction));
    let oct = store.report(&city, period("2024-10")).await.expect("oct");
    assert_eq!(
        total(&oct, Figure::ExecutionNum),
        5,
        "the frozen figure stays"
    );
    assert!(oct.correction.is_some());
    let exec = oct
        .corrections
        .iter()
        .find(|c| c.figure == Figure::ExecutionNum)
        .expect("execution corrected");
    assert_eq!((exec.frozen, exec.corrected), (5, 4));
    assert!(
        oct.corrections
            .iter()
            .any(|c| c.figure == Figure::ControlNum && c.corrected == 6)
    );

    // D5: the persons behind a figure, listed by the same rule (as the records are now,
    // so they match the corrected figure), a page at a time, only in scope
    let cal = HolidayCalendar::embedded();
    let first = store
        .report_persons(
            cal,
            &city,
            period("2024-10"),
            Figure::ExecutionNum,
            today,
            None,
            3,
        )
        .await
        .expect("persons");
    assert_eq!(first.items.len(), 3);
    assert!(first.filled);
    let rest = store
        .report_persons(
            cal,
            &city,
            period("2024-10"),
            Figure::ExecutionNum,
            today,
            first.next.clone(),
            3,
        )
        .await
        .expect("persons");
    assert_eq!(rest.items.len(), 1, "four in all: c0, c3, c4, c5");
    assert!(rest.next.is_none());
    let mut names: Vec<String> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|p| p.person_name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["测试0", "测试3", "测试4", "测试5"]);
    assert!(first.items[0].id_number_masked.contains('*'), "masked");
    let jt_den = store
        .report_persons(
            cal,
            &jt,
            period("2024-10"),
            Figure::ExecutionDen,
            today,
            None,
            50,
        )
        .await
        .expect("persons");
    assert_eq!(
        jt_den.items.len(),
        4,
        "c0 to c3 (c4 now counts at 公园街道)"
    );
    assert!(jt_den.items.iter().all(|p| p.unit_name == "某社区"));

    // 台账: the township's orders running in November, a page at a time, with the month's
    // windows (none tested) — c4 left with its transfer
    let page = store
        .ledger(&jt, period("2024-11"), None, 3)
        .await
        .expect("ledger");
    assert_eq!(page.items.len(), 3);
    let rest = store
        .ledger(&jt, period("2024-11"), page.next.clone(), 3)
        .await
        .expect("ledger");
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next.is_none());
    let rows: Vec<_> = page.items.iter().chain(&rest.items).collect();
    let mut names: Vec<&str> = rows.iter().map(|r| r.person_name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["测试0", "测试1", "测试2", "测试3"]);
    let c0_row = rows.iter().find(|r| r.person_name == "测试0").expect("c0");
    assert!(c0_row.tests_due > 0, "windows close in November");
    assert_eq!(c0_row.tests_done, 0);
    assert_eq!(c0_row.reported_on, Some(day("2024-10-08")));
    let never = rows.iter().find(|r| r.person_name == "测试2").expect("c2");
    assert_eq!(
        (never.tests_due, never.talks),
        (0, 0),
        "not reported in: no windows"
    );
    assert!(
        store
            .ledger(&jt, period("2024-08"), None, 10)
            .await
            .expect("ledger")
            .items
            .is_empty(),
        "nothing decided by August"
    );

    // submission: only a frozen report, once; the district returns it with a reason
    // and accepts it when submitted again
    let err = store
        .submit_report(&jt, f.jiaotong_user.id, period("2024-12"), "", now)
        .await
        .expect_err("running");
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    store
        .submit_report(&jt, f.jiaotong_user.id, period("2024-10"), "十月报表", now)
        .await
        .expect("submit");
    let err = store
        .submit_report(&jt, f.jiaotong_user.id, period("2024-10"), "", now)
        .await
        .expect_err("twice");
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    let err = store
        .review_report(
            &jt,
            f.jiaotong_user.id,
            f.jiaotong.id,
            period("2024-10"),
            Review::Accept,
            "",
            now,
        )
        .await
        .expect_err("a township does not review itself");
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    let err = store
        .review_report(
            &ds,
            f.dongsheng_user.id,
            f.jiaotong.id,
            period("2024-10"),
            Review::Return,
            " ",
            now,
        )
        .await
        .expect_err("a return needs its reason");
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    let other = Fixture::scope_of(&f.dalate);
    let err = store
        .review_report(
            &other,
            f.dongsheng_user.id,
            f.jiaotong.id,
            period("2024-10"),
            Review::Accept,
            "",
            now,
        )
        .await
        .expect_err("outside the scope");
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    store
        .review_report(
            &ds,
            f.dongsheng_user.id,
            f.jiaotong.id,
            period("2024-10"),
            Review::Return,
            "脱失人数有误",
            now,
        )
        .await
        .expect("return");
    let list = store
        .report_submissions(&city, period("2024-10"))
        .await
        .expect("list");
    let states: Vec<(&str, Option<SubmissionState>)> = list
        .iter()
        .map(|s| (s.unit_name.as_str(), s.state))
        .collect();
    assert_eq!(
        states,
        [
            ("交通街道", Some(SubmissionState::Returned)),
            ("公园街道", None),
            ("树林召镇", None)
        ]
    );
    assert_eq!(list[0].review_note, "脱失人数有误");
    store
        .submit_report(&jt, f.jiaotong_user.id, period("2024-10"), "已更正", now)
        .await
        .expect("submit again");
    store
        .review_report(
            &ds,
            f.dongsheng_user.id,
            f.jiaotong.id,
            period("2024-10"),
            Review::Accept,
            "",
            now,
        )
        .await
        .expect("accept");
    let list = store
        .report_submissions(&ds, period("2024-10"))
        .await
        .expect("list");
    assert_eq!(list.len(), 2, "the district's townships only");
    assert_eq!(list[0].state, Some(SubmissionState::Accepted));
    // who, by name as everywhere else (not the login name)
    assert_eq!(list[0].submitted_by.as_deref(), Some("jiaotong 测试"));
    assert_eq!(list[0].reviewed_by.as_deref(), Some("dongsheng 测试"));
    let audited = store.audit_count("report.accepted").await.expect("audit");
    assert_eq!(audited, 1);
}
