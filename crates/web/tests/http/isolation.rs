//! CASE-1, CASE-2, N16 — the release from compulsory isolation through the router: the
//! centre records a release with a 社区康复 order (the person new to the system), sees it
//! pending and then overdue; the township sees it among its hand-overs, acknowledges it
//! (接收) and enters the rehabilitation decision the normal way, which links the case; a
//! release without an order is a CASE-1 quality finding; the centre reads no archive.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::day;
use crate::harness::{App, PASSWORD, location};

const RELEASED_ID: &str = "150602198503040018";

pub async fn a_release_is_handed_over_acknowledged_and_becomes_a_rehabilitation_case(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "centre", Role::IsolationCentre).await;
    app.user(f.jiaotong.id, "jt.office", Role::TownshipOffice)
        .await;
    app.user(f.gongyuan.id, "gy.office", Role::TownshipOffice)
        .await;
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    app.clock.set(day("2024-09-28"));
    let centre = app.login("centre", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt.office", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy.office", PASSWORD).await.ok().expect("login");

    // the centre's home page is its desk
    let home = app.get("/", Some(&centre)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("action=\"/isolation/releases\""),
        "{}",
        home.body
    );
    let jiaotong = f.jiaotong.id.to_string();
    let form = |released_on: &'static str, number: &'static str| {
        vec![
            ("id_number", RELEASED_ID.to_owned()),
            ("name", "出所某".to_owned()),
            ("released_on", released_on.to_owned()),
            ("centre_name", "鄂尔多斯市强制隔离戒毒所".to_owned()),
            ("unit_id", jiaotong.clone()),
            ("order", "yes".to_owned()),
            ("order_number", number.to_owned()),
            ("order_decided_on", "2024-09-26".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let centre = &centre;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/isolation/releases", centre, &fields, true)
                .await
        }
    };
    // refused, explained, nothing written: a future date, an order without number
    let r = post(form("2024-09-29", "鄂公(禁)康字〔2024〕9号")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("出所日期不能晚于今天"), "{}", r.body);
    let r = post(form("2024-09-27", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("决定书文号"), "{}", r.body);
    assert_eq!(
        app.store.max_person_id().await.expect("max"),
        0,
        "nothing written"
    );
    // recorded: the hand-over is due on J1's deadline
    let r = post(form("2024-09-27", "鄂公(禁)康字〔2024〕9号")).await;
    let to = location(&r).expect("redirect").to_owned();
    assert!(to.starts_with("/isolation/releases/"), "{to}");
    let id: i64 = to
        .trim_start_matches("/isolation/releases/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let page = app.get(&to, Some(&centre)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2024-10-12") && page.body.contains("待接收"));
    assert!(!page.body.contains(RELEASED_ID), "the number is masked");
    assert!(
        !page.body.contains("/persons/"),
        "no archive for the centre"
    );
    // the centre reads no archive at all
    let person = app
        .store
        .max_person_id()
        .await
        .expect("the person was registered");
    let r = app.get(&format!("/persons/{person}"), Some(&centre)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // overdue the day after the deadline, on both sides
    app.clock.set(day("2024-10-13"));
    let desk = app.get("/isolation", Some(&centre)).await;
    assert!(desk.body.contains("逾期未接收"), "{}", desk.body);
    let incoming = app.get("/releases", Some(&jt)).await;
    assert_eq!(incoming.status, StatusCode::OK);
    assert!(incoming.body.contains("出所某") && incoming.body.contains("逾期未接收"));
    // the other township sees nothing of it
    let theirs = app.get("/releases", Some(&gy)).await;
    assert!(!theirs.body.contains("出所某"));
    assert_eq!(
        app.get(&format!("/releases/{id}"), Some(&gy)).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_form(&format!("/releases/{id}/receive"), &gy, &[], true)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Excel on both sides
    for (path, s) in [
        ("/isolation/export.xlsx", &centre),
        ("/releases/export.xlsx", &jt),
    ] {
        let x = app.get(path, Some(s)).await;
        assert_eq!(x.status, StatusCode::OK, "{path}");
    }

    // 接收: a date before the release is refused; then acknowledged once
    let r = app
        .post_form(
            &format!("/releases/{id}/receive"),
            &jt,
            &[("on", "2024-09-20"), ("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .post_form(
            &format!("/releases/{id}/receive"),
            &jt,
            &[("on", "2024-10-13"), ("confirm", "yes")],
            true,
        )
        .await;
    assert_eq!(
        location(&r),
        Some(format!("/releases/{id}?done=received").as_str())
    );
    let page = app
        .get(&format!("/releases/{id}?done=received"), Some(&jt))
        .await;
    assert!(page.body.contains("已接收,未立案"), "{}", page.body);
    // N1: the decision is the police's to enter; the office is told so
    assert!(page.body.contains("社区民警录入"));
    assert!(!page.body.contains(&format!("/persons/{person}/cases/new")));
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    let page = app.get(&format!("/releases/{id}"), Some(&police)).await;
    assert!(page.body.contains(&format!("/persons/{person}/cases/new")));
    let again = app
        .post_form(&format!("/releases/{id}/receive"), &jt, &[], true)
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    // the police enter the 社区康复 decision the normal way
    let decided = app
        .post_form(
            &format!("/persons/{person}/cases/new"),
            &police,
            &[
                ("measure", "community_rehab"),
                ("decided_years", "2"),
                ("deciding_organ", "鄂尔多斯市公安局"),
                ("decision_number", "鄂公(禁)康字〔2024〕9号"),
                ("decided_on", "2024-09-26"),
                ("served_on", "2024-09-27"),
                ("unit_id", &jiaotong),
                ("place_basis", "household"),
            ],
            true,
        )
        .await;
    let case = location(&decided)
        .unwrap_or_else(|| panic!("{} {}", decided.status, decided.body))
        .to_owned();
    assert!(case.starts_with("/cases/"), "{case}");
    let page = app.get(&format!("/releases/{id}"), Some(&jt)).await;
    assert!(
        page.body.contains(&format!("href=\"{case}\"")),
        "{}",
        page.body
    );
    let desk = app.get("/isolation", Some(&centre)).await;
    assert!(desk.body.contains("已建立社区康复档案"), "{}", desk.body);
}
