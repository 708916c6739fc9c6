//! STAT-1 — periodic reports through HTTP: a district reads its townships' frozen
//! report with the five rates, in Excel and JSON as well; a township submits its own
//! report once the period is frozen; the district returns it with a reason and accepts
//! it when it comes back; the city sees who has not submitted.

use axum::http::StatusCode;
use chrono::Utc;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::Role;
use jiekang_domain::report::ReportPeriod;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, location};

pub async fn a_township_submits_its_frozen_report_and_the_district_reviews_it(app: App) {
    use calamine::Reader;
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.city.id, "city", Role::CitySupervisor).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.clock.set(day("2024-12-20"));
    // 张某 at 某社区: decided 2024-09-27, reported in and executing from 2024-10-08
    executing(&app, &f).await;
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");

    // before the daily count: the report says it has not been counted
    let before = app.get("/reports?period=2024-11", Some(&ds)).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(before.body.contains("尚未统计"), "{}", before.body);

    let periods: Vec<ReportPeriod> = ["2024-10", "2024-11", "2024-12"]
        .iter()
        .filter_map(|p| ReportPeriod::parse(p))
        .collect();
    app.store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods,
            day("2024-12-20"),
            Utc::now(),
            None,
            false,
        )
        .await
        .expect("count");

    // the district: its townships side by side, the rates with their parts
    let nov = app.get("/reports?period=2024-11", Some(&ds)).await;
    assert_eq!(nov.status, StatusCode::OK, "{}", nov.body);
    for word in [
        "交通街道",
        "公园街道",
        "合计",
        "执行率",
        "戒断巩固率",
        "已冻结",
        "100.0%",
    ] {
        assert!(nov.body.contains(word), "{word}: {}", nov.body);
    }
    assert!(!nov.body.contains("达拉特旗"), "another district");
    // D5: the figure links to its persons, listed by name with the ID number masked
    let link = format!(
        "/reports/persons?period=2024-11&#38;figure=execution_num&#38;unit_id={}",
        f.jiaotong.id
    );
    assert!(nov.body.contains(&link), "{}", nov.body);
    let persons = app.get(&link.replace("&#38;", "&"), Some(&ds)).await;
    assert_eq!(persons.status, StatusCode::OK, "{}", persons.body);
    assert!(persons.body.contains("张某") && persons.body.contains("执行率(分子)"));
    assert!(!persons.body.contains("150602199001011238"), "masked");
    let outside = app
        .get(
            &format!(
                "/reports/persons?period=2024-11&figure=execution_num&unit_id={}",
                f.dalate.id
            ),
            Some(&ds),
        )
        .await;
    assert_eq!(
        outside.status,
        StatusCode::NOT_FOUND,
        "another district's unit"
    );
    let events = app
        .get(
            "/reports/persons?period=2024-11&figure=tests_missed",
            Some(&ds),
        )
        .await;
    assert_eq!(
        events.status,
        StatusCode::BAD_REQUEST,
        "counted per test, not per person"
    );
    // a period that is none: a clear message, never an error page
    let bad = app.get("/reports?period=2024-13", Some(&ds)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("2026-Q4"), "{}", bad.body);

    // JSON and Excel carry the same figures
    let json = app.get("/api/v1/reports?period=2024-11", Some(&ds)).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(v["version"]["kind"], "frozen");
    let total = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["total"] == true)
        .expect("total");
    assert_eq!(total["rates"]["execution_rate"]["numerator"], 1);
    assert_eq!(total["rates"]["execution_rate"]["denominator"], 1);
    assert_eq!(total["figures"]["under_detox"], 1);
    let (status, bytes) = app
        .get_bytes("/reports/export.xlsx?period=2024-11", &ds)
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("sheet").expect("range");
    let title = sheet.get((0, 0)).map(|c| c.to_string()).unwrap_or_default();
    assert!(title.contains("报表 2024年11月"), "{title}");
    let header: Vec<String> = sheet
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h == "执行率分母")
        .expect("column");
    let total_row = sheet
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "合计"))
        .expect("total row");
    assert!(
        matches!(total_row[col], calamine::Data::Float(n) if n == 1.0)
            || matches!(total_row[col], calamine::Data::Int(1)),
        "a number, not text: {:?}",
        total_row[col]
    );
    assert_eq!(
        app.store.audit_count("report.export").await.expect("audit"),
        1
    );

    // the township: the running month cannot be submitted; November can, once
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let dec = app
        .post_form(
            "/reports/submit",
            &jt,
            &[("period", "2024-12"), ("note", "")],
            true,
        )
        .await;
    assert_eq!(dec.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dec.body.contains("尚未结账"), "{}", dec.body);
    let page = app.get("/reports?period=2024-11", Some(&jt)).await;
    assert!(page.body.contains("报送 2024年11月 报表"), "{}", page.body);
    let sent = app
        .post_form(
            "/reports/submit",
            &jt,
            &[("period", "2024-11"), ("note", "请审核")],
            true,
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), Some("/reports?period=2024-11#submission"));
    let page = app.get("/reports?period=2024-11", Some(&jt)).await;
    assert!(page.body.contains("已报送(待审核)"), "{}", page.body);
    assert!(
        !page.body.contains("报送 2024年11月 报表"),
        "no second submission"
    );

    // the district: a return needs its reason; then the township submits again
    let list = app
        .get("/reports/submissions?period=2024-11", Some(&ds))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("交通街道") && list.body.contains("请审核"));
    assert!(list.body.contains("未报送 1 个"), "公园街道: {}", list.body);
    let jiaotong = f.jiaotong.id.to_string();
    let review = |decision: &'static str, note: &'static str| {
        let unit = jiaotong.clone();
        let app = &app;
        let ds = &ds;
        async move {
            app.post_form(
                "/reports/review",
                ds,
                &[
                    ("period", "2024-11"),
                    ("unit_id", unit.as_str()),
                    ("decision", decision),
                    ("note", note),
                ],
                true,
            )
            .await
        }
    };
    let refused = review("return", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("退回须写明原因"), "{}", refused.body);
    assert_eq!(
        review("return", "脱失人数有误").await.status,
        StatusCode::SEE_OTHER
    );
    let page = app.get("/reports?period=2024-11", Some(&jt)).await;
    assert!(page.body.contains("已退回") && page.body.contains("脱失人数有误"));
    let again = app
        .post_form(
            "/reports/submit",
            &jt,
            &[("period", "2024-11"), ("note", "已核实")],
            true,
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(review("accept", "").await.status, StatusCode::SEE_OTHER);
    // a township reviews nothing
    let own = app
        .post_form(
            "/reports/review",
            &jt,
            &[
                ("period", "2024-11"),
                ("unit_id", jiaotong.as_str()),
                ("decision", "accept"),
            ],
            true,
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // 台账: the township's register of November, on screen and in Excel
    let ledger = app.get("/ledger?month=2024-11", Some(&jt)).await;
    assert_eq!(ledger.status, StatusCode::OK, "{}", ledger.body);
    assert!(ledger.body.contains("张某") && ledger.body.contains("2024-10-08"));
    assert!(!ledger.body.contains("150602199001011238"), "masked");
    let future = app.get("/ledger?month=2025-02", Some(&jt)).await;
    assert_eq!(
        future.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a month to come"
    );
    let (status, bytes) = app
        .get_bytes("/ledger/export.xlsx?month=2024-11", &jt)
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("sheet").expect("range");
    let zhang = sheet
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "张某"))
        .expect("a row");
    assert!(
        matches!(
            zhang[7],
            calamine::Data::DateTime(_) | calamine::Data::DateTimeIso(_)
        ),
        "the report-in day as a date: {:?}",
        zhang[7]
    );
    assert_eq!(
        app.store.audit_count("ledger.export").await.expect("audit"),
        1
    );

    // the city sees every township, and who has not submitted
    let city = app.login("city", PASSWORD).await.ok().expect("login");
    let list = app
        .get("/reports/submissions?period=2024-11", Some(&city))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    for word in [
        "交通街道",
        "已审核通过",
        "公园街道",
        "树林召镇",
        "未报送 2 个",
    ] {
        assert!(list.body.contains(word), "{word}: {}", list.body);
    }
    assert!(
        !list.body.contains("name=\"decision\""),
        "the city does not review"
    );
}
