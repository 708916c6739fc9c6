//! The holiday calendar page (D2): administrators enter a year; everyone else is kept out.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::harness::{App, PASSWORD};

pub async fn an_admin_enters_a_new_year_and_it_takes_effect(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "root", Role::Admin).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let admin = app.login("root", PASSWORD).await.ok().expect("login");

    let before = app.get("/calendar?date=2027-01-04", Some(&admin)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(
        before.body.contains("尚未录入") && before.body.contains("暂定"),
        "unknown year is provisional"
    );

    let bad = app
        .post_form(
            "/calendar/import",
            &admin,
            &[("notice", "2027-13-01\tholiday\t元旦")],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("第1行"), "{}", bad.body);
    assert!(
        app.store
            .calendar_notices()
            .await
            .expect("notices")
            .is_empty(),
        "nothing written"
    );

    let notice = "#year 2027\n2027-01-01\tholiday\t元旦\n2027-01-04\tholiday\t补假\n";
    let ok = app
        .post_form("/calendar/import", &admin, &[("notice", notice)], true)
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let after = app.get("/calendar?date=2027-01-04", Some(&admin)).await;
    assert!(after.body.contains("休息日(补假)"), "{}", after.body);
    let year = app.get("/calendar?year=2027", Some(&admin)).await;
    assert!(year.body.contains("2027-01-01") && year.body.contains("元旦"));

    let json = app.get("/api/v1/calendar?year=2027", Some(&admin)).await;
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(v["year_known"], true);
    assert_eq!(v["entered_years"], serde_json::json!([2027]));
    assert_eq!(v["entries"][1]["name"], "补假");

    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/calendar", Some(&jt)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post_form("/calendar/import", &jt, &[("notice", notice)], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.calendar_notices().await.expect("notices").len(),
        1
    );
}
