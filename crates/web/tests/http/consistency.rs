//! The case page tells the truth (N9, N10, N20): a refusal has no sample, a warning is a
//! recorded event shown as due until it is recorded, a window with a refusal shows
//! 拒检; and its texts speak the page's language: the agreement by its measure (N5), the
//! timeline's sentences in English on English pages, the audit trail's actions in words.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_web::i18n::is_cjk;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, Resp, Session, hidden};
use crate::i18n::{get_en, visible_text};

async fn post(app: &App, who: &Session, case: i64, path: &str, fields: &[(&str, &str)]) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    let version = hidden(&page.body, "version").expect("a form with the version");
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    app.post_form(&format!("/cases/{case}/{path}"), who, &all, true)
        .await
}

fn refusal<'a>(on: &'a str, sample: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("tested_on", on),
        ("tested_time", "10:00"),
        ("kind", "on_site"),
        ("sample", sample),
        ("outcome", "refused"),
        ("tester_1", "王警官"),
        ("tester_2", "李干事"),
        ("planned", "yes"),
    ]
}

/// The row of test window `n` in the case page.
fn window_row(body: &str, n: u32) -> String {
    let at = body
        .find(&format!(">第{n}期<"))
        .unwrap_or_else(|| panic!("window {n}"));
    let end = body[at..].find("</tr>").map_or(body.len(), |e| at + e);
    body[at..end].to_owned()
}

pub async fn refusals_warnings_and_windows_tell_the_truth(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2024-11-05"));

    // N20: a refusal "with" a urine sample is refused, nothing written.
    let r = post(&app, &police, id, "tests", &refusal("2024-11-05", "urine")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("拒检、逃避检测没有样本"), "{}", r.body);
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, id)
        .await
        .expect("file");
    assert!(file.tests.is_empty());
    let r = post(&app, &police, id, "tests", &refusal("2024-11-05", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // N10: the minor breach asks for a warning; the page does not claim one was given.
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(page.body.contains("一般违反协议"), "{}", page.body);
    assert!(page.body.contains("应予告诫,尚未登记"), "{}", page.body);
    assert!(!page.body.contains("已告诫"), "no warning was recorded");
    let r = post(
        &app,
        &jt,
        id,
        "records",
        &[
            ("kind", "warning"),
            ("on", "2024-11-05"),
            ("who", "李干事"),
            ("manner", "written"),
            ("note", "告知拒检三次的后果"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(!page.body.contains("应予告诫,尚未登记"));
    assert!(
        page.body
            .contains("已告诫:2024-11-05 · 李干事 · 告诫(书面告诫)"),
        "{}",
        page.body
    );

    // N9: once the first window (2024-10-08 … 2024-11-07) closes, it shows 拒检, not 漏检.
    app.clock.set(day("2024-11-10"));
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    let row = window_row(&page.body, 1);
    assert!(row.contains("拒检") && !row.contains("漏检"), "{row}");
    let json = app.get(&format!("/api/v1/cases/{id}"), Some(&jt)).await;
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(v["compliance"]["refused_windows"], 1, "{}", json.body);
}

pub async fn texts_follow_the_measure_and_the_pages_language(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.dongsheng.id, "aud", Role::Auditor).await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2024-11-05"));
    for fields in [
        vec![
            ("tested_on", "2024-11-04"),
            ("tested_time", "09:30"),
            ("kind", "laboratory"),
            ("sample", "urine"),
            ("outcome", "negative"),
            ("tester_1", "王警官"),
            ("tester_2", "李干事"),
            ("planned", "yes"),
        ],
        refusal("2024-11-05", ""),
    ] {
        let r = post(&app, &jt, id, "tests", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    for fields in [
        vec![
            ("kind", "talk"),
            ("talk_kind", "person"),
            ("on", "2024-10-20"),
            ("who", "李干事"),
        ],
        vec![
            ("kind", "warning"),
            ("on", "2024-11-05"),
            ("manner", "oral"),
        ],
        vec![
            ("kind", "leave_requested"),
            ("on", "2024-11-01"),
            ("from", "2024-11-10"),
            ("to", "2024-11-20"),
            ("destination", "包头市"),
        ],
        vec![
            ("kind", "absence"),
            ("from", "2024-10-25"),
            ("to", "2024-10-30"),
        ],
    ] {
        let r = post(&app, &jt, id, "records", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{fields:?}: {}", r.body);
    }

    // N5: the agreement of the case's measure.
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(page.body.contains("签订社区戒毒协议"), "{}", page.body);
    assert!(!page.body.contains("签订社区戒毒(康复)协议"));

    // English: the timeline's sentences are English; only data stays Chinese.
    let en = get_en(&app, &format!("/cases/{id}"), Some(&jt)).await;
    assert_eq!(en.status, StatusCode::OK);
    let start = en.body.find("<ol class=\"timeline\">").expect("timeline");
    let end = en.body[start..].find("</ol>").expect("end") + start;
    let mut text = visible_text(&en.body[start..end]);
    let data = [
        "东胜区公安分局",
        "东公(禁)决字〔2024〕001号",
        "001",
        "包头市",
        "王警官",
        "李干事",
        "、",
        "jt 测试",
        "jiaotong 测试",
        "测试",
    ];
    for d in data {
        text = text.replace(d, " ");
    }
    let left: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(is_cjk))
        .collect();
    assert!(
        left.is_empty(),
        "Chinese interface text in English: {left:?}\n{text}"
    );
    assert!(
        text.contains("community detoxification agreement signed"),
        "{text}"
    );
    assert!(
        !en.body[start..end].contains("lang=\"zh-CN\""),
        "nothing left as written"
    );

    // The audit trail names actions in words, in both languages.
    let aud = app.login("aud", PASSWORD).await.ok().expect("login");
    let zh = app.get("/audit", Some(&aud)).await;
    assert_eq!(zh.status, StatusCode::OK, "{}", zh.body);
    assert!(zh.body.contains(">查阅案件<"), "{}", zh.body);
    assert!(zh.body.contains(">登记检测<"), "{}", zh.body);
    assert!(!zh.body.contains(">case.read<") && !zh.body.contains(">case.test<"));
    let en = get_en(&app, "/audit", Some(&aud)).await;
    assert!(en.body.contains(">case read<"), "{}", en.body);
    assert!(!en.body.contains(">case.read<"));
}
