//! INFO-1 through the router: registration is no oracle of where an ID number is held,
//! and the holding office works the task it gets (待办事项).

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::harness::{App, PASSWORD, hidden, location};

const HELD: &str = "150602199001011238";

/// 达拉特旗's township tries to register a number 交通街道 holds, through the page and
/// the API: both refusals name neither the unit nor the person, each registration counts
/// against the search limit, and 交通街道's office finds one task, answers it through the
/// page and sees it finished.
pub async fn an_out_of_scope_duplicate_names_nothing_and_becomes_the_holders_task(app: App) {
    let f = app.fixture().await;
    app.store
        .create_person(
            &jiekang_store::Scope::system(),
            f.jiaotong_user.id,
            &jiekang_store::contract::fixture::new_person(&f.community_a, "张某", HELD),
        )
        .await
        .expect("held");
    app.user(f.dalate.id, "sl", Role::CommunityStaff).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let sl = app.login("sl", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let unit = f.shulinzhao.id.to_string();
    let form = [
        ("name", "另一人"),
        ("id_type", "resident_id"),
        ("id_number", HELD),
        ("unit_id", unit.as_str()),
    ];
    let page = app.post_form("/persons/new", &sl, &form, true).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let api = app
        .post_json_as(
            "/api/v1/persons",
            &sl,
            &serde_json::json!({"name": "另一人", "id_type": "resident_id", "id_number": HELD, "unit_id": unit}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    for body in [&page.body, &api.body] {
        assert!(body.contains("已在其他辖区登记"), "{body}");
        for secret in ["交通街道", "某社区", "东胜区", "张某"] {
            assert!(
                !body.contains(secret),
                "the refusal reveals {secret}: {body}"
            );
        }
    }
    // two refusals audited, one task for the holder
    assert_eq!(
        app.store
            .audit_count("person.duplicate_refused")
            .await
            .expect("count"),
        2
    );
    let list = app.get("/tasks", Some(&jt)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("他处登记重复证件号码") && list.body.contains("张某"));
    assert!(list.body.contains("树林召镇"), "the holder sees who asked");
    let api_list = app.get("/api/v1/tasks", Some(&jt)).await;
    let v: serde_json::Value = serde_json::from_str(&api_list.body).expect("json");
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{v}");
    let id = items[0]["id"].as_i64().expect("id");
    assert!(
        items[0]["opened_at"]
            .as_str()
            .is_some_and(|t| t.ends_with("+08:00")),
        "Beijing time: {v}"
    );
    // the registering side has no task list of its own for this
    let theirs = app.get(&format!("/tasks/{id}"), Some(&sl)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    // the holder answers through the page: a future date is refused, then it is closed
    let task_page = app.get(&format!("/tasks/{id}"), Some(&jt)).await;
    assert_eq!(task_page.status, StatusCode::OK);
    let version = hidden(&task_page.body, "version").expect("version");
    let tomorrow = (app.clock.today() + chrono::Days::new(1)).to_string();
    let bad = app
        .post_form(
            &format!("/tasks/{id}/answer"),
            &jt,
            &[
                ("version", &version),
                ("answer", "已核实"),
                ("answered_on", &tomorrow),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("办理日期不能晚于今天"), "{}", bad.body);
    let today = app.clock.today().to_string();
    let done = app
        .post_form(
            &format!("/tasks/{id}/answer"),
            &jt,
            &[
                ("version", &version),
                ("answer", "已核实为同一人,与树林召镇联系办理变更执行地"),
                ("answered_on", &today),
            ],
            true,
        )
        .await;
    assert_eq!(location(&done), Some(format!("/tasks/{id}").as_str()));
    let shown = app.get(&format!("/tasks/{id}"), Some(&jt)).await;
    assert!(shown.body.contains("已办结") && shown.body.contains("与树林召镇联系"));
    assert!(!shown.body.contains("提交办理情况"), "no second answer");
    let open = app.get("/tasks", Some(&jt)).await;
    assert!(open.body.contains("当前没有待办事项"), "{}", open.body);
    let finished = app.get("/tasks?list=finished", Some(&jt)).await;
    assert!(finished.body.contains("他处登记重复证件号码"));

    // The finished list exports to Excel with its dates as dates, audited.
    let (status, bytes) = app.get_bytes("/tasks/export.xlsx?list=finished", &jt).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = first_sheet(bytes);
    assert!(
        sheet[0][0].starts_with("待办事项(已办结) · 交通街道 · 导出:jt · "),
        "{sheet:?}"
    );
    assert_eq!(sheet[1][0], "事项");
    assert_eq!(sheet.len(), 3, "{sheet:?}");
    assert_eq!(sheet[2][0], "他处登记重复证件号码");
    assert_eq!(sheet[2][1], "张某");
    assert!(sheet[2][9].contains("与树林召镇联系"), "{sheet:?}");
    assert_eq!(
        app.store.audit_count("task.export").await.expect("count"),
        1
    );
    // 树林召镇's staff export nothing of 交通街道's.
    let (_, bytes) = app.get_bytes("/tasks/export.xlsx?list=finished", &sl).await;
    assert_eq!(first_sheet(bytes).len(), 2, "title and header only");
}

/// Every cell of a workbook's first sheet, row by row, as text.
fn first_sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("range");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Registrations count against the per-user search limit: past it, a registration is
/// answered 429 and nothing is written.
pub async fn registrations_count_against_the_search_limit(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let limit = jiekang_web::WebConfig::default().searches_per_minute;
    let unit = f.community_a.id.to_string();
    for i in 0..limit {
        // the first registers the person; the others are refused as duplicates — all count
        let r = app
            .post_form(
                "/persons/new",
                &jt,
                &[
                    ("name", "探测"),
                    ("id_type", "resident_id"),
                    ("id_number", "150602199001011238"),
                    ("unit_id", unit.as_str()),
                ],
                true,
            )
            .await;
        assert!(
            r.status == StatusCode::SEE_OTHER || r.status == StatusCode::UNPROCESSABLE_ENTITY,
            "registration {i}: {}",
            r.status
        );
    }
    let over = app
        .post_form(
            "/persons/new",
            &jt,
            &[
                ("name", "探测"),
                ("id_type", "resident_id"),
                ("id_number", "150621198511204560"),
                ("unit_id", unit.as_str()),
            ],
            true,
        )
        .await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    assert!(over.body.contains("查询过于频繁"));
    assert_eq!(
        app.store
            .count_persons(&jiekang_store::Scope::system())
            .await
            .expect("count"),
        1,
        "only the first registration was written"
    );
}
