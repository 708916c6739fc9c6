//! Jurisdiction scope through HTTP (ORG-3): out of scope answers exactly like missing.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::contract::fixture::new_person;

use crate::fixtures::register;
use crate::harness::{App, PASSWORD};

pub async fn a_township_cannot_list_read_or_write_another_townships_persons(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let theirs = register(
        &app,
        f.gongyuan_user.id,
        &f.gongyuan,
        "李某",
        "150621198511204560",
    )
    .await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");

    let list = app.get("/persons", Some(&jt)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("李某") && list.body.contains("没有符合条件的人员"));
    let own = app.get("/persons", Some(&gy)).await;
    assert!(own.body.contains("李某"));

    let page = app.get(&format!("/persons/{}", theirs.id), Some(&jt)).await;
    let missing = app.get("/persons/999999", Some(&jt)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        page.body, missing.body,
        "out of scope answers exactly like missing"
    );
    let api = app
        .get(&format!("/api/v1/persons/{}", theirs.id), Some(&jt))
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let search = app
        .get("/api/v1/persons?id_number=150621198511204560", Some(&jt))
        .await;
    assert!(!search.body.contains("李某"), "{}", search.body);

    // registering into the other township's unit is refused, nothing written
    let fields = [
        ("name", "越权"),
        ("id_number", "150602199001011238"),
        ("unit_id", &f.gongyuan.id.to_string()),
    ];
    let r = app.post_form("/persons/new", &jt, &fields, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store
            .count_persons(&jiekang_store::Scope::system())
            .await
            .expect("count"),
        1
    );

    // units and users of the other township are out of reach too
    let units = app.get("/units", Some(&jt)).await;
    assert!(units.body.contains("交通街道") && !units.body.contains("公园街道"));
    let rename = app
        .post_form(
            &format!("/units/{}/rename", f.gongyuan.id),
            &jt,
            &[("name", "改名"), ("version", "1")],
            true,
        )
        .await;
    assert!(
        matches!(rename.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "{}",
        rename.status
    );
}

pub async fn roles_without_the_permission_are_forbidden(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "root", Role::Admin).await;
    app.user(f.dongsheng.id, "district", Role::DistrictOffice)
        .await;
    let admin = app.login("root", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/persons", Some(&admin)).await.status,
        StatusCode::FORBIDDEN,
        "admins never read persons"
    );
    assert_eq!(
        app.get("/api/v1/persons", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/users", Some(&admin)).await.status, StatusCode::OK);
    let district = app.login("district", PASSWORD).await.ok().expect("login");
    assert_eq!(
        app.get("/persons/new", Some(&district)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post_form("/users", &district, &[("username", "x")], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

pub async fn bad_registrations_are_explained_and_nothing_is_written(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let unit = f.community_a.id.to_string();
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("name", "张某"),
                ("id_number", "150602199001011239"),
                ("unit_id", &unit),
            ],
            "校验码",
        ),
        (
            &[
                ("name", "张某"),
                ("id_number", "1506021990"),
                ("unit_id", &unit),
            ],
            "位",
        ),
        (
            &[
                ("name", ""),
                ("id_number", "150602199001011238"),
                ("unit_id", &unit),
            ],
            "姓名",
        ),
        (
            &[
                ("name", "<script>alert(1)</script>"),
                ("id_number", "'; DROP TABLE persons; --"),
                ("unit_id", "abc"),
            ],
            "姓名",
        ),
    ];
    for (fields, expected) in cases {
        let r = app.post_form("/persons/new", &jt, fields, true).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(r.body.contains(expected), "{expected}: {}", r.body);
        assert!(
            !r.body.contains("<script>alert(1)"),
            "input is shown escaped"
        );
    }
    assert_eq!(
        app.store
            .count_persons(&jiekang_store::Scope::system())
            .await
            .expect("count"),
        0
    );
}

pub async fn the_person_list_exports_to_excel_masked_scoped_and_audited(app: App) {
    use calamine::{Reader, Xlsx};
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let system = jiekang_store::Scope::system();
    for (unit, name, id) in [
        (&f.community_a, "张某", "150602199001011238"),
        (&f.gongyuan, "李某", "150621198511204560"),
    ] {
        app.store
            .create_person(&system, f.dongsheng_user.id, &new_person(unit, name, id))
            .await
            .expect("person");
    }
    // N18: the sheet shows the age on this day, not the birth date
    app.clock
        .set(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"));
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let r = app.get_bytes("/persons/export.xlsx", &jt).await;
    assert_eq!(r.0, StatusCode::OK);
    let mut book = Xlsx::new(std::io::Cursor::new(r.1)).expect("a real xlsx file");
    let sheet = book.worksheet_range("人员名单").expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(
        rows[0][0].starts_with("人员名单 · 交通街道 · 导出:jt · "),
        "a title row: {rows:?}"
    );
    assert_eq!(rows[1], ["姓名", "证件号码", "性别", "年龄", "所属单位"]);
    assert_eq!(rows.len(), 3, "only the township's own person: {rows:?}");
    assert_eq!(
        rows[2],
        ["张某", "150602********1238", "男", "36", "某社区"]
    );
    assert_eq!(
        sheet.get_value((2, 3)),
        Some(&calamine::Data::Float(36.0)),
        "the age is a number"
    );
    assert_eq!(
        app.store.audit_count("person.export").await.expect("count"),
        1
    );
}
