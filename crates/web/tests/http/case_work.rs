//! Case work through HTTP: a 社区戒毒 order's whole three-year life with a
//! fixed clock, refusals and stale saves, queues and their Excel export, and scope on
//! every new route.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::contract::fixture::new_person;

use crate::fixtures::{day, decide_detox, register, register_zhang};
use crate::harness::{App, PASSWORD, Resp, Session};

/// The version a case page's forms carry.
fn version_of(page: &Resp) -> String {
    let needle = "name=\"version\" value=\"";
    let at = page.body.find(needle).expect("a form with a version");
    let rest = &page.body[at + needle.len()..];
    rest[..rest.find('"').expect("quote")].to_owned()
}

async fn step(app: &App, who: &Session, case: i64, step: &str, on: &str) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let version = version_of(&page);
    app.post_form(
        &format!("/cases/{case}/steps"),
        who,
        &[("version", &version), ("step", step), ("on", on)],
        true,
    )
    .await
}

async fn test(app: &App, who: &Session, case: i64, on: &str, outcome: &str) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    let version = version_of(&page);
    let sample = if outcome == "negative" || outcome == "positive" {
        "urine"
    } else {
        ""
    };
    app.post_form(
        &format!("/cases/{case}/tests"),
        who,
        &[
            ("version", &version),
            ("tested_on", on),
            ("tested_time", "09:30"),
            ("kind", "laboratory"),
            ("sample", sample),
            ("outcome", outcome),
            ("tester_1", "王警官"),
            ("tester_2", "李干事"),
            ("planned", "yes"),
        ],
        true,
    )
    .await
}

fn redirected(r: &Resp) -> bool {
    r.status == StatusCode::SEE_OTHER || r.status == StatusCode::FOUND
}

