//! The auditor's search of the audit trail: scope by the record's unit,
//! filters in the URL, the JSON twin, the Excel export, and both audited.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::register_zhang;
use crate::harness::{App, PASSWORD};

pub async fn an_auditor_searches_the_trail_of_their_subtree_only(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "aud", Role::Auditor).await;
    app.user(f.city.id, "cityaud", Role::Auditor).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.shulinzhao.id, "sl", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.login("sl", PASSWORD).await.ok().expect("login");
    let person = register_zhang(&app, &f).await;
    let archive = app.get(&format!("/persons/{}", person.id), Some(&jt)).await;
    assert_eq!(archive.status, StatusCode::OK);

    let aud = app.login("aud", PASSWORD).await.ok().expect("login");
    let home = app.get("/", Some(&aud)).await;
    assert!(home.body.contains("href=\"/audit\""), "home leads to it");
    let all = app.get("/audit", Some(&aud)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("审计日志") && all.body.contains("导出Excel"));
    assert!(all.body.contains(">jt<") && all.body.contains("查看档案"));
    assert!(!all.body.contains(">sl<"), "达拉特旗 is outside 东胜区");

    // filters, kept in the URL
    let by_user = app.get("/audit?username=JT&action=login", Some(&aud)).await;
    assert!(by_user.body.contains("符合条件 1 条"), "{}", by_user.body);
    assert!(
        by_user.body.contains("value=\"JT\""),
        "the form keeps the filter"
    );
    let export = by_user
        .body
        .split("href=\"/audit/export.xlsx?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an export link");
    assert!(
        export.starts_with("username=JT") && export.contains("action=login"),
        "the export link keeps the filters: {export}"
    );
    let by_person = app
        .get(&format!("/audit?person_id={}", person.id), Some(&aud))
        .await;
    assert!(
        by_person.body.contains("符合条件 2 条"),
        "{}",
        by_person.body
    );
    let by_unit = app
        .get(&format!("/audit?unit_id={}", f.gongyuan.id), Some(&aud))
        .await;
    assert!(by_unit.body.contains("没有符合条件的审计记录"));
    let outside = app
        .get(&format!("/audit?unit_id={}", f.dalate.id), Some(&aud))
        .await;
    assert_eq!(outside.status, StatusCode::OK);
    assert!(outside.body.contains("符合条件 0 条"));
    let future = app.get("/audit?from=2999-01-01", Some(&aud)).await;
    assert!(future.body.contains("没有符合条件的审计记录"));
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"))
        .date_naive();
    let dated = app
        .get(
            &format!("/audit?username=jt&from={today}&to={today}"),
            Some(&aud),
        )
        .await;
    assert!(dated.body.contains("符合条件 2 条"), "{}", dated.body);

    // bad input is explained in Chinese, never a 500
    for (query, message) in [
        ("person_id=abc", "人员编号应为正整数"),
        ("from=2026-13-01", "日期格式"),
        ("from=2026-02-01&to=2026-01-01", "结束日期不能早于开始日期"),
        ("unit_id=-3", "请选择列表中的单位"),
    ] {
        let r = app.get(&format!("/audit?{query}"), Some(&aud)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(r.body.contains(message), "{query}: {}", r.body);
    }

    // the JSON twin: same filters, same scope, a cursor
    let api = app
        .get("/api/v1/audit?username=jt&limit=1", Some(&aud))
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"].as_array().expect("items").len(), 1);
    let after = v["next_after"].as_i64().expect("a next page");
    let next = app
        .get(
            &format!("/api/v1/audit?username=jt&after={after}"),
            Some(&aud),
        )
        .await;
    let v: serde_json::Value = serde_json::from_str(&next.body).expect("json");
    assert_eq!(v["items"][0]["action"], "login");
    assert_eq!(v["items"][0]["action_label"], "登录");
    assert!(v["next_after"].is_null());
    let bad = app.get("/api/v1/audit?from=yesterday", Some(&aud)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("日期格式"), "{}", bad.body);
    let sl = app.get("/api/v1/audit?username=sl", Some(&aud)).await;
    assert!(sl.body.contains("\"total\":0"), "{}", sl.body);
    // the city's auditor sees 达拉特旗 too
    let city = app.login("cityaud", PASSWORD).await.ok().expect("login");
    let sl = app.get("/api/v1/audit?username=sl", Some(&city)).await;
    assert!(sl.body.contains("\"total\":1"), "{}", sl.body);

    // searching is itself audited: the 11 searches above (the bad ones were not run)
    assert_eq!(
        app.store.audit_count("audit.search").await.expect("count"),
        11
    );
    let searches = app
        .store
        .audit_events(
            &jiekang_store::Scope::system(),
            &jiekang_store::model::AuditFilter {
                action: Some("audit.search".into()),
                ..Default::default()
            },
            jiekang_store::model::PageRequest::first(50),
        )
        .await
        .expect("searches");
    assert!(
        searches
            .items
            .iter()
            .any(|r| r.username == "aud" && r.detail == "username=JT action=login"),
        "the record says what was searched: {searches:?}"
    );
    let verified = app.store.audit_verify(&|_, _| {}).await.expect("verify");
    assert!(verified.is_intact(), "{verified:?}");
}

pub async fn the_audit_trail_exports_to_excel_and_the_export_is_audited(app: App) {
    use calamine::{Reader, Xlsx};
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "aud", Role::Auditor).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.login("jt", PASSWORD).await.ok().expect("login");
    let aud = app.login("aud", PASSWORD).await.ok().expect("login");
    let (status, bytes) = app.get_bytes("/audit/export.xlsx?username=jt", &aud).await;
    assert_eq!(status, StatusCode::OK);
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("a real xlsx file");
    let sheet = book.worksheet_range("审计日志").expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(
        rows[0][0].starts_with("审计日志 · 东胜区 · 导出:aud · "),
        "{rows:?}"
    );
    assert_eq!(rows[1][0], "编号");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[2][2], "jt");
    assert_eq!(rows[2][3], "交通街道");
    assert_eq!(rows[2][4], "登录");
    // the record's number is a number and its time an Excel date-time
    assert!(matches!(
        sheet.get_value((2, 0)),
        Some(calamine::Data::Float(_))
    ));
    assert!(matches!(
        sheet.get_value((2, 1)),
        Some(calamine::Data::DateTime(_))
    ));
    assert_eq!(
        app.store.audit_count("audit.export").await.expect("count"),
        1
    );
    let bad = app.get("/audit/export.xlsx?person_id=x", Some(&aud)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("人员编号应为正整数"));
}

pub async fn roles_without_audit_read_cannot_open_the_audit_trail(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "root", Role::Admin).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.city.id, "city", Role::CitySupervisor).await;
    for username in ["root", "jt", "city"] {
        let s = app.login(username, PASSWORD).await.ok().expect("login");
        for path in ["/audit", "/audit/export.xlsx", "/api/v1/audit"] {
            let r = app.get(path, Some(&s)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{username} {path}");
        }
        let home = app.get("/", Some(&s)).await;
        assert!(!home.body.contains("href=\"/audit\""), "{username}");
    }
    assert_eq!(
        app.store.audit_count("audit.search").await.expect("count"),
        0
    );
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert!(
        doc.body.contains("\"/api/v1/audit\""),
        "described in OpenAPI"
    );
}
