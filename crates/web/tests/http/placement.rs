//! BASE-1 through the router: 人社 registers its district's placement point; the page
//! judges each district against the rule (东胜区's few persons need a point); the
//! township's placement form offers the point and the placement counts there; the
//! register exports to Excel, audited; a township cannot reach the register.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::executing;
use crate::harness::{App, PASSWORD, location};

pub async fn human_resources_keep_the_placement_points_and_placements_count_there(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "rs", Role::HumanResources).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let case = executing(&app, &f).await;
    let rs = app.login("rs", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/placement-bases", Some(&jt)).await.status,
        StatusCode::FORBIDDEN
    );
    // nothing registered: the district lacks its point, and the register says so
    let empty = app.get("/placement-bases", Some(&rs)).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(empty.body.contains("东胜区"), "{}", empty.body);
    assert!(empty.body.contains("缺少就业安置点"), "{}", empty.body);
    assert!(
        empty.body.contains("尚未登记安置基地(点)"),
        "{}",
        empty.body
    );
    // a wrong entry is explained, nothing written
    let unit = f.dongsheng.code.clone();
    let mut fields = vec![
        ("unit", unit.as_str()),
        ("name", "东胜区就业安置点"),
        ("facility", "point"),
        ("capacity", "30"),
        ("contact", "王经理"),
        ("opened_on", "2999-01-01"),
    ];
    let bad = app.post_form("/placement-bases", &rs, &fields, true).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("不能晚于今天"), "{}", bad.body);
    fields[5] = ("opened_on", "2020-03-01");
    let saved = app.post_form("/placement-bases", &rs, &fields, true).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let to = location(&saved).expect("to the entry").to_owned();
    let entry = app.get(&to, Some(&rs)).await;
    assert!(entry.body.contains("东胜区就业安置点"), "{}", entry.body);
    let list = app.get("/placement-bases", Some(&rs)).await;
    assert!(list.body.contains("符合要求"), "{}", list.body);
    assert!(!list.body.contains("缺少就业安置点"), "{}", list.body);

    // the case's employment form offers the point; a placement there counts
    let id = case.id.get();
    let form = app.get(&format!("/cases/{id}/support"), Some(&rs)).await;
    assert!(
        form.body.contains("name=\"placement_base\"") && form.body.contains("东胜区就业安置点"),
        "{}",
        form.body
    );
    let base_id = to.rsplit('/').next().expect("id").to_owned();
    let placed = app
        .post_form(
            &format!("/cases/{id}/support"),
            &rs,
            &[
                ("kind", "placement"),
                ("placement_base", base_id.as_str()),
                ("started_on", "2024-10-01"),
            ],
            true,
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    let entry = app.get(&to, Some(&rs)).await;
    assert!(entry.body.contains("目前在此安置 1 人"), "{}", entry.body);

    // Excel, audited
    let (status, xlsx) = app.get_bytes("/placement-bases/export.xlsx", &rs).await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"));
    let count = |action: &'static str| app.store.audit_count(action);
    assert_eq!(count("placement_base.export").await.expect("n"), 1);
    assert_eq!(count("placement_base.created").await.expect("n"), 1);
}
