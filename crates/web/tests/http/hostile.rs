//! Hostile input. Every route of the router, for several roles, is sent
//! generated garbage: random and hostile strings in every known field name, random JSON
//! of every shape, invalid UTF-8, broken percent-encoding, broken multipart bodies and
//! hostile query strings. No answer may be a server error or carry a framework or panic
//! message, and every refusal speaks Chinese. Then SQL and HTML/JS injection strings are
//! written through every free-text field of the case forms and must come back literally
//! (escaped in HTML), with nothing executed or lost.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_web::routes::{Access, route_specs};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};

use crate::authz::{Objects, objects};
use crate::harness::{App, PASSWORD, Resp, Session, hidden};

/// Every field name any form, query or JSON body of the application reads.
const FIELDS: &[&str] = &[
    "name",
    "id_type",
    "id_number",
    "unit_id",
    "unit",
    "sex",
    "birth_date",
    "phone",
    "q",
    "queue",
    "cursor",
    "after",
    "page",
    "limit",
    "state",
    "measure",
    "decided_years",
    "deciding_organ",
    "decision_number",
    "decided_on",
    "served_on",
    "family_served_on",
    "place_basis",
    "work_group",
    "version",
    "step",
    "on",
    "note",
    "transfer_to_unit_id",
    "tested_on",
    "tested_time",
    "kind",
    "sample",
    "outcome",
    "substances",
    "tester_1",
    "tester_2",
    "sample_a",
    "sample_b",
    "planned",
    "reason",
    "username",
    "password",
    "current_password",
    "new_password",
    "confirm_password",
    "display_name",
    "role",
    "code",
    "parent_id",
    "valid_to",
    "year",
    "file",
    "user",
    "person",
    "action",
    "from",
    "to",
    "ethnicity",
    "former_names",
    "household_address",
    "residence_address",
    "fixed_home",
    "family_contacts",
    "substances_used",
    "first_use_on",
    "addiction_confirmed_on",
    "earlier_isolation",
];

/// Strings that have broken real systems.
const CORPUS: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "2024-02-30",
    "2024-13-01",
    "0000-00-00",
    "+275760-09-13",
    "24:61",
    "' OR '1'='1",
    "1; DROP TABLE persons;--",
    "\" OR \"\"=\"",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "%00",
    "\u{0}",
    "\u{202e}gnp.exe",
    "\u{feff}",
    "𠜎𠜱𠝹",
    "👨‍👩‍👧‍👦",
    "150602199001011238",
    "15060219900101123X",
    "150602199002301234",
    "../../etc/passwd",
    "community_detox",
    "community_rehab",
    "report_in",
    "positive",
    "refused",
    "urine",
];

/// Routes that would end the very session the test sends with.
const ENDS_OWN_SESSION: &[&str] = &[
    "/logout",
    "/api/v1/session/logout",
    "/account/sessions/revoke-others",
    "/api/v1/sessions/revoke-others",
    "/account/totp/disable",
];

/// The longest query string sent (bytes, percent-encoded).
const MAX_QUERY: usize = 8 * 1024;

/// Requests per route and role; enough to vary every shape, small enough to stay quick.
const SAMPLES: usize = 6;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(CORPUS).prop_map(str::to_owned),
        3 => any::<String>(),
        1 => "[\\PC]{200,3000}",
        1 => "[0-9Xx-]{0,20}",
    ]
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((proptest::sample::select(FIELDS), inner), 0..10).prop_map(
                |pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

fn pairs() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    prop::collection::vec((proptest::sample::select(FIELDS), text()), 0..14)
}

/// Raw bodies no well-behaved client sends.
const RAW_BODIES: &[&[u8]] = &[
    b"\xff\xfe\xfd",
    b"name=%E4%B8&id_number=%ZZ",
    b"name=\xe4\xb8\xad\xff",
    b"==&&=&",
    b"{\"unit_id\":",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]",
    b"{\"version\": 1e999999}",
];

/// Draw one value of a strategy from the runner's deterministic stream.
fn draw<S: Strategy>(runner: &mut TestRunner, s: &S) -> S::Value {
    s.new_tree(runner).expect("strategy").current()
}

fn path_for(path: &str, ours: &Objects, rng_pick: usize) -> Option<String> {
    if !path.contains("{id}") {
        return Some(path.to_owned());
    }
    // A real in-scope object when the path names one we hold, otherwise garbage ids.
    let id = match rng_pick % 4 {
        0 => "-1".to_owned(),
        1 => "%F0%9F%92%A9".to_owned(),
        _ => id_for(ours, path)?.to_string(),
    };
    Some(path.replace("{id}", &id))
}

