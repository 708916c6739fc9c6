//! FAC-1 and INSPECT-1 through the router: a township records its community's office
//! with a photo, the district reads the offices report (Excel, drill-down); the district
//! plans an inspection, records findings, sets a rectification that the township
//! answers among its tasks, returns it, closes it, issues a 通报 (printable) and records
//! a 约谈; the dashboard counts the open rectifications; another district sees none of it.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_store::contract::fixture::day;

use crate::harness::{App, PASSWORD, Session, location};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];

async fn upload(app: &App, s: &Session, path: &str, data: &[u8]) -> crate::harness::Resp {
    let boundary = "inspect-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n谈话室\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("{path}?csrf_token={}", s.csrf))
        .header(header::COOKIE, s.cookie())
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

fn id_after(to: &str, prefix: &str) -> i64 {
    to.strip_prefix(prefix)
        .and_then(|r| r.split(['#', '?']).next())
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("{to} under {prefix}"))
}

pub async fn a_township_records_its_office_and_the_district_reads_the_report(app: App) {
    app.clock.set(day("2026-03-20"));
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "gy", Role::TownshipOffice).await;
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let gy = app.login("gy", PASSWORD).await.ok().expect("login");
    let unit = f.community_a.code.clone();
    // a bad area is explained, nothing written
    let bad = app
        .post_form(
            "/offices",
            &jt,
            &[
                ("unit", unit.as_str()),
                ("address", "某社区居委会"),
                ("area", "abc"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("面积须为"), "{}", bad.body);
    let saved = app
        .post_form(
            "/offices",
            &jt,
            &[
                ("unit", unit.as_str()),
                ("address", "某社区居委会一楼"),
                ("area", "18.5"),
                ("talk", "1"),
                ("testing", "1"),
                ("equipment", "尿检试剂柜"),
            ],
            true,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let to = location(&saved).expect("to the office").to_owned();
    let office = id_after(&to, "/offices/");
    let page = app.get(&to, Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("不足20平方米"), "{}", page.body);
    // photos: JPEG kept and served in scope; anything else refused
    let photo = upload(&app, &jt, &format!("/offices/{office}/photos"), JPEG).await;
    assert_eq!(photo.status, StatusCode::SEE_OTHER, "{}", photo.body);
    let not_image = upload(&app, &jt, &format!("/offices/{office}/photos"), b"%PDF-1.4").await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_image.body.contains("JPEG或PNG"), "{}", not_image.body);
    let page = app.get(&to, Some(&ds)).await;
    let src = page
        .body
        .split("<img src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a photo on the page")
        .to_owned();
    let (status, bytes) = app.get_bytes(&src, &ds).await;
    assert_eq!((status, bytes.as_slice()), (StatusCode::OK, JPEG));
    assert_eq!(app.get(&src, Some(&gy)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&to, Some(&gy)).await.status, StatusCode::NOT_FOUND);
    // the district's report: 公园街道 without an office, 某社区 under 20 m²
    let report = app.get("/offices", Some(&ds)).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(
        report.body.contains("公园街道") && report.body.contains("18.5"),
        "{}",
        report.body
    );
    let down = app
        .get(&format!("/offices?unit={}", f.jiaotong.id), Some(&ds))
        .await;
    assert_eq!(down.status, StatusCode::OK);
    let (status, xlsx) = app.get_bytes("/offices/export.xlsx", &ds).await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"), "an xlsx");
    // a township does not inspect
    assert_eq!(
        app.get("/inspections", Some(&jt)).await.status,
        StatusCode::FORBIDDEN
    );
}

pub async fn an_inspection_runs_from_plan_to_rectification_and_notice(app: App) {
    app.clock.set(day("2026-03-20"));
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.dalate.id, "dl", Role::DistrictOffice).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let ds = app.login("ds", PASSWORD).await.ok().expect("login");
    let dl = app.login("dl", PASSWORD).await.ok().expect("login");
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let (jiaotong, community) = (f.jiaotong.id.to_string(), f.community_a.id.to_string());
    let form = app.get("/inspections/new", Some(&ds)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("某社区"), "{}", form.body);
    // the last day before the first: explained, nothing planned
    let bad = app
        .post_form(
            "/inspections",
            &ds,
            &[
                ("name", "一季度检查"),
                ("starts_on", "2026-03-31"),
                ("ends_on", "2026-03-01"),
                ("units", jiaotong.as_str()),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let planned = app
        .post_form(
            "/inspections",
            &ds,
            &[
                ("name", "一季度检查"),
                ("starts_on", "2026-03-01"),
                ("ends_on", "2026-03-31"),
                ("units", jiaotong.as_str()),
                ("units", community.as_str()),
            ],
            true,
        )
        .await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let round_to = location(&planned).expect("to the round").to_owned();
    let round = id_after(&round_to, "/inspections/");
    // findings at the community: the office fails
    let findings = format!("/inspections/{round}/findings");
    let page = app
        .get(&format!("{findings}?unit={community}"), Some(&ds))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("FAC-1"), "{}", page.body);
    let future = app
        .post_form(
            &findings,
            &ds,
            &[
                ("unit", community.as_str()),
                ("inspected_on", "2026-03-21"),
                ("result_office", "pass"),
            ],
            true,
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let recorded = app
        .post_form(
            &findings,
            &ds,
            &[
                ("unit", community.as_str()),
                ("inspected_on", "2026-03-18"),
                ("result_bodies", "pass"),
                ("result_office", "fail"),
                ("note_office", "办公室仅12平方米"),
                ("result_tests", "pass"),
            ],
            true,
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let shown = app.get(&round_to, Some(&ds)).await;
    assert!(shown.body.contains("不合格"), "{}", shown.body);
    // listed for public notice
    let public = app
        .get(&format!("/inspections/{round}/public-notice"), Some(&ds))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("东胜区"), "{}", public.body);
    // the rectification reaches the township as a task
    let set = app
        .post_form(
            &format!("/inspections/{round}/rectifications"),
            &ds,
            &[
                ("unit", community.as_str()),
                ("question", "调整办公用房至20平方米以上"),
                ("due_on", "2026-04-20"),
            ],
            true,
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let rect_to = location(&set).expect("to the rectification").to_owned();
    let task = id_after(&rect_to, "/inspections/rectifications/");
    let dash = app.get("/dashboard", Some(&ds)).await;
    assert!(
        dash.body.contains(&format!(
            "/inspections/rectifications?unit={}",
            f.jiaotong.id
        )),
        "{}",
        dash.body
    );
    let seen = app.get(&format!("/tasks/{task}"), Some(&jt)).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert!(seen.body.contains("调整办公用房"), "{}", seen.body);
    let answer = |version: &'static str| {
        let app = &app;
        let jt = &jt;
        async move {
            app.post_form(
                &format!("/tasks/{task}/answer"),
                jt,
                &[
                    ("version", version),
                    ("answer", "已调整至三楼25平方米用房"),
                    ("answered_on", "2026-03-20"),
                ],
                true,
            )
            .await
        }
    };
    assert_eq!(answer("1").await.status, StatusCode::SEE_OTHER);
    // returned without a reason: refused; with one: back to the township
    let review = format!("/inspections/rectifications/{task}/review");
    let no_reason = app
        .post_form(
            &review,
            &ds,
            &[("version", "2"), ("decision", "return")],
            true,
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason.body.contains("退回须写明理由"),
        "{}",
        no_reason.body
    );
    let returned = app
        .post_form(
            &review,
            &ds,
            &[
                ("version", "2"),
                ("decision", "return"),
                ("note", "请附照片"),
            ],
            true,
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    assert_eq!(answer("3").await.status, StatusCode::SEE_OTHER);
    let closed = app
        .post_form(
            &review,
            &ds,
            &[("version", "4"), ("decision", "accept")],
            true,
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    let page = app.get(&rect_to, Some(&ds)).await;
    assert!(page.body.contains("已办结"), "{}", page.body);
    // rectified: criticism no longer fits the findings, praise does
    let unit_field = community.as_str();
    let notice = |kind: &'static str| {
        let app = &app;
        let ds = &ds;
        async move {
            app.post_form(
                &format!("/inspections/{round}/notices"),
                ds,
                &[
                    ("unit", unit_field),
                    ("kind", kind),
                    ("title", "关于某社区整改情况的通报"),
                    ("body", "某社区按期完成办公场所整改。"),
                    ("issued_on", "2026-03-20"),
                ],
                true,
            )
            .await
        }
    };
    assert_eq!(
        notice("criticism").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let praised = notice("praise").await;
    assert_eq!(praised.status, StatusCode::SEE_OTHER, "{}", praised.body);
    let printed = app
        .get(location(&praised).expect("to the notice"), Some(&ds))
        .await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(
        printed.body.contains("检通〔2026〕表1号") && printed.body.contains("2026年3月20日"),
        "{}",
        printed.body
    );
    let summoned = app
        .post_form(
            &format!("/inspections/{round}/summons"),
            &ds,
            &[
                ("unit", community.as_str()),
                ("held_on", "2026-03-19"),
                ("attendees", "交通街道分管副主任"),
                ("content", "就办公场所不达标约谈"),
            ],
            true,
        )
        .await;
    assert_eq!(summoned.status, StatusCode::SEE_OTHER, "{}", summoned.body);
    let (status, xlsx) = app
        .get_bytes(&format!("/inspections/{round}/export.xlsx"), &ds)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"));
    // another district sees none of it
    assert_eq!(
        app.get(&round_to, Some(&dl)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&rect_to, Some(&dl)).await.status,
        StatusCode::NOT_FOUND
    );
}
