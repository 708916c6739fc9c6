//! Issue 20 through the router: a district office registers a worker and sees the
//! staffing gap close (STAFF-1..4), records money and sees the funding report (FUND-1);
//! the pages export to Excel, audited; townships cannot reach them, the city only reads
//! what it is shown and writes what its permission allows.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::harness::{App, PASSWORD, location};

pub async fn a_district_keeps_the_staff_register_and_sees_the_staffing_gap(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.community_a.id, "jt.worker", Role::CommunityStaff)
        .await;
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    // a township office neither reads nor keeps the register
    assert_eq!(
        app.get("/staffing", Some(&jt)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_form("/staff", &jt, &[("name", "x")], true)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // the empty register says so; the report shows every township short of its cadre
    let empty = app.get("/staff", Some(&ds)).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("还没有登记工作人员"), "{}", empty.body);
    let report = app.get("/staffing", Some(&ds)).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains("交通街道") && report.body.contains("公园街道"));
    assert!(report.body.contains("2 个单位未达标"), "{}", report.body);
    // a wrong entry is explained, nothing written
    let unit = f.jiaotong.code.clone();
    let bad = app
        .post_form(
            "/staff",
            &ds,
            &[
                ("unit", unit.as_str()),
                ("name", "周主任"),
                ("sex", "female"),
                ("post", "cadre_in_charge"),
                ("employment", "civil_service"),
                ("started_on", "2999-01-01"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("不能晚于今天"), "{}", bad.body);
    // the township's cadre, linked to no account
    let saved = app
        .post_form(
            "/staff",
            &ds,
            &[
                ("unit", unit.as_str()),
                ("name", "周主任"),
                ("sex", "female"),
                ("post", "cadre_in_charge"),
                ("employment", "civil_service"),
                ("started_on", "2020-01-01"),
                ("training_hours", "16"),
            ],
            true,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let to = location(&saved).expect("to the entry").to_owned();
    let page = app.get(&to, Some(&ds)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("周主任") && page.body.contains("最后修改"),
        "{}",
        page.body
    );
    // a community worker linked to their account
    let community = f.community_a.code.clone();
    let worker = app
        .post_form(
            "/staff",
            &ds,
            &[
                ("unit", community.as_str()),
                ("name", "刘社工"),
                ("sex", "female"),
                ("post", "full_time"),
                ("employment", "purchased_service"),
                ("account", "jt.worker"),
                ("started_on", "2021-03-01"),
            ],
            true,
        )
        .await;
    assert_eq!(worker.status, StatusCode::SEE_OTHER, "{}", worker.body);
    let list = app.get("/staff", Some(&ds)).await;
    assert!(
        list.body.contains("刘社工") && list.body.contains("jt.worker"),
        "{}",
        list.body
    );
    // 交通街道 now meets STAFF-1..3; 公园街道 still lacks its cadre
    let report = app.get("/staffing", Some(&ds)).await;
    assert!(report.body.contains("1 个单位未达标"), "{}", report.body);
    // drill-down to the township's communities
    let drill = app
        .get(&format!("/staffing?unit={}", f.jiaotong.id), Some(&ds))
        .await;
    assert_eq!(drill.status, StatusCode::OK);
    assert!(drill.body.contains("某社区") && drill.body.contains("返回上一级"));
    // another district's unit answers like a missing one
    assert_eq!(
        app.get(&format!("/staffing?unit={}", f.dalate.id), Some(&ds))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Excel, audited
    for (path, action) in [
        ("/staffing/export.xlsx", "staffing.export"),
        ("/staff/export.xlsx", "staff.export"),
    ] {
        let (status, bytes) = app.get_bytes(path, &ds).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(bytes.starts_with(b"PK"), "{path}");
        assert_eq!(app.store.audit_count(action).await.expect("count"), 1);
    }
    assert_eq!(
        app.store.audit_count("staff.created").await.expect("count"),
        2
    );
    // item 8: the dashboard shows staffing and funding beside its figures, each a link
    let dash = app.get("/dashboard", Some(&ds)).await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(
        dash.body
            .contains(&format!("/staffing?unit={}", f.jiaotong.id))
            && dash.body.contains("/funding?unit="),
        "{}",
        dash.body
    );
    // English
    let en = app.get("/lang?to=en&back=/staffing", Some(&ds)).await;
    assert!(en.status.is_redirection());
}

pub async fn a_district_records_money_and_reads_the_funding_report(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");
    let page = app.get("/funding?year=2024", Some(&ds)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("本年度还没有经费记录"), "{}", page.body);
    let unit = f.dongsheng.code.clone();
    let bad = app
        .post_form(
            "/funding",
            &ds,
            &[
                ("unit", unit.as_str()),
                ("year", "2024"),
                ("kind", "budget"),
                ("category", "staff"),
                ("amount", "12.345"),
                ("entered_on", "2024-01-05"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let ok = app
        .post_form(
            "/funding",
            &ds,
            &[
                ("unit", unit.as_str()),
                ("year", "2024"),
                ("kind", "budget"),
                ("category", "staff"),
                ("amount", "48,000.50"),
                ("entered_on", "2024-01-05"),
            ],
            true,
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = app.get("/funding?year=2024", Some(&ds)).await;
    assert!(page.body.contains("48000.50"), "{}", page.body);
    let (status, bytes) = app.get_bytes("/funding/export.xlsx?year=2024", &ds).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    assert_eq!(
        app.store
            .audit_count("funding.created")
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        app.store
            .audit_count("funding.export")
            .await
            .expect("count"),
        1
    );
}
