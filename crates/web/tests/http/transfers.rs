//! Transfers through HTTP (CASE-4, N11): the unit picker (grouped, full paths, bad input
//! explained), a transfer that lands in a community of the receiving township, and the
//! stub the sending township keeps.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::contract::fixture::{Fixture, child};
use jiekang_store::model::Unit;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, Resp, Session};

/// The version a case page's forms carry.
fn version_of(page: &Resp) -> String {
    let needle = "name=\"version\" value=\"";
    let at = page.body.find(needle).expect("a form with a version");
    let rest = &page.body[at + needle.len()..];
    rest[..rest.find('"').expect("quote")].to_owned()
}

fn redirected(r: &Resp) -> bool {
    r.status == StatusCode::SEE_OTHER || r.status == StatusCode::FOUND
}

/// Post a step from the case page as `who`, naming a unit as the picker sends it.
async fn step(app: &App, who: &Session, case: i64, step: &str, on: &str, unit: &str) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let version = version_of(&page);
    app.post_form(
        &format!("/cases/{case}/steps"),
        who,
        &[
            ("version", &version),
            ("step", step),
            ("on", on),
            ("transfer_to_unit_id", unit),
        ],
        true,
    )
    .await
}

/// 公园街道's communities: 公园社区 and a 新华村; 新华村 also under two more townships and
/// 树林召镇, and enough villages under 树林召镇 that the target list is searched, not
/// scrolled.
async fn more_units(app: &App, f: &Fixture) -> Unit {
    let s = app.store.as_ref();
    let park = child(s, &f.gongyuan, "150602002001", "公园社区").await;
    child(s, &f.gongyuan, "150602002002", "新华村").await;
    let xinhua = child(s, &f.dongsheng, "150602003", "新华街道").await;
    child(s, &xinhua, "150602003001", "新华村").await;
    let other = child(s, &f.dalate, "150621101", "王爱召镇").await;
    child(s, &other, "150621101001", "新华村").await;
    child(s, &f.shulinzhao, "150621100001", "新华村").await;
    for i in 2..45 {
        child(
            s,
            &f.shulinzhao,
            &format!("150621100{i:03}"),
            &format!("第{i}村"),
        )
        .await;
    }
    park
}

pub async fn the_unit_picker_groups_units_by_path_and_explains_bad_input(app: App) {
    let f = app.fixture().await;
    more_units(&app, &f).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let case = executing(&app, &f).await.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2025-09-26"));

    // The execution place by its full path; the target searched among full paths.
    let page = app.get(&format!("/cases/{case}"), Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("东胜区 › 交通街道 › 某社区"),
        "{}",
        page.body
    );
    assert!(page.body.contains("list=\"target-units\""));
    assert!(page.body.contains("<datalist id=\"target-units\">"));
    assert!(
        page.body
            .contains("<option value=\"东胜区 › 公园街道 › 新华村(150602002002)\">")
    );
    assert_eq!(
        page.body.matches(" › 新华村(").count(),
        4,
        "every 新华村 with its path"
    );
    // neither the case's own unit nor its township is offered
    assert!(!page.body.contains("value=\"东胜区 › 交通街道(150602001)\""));
    assert!(
        !page
            .body
            .contains("value=\"东胜区 › 交通街道 › 某社区(150602001001)\"")
    );

    // Bad input is explained in Chinese, never a server error.
    for (typed, says) in [
        ("150699999999", "找不到单位「150699999999」"),
        ("东胜区 › 无此街道(150602999)", "找不到单位"),
        ("新华村", "有 4 个单位名为「新华村」,请选择带代码的完整路径"),
        ("<script>", "找不到单位「&#60;script&#62;」"),
    ] {
        let r = step(&app, &jt, case, "request_transfer", "2025-09-26", typed).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{typed}: {}",
            r.body
        );
        assert!(r.body.contains(says), "{typed}: {}", r.body);
    }
    let r = step(&app, &jt, case, "request_transfer", "2025-09-26", "").await;
    assert!(r.status.is_client_error(), "{}", r.body);

    // The full path chosen from the list is resolved by its code.
    let r = step(
        &app,
        &jt,
        case,
        "request_transfer",
        "2025-09-26",
        "东胜区 › 公园街道 › 新华村(150602002002)",
    )
    .await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    let page = app.get(&format!("/cases/{case}"), Some(&jt)).await;
    assert!(
        page.body.contains("东胜区 › 公园街道 › 新华村(待接收)"),
        "{}",
        page.body
    );

    // The township's queue filter: few units, a <select> grouped by parent.
    let queues = app.get("/queues?q=transfers", Some(&jt)).await;
    assert_eq!(queues.status, StatusCode::OK);
    assert!(
        queues.body.contains("<optgroup label=\"东胜区\">"),
        "{}",
        queues.body
    );
    assert!(
        queues
            .body
            .contains("<optgroup label=\"东胜区 › 交通街道\">")
    );
    assert!(
        queues
            .body
            .contains("<option value=\"150602001001\">某社区(150602001001)</option>")
    );
    let by_code = app
        .get("/queues?q=not_reported&unit_id=150602001001", Some(&jt))
        .await;
    assert_eq!(by_code.status, StatusCode::OK);
    assert!(
        by_code
            .body
            .contains("<option value=\"150602001001\" selected>")
    );
    let unknown_path = "/queues?q=not_reported&unit_id=%E6%97%A0%E6%AD%A4%E7%A4%BE%E5%8C%BA";
    let unknown = app.get(unknown_path, Some(&jt)).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    assert!(
        unknown.body.contains("找不到单位「无此社区」"),
        "{}",
        unknown.body
    );
    let english = crate::i18n::get_en(&app, unknown_path, Some(&jt)).await;
    assert_eq!(english.status, StatusCode::BAD_REQUEST);
    assert!(
        english
            .body
            .contains("There is no unit “无此社区” to choose"),
        "{}",
        english.body
    );
    // The same picker registers a person: by full path, or explained.
    let register = |unit: &'static str| {
        let jt = &jt;
        let app = &app;
        async move {
            app.post_form(
                "/persons/new",
                jt,
                &[
                    ("name", "王某"),
                    ("id_number", "150602199203040010"),
                    ("unit_id", unit),
                ],
                true,
            )
            .await
        }
    };
    let r = register("新华村").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("找不到单位「新华村」"),
        "not in the township: {}",
        r.body
    );
    let r = register("东胜区 › 交通街道 › 某社区(150602001001)").await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    // a number the list does not hold — another township's code, or one nobody has —
    // answers like a missing unit (ORG-3)
    for number in ["150602002", "150699999999"] {
        let theirs = app
            .get(
                &format!("/queues?q=not_reported&unit_id={number}"),
                Some(&jt),
            )
            .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{number}");
    }
}

