//! The English switch and the message catalogues. Guards:
//!
//! - the two catalogues (`locales/zh-CN/main.ftl`, `locales/en/main.ftl`) hold the same ids
//!   with the same arguments, and no English message holds Chinese;
//! - every message id that a template or Rust code names exists;
//! - no template holds Chinese outside the regions marked `{# i18n: chinese … #} …
//!   {# /i18n #}` (the brand line and legal documents);
//! - through the router: the main pages rendered with the `lang=en` cookie hold no Chinese
//!   save the data (names of persons, units, organs) and the brand line, carry
//!   `<html lang="en">`, and the switch link brings Chinese back.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_web::i18n::is_cjk;

use crate::fixtures::register_zhang;
use crate::harness::{App, PASSWORD, Resp, Session, cookie, location};

mod catalogue;

/// The visible text of a page: tags, scripts and styles dropped, entities left as is.
pub(crate) fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Attribute values a person reads (placeholders, labels of phone cards, titles).
fn read_attributes(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for attr in [
        "placeholder=\"",
        "data-label=\"",
        "aria-label=\"",
        "title=\"",
    ] {
        let mut s = html;
        while let Some(i) = s.find(attr) {
            let rest = &s[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            v.push(rest[..end].to_owned());
            s = &rest[end..];
        }
    }
    v
}

pub(crate) async fn get_en(app: &App, path: &str, session: Option<&Session>) -> Resp {
    let mut cookies = vec!["lang=en".to_owned()];
    if let Some(s) = session {
        cookies.push(s.cookie());
    }
    let req = Request::get(path)
        .header(header::COOKIE, cookies.join("; "))
        .body(Body::empty())
        .expect("request");
    app.send(req).await
}

async fn post_en(app: &App, path: &str, session: &Session, fields: &[(&str, &str)]) -> Resp {
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    pairs.push(("csrf_token", &session.csrf));
    let req = Request::post(path)
        .header(header::COOKIE, format!("lang=en; {}", session.cookie()))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            serde_urlencoded::to_string(&pairs).expect("form"),
        ))
        .expect("request");
    app.send(req).await
}

/// Chinese left on an English page once the data (`allowed`) is taken out.
fn chinese_left(body: &str, allowed: &[String]) -> Vec<String> {
    let mut text = visible_text(body);
    for a in read_attributes(body) {
        text.push(' ');
        text.push_str(&a);
    }
    let mut sorted: Vec<&String> = allowed.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    for a in sorted {
        text = text.replace(a.as_str(), " ");
    }
    text.split_whitespace()
        .filter(|w| w.chars().any(is_cjk))
        .map(str::to_owned)
        .collect()
}

pub async fn main_pages_render_in_english_with_only_data_left_in_chinese(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");

    // The data: names of units, persons and users, and the brand line.
    let mut allowed: Vec<String> = app
        .store
        .units(&Scope::system())
        .await
        .expect("units")
        .into_iter()
        .map(|u| u.name)
        .collect();
    allowed.extend(
        [
            "社区戒毒社区康复信息管理系统",
            "张某",
            "戒康",
            // The switch names Chinese in Chinese.
            "中文",
            "东胜区公安分局",
            // The fixture's users are named "<username> 测试".
            "测试",
        ]
        .map(str::to_owned),
    );

    // A decision, so that the archive and the case page have content.
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    let decided = app
        .post_form(
            &format!("/persons/{}/cases/new", person.id),
            &police,
            &[
                ("measure", "community_detox"),
                ("deciding_organ", "东胜区公安分局"),
                ("decision_number", "001"),
                ("decided_on", &app.clock.today().to_string()),
                ("served_on", &app.clock.today().to_string()),
                ("unit_id", &f.community_a.id.to_string()),
                ("place_basis", "household"),
            ],
            true,
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let case_page = location(&decided).expect("case").to_owned();
    // The timeline's entries are records written when the event happened (in Chinese, with
    // the dates in them): data, shown as recorded and marked lang="zh-CN".
    let case_id: i64 = case_page
        .trim_start_matches("/cases/")
        .parse()
        .expect("case id");
    let file = app
        .store
        .case_file(&Scope::system(), f.jiaotong_user.id, case_id)
        .await
        .expect("case file");
    allowed.extend(file.events.iter().map(|e| e.summary.clone()));

    let pages = [
        "/".to_owned(),
        "/persons".to_owned(),
        "/persons/new".to_owned(),
        format!("/persons/{}", person.id),
        format!("/persons/{}/profile", person.id),
        format!("/persons/{}/cases/new", person.id),
        "/persons/emergency".to_owned(),
        "/queues".to_owned(),
        "/units".to_owned(),
        "/users".to_owned(),
        "/account/password".to_owned(),
        "/account/totp".to_owned(),
        "/account/sessions".to_owned(),
        "/no-such-page".to_owned(),
        "/tasks".to_owned(),
        "/queues?q=not_reported".to_owned(),
        case_page.clone(),
        format!("{case_page}/agreement"),
    ];
    for path in &pages {
        let r = get_en(&app, path, Some(&jt)).await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::NOT_FOUND,
            "{path}: {} {}",
            r.status,
            r.body
        );
        assert!(r.body.contains("<html lang=\"en\">"), "{path}: {}", r.body);
        // A legal document (the agreement) stays Chinese: its body is left out.
        let shown = match r.body.find("data-legal-document") {
            Some(i) => {
                let end = r.body[i..]
                    .find("</article>")
                    .map_or(r.body.len(), |e| i + e);
                format!("{}{}", &r.body[..i], &r.body[end..])
            }
            None => r.body.clone(),
        };
        let left = chinese_left(&shown, &allowed);
        assert!(left.is_empty(), "{path}: Chinese left in English: {left:?}");
        // The switch offers Chinese and comes back to the same page.
        assert!(r.body.contains("lang=\"zh-CN\""), "{path}");
    }
    // The pages of the other roles: supervision, audit, administration.
    app.user(f.dongsheng.id, "ds", Role::DistrictOffice).await;
    app.user(f.city.id, "auditor", Role::Auditor).await;
    app.user(f.city.id, "admin", Role::Admin).await;
    for (user, paths) in [
        ("ds", &["/", "/dashboard"][..]),
        (
            "auditor",
            &["/", "/audit", "/audit?person_id=x&from=2026-13-01"][..],
        ),
        (
            "admin",
            &["/", "/calendar", "/calendar?date=2031-01-06", "/users"][..],
        ),
    ] {
        let session = app.login(user, PASSWORD).await.ok().expect("login");
        allowed.push(format!("{user} 测试"));
        for path in paths {
            let r = get_en(&app, path, Some(&session)).await;
            assert!(
                r.status == StatusCode::OK || r.status == StatusCode::UNPROCESSABLE_ENTITY,
                "{user} {path}: {} {}",
                r.status,
                r.body
            );
            let left = chinese_left(&r.body, &allowed);
            assert!(
                left.is_empty(),
                "{user} {path}: Chinese left in English: {left:?}"
            );
        }
    }

    // Validation messages built in Rust (and the domain's) come in English too.
    let refused = post_en(
        &app,
        "/persons/new",
        &jt,
        &[
            ("name", ""),
            ("id_type", "resident_id"),
            ("id_number", "15060219900101123X"),
            ("unit_id", ""),
        ],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Name: must not be empty"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Choose the unit"), "{}", refused.body);
    let left = chinese_left(&refused.body, &allowed);
    assert!(
        left.is_empty(),
        "refused registration: Chinese left in English: {left:?}"
    );

    let agreement = get_en(&app, &format!("{case_page}/agreement"), Some(&jt)).await;
    assert!(agreement.body.contains("Chinese legal document"));
    assert!(
        agreement.body.contains("甲方(执行地)"),
        "the agreement itself stays Chinese"
    );
    let login = get_en(&app, "/login", None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(
        chinese_left(&login.body, &allowed).is_empty(),
        "{}",
        login.body
    );
    assert!(login.body.contains("Log in"));

    // Chinese stays the default.
    let zh = app.get("/persons", Some(&jt)).await;
    assert!(zh.body.contains("<html lang=\"zh-CN\">"));
    assert!(zh.body.contains("人员档案"));
    assert!(
        zh.body.contains("href=\"/lang?to=en&#38;back=%2Fpersons\""),
        "{}",
        zh.body
    );
}