/// The in-scope object a route's `{id}` names, by the route's shape.
fn id_for(ours: &Objects, path: &str) -> Option<i64> {
    let rest = path.trim_start_matches("/api/v1");
    [
        ("/persons/", ours.person),
        ("/cases/", ours.case),
        ("/units/", ours.unit),
        ("/users/", ours.user),
        ("/attachments/", ours.attachment),
        ("/handovers/", ours.handover),
    ]
    .into_iter()
    .find(|(prefix, _)| rest.starts_with(prefix))
    .map(|(_, id)| id)
}

/// The text a browser shows for an HTML body (the entities askama writes).
fn unescape(html: &str) -> String {
    [
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#38;", "&"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(html.to_owned(), |s, (entity, c)| s.replace(entity, c))
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn assert_sane(r: &Resp, what: &str) {
    assert!(
        !r.status.is_server_error(),
        "{what}: server error {} {}",
        r.status,
        r.body
    );
    for tell in [
        "panicked",
        "backtrace",
        "Failed to deserialize",
        "Failed to parse",
        "sqlx",
        "SQLSTATE",
        "syntax error",
    ] {
        assert!(
            !r.body.contains(tell),
            "{what}: the answer leaks `{tell}`: {}",
            r.body
        );
    }
    if r.status.is_client_error() {
        assert!(
            has_cjk(&r.body),
            "{what}: a refusal must explain itself in Chinese: {} {}",
            r.status,
            r.body
        );
    }
}

async fn send_raw(
    app: &App,
    s: &Session,
    method: &Method,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Resp {
    let req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::COOKIE, s.cookie())
        .header("x-csrf-token", &s.csrf)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

pub async fn hostile_input_never_yields_a_server_error_or_a_foreign_message(app: App) {
    let f = app.fixture().await;
    let ours = objects(
        &app,
        &f,
        &f.jiaotong,
        "150602001002",
        "jt",
        "150602199001011238",
    )
    .await;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    for role in [
        Role::TownshipOffice,
        Role::CommunityPolice,
        Role::CommunityStaff,
        Role::Admin,
    ] {
        let username = format!("hostile.{}", role.code());
        app.user(f.jiaotong.id, &username, role).await;
        let me = app.login(&username, PASSWORD).await.ok().expect("login");
        for spec in route_specs() {
            if matches!(spec.access, Access::Public) && spec.method == Method::POST
                || ENDS_OWN_SESSION.contains(&spec.path)
            {
                continue;
            }
            for n in 0..SAMPLES {
                let Some(path) = path_for(spec.path, &ours, n) else {
                    continue;
                };
                let what = format!("{role:?} {} {path} #{n}", spec.method);
                let query: Vec<(&str, String)> = draw(&mut runner, &pairs());
                let mut query = serde_urlencoded::to_string(&query).expect("query");
                // Browsers and proxies stop at a few KiB of URL; the HTTP layer refuses
                // longer ones before the application sees them.
                if query.len() > MAX_QUERY {
                    let cut = query[..MAX_QUERY].rfind('&').unwrap_or(0);
                    query.truncate(cut);
                }
                let r = if spec.method == Method::GET {
                    let uri = if n % 2 == 0 {
                        format!("{path}?{query}")
                    } else {
                        format!("{path}?cursor=%ZZ&q=%E4%B8&unit=\u{0}").replace('\u{0}', "%00")
                    };
                    app.get(&uri, Some(&me)).await
                } else if path.starts_with("/api/") {
                    let body = if n == SAMPLES - 1 {
                        RAW_BODIES[n % RAW_BODIES.len()].to_vec()
                    } else {
                        serde_json::to_vec(&draw(&mut runner, &json())).expect("json")
                    };
                    send_raw(&app, &me, &spec.method, &path, "application/json", body).await
                } else if path.ends_with("/attachments") {
                    let boundary = "hostile";
                    let junk: String = draw(&mut runner, &text());
                    let body = format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                         filename=\"{junk}\"\r\nContent-Type: application/pdf\r\n\r\n{junk}\r\n--"
                    );
                    send_raw(
                        &app,
                        &me,
                        &spec.method,
                        &format!("{path}?csrf_token={}", me.csrf),
                        &format!("multipart/form-data; boundary={boundary}"),
                        body.into_bytes(),
                    )
                    .await
                } else {
                    let body = if n == SAMPLES - 1 {
                        let mut b = format!("csrf_token={}&", me.csrf).into_bytes();
                        b.extend_from_slice(RAW_BODIES[(n + 1) % RAW_BODIES.len()]);
                        b
                    } else {
                        let mut fields: Vec<(&str, String)> = draw(&mut runner, &pairs());
                        fields.push(("csrf_token", me.csrf.clone()));
                        serde_urlencoded::to_string(&fields)
                            .expect("form")
                            .into_bytes()
                    };
                    send_raw(
                        &app,
                        &me,
                        &spec.method,
                        &path,
                        "application/x-www-form-urlencoded",
                        body,
                    )
                    .await
                };
                assert_sane(&r, &what);
            }
        }
    }
}

/// SQL and HTML/JS injection strings in every free-text field of the case forms are kept
/// and shown literally: escaped on the page, unchanged in the JSON API.
pub async fn injection_strings_in_case_forms_are_stored_and_shown_literally(app: App) {
    const SQL: &str = "王'); DROP TABLE cases;--";
    const HTML: &str = "<script>alert('x')</script>";
    let f = app.fixture().await;
    let person = app
        .store
        .create_person(
            &jiekang_store::Scope::system(),
            f.jiaotong_user.id,
            &jiekang_store::contract::fixture::new_person(
                &f.jiaotong,
                "文字测试",
                "150602198005051232",
            ),
        )
        .await
        .expect("person");
    app.user(f.jiaotong.id, "literal.township", Role::TownshipOffice)
        .await;
    let me = app
        .login("literal.township", PASSWORD)
        .await
        .ok()
        .expect("login");
    // Only the police record a decision (N1).
    app.user(f.jiaotong.id, "literal.police", Role::CommunityPolice)
        .await;
    let police = app
        .login("literal.police", PASSWORD)
        .await
        .ok()
        .expect("login");

    // A new decision whose free text is hostile.
    let unit = f.community_a.id.to_string();
    let r = app
        .post_form(
            &format!("/persons/{}/cases/new", person.id),
            &police,
            &[
                ("unit_id", &unit),
                ("measure", "community_rehab"),
                ("decided_years", "2"),
                ("deciding_organ", SQL),
                ("decision_number", HTML),
                ("decided_on", "2024-09-27"),
                ("served_on", "2024-09-28"),
                ("place_basis", "household"),
                ("work_group", &format!("{SQL} {HTML}")),
            ],
            true,
        )
        .await;
    assert!(
        r.status.is_redirection() || r.status == StatusCode::OK,
        "{} {}",
        r.status,
        r.body
    );
    let case_path = crate::harness::location(&r)
        .expect("the new case's page")
        .to_owned();
    let page = app.get(&case_path, Some(&me)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        !page.body.contains(HTML),
        "markup from a form field reached the page unescaped"
    );
    let shown = unescape(&page.body);
    assert!(
        shown.contains(HTML),
        "the decision number is shown literally: {}",
        page.body
    );
    assert!(shown.contains(SQL), "the deciding organ is shown literally");

    // A note on a step, through the form, comes back unchanged through the API.
    let version = hidden(&page.body, "version").expect("the case form carries its version");
    let r = app
        .post_form(
            &format!("{case_path}/records"),
            &me,
            &[
                ("version", &version),
                ("kind", "warning"),
                ("on", "2024-09-28"),
                ("note", &format!("{SQL}\n{HTML}")),
            ],
            true,
        )
        .await;
    assert!(!r.status.is_server_error(), "{} {}", r.status, r.body);
    let id = case_path.trim_start_matches("/cases/");
    let api = app.get(&format!("/api/v1/cases/{id}"), Some(&me)).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    let text = v.to_string();
    assert!(
        text.contains(SQL),
        "the SQL string is kept as written: {text}"
    );
    if r.status.is_redirection() {
        let note = serde_json::to_string(&format!("{SQL}\n{HTML}")).expect("json");
        assert!(
            text.contains(note.trim_matches('"')),
            "the note is kept as written: {text}"
        );
    }
    assert!(
        text.contains("<script>alert('x')</script>"),
        "the API returns the text as written, for the client to escape: {text}"
    );
    // The tables are all still there.
    let again = app.get(&case_path, Some(&me)).await;
    assert_eq!(again.status, StatusCode::OK);
}