pub async fn a_transfer_lands_in_a_community_and_the_sender_keeps_a_stub(app: App) {
    let f = app.fixture().await;
    let park = more_units(&app, &f).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    app.user(park.id, "park.staff", Role::CommunityStaff).await;
    app.user(f.shulinzhao.id, "slz", Role::TownshipOffice).await;
    let case = executing(&app, &f).await.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");
    let staff = app.login("park.staff", PASSWORD).await.ok().expect("login");
    let slz = app.login("slz", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2025-09-26"));

    let r = step(
        &app,
        &jt,
        case,
        "request_transfer",
        "2025-09-26",
        "150602002",
    )
    .await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    // the receiving community's staff see nothing before the township accepts
    let before = app.get(&format!("/cases/{case}"), Some(&staff)).await;
    assert_eq!(before.status, StatusCode::NOT_FOUND);

    // The receiving township chooses one of its communities.
    let page = app.get(&format!("/cases/{case}"), Some(&gy)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("<select id=\"community\" name=\"transfer_to_unit_id\" required")
    );
    assert!(
        page.body.contains("<optgroup label=\"东胜区 › 公园街道\">"),
        "{}",
        page.body
    );
    assert!(page.body.contains("公园社区(150602002001)"));
    assert!(
        !page.body.contains("某社区(150602001001)</option>"),
        "only its own communities"
    );
    let none = step(&app, &gy, case, "accept_transfer", "2025-09-26", "").await;
    assert_eq!(
        none.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        none.body
    );
    assert!(
        none.body.contains("请选择由接收单位的哪个社区执行"),
        "{}",
        none.body
    );
    let not_ours = step(
        &app,
        &gy,
        case,
        "accept_transfer",
        "2025-09-26",
        "150602001001",
    )
    .await;
    assert_eq!(
        not_ours.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        not_ours.body
    );
    assert!(
        not_ours.body.contains("某社区 不是接收单位下属的社区"),
        "{}",
        not_ours.body
    );
    let bad = step(&app, &gy, case, "accept_transfer", "2025-09-26", "公园").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("找不到单位「公园」"));
    let ok = step(
        &app,
        &gy,
        case,
        "accept_transfer",
        "2025-09-26",
        "150602002001",
    )
    .await;
    assert!(redirected(&ok), "{} {}", ok.status, ok.body);

    // The community's staff now hold the case.
    let theirs = app.get(&format!("/cases/{case}"), Some(&staff)).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(theirs.body.contains("东胜区 › 公园街道 › 公园社区"));
    assert!(theirs.body.contains("已通知(待报到)"));
    // the receiver's work after the acceptance
    app.clock.set(day("2025-09-27"));
    let r = step(&app, &gy, case, "report_in", "2025-09-27", "").await;
    assert!(redirected(&r), "{} {}", r.status, r.body);

    // The sending township keeps a stub up to the acceptance, audited.
    let reads = app
        .store
        .audit_count("case.read_transferred")
        .await
        .expect("count");
    let stub = app.get(&format!("/cases/{case}"), Some(&jt)).await;
    assert_eq!(stub.status, StatusCode::OK, "{}", stub.body);
    assert!(
        stub.body
            .contains("已变更执行地至 东胜区 › 公园街道 › 公园社区(2025-09-26)"),
        "{}",
        stub.body
    );
    assert!(stub.body.contains("张某"));
    let english = crate::i18n::get_en(&app, &format!("/cases/{case}"), Some(&jt)).await;
    assert!(
        english
            .body
            .contains("Transferred to 东胜区 › 公园街道 › 公园社区 (2025-09-26)"),
        "{}",
        english.body
    );
    assert!(stub.body.contains("申请变更执行地至 公园街道"));
    assert!(
        !stub.body.contains("在新执行地报到"),
        "nothing after the acceptance"
    );
    assert!(!stub.body.contains("/persons/"), "no way into the archive");
    assert_eq!(
        app.store
            .audit_count("case.read_transferred")
            .await
            .expect("count"),
        reads + 2,
        "each read of the stub, in either language"
    );
    // it cannot act on the case any more
    let r = app
        .post_form(
            &format!("/cases/{case}/steps"),
            &jt,
            &[("version", "9"), ("step", "abscond"), ("on", "2025-09-27")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // a third township learns nothing
    let other = app.get(&format!("/cases/{case}"), Some(&slz)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}