pub async fn a_detox_order_lives_three_years_through_http(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");

    // J1: the decision, 2024-09-27, served the next day.
    app.clock.set(day("2024-09-28"));
    let decided = app
        .post_form(
            &format!("/persons/{}/cases/new", person.id),
            &police,
            &[
                ("measure", "community_detox"),
                ("deciding_organ", "东胜区公安分局"),
                ("decision_number", "东公(禁)决字〔2024〕001号"),
                ("decided_on", "2024-09-27"),
                ("served_on", "2024-09-28"),
                ("family_served_on", "2024-09-28"),
                ("unit_id", &f.community_a.id.to_string()),
                ("place_basis", "household"),
            ],
            true,
        )
        .await;
    assert!(redirected(&decided), "{} {}", decided.status, decided.body);
    let location = decided.headers["location"].to_str().expect("location");
    let case: i64 = location.trim_start_matches("/cases/").parse().expect("id");
    let page = app.get(location, Some(&jt)).await;
    assert!(page.body.contains("2024-10-12") && page.body.contains("2024-10-14"));
    assert!(page.body.contains("已决定"));

    // Scope: the other township sees and changes nothing.
    let theirs = app.get(&format!("/cases/{case}"), Some(&gy)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let r = app
        .post_form(
            &format!("/cases/{case}/steps"),
            &gy,
            &[
                ("version", "1"),
                ("step", "report_in"),
                ("on", "2024-09-28"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/queues?q=not_reported", Some(&gy))
            .await
            .body
            .contains("张某")
    );

    // Notification, hand-over acknowledged from the queue, report-in, agreement.
    app.clock.set(day("2024-10-08"));
    let r = step(&app, &police, case, "notify", "2024-10-08").await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    let queue = app.get("/queues?q=handovers", Some(&jt)).await;
    assert!(queue.body.contains("张某") && queue.body.contains("确认接收"));
    let at = queue.body.find("/handovers/").expect("hand-over form");
    let id: String = queue.body[at + 11..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let r = app
        .post_form(&format!("/handovers/{id}/receive"), &jt, &[], true)
        .await;
    assert!(redirected(&r), "{}", r.body);
    assert!(
        app.get("/queues?q=handovers", Some(&jt))
            .await
            .body
            .contains("当前没有需要办理的事项")
    );

    // An illegal step is explained, nothing changes.
    let r = step(&app, &jt, case, "sign_agreement", "2024-10-08").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("不能执行"), "{}", r.body);
    assert!(redirected(
        &step(&app, &jt, case, "report_in", "2024-10-08").await
    ));
    // A second user saving with the version they loaded before is refused.
    let stale = app
        .post_form(
            &format!("/cases/{case}/steps"),
            &jt,
            &[
                ("version", "1"),
                ("step", "sign_agreement"),
                ("on", "2024-10-08"),
            ],
            true,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("已被他人修改"));
    assert!(redirected(
        &step(&app, &jt, case, "sign_agreement", "2024-10-08").await
    ));
    let page = app.get(&format!("/cases/{case}"), Some(&jt)).await;
    assert!(page.body.contains("执行中") && page.body.contains("2027-10-07"));
    let agreement = app
        .get(&format!("/cases/{case}/agreement"), Some(&jt))
        .await;
    assert!(agreement.body.contains("2024年10月8日") && agreement.body.contains("社区戒毒协议"));
    // N5: 甲方 is the township's office (the case runs in 某社区 under 交通街道)
    assert!(
        agreement
            .body
            .contains("甲方(执行地):</strong>交通街道社区戒毒社区康复工作办公室"),
        "{}",
        agreement.body
    );

    // Three years of tests: on each window's planned day the test is on the police's
    // queue for today; it is recorded through the form and leaves the queue.
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, case)
        .await
        .expect("file");
    assert_eq!(file.windows.len(), 22);
    for (i, w) in file.windows.iter().enumerate() {
        let planned = w.planned_on;
        app.clock.set(planned);
        let today = app.get("/queues?q=tests_today", Some(&police)).await;
        if i == 5 {
            // one window is left untested: it stays overdue, then missed
            continue;
        }
        assert!(today.body.contains("张某"), "window {} on {planned}", w.idx);
        let r = test(&app, &police, case, &planned.to_string(), "negative").await;
        assert!(redirected(&r), "window {}: {}", w.idx, r.body);
        let after = app.get("/queues?q=tests_today", Some(&police)).await;
        assert!(!after.body.contains("张某"), "window {} done", w.idx);
    }
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, case)
        .await
        .expect("file");
    assert_eq!(file.tests.len(), 21);
    assert_eq!(
        file.windows.iter().filter(|w| w.done_on.is_none()).count(),
        1
    );

    // Expiry on the day after the term's last day (N12), by the police.
    app.clock.set(day("2027-10-01"));
    let expiring = app.get("/queues?q=expiring", Some(&jt)).await;
    assert!(expiring.body.contains("张某"));
    let early = step(&app, &police, case, "expire", "2027-10-01").await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.clock.set(day("2027-10-08"));
    assert!(redirected(
        &step(&app, &police, case, "expire", "2027-10-08").await
    ));
    let page = app.get(&format!("/cases/{case}"), Some(&jt)).await;
    assert!(page.body.contains("期满解除"));
    assert!(
        page.body.contains("2027-10-15"),
        "N12: police notify within 7 days"
    );
    assert!(page.body.contains("漏检"));
    // A closed case offers no forms and takes no more records.
    assert!(!page.body.contains("name=\"version\""));
    let version = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, case)
        .await
        .expect("file")
        .case
        .version
        .to_string();
    let r = app
        .post_form(
            &format!("/cases/{case}/records"),
            &police,
            &[
                ("version", &version),
                ("kind", "warning"),
                ("on", "2027-10-08"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("期满解除"), "{}", r.body);
}

pub async fn queues_export_to_excel_scoped_and_audited(app: App) {
    use calamine::Reader;
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    for (unit, name, id) in [
        (&f.community_a, "张某", "150602199001011238"),
        (&f.gongyuan, "李某", "150621198511204560"),
    ] {
        let person = register(&app, f.jiaotong_user.id, unit, name, id).await;
        decide_detox(&app, &f, person.id, unit.id).await;
    }
    app.clock.set(day("2024-10-20"));
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let page = app.get("/queues?q=not_reported", Some(&jt)).await;
    assert!(page.body.contains("张某") && !page.body.contains("李某"));
    assert!(page.body.contains("150602********1238") && !page.body.contains("150602199001011238"));
    assert!(
        page.body.contains("逾期"),
        "the hand-over deadline 2024-10-12 has passed"
    );
    let before = app.store.audit_count("queue.export").await.expect("count");
    let (status, bytes) = app
        .get_bytes("/queues/export.xlsx?q=not_reported", &jt)
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range_at(0).expect("sheet").expect("range");
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(cells.contains(&"张某".to_owned()));
    assert!(!cells.contains(&"李某".to_owned()));
    assert!(cells.contains(&"150602********1238".to_owned()));
    assert_eq!(
        app.store.audit_count("queue.export").await.expect("count"),
        before + 1
    );
    // Filtered by a unit of the scope; a unit outside it answers like a missing one.
    let by_unit = app
        .get(
            &format!("/queues?q=not_reported&unit_id={}", f.community_a.id),
            Some(&jt),
        )
        .await;
    assert!(by_unit.body.contains("张某"));
    let other = app
        .get(
            &format!("/queues?q=not_reported&unit_id={}", f.gongyuan.id),
            Some(&jt),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let api = app
        .get(
            &format!("/api/v1/queues?q=not_reported&unit_id={}", f.community_a.id),
            Some(&jt),
        )
        .await;
    assert!(api.body.contains("张某"), "{}", api.body);
    // The home page leads with the township's queues.
    let home = app.get("/", Some(&jt)).await;
    assert!(home.body.contains("未通知/未报到") && home.body.contains("/queues?q=handovers"));
}

/// The JSON twin of case work: bearer tokens, the same rules and messages.
pub async fn case_work_through_the_json_api(app: App) {
    use axum::body::Body;
    use axum::http::{Request, header};
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    app.clock.set(day("2024-10-08"));
    let token = |username: &'static str| {
        let app = &app;
        async move {
            let r = app
                .post_json(
                    "/api/v1/session",
                    &serde_json::json!({"username": username, "password": PASSWORD}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
            v["token"].as_str().expect("token").to_owned()
        }
    };
    let police = token("jt.police").await;
    let gy = token("gy").await;
    let call = |method: &str, path: String, token: &str, body: Option<serde_json::Value>| {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or(Body::empty(), |b| Body::from(b.to_string())))
            .expect("request");
        app.send(req)
    };
    let created = call(
        "POST",
        format!("/api/v1/persons/{}/cases", person.id),
        &police,
        Some(serde_json::json!({
            "unit_id": f.community_a.id.to_string(), "measure": "community_detox",
            "deciding_organ": "东胜区公安分局", "decision_number": "001",
            "decided_on": "2024-09-27", "served_on": "2024-09-28", "place_basis": "household"
        })),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let v: serde_json::Value = serde_json::from_str(&created.body).expect("json");
    let id = v["id"].as_i64().expect("id");
    assert_eq!(v["handover_deadline"], "2024-10-12");
    assert_eq!(v["report_deadline"], "2024-10-14");
    assert_eq!(v["state_label"], "已决定");
    let bad = call(
        "POST",
        format!("/api/v1/persons/{}/cases", person.id),
        &police,
        Some(serde_json::json!({"measure": "community_rehab", "decided_on": "明天"})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("decided_years") && bad.body.contains("社区康复须填写决定期限"));

    let notify = serde_json::json!({"version": "1", "step": "notify", "on": "2024-10-08"});
    let r = call(
        "POST",
        format!("/api/v1/cases/{id}/steps"),
        &police,
        Some(notify.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stale = call(
        "POST",
        format!("/api/v1/cases/{id}/steps"),
        &police,
        Some(notify),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("\"stale\""));
    let illegal = call(
        "POST",
        format!("/api/v1/cases/{id}/steps"),
        &police,
        Some(serde_json::json!({"version": "2", "step": "sign_agreement", "on": "2024-10-08"})),
    )
    .await;
    assert_eq!(illegal.status, StatusCode::CONFLICT);
    assert!(illegal.body.contains("不能执行"), "{}", illegal.body);

    let file = call("GET", format!("/api/v1/cases/{id}"), &police, None).await;
    let v: serde_json::Value = serde_json::from_str(&file.body).expect("json");
    assert_eq!(v["case"]["state"], "notified");
    assert!(v["events"].as_array().expect("events").len() >= 2);
    let queue = call("GET", "/api/v1/queues?q=handovers".into(), &police, None).await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("150602********1238"), "{}", queue.body);
    let unknown = call("GET", "/api/v1/queues?q=everything".into(), &police, None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    // out of scope: exactly like missing
    let theirs = call("GET", format!("/api/v1/cases/{id}"), &gy, None).await;
    let missing = call("GET", "/api/v1/cases/999999".into(), &gy, None).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.body, missing.body);
    let openapi = app.get("/api/v1/openapi.json", None).await;
    assert!(
        openapi.body.contains("/api/v1/cases/{id}/steps")
            && openapi.body.contains("/api/v1/queues")
    );
}

/// INFO-1: the profile form validates, refuses a stale save and shows hostile text
/// literally.
pub async fn the_profile_form_validates_and_shows_text_literally(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let path = format!("/persons/{}/profile", person.id);
    let form = app.get(&path, Some(&jt)).await;
    assert_eq!(form.status, StatusCode::OK);
    let version = version_of(&form);
    let bad = app
        .post_form(
            &path,
            &jt,
            &[
                ("version", &version),
                ("phone", "abc'; DROP TABLE persons;--"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("电话号码只能包含数字"));
    let hostile = "<script>alert(1)</script>' OR 1=1 --";
    let ok = app
        .post_form(
            &path,
            &jt,
            &[
                ("version", &version),
                ("former_names", hostile),
                ("phone", "13800000000"),
                ("fixed_home", "yes"),
                ("residence_address", "东胜区某小区"),
            ],
            true,
        )
        .await;
    assert!(redirected(&ok), "{} {}", ok.status, ok.body);
    let archive = app.get(&format!("/persons/{}", person.id), Some(&jt)).await;
    assert!(
        archive
            .body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;&#39; OR 1=1 --"),
        "stored and shown literally, escaped"
    );
    assert!(!archive.body.contains("<script>alert(1)"));
    assert!(archive.body.contains("有固定住所") && archive.body.contains("13800000000"));
    let stale = app
        .post_form(
            &path,
            &jt,
            &[("version", &version), ("ethnicity", "汉族")],
            true,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("已被他人修改"));
}

/// Break the glass — exact number, a written reason, audited, the
/// identity only, listed for the other township.
pub async fn break_the_glass_opens_one_person_outside_the_scope(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let theirs = app
        .store
        .create_person(
            &Scope::system(),
            f.gongyuan_user.id,
            &new_person(&f.gongyuan, "李某", "150621198511204560"),
        )
        .await
        .expect("person");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");
    let path = format!("/persons/{}", theirs.id);
    assert_eq!(
        app.get(&path, Some(&jt)).await.status,
        StatusCode::NOT_FOUND
    );
    let short = app
        .post_form(
            "/persons/emergency",
            &jt,
            &[("id_number", "150621198511204560"), ("reason", "查一下")],
            true,
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("不少于"));
    let open = app
        .post_form(
            "/persons/emergency",
            &jt,
            &[
                ("id_number", "150621198511204560"),
                (
                    "reason",
                    "派出所通报其在本街道滋事,需核实是否在社区康复期间",
                ),
            ],
            true,
        )
        .await;
    assert!(redirected(&open), "{} {}", open.status, open.body);
    let page = app.get(&path, Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("紧急查阅") && page.body.contains("150621198511204560"));
    assert!(!page.body.contains("录入决定"), "identity only, no actions");
    assert_eq!(
        app.store
            .audit_count("person.break_glass")
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        app.store
            .audit_count("person.read_break_glass")
            .await
            .expect("count"),
        1
    );
    let listed = app.get("/persons/emergency", Some(&gy)).await;
    assert!(listed.body.contains("滋事") && listed.body.contains("李某"));
}

/// Searches by name or number are limited per user per minute, with
/// a Chinese 429; browsing without a search is not counted, and other users go on.
pub async fn person_searches_are_rate_limited_per_user(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "jt2", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let jt2 = app.login("jt2", PASSWORD).await.ok().expect("login");
    let limit = jiekang_web::WebConfig::default().searches_per_minute;
    for i in 0..limit {
        let r = app.get("/persons?name=%E5%BC%A0", Some(&jt)).await;
        assert_eq!(r.status, StatusCode::OK, "search {i}");
    }
    let over = app.get("/persons?name=%E5%BC%A0", Some(&jt)).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(over.body.contains("查询过于频繁"));
    let api = app
        .get("/api/v1/persons?id_number=150602199001011238", Some(&jt))
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(api.body.contains("rate_limited"));
    assert_eq!(app.get("/persons", Some(&jt)).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/persons?name=%E5%BC%A0", Some(&jt2)).await.status,
        StatusCode::OK
    );
}
