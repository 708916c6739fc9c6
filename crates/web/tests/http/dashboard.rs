//! STAT-1 — the supervision dashboards through HTTP: a district sees its
//! townships, the city its districts, each figure leads to a list of as many rows; the
//! JSON twin and the Excel export carry the same figures; other roles get 403.

use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use jiekang_domain::permission::Role;
use jiekang_store::model::Unit;

use jiekang_web::WebConfig;

use crate::fixtures::{self, day, decide, detox_order, register};
use crate::harness::{App, PASSWORD};

/// A decided case at `unit`, notified when `notify`.
async fn case_at(app: &App, unit: &Unit, name: &str, id: &str, actor: i64, notify: bool) {
    let person = register(app, actor, unit, name, id).await;
    let order = detox_order(person.id, unit.id, &format!("{name}001"), 3);
    let case = decide(app, actor, &order).await;
    if notify {
        fixtures::notify(app, actor, &case).await;
    }
}

pub async fn district_and_city_dashboards_link_every_figure_to_its_list(app: App) {
    use calamine::Reader;
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.city.id, "city", Role::CitySupervisor).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.clock.set(day("2024-12-20"));
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");

    // nothing decided yet: a clear empty state, on the home page too
    let home = app.get("/", Some(&ds)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("督导统计") && home.body.contains("暂无统计数字"));

    let actor = f.jiaotong_user.id;
    case_at(
        &app,
        &f.community_a,
        "张某",
        "150602199001011238",
        actor,
        true,
    )
    .await;
    case_at(
        &app,
        &f.community_a,
        "王某",
        "150602198501011029",
        actor,
        false,
    )
    .await;
    case_at(&app, &f.gongyuan, "李某", "150602198501011045", actor, true).await;
    case_at(
        &app,
        &f.shulinzhao,
        "赵某",
        "150602198501011061",
        actor,
        true,
    )
    .await;

    // orders by state count at once; the day-dependent figures follow within a minute
    // (the server refreshes them in the background; forced here)
    let json = app.get("/api/v1/dashboard", Some(&ds)).await;
    assert!(
        json.body
            .contains(r#""code":"notified","label":"已通知(待报到)","count":2"#)
    );
    assert!(
        app.store
            .refresh_dashboard(Utc::now(), day("2024-12-20"), TimeDelta::zero())
            .await
            .expect("refresh")
    );
    let page = app.get("/dashboard", Some(&ds)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("交通街道") && page.body.contains("公园街道"));
    assert!(!page.body.contains("达拉特旗") && !page.body.contains("树林召镇"));
    assert!(page.body.contains("合计"));
    let notified = format!("/queues?q=state_notified&#38;unit_id={}", f.jiaotong.id);
    assert!(page.body.contains(&notified), "{}", page.body);
    assert!(page.body.contains("逾期未报到") && page.body.contains("移交逾期未接收"));
    // the list behind a figure
    let list = app
        .get(
            &format!("/queues?q=state_notified&unit_id={}", f.jiaotong.id),
            Some(&ds),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("张某") && !list.body.contains("王某"));
    // a township's tabs are those of the snapshot, and say when it was taken; one
    // community's are counted now
    assert!(list.body.contains("其余数字为"), "{}", list.body);
    let one = app
        .get(&format!("/queues?unit_id={}", f.community_a.id), Some(&ds))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(!one.body.contains("其余数字为"), "{}", one.body);

    // the city: districts side by side, in JSON with the list of each figure
    let city = app.login("city", PASSWORD).await.ok().expect("login");
    let json = app.get("/api/v1/dashboard", Some(&city)).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    let names: Vec<&str> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["unit_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["东胜区", "达拉特旗"]);
    let count = |row: &serde_json::Value, group: &str, code: &str| -> (i64, String) {
        let fig = row[group]
            .as_array()
            .expect("figures")
            .iter()
            .find(|x| x["code"] == code)
            .unwrap_or_else(|| panic!("{code}"));
        (
            fig["count"].as_i64().expect("count"),
            fig["list"].as_str().unwrap_or_default().to_owned(),
        )
    };
    assert_eq!(count(&v["total"], "states", "notified").0, 3);
    assert_eq!(count(&v["total"], "states", "ordered").0, 1);
    let dongsheng = &v["rows"][0];
    for (group, code, expected) in [
        ("states", "notified", 2),
        ("figures", "report_overdue", 2),
        ("figures", "handovers_late", 2),
    ] {
        let (n, list) = count(dongsheng, group, code);
        assert_eq!(n, expected, "{code}");
        let items = app.get(&list, Some(&city)).await;
        assert_eq!(items.status, StatusCode::OK, "{list}");
        let items: serde_json::Value = serde_json::from_str(&items.body).expect("json");
        assert_eq!(
            items["items"].as_array().expect("items").len() as i64,
            n,
            "{list}"
        );
    }
    assert_eq!(v["total"]["control_rate"]["denominator"], 4);
    assert_eq!(v["total"]["control_rate"]["numerator"], 1, "three overdue");

    // Excel, audited
    let before = app
        .store
        .audit_count("dashboard.export")
        .await
        .expect("count");
    let (status, bytes) = app.get_bytes("/dashboard/export.xlsx", &city).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("sheet").expect("range");
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    for word in ["东胜区", "达拉特旗", "合计", "已通知(待报到)", "执行率"] {
        assert!(cells.contains(&word.to_owned()), "{word}");
    }
    assert_eq!(
        app.store
            .audit_count("dashboard.export")
            .await
            .expect("count"),
        before + 1
    );

    // the city's home page is its dashboard; a township may open neither
    let home = app.get("/", Some(&city)).await;
    assert!(home.body.contains("东胜区") && home.body.contains("执行率对比"));
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    for path in ["/dashboard", "/api/v1/dashboard", "/dashboard/export.xlsx"] {
        assert_eq!(
            app.get(path, Some(&jt)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

/// `serve` keeps the snapshot fresh in the background, so a request never
/// counts it itself (at 1,000,000 persons on a cold cache that outlasted the request
/// timeout): a stale snapshot is shown as it is, marked not fresh, until the
/// background refresh has run.
pub async fn a_server_refreshing_in_the_background_never_counts_inside_a_request(app: App) {
    let f = app.fixture().await;
    let quiet = App::with_config(
        app.store.clone(),
        WebConfig {
            refresh_dashboards_inline: false,
            ..WebConfig::default()
        },
    );
    quiet.clock.set(day("2024-12-20"));
    quiet.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    case_at(
        &quiet,
        &f.community_a,
        "张某",
        "150602199001011238",
        f.jiaotong_user.id,
        true,
    )
    .await;
    let ds = quiet.login("ds", PASSWORD).await.ok().expect("login");
    let dashboard = async || {
        let json = quiet.get("/api/v1/dashboard", Some(&ds)).await;
        assert_eq!(json.status, StatusCode::OK, "{}", json.body);
        serde_json::from_str::<serde_json::Value>(&json.body).expect("json")
    };
    let before = dashboard().await;
    assert_eq!(before["fresh"], false);
    assert!(
        before["refreshed_at"].is_null(),
        "counted by nobody yet: {before}"
    );
    // the background refresh (what `serve`'s loop calls)
    assert!(
        quiet
            .store
            .refresh_dashboard(Utc::now(), day("2024-12-20"), TimeDelta::seconds(30))
            .await
            .expect("refresh")
    );
    let after = dashboard().await;
    assert_eq!(after["fresh"], true, "{after}");
    assert!(after["refreshed_at"].is_string());
}
