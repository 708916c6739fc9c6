//! Login, logout, CSRF, bearer tokens, anonymous access.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_web::routes::{Access, route_specs};

use crate::harness::{App, PASSWORD, cookie};

pub async fn login_sets_a_session_and_wrong_passwords_get_one_generic_message(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    let wrong_password = app
        .login("zhang", "Wrong-Password-1")
        .await
        .err()
        .expect("refused");
    let unknown_user = app.login("nobody", PASSWORD).await.err().expect("refused");
    for r in [&wrong_password, &unknown_user] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("用户名或密码错误"), "{}", r.body);
        assert!(cookie(&r.headers, "jk_session").is_none());
    }
    assert_eq!(
        app.store.audit_count("login.failed").await.expect("count"),
        2
    );

    let s = app.login("zhang", PASSWORD).await.ok().expect("logged in");
    let home = app.get("/", Some(&s)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("交通街道") && home.body.contains("乡镇(街道)办公室"),
        "header shows unit and role"
    );
    assert_eq!(app.store.audit_count("login").await.expect("count"), 1);
}

pub async fn logout_ends_the_session(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    let s = app.login("zhang", PASSWORD).await.ok().expect("logged in");
    let out = app.post_form("/logout", &s, &[], true).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get("/persons", Some(&s)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "redirected to login");
    assert_eq!(
        after
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/login")
    );
}

pub async fn state_changes_without_the_csrf_token_are_refused(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    let s = app.login("zhang", PASSWORD).await.ok().expect("logged in");
    let fields = [
        ("name", "张某"),
        ("id_number", "150602199001011238"),
        ("unit_id", &f.community_a.id.to_string()),
    ];
    let forged = app.post_form("/persons/new", &s, &fields, false).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .count_persons(&jiekang_store::Scope::system())
            .await
            .expect("count"),
        0
    );
    let ok = app.post_form("/persons/new", &s, &fields, true).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        app.store
            .count_persons(&jiekang_store::Scope::system())
            .await
            .expect("count"),
        1
    );
    // the JSON API with the cookie needs the header too
    let req = Request::post("/api/v1/persons")
        .header(header::COOKIE, s.cookie())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"name":"李某","id_number":"150621198511204560","unit_id":"1"}"#,
        ))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("\"csrf\""), "{}", r.body);
}

pub async fn bearer_tokens_work_for_the_api_without_csrf(app: App) {
    let f = app.fixture().await;
    app.user(f.community_a.id, "staff", Role::CommunityStaff)
        .await;
    let req = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(
            r#"{{"username":"staff","password":"{PASSWORD}"}}"#
        )))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let token = v["token"].as_str().expect("token").to_owned();
    let body = format!(
        r#"{{"name":"张某","id_number":"150602199001011238","unit_id":"{}"}}"#,
        f.community_a.id
    );
    let req = Request::post("/api/v1/persons")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let created = app.send(req).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let v: serde_json::Value = serde_json::from_str(&created.body).expect("json");
    assert_eq!(v["sex"], "male");
    assert_eq!(v["birth_date"], "1990-01-01");
    let list = Request::get("/api/v1/persons")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let listed = app.send(list).await;
    assert!(
        listed.body.contains("150602********1238") && !listed.body.contains("150602199001011238")
    );
    let anonymous = app.get("/api/v1/persons", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.body.contains("\"unauthorized\""));
}

/// Every route of the table: without a session, only public routes answer.
pub async fn every_route_is_closed_to_anonymous_callers_except_public_ones(app: App) {
    app.fixture().await;
    for spec in route_specs() {
        let path = spec.path.replace("{id}", "1");
        let method = if spec.method == Method::POST {
            Method::POST
        } else {
            Method::GET
        };
        let req = Request::builder()
            .method(method)
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .expect("request");
        let r = app.send(req).await;
        match spec.access {
            Access::Public => assert_ne!(r.status, StatusCode::UNAUTHORIZED, "{path}"),
            _ if path.starts_with("/api/") => {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}")
            }
            _ => {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{} {path}", spec.method);
                assert_eq!(
                    r.headers
                        .get(header::LOCATION)
                        .and_then(|v| v.to_str().ok()),
                    Some("/login")
                );
            }
        }
        assert!(!r.status.is_server_error(), "{path}: {}", r.status);
    }
}

pub async fn health_reports_the_engine_and_schema(app: App) {
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(v["engine"], app.store.engine());
    assert!(v["schema_version"].as_i64().expect("version") >= 1);
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert!(doc.body.contains("/api/v1/persons"));
    let css = app.get("/assets/app.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    let missing = app.get("/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("不存在"));
}
