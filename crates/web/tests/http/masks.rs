//! N18 — masks that really mask: the ID number is shown masked with digits 7–14 hidden,
//! and those digits are the birth date, so no list, queue, export or JSON list may show
//! the birth date beside it. They show the age in whole years (周岁) instead.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::{day, decide_detox, register_zhang};
use crate::harness::{App, PASSWORD, Session};

/// The birth date of 150602199001011238 in every form a page or sheet might print it.
const BIRTH_FORMS: [&str; 4] = ["1990-01-01", "19900101", "1990/01/01", "1990年1月1日"];

fn assert_no_birth_date(what: &str, text: &str) {
    for form in BIRTH_FORMS {
        assert!(!text.contains(form), "{what} shows the birth date {form}");
    }
}

/// Every cell of the first sheet of a workbook, row by row.
async fn sheet(app: &App, path: &str, session: &Session) -> Vec<Vec<String>> {
    use calamine::Reader;
    let (status, bytes) = app.get_bytes(path, session).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("range");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The row of a sheet holding `name`, with the header row's column of `header` (the
/// header is the second row, under the sheet's title).
fn cell<'a>(rows: &'a [Vec<String>], name: &str, header: &str) -> &'a str {
    let col = rows[1]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[1]));
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == name))
        .unwrap_or_else(|| panic!("no row of {name}: {rows:?}"));
    &row[col]
}

pub async fn lists_queues_and_exports_show_the_age_never_the_birth_date(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    decide_detox(&app, &f, person.id, f.community_a.id).await;
    // Born 1990-01-01: 34 on 2024-10-20 (周岁).
    app.clock.set(day("2024-10-20"));
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");

    let list = app.get("/persons", Some(&jt)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("150602********1238"), "{}", list.body);
    assert_no_birth_date("the person list", &list.body);
    assert!(
        list.body.contains(">34</td>"),
        "the list shows the age: {}",
        list.body
    );

    let queue = app.get("/queues?q=not_reported", Some(&jt)).await;
    assert!(queue.body.contains("150602********1238"), "{}", queue.body);
    assert_no_birth_date("the queue", &queue.body);
    assert!(queue.body.contains(">34</td>"), "{}", queue.body);

    for path in ["/persons/export.xlsx", "/queues/export.xlsx?q=not_reported"] {
        let rows = sheet(&app, path, &jt).await;
        assert_eq!(cell(&rows, "张某", "证件号码"), "150602********1238");
        assert_eq!(cell(&rows, "张某", "年龄"), "34", "{path}");
        assert_no_birth_date(path, &format!("{rows:?}"));
    }

    for path in ["/api/v1/persons", "/api/v1/queues?q=not_reported"] {
        let r = app.get(path, Some(&jt)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_no_birth_date(path, &r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        let item = &v["items"][0];
        assert_eq!(item["id_number_masked"], "150602********1238", "{path}");
        assert_eq!(item["age"], 34, "{path}: {}", r.body);
        assert!(item.get("birth_date").is_none(), "{path}");
    }

    // The archive of an in-scope user shows the full number, and may show the birth date.
    let archive = app.get(&format!("/persons/{}", person.id), Some(&jt)).await;
    assert!(archive.body.contains("150602199001011238"));
}
