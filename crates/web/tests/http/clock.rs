//! One clock: every time a user sees is Beijing time (UTC+8) — on the case page's
//! timeline and footer, the person page, the sessions and two-factor pages — and the JSON
//! API writes times with the offset `+08:00`. UTC and Beijing time are eight hours apart
//! at every hour of the day, so a page that showed UTC fails these checks whenever they run.

use std::path::Path;

use axum::http::StatusCode;
use chrono::{DateTime, TimeDelta, Utc};
use jiekang_domain::clock::BEIJING;
use jiekang_domain::permission::Role;

use crate::fixtures::{decide_detox, register_zhang};
use crate::harness::{App, PASSWORD};

/// Every minute from `from` to `to` as `2026-03-02 00:30`, on Beijing's clock (`beijing`)
/// or on UTC's.
fn minutes(from: DateTime<Utc>, to: DateTime<Utc>, beijing: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = from - TimeDelta::seconds(60);
    while at <= to + TimeDelta::seconds(60) {
        out.push(if beijing {
            at.with_timezone(&BEIJING)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        } else {
            at.format("%Y-%m-%d %H:%M").to_string()
        });
        at += TimeDelta::seconds(30);
    }
    out.dedup();
    out
}

/// The page shows one of the Beijing minutes and none of the UTC ones.
fn shows_beijing_time(what: &str, body: &str, from: DateTime<Utc>, to: DateTime<Utc>) {
    assert!(
        minutes(from, to, true).iter().any(|m| body.contains(m)),
        "{what}: no Beijing time of {from}…{to} shown:\n{body}"
    );
    for utc in minutes(from, to, false) {
        assert!(!body.contains(&utc), "{what}: shows the UTC time {utc}");
    }
}

pub async fn every_time_shown_is_beijing_time(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.city.id, "admin", Role::Admin).await;
    let from = Utc::now();
    let person = register_zhang(&app, &f).await;
    let case = decide_detox(&app, &f, person.id, f.community_a.id).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let admin = app.login("admin", PASSWORD).await.ok().expect("login");
    let to = Utc::now();

    // the timeline's "录入" stamps and the record footer
    let page = app.get(&format!("/cases/{}", case.id), Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    shows_beijing_time("case page", &page.body, from, to);
    // the person page's entered / maintained lines
    let page = app.get(&format!("/persons/{}", person.id), Some(&jt)).await;
    shows_beijing_time("person page", &page.body, from, to);
    // the user's own sessions
    let page = app.get("/account/sessions", Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    shows_beijing_time("sessions page", &page.body, from, to);
    // the two-factor page: enabled since …
    let page = app.get("/account/totp", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    shows_beijing_time("two-factor page", &page.body, from, to);

    // the work queues' day is Beijing's day
    let page = app.get("/queues", Some(&jt)).await;
    let today = jiekang_domain::clock::beijing_date(Utc::now());
    assert!(
        page.body
            .contains(&format!("<span class=\"count\">{today}</span>")),
        "{}",
        page.body
    );

    // JSON: ISO 8601 with the offset, on Beijing's clock
    let json = app
        .get(&format!("/api/v1/cases/{}", case.id), Some(&jt))
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    let at = v["events"][0]["created_at"].as_str().expect("created_at");
    assert!(at.ends_with("+08:00"), "{at}");
    let parsed = DateTime::parse_from_rfc3339(at).expect("ISO 8601");
    assert!(
        parsed >= from - TimeDelta::seconds(1) && parsed <= to,
        "{at}"
    );
    let json = app.get("/api/v1/sessions", Some(&jt)).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert!(json.body.contains("+08:00"), "{}", json.body);
    assert!(!json.body.contains("Z\""), "{}", json.body);
}

/// The templates format no time themselves: every time goes through the `beijing`
/// filter (`crate::shown_time`), so none can show UTC by omission.
#[test]
fn templates_format_no_times() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("template");
            for (n, line) in src.lines().enumerate() {
                let mut rest = line;
                while let Some(i) = rest.find(".format(") {
                    let before = &rest[..i];
                    let args = &rest[i..rest[i..].find(')').map_or(rest.len(), |j| i + j)];
                    // a time of day, or any instant (`…_at`), formatted by hand
                    let instant = before
                        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                        .next()
                        .is_some_and(|expr| expr.ends_with("_at") || expr == "at");
                    if args.contains("%H") || args.contains("%M") || instant {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                    rest = &rest[i + ".format(".len()..];
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "times formatted in a template (use |beijing or |beijing_day):\n{}",
        found.join("\n")
    );
}
