//! Issue #7 — the English switch. Two guards:
//!
//! - every template: no Chinese outside `"…"|t` / `"…"|tf(…)` (and outside the regions
//!   marked `{# i18n: chinese … #} … {# /i18n #}`: the brand line and legal documents), and
//!   every wrapped literal has an English entry in the catalogue (`src/i18n/catalogue.rs`);
//! - through the router: the main pages rendered with the `lang=en` cookie hold no Chinese
//!   save the data (names of persons, units, organs) and the brand line, carry
//!   `<html lang="en">`, and the switch link brings Chinese back.

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::contract::fixture::new_person;
use jiekang_web::i18n::{self, catalogue::is_cjk};

use crate::harness::{App, PASSWORD, Resp, Session, cookie, location};

/// Chinese left in a template outside the translation calls, and wrapped keys without an
/// English entry: `file:line: text`.
fn template_problems(name: &str, src: &str) -> (Vec<String>, Vec<String>) {
    let mut untranslated = Vec::new();
    let mut missing = Vec::new();
    // Regions that stay Chinese on purpose.
    let mut kept = String::new();
    let mut rest = src;
    while let Some(start) = rest.find("{# i18n: chinese") {
        kept.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("{# /i18n #}")
            .unwrap_or_else(|| panic!("{name}: an i18n: chinese region is not closed"));
        // Keep the line count for the messages.
        kept.extend(after[..end].chars().filter(|c| *c == '\n'));
        rest = &after[end..];
    }
    kept.push_str(rest);
    for (n, line) in kept.lines().enumerate() {
        // Every "…"|t and "…"|tf( literal (a literal holds no quote): check its entry, then
        // blank it out.
        let mut rest = line.to_owned();
        let mut from = 0;
        while let Some(i) = rest[from..].find("\"|t").map(|i| i + from) {
            let next = rest[i + 3..].chars().next();
            let is_filter = match next {
                Some('f') => rest[i + 3..].starts_with("f("),
                Some(c) => !c.is_alphanumeric() && c != '_',
                None => true,
            };
            let Some(start) = rest[..i].rfind('"').filter(|_| is_filter) else {
                from = i + 1;
                continue;
            };
            let lit = rest[start + 1..i].to_owned();
            if i18n::english(&lit).is_none() {
                missing.push(format!("{name}:{}: {lit}", n + 1));
            }
            rest.replace_range(start..=i, "\"\"");
            from = start + 2;
        }
        // crate::i18n::tr("…") (base.html and nav.html: no filters import needed).
        let mut from = 0;
        while let Some(i) = rest[from..].find("tr(\"").map(|i| i + from) {
            let Some(len) = rest[i + 4..].find('"') else {
                break;
            };
            let lit = rest[i + 4..i + 4 + len].to_owned();
            if i18n::english(&lit).is_none() {
                missing.push(format!("{name}:{}: {lit}", n + 1));
            }
            rest.replace_range(i + 3..i + 5 + len, "\"\"");
            from = i + 5;
        }
        // Comments are not shown.
        while let (Some(a), Some(b)) = (rest.find("{#"), rest.find("#}")) {
            if b < a {
                break;
            }
            rest.replace_range(a..b + 2, "");
        }
        if rest.chars().any(is_cjk) {
            untranslated.push(format!("{name}:{}: {}", n + 1, line.trim()));
        }
    }
    (untranslated, missing)
}

#[test]
fn every_template_string_has_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut untranslated = Vec::new();
    let mut missing = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("templates")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    assert!(files.len() > 10, "templates found: {files:?}");
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("template");
        let (u, m) = template_problems(&name, &src);
        untranslated.extend(u);
        missing.extend(m);
    }
    assert!(
        untranslated.is_empty(),
        "Chinese outside {{{{ \"…\"|t }}}} (see src/i18n.rs):\n{}",
        untranslated.join("\n")
    );
    assert!(
        missing.is_empty(),
        "no English in src/i18n/catalogue.rs for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scanner_finds_bare_chinese_and_unknown_keys() {
    let (u, m) = template_problems(
        "t.html",
        "<h1>{{ \"人员档案\"|t }}</h1>\n<p>裸露的中文</p>\n<p>{{ \"没有这个词条\"|t }}</p>\n\
         {# i18n: chinese — kept #}<p>协议正文</p>{# /i18n #}\n{# 注释 #}\n\
         <b>{{ crate::i18n::tr(\"退出\") }}</b>",
    );
    assert_eq!(u, vec!["t.html:2: <p>裸露的中文</p>".to_owned()]);
    assert_eq!(m, vec!["t.html:3: 没有这个词条".to_owned()]);
}

/// The visible text of a page: tags, scripts and styles dropped, entities left as is.
fn visible_text(html: &str) -> String {
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

async fn get_en(app: &App, path: &str, session: Option<&Session>) -> Resp {
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
    let person = app
        .store
        .create_person(
            &Scope::system(),
            f.jiaotong_user.id,
            &new_person(&f.community_a, "张某", "150602199001011238"),
        )
        .await
        .expect("person");
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
