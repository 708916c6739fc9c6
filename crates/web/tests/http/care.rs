//! CASE-7, D6 — risk assessments on the case page and through the API, the scheme the
//! administrator edits; N6 — the township names a case's worker and police officer,
//! and the worker finds the person under 我的人员.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_domain::risk::default_scheme;
use serde_json::json;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, Session, hidden, location};

async fn version(app: &App, who: &Session, case: i64) -> String {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    hidden(&page.body, "version").expect("a form with the version")
}

pub async fn staff_assess_a_case_and_its_class_sets_the_talks(app: App) {
    let f = app.fixture().await;
    app.user(f.community_a.id, "staff", Role::CommunityStaff)
        .await;
    app.user(f.jiaotong.id, "police", Role::CommunityPolice)
        .await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    app.clock.set(day("2024-11-10"));
    let staff = app.login("staff", PASSWORD).await.ok().expect("login");
    let page = app.get(&format!("/cases/{id}"), Some(&staff)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"care\""), "the class section");
    assert!(page.body.contains("未评估"), "not assessed yet");
    assert!(page.body.contains("name=\"score-drug_kind\""), "the form");

    let v = version(&app, &staff, id).await;
    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), v.clone()),
        ("scheme_version".into(), "1".into()),
        ("assessed_on".into(), "2024-11-10".into()),
        ("assessor".into(), "李干事".into()),
    ];
    let scores = [20, 15, 10, 10, 5, 2, 1, 1];
    for (item, s) in default_scheme().items.iter().zip(scores) {
        fields.push((format!("score-{}", item.code), s.to_string()));
    }
    // a score above the item's maximum: refused, the form comes back open
    let mut over = fields.clone();
    over[4].1 = "99".into();
    let pairs: Vec<(&str, &str)> = over.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = app
        .post_form(&format!("/cases/{id}/assessments"), &staff, &pairs, true)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("id=\"assess\" class=\"hidden-print\" open"),
        "{}",
        r.body
    );
    assert!(r.body.contains("得分须在 0 至 20 之间"), "{}", r.body);
    // a date in the future: refused
    let mut future = fields.clone();
    future[2].1 = "2024-11-11".into();
    let pairs: Vec<(&str, &str)> = future
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = app
        .post_form(&format!("/cases/{id}/assessments"), &staff, &pairs, true)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = app
        .post_form(&format!("/cases/{id}/assessments"), &staff, &pairs, true)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), Some(format!("/cases/{id}#care").as_str()));
    let page = app.get(&format!("/cases/{id}"), Some(&staff)).await;
    assert!(page.body.contains("红色 · 高风险"), "the class shown");
    assert!(page.body.contains("至少每 7 天一次"), "the talk interval");
    assert!(page.body.contains("风险评估:64 分,红色"), "on the timeline");

    // the API shows the class; the police may read but not assess
    let api = app.get(&format!("/api/v1/cases/{id}"), Some(&staff)).await;
    let file: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let body = &file["case"];
    assert_eq!(body["risk_level"], "high");
    assert_eq!(body["talk_interval_days"], 7);
    assert_eq!(body["talk_due_on"], "2024-10-15");
    let list = app
        .get(&format!("/api/v1/cases/{id}/assessments"), Some(&staff))
        .await;
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("json");
    assert_eq!(list[0]["total"], 64);
    assert_eq!(list[0]["scores"]["drug_kind"], 20);
    let police = app.login("police", PASSWORD).await.ok().expect("login");
    let r = app
        .post_json_as(
            &format!("/api/v1/cases/{id}/assessments"),
            &police,
            &json!({"version": body["version"].to_string(), "scheme_version": "1", "assessed_on": "2024-11-10"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // a reassessment through the API: every item at 0 → 绿色
    let scores: serde_json::Map<String, serde_json::Value> = default_scheme()
        .items
        .iter()
        .map(|i| (i.code.clone(), json!("0")))
        .collect();
    let r = app
        .post_json_as(
            &format!("/api/v1/cases/{id}/assessments"),
            &staff,
            &json!({"version": body["version"].to_string(), "scheme_version": "1", "assessed_on": "2024-11-10", "assessor": "李干事", "scores": scores}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(after["risk_label"], "绿色");
    assert_eq!(after["talk_interval_days"], 30);
}

pub async fn the_township_names_the_worker_who_finds_the_person_at_home(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.community_a.id, "staff", Role::CommunityStaff)
        .await;
    app.user(f.jiaotong.id, "police", Role::CommunityPolice)
        .await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let staff = app.login("staff", PASSWORD).await.ok().expect("login");
    let home = app.get("/", Some(&staff)).await;
    assert!(
        home.body.contains("目前没有指定给您的人员"),
        "{}",
        home.body
    );
    // the staff member may not assign
    let v = version(&app, &staff, id).await;
    let r = app
        .post_form(
            &format!("/cases/{id}/assignment"),
            &staff,
            &[("version", &v), ("on", "2024-10-08")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // the township chooses from its community staff and police
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(page.body.contains("id=\"assign\""), "the assignment form");
    let worker = app
        .store
        .users(
            &jiekang_store::Scope::system(),
            jiekang_store::model::PageRequest::first(50),
        )
        .await;
    let worker = worker.expect("users").items;
    let staff_id = worker
        .iter()
        .find(|u| u.username == "staff")
        .expect("staff")
        .id
        .to_string();
    let police_id = worker
        .iter()
        .find(|u| u.username == "police")
        .expect("police")
        .id
        .to_string();
    let jt_id = worker
        .iter()
        .find(|u| u.username == "jt")
        .expect("jt")
        .id
        .to_string();
    // the wrong role for the duty is refused in Chinese
    let v = version(&app, &jt, id).await;
    let r = app
        .post_form(
            &format!("/cases/{id}/assignment"),
            &jt,
            &[("version", &v), ("worker_id", &jt_id), ("on", "2024-10-08")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("责任社工须为社区专职工作人员的账号"),
        "{}",
        r.body
    );
    let r = app
        .post_form(
            &format!("/cases/{id}/assignment"),
            &jt,
            &[
                ("version", &v),
                ("worker_id", &staff_id),
                ("police_id", &police_id),
                ("on", "2024-10-08"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(
        page.body.contains("指定责任社工:staff,责任民警:police"),
        "timeline"
    );
    // 我的人员: on the worker's home page and its own list; the officer sees theirs
    let home = app.get("/", Some(&staff)).await;
    assert!(
        home.body.contains(&format!("href=\"/cases/{id}\"")),
        "{}",
        home.body
    );
    let mine = app.get("/my-persons", Some(&staff)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("张某"));
    let police = app.login("police", PASSWORD).await.ok().expect("login");
    let theirs = app.get("/my-persons", Some(&police)).await;
    assert!(theirs.body.contains("张某"), "{}", theirs.body);
    // the list as Excel: a workbook, audited
    let (status, bytes) = app.get_bytes("/my-persons/export.xlsx", &staff).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"), "an xlsx (zip) file");
    let exported = app
        .store
        .count_audit_events(
            &jiekang_store::Scope::system(),
            &jiekang_store::model::AuditFilter {
                action: Some("mine.export".into()),
                ..Default::default()
            },
        )
        .await
        .expect("audit");
    assert_eq!(exported, 1);
    // the assignment through the API: the worker taken off
    let api = app.get(&format!("/api/v1/cases/{id}"), Some(&jt)).await;
    let file: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let body = &file["case"];
    let r = app
        .post_json_as(
            &format!("/api/v1/cases/{id}/assignment"),
            &jt,
            &json!({"version": body["version"].to_string(), "worker_id": "", "police_id": police_id, "on": "2024-10-08"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = app.get("/my-persons", Some(&staff)).await;
    assert!(!mine.body.contains("张某"));
}

pub async fn an_admin_saves_a_new_scheme_version(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "root", Role::Admin).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let admin = app.login("root", PASSWORD).await.ok().expect("login");
    let page = app.get("/risk-schemes", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("第 1 版"), "{}", page.body);
    assert!(page.body.contains("红色"));
    // the form as shown, with the red class's talks every 5 days
    let mut fields: Vec<(String, String)> = Vec::new();
    let s = default_scheme();
    fields.push(("name".into(), "四色评估(修订)".into()));
    for (i, item) in s.items.iter().enumerate() {
        fields.push((format!("item_code_{i}"), item.code.clone()));
        fields.push((format!("item_label_{i}"), item.label.clone()));
        fields.push((format!("item_max_{i}"), item.max_score.to_string()));
    }
    for (i, c) in s.classes_by_score().iter().enumerate() {
        let talk = if i == 0 { 5 } else { c.talk_interval_days };
        fields.push((format!("class_code_{i}"), c.code.clone()));
        fields.push((format!("class_label_{i}"), c.label.clone()));
        fields.push((format!("class_level_{i}"), c.level.code().into()));
        fields.push((format!("class_min_{i}"), c.min_score.to_string()));
        fields.push((format!("class_talk_{i}"), talk.to_string()));
        fields.push((
            format!("class_visit_{i}"),
            c.visit_interval_days.to_string(),
        ));
        fields.push((format!("class_reassess_{i}"), c.reassess_days.to_string()));
    }
    // no class from 0: refused, nothing saved
    let bad: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| {
            (
                a.as_str(),
                if a == "class_min_3" { "10" } else { b.as_str() },
            )
        })
        .collect();
    let r = app.post_form("/risk-schemes", &admin, &bad, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("须有一个分类从 0 分起"), "{}", r.body);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = app.post_form("/risk-schemes", &admin, &pairs, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/risk-schemes", Some(&admin)).await;
    assert!(
        page.body.contains("第 2 版:四色评估(修订)"),
        "{}",
        page.body
    );
    let scheme = app.store.risk_scheme(None).await.expect("scheme");
    assert_eq!(scheme.version, 2);
    assert_eq!(scheme.scheme.classes[0].talk_interval_days, 5);
    // only administrators
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/risk-schemes", Some(&jt)).await.status,
        StatusCode::FORBIDDEN
    );
}
