//! The case page's forms after a refusal keep everything typed, open, with the message
//! beside the field and at the form's top, and the browser brought back to them by the
//! form's anchor; its buttons say what they do and its dates say which date; tiles
//! counted from the snapshot say when.

use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use jiekang_domain::permission::Role;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, Resp, Session, hidden, location};

async fn post(app: &App, who: &Session, case: i64, path: &str, fields: &[(&str, &str)]) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    let version = hidden(&page.body, "version").expect("a form with the version");
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    app.post_form(&format!("/cases/{case}/{path}"), who, &all, true)
        .await
}

/// The value of the field `name` in `markup` (the first `value="…"` after `name="…"`).
fn value_of(markup: &str, name: &str) -> Option<String> {
    let at = markup.find(&format!("name=\"{name}\""))?;
    let tag_end = markup[at..].find('>')? + at;
    let tag = &markup[at..tag_end];
    let start = tag.find("value=\"")? + "value=\"".len();
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_owned())
}

/// The markup of the element whose id is `id`, up to the end of its form.
fn form_of<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let end = body[at..].find("</form>").map_or(body.len(), |e| at + e);
    &body[at..end]
}

pub async fn refused_forms_keep_what_was_typed_beside_their_messages(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2024-11-05"));

    // A refusal "with" a urine sample: refused by the rule (N20); everything comes back.
    let typed = [
        ("tested_on", "2024-11-03"),
        ("tested_time", "10:40"),
        ("kind", "on_site"),
        ("sample", "urine"),
        ("outcome", "refused"),
        ("tester_1", "王警官"),
        ("tester_2", "李干事"),
        ("sample_a", "A-0017"),
        ("note", "当事人拒绝采样,已告知后果"),
    ];
    let r = post(&app, &jt, id, "tests", &typed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let form = form_of(&r.body, "record-test");
    assert!(form.starts_with("id=\"record-test\" open"), "{form}");
    assert!(
        form.contains("action=\"/cases/") && form.contains("/tests#record-test\""),
        "the form brings the browser back to itself: {form}"
    );
    assert!(
        form.contains("拒检、逃避检测没有样本"),
        "the message at the form: {form}"
    );
    assert!(
        r.body.matches("拒检、逃避检测没有样本").count() >= 2,
        "and at the page's top"
    );
    for (name, value) in [
        ("tested_on", "2024-11-03"),
        ("tested_time", "10:40"),
        ("tester_1", "王警官"),
        ("tester_2", "李干事"),
        ("sample_a", "A-0017"),
    ] {
        assert_eq!(value_of(form, name).as_deref(), Some(value), "{name} kept");
    }
    assert!(
        form.contains(">当事人拒绝采样,已告知后果</textarea>"),
        "{form}"
    );
    assert!(form.contains("value=\"urine\" selected"), "{form}");
    assert!(form.contains("value=\"refused\" selected"), "{form}");
    assert!(
        !form.contains("name=\"planned\" value=\"yes\" checked"),
        "an unticked box stays unticked"
    );

    // A field's own error sits beside it and marks it invalid; the rest stays typed.
    let mut missing = typed.to_vec();
    missing.retain(|(k, _)| *k != "tester_2" && *k != "sample");
    missing.push(("tester_2", ""));
    missing.push(("sample", ""));
    let r = post(&app, &jt, id, "tests", &missing).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let form = form_of(&r.body, "record-test");
    assert!(form.contains("id=\"tester_2-error\""), "{form}");
    assert!(
        form.contains("aria-describedby=\"tester_2-error\""),
        "{form}"
    );
    assert_eq!(value_of(form, "tester_1").as_deref(), Some("王警官"));

    // A step refused keeps its date and note, opens its form, names its date.
    let r = post(
        &app,
        &jt,
        id,
        "steps",
        &[
            ("step", "suspend"),
            ("on", "2024-13-40"),
            ("note", "被行政拘留十日"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let form = form_of(&r.body, "step-suspend");
    assert!(form.starts_with("id=\"step-suspend\" open"), "{form}");
    assert!(form.contains("/steps#step-suspend\""), "{form}");
    assert!(form.contains("中止执行日期(被拘留、逮捕之日)"), "{form}");
    assert!(form.contains("id=\"on-suspend-error\""), "{form}");
    assert_eq!(value_of(form, "on").as_deref(), Some("2024-13-40"));
    assert!(form.contains(">被行政拘留十日</textarea>"), "{form}");
    // the other steps stay closed with their defaults
    let other = form_of(&r.body, "step-abscond");
    assert!(!other.starts_with("id=\"step-abscond\" open"), "{other}");
    assert_eq!(value_of(other, "on").as_deref(), Some("2024-11-05"));

    // A record refused keeps what was typed (a leave back before it starts).
    let r = post(
        &app,
        &jt,
        id,
        "records",
        &[
            ("kind", "leave_requested"),
            ("on", "2024-11-01"),
            ("from", "2024-11-20"),
            ("to", "2024-11-10"),
            ("destination", "包头市昆都仑区"),
            ("note", "探望母亲"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let form = form_of(&r.body, "record-leave_requested");
    assert!(
        form.starts_with("id=\"record-leave_requested\" open"),
        "{form}"
    );
    assert_eq!(
        value_of(form, "destination").as_deref(),
        Some("包头市昆都仑区")
    );
    assert_eq!(value_of(form, "from").as_deref(), Some("2024-11-20"));
    assert!(form.contains(">探望母亲</textarea>"), "{form}");

    // Success lands on the part of the page it changed.
    let ok = [
        ("tested_on", "2024-11-04"),
        ("tested_time", "09:30"),
        ("kind", "laboratory"),
        ("sample", "urine"),
        ("outcome", "negative"),
        ("tester_1", "王警官"),
        ("tester_2", "李干事"),
        ("planned", "yes"),
    ];
    let r = post(&app, &jt, id, "tests", &ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), Some(format!("/cases/{id}#tests").as_str()));
}

pub async fn buttons_say_what_they_do_and_dates_which_date(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2024-11-05"));
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    for button in [
        ">登记中止执行</button>",
        ">标记脱失</button>",
        ">终止执行…</button>",
    ] {
        assert!(page.body.contains(button), "{button}");
    }
    for label in [
        "中止执行日期(被拘留、逮捕之日)",
        "脱失日期(失去联系之日)",
        "谈话(走访)日期",
    ] {
        assert!(page.body.contains(label), "{label}");
    }
    // Dates in the page's text are kept on one line; dates in fields stay plain values.
    assert!(
        page.html.contains("<span class=\"date\">2024-10-08</span>"),
        "{}",
        page.html
    );
    assert!(page.html.contains("value=\"2024-11-05\""));
    assert!(!page.html.contains("\"<span class=\"date\">"));
    // A positive test: the police button is a verb, not a state.
    let r = post(
        &app,
        &jt,
        id,
        "tests",
        &[
            ("tested_on", "2024-11-04"),
            ("kind", "on_site"),
            ("sample", "urine"),
            ("outcome", "positive"),
            ("substances", "甲基苯丙胺"),
            ("tester_1", "王警官"),
            ("tester_2", "李干事"),
            ("sample_a", "A-1"),
            ("sample_b", "B-1"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(
        page.body.contains(">登记通报公安</button>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(">已通报公安<"));
    // The record-test form folds behind its button until it is used.
    let form = form_of(&page.body, "record-test");
    assert!(!form.starts_with("id=\"record-test\" open"), "{form}");
    assert!(
        form.contains("<summary class=\"button primary\">登记检测</summary>"),
        "{form}"
    );
}

pub async fn tiles_from_the_snapshot_say_when_they_were_counted(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    app.clock.set(day("2024-12-20"));
    // counted now: no note
    let home = app.get("/", Some(&jt)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains("统计于"), "{}", home.body);
    // from today's snapshot: the tiles say when
    app.store
        .refresh_dashboard(Utc::now(), day("2024-12-20"), TimeDelta::zero())
        .await
        .expect("refresh");
    let home = app.get("/", Some(&jt)).await;
    assert!(home.body.contains("其余数字统计于 "), "{}", home.body);
    let queues = app.get("/queues", Some(&jt)).await;
    assert!(queues.body.contains("各状态人数实时"), "{}", queues.body);
}