pub async fn the_switch_sets_the_cookie_and_goes_back_to_the_same_page(app: App) {
    let r = app
        .get("/lang?to=en&back=%2Fpersons%3Fname%3Dx", None)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&r), Some("/persons?name=x"));
    assert_eq!(cookie(&r.headers, "lang").as_deref(), Some("en"));
    let back = app
        .get("/lang?to=zh&back=https://evil.example/", None)
        .await;
    assert_eq!(location(&back), Some("/"));
    assert_eq!(cookie(&back.headers, "lang").as_deref(), Some("zh"));
    let odd = app.get("/lang?to=fr", None).await;
    assert_eq!(odd.status, StatusCode::SEE_OTHER);
    assert_eq!(cookie(&odd.headers, "lang"), None);
}

/// The version field of the first form on `body`.
fn version_on(body: &str) -> String {
    let needle = "name=\"version\" value=\"";
    let at = body.find(needle).expect("a form with a version");
    let rest = &body[at + needle.len()..];
    rest[..rest.find('"').expect("quote")].to_owned()
}

/// The store's refusals that name values (a date, a state, a step) come in the page's
/// language with the values in them, not as the Chinese the store wrote.
pub async fn refusals_with_values_render_in_english(app: App) {
    let f = app.fixture().await;
    let person = register_zhang(&app, &f).await;
    let case = crate::fixtures::decide_detox(&app, &f, person.id, f.community_a.id).await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let page = app.get(&format!("/cases/{}", case.id), Some(&jt)).await;
    let version = version_on(&page.body);
    let tomorrow = (app.clock.today() + chrono::Days::new(1)).to_string();

    // a step of another role (the step's word as the argument)
    let role = post_en(
        &app,
        &format!("/cases/{}/steps", case.id),
        &jt,
        &[("version", &version), ("step", "notify"), ("on", &tomorrow)],
    )
    .await;
    assert_eq!(
        role.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        role.body
    );
    assert!(
        role.body.contains("Your role cannot take the step “notify"),
        "{}",
        role.body
    );

    // a date in the future (the domain's date rule, with the date as its argument)
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    let future = post_en(
        &app,
        &format!("/cases/{}/steps", case.id),
        &police,
        &[("version", &version), ("step", "notify"), ("on", &tomorrow)],
    )
    .await;
    assert_eq!(
        future.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        future.body
    );
    assert!(
        future
            .body
            .contains(&format!("The date {tomorrow} is after today")),
        "{}",
        future.body
    );
    assert!(!future.body.contains("晚于今天"), "{}", future.body);

    // a step the state does not allow (the state machine's refusal, with both words)
    let illegal = post_en(
        &app,
        &format!("/cases/{}/steps", case.id),
        &jt,
        &[
            ("version", &version),
            ("step", "sign_agreement"),
            ("on", &app.clock.today().to_string()),
        ],
    )
    .await;
    assert_eq!(
        illegal.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        illegal.body
    );
    assert!(
        illegal.body.contains("is not possible now"),
        "{}",
        illegal.body
    );
    assert!(!illegal.body.contains("不能执行"), "{}", illegal.body);
}
