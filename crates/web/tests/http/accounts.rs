//! Account rules (GB/T 22239-2019 8.1.4.1; OWASP ASVS 2.2, 2.8, 3.3): lockout per
//! account and per address, password history, TOTP enrolment and login with replay
//! refused, mandatory enrolment for admin, the user's own sessions.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use serde_json::json;

use crate::harness::{App, PASSWORD, Session, cookie, hidden, location, now_step};
use jiekang_web::auth::totp::code_at;

const LOCKED: &str = "登录失败次数过多";

pub async fn five_failed_logins_lock_the_account_without_revealing_it(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "li", Role::TownshipOffice).await;
    for _ in 0..4 {
        let r = app.post_login("zhang", "Wrong-Password-1", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("用户名或密码错误"));
    }
    let fifth = app.post_login("zhang", "Wrong-Password-1", None).await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(fifth.body.contains(LOCKED), "{}", fifth.body);
    // locked: even the right password is refused, and nothing about the user is said
    let right = app.post_login("zhang", PASSWORD, None).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(cookie(&right.headers, "jk_session").is_none());
    // an unknown username locks the same way, with the same message
    for _ in 0..5 {
        app.post_login("ghost", "Wrong-Password-1", None).await;
    }
    let ghost = app.post_login("ghost", PASSWORD, None).await;
    assert_eq!(ghost.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(ghost.body.contains(LOCKED));
    // the API is locked too
    let api = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "zhang", "password": PASSWORD}),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS, "{}", api.body);
    assert!(api.body.contains("\"locked\""));
    // other accounts are not affected
    assert!(app.login("li", PASSWORD).await.is_ok());
    assert_eq!(app.store.audit_count("login.lockout").await.expect("n"), 2);
    assert!(app.store.audit_count("login.locked").await.expect("n") >= 3);
    assert_eq!(app.store.audit_count("login.failed").await.expect("n"), 10);
}

pub async fn five_failures_from_one_address_lock_it_for_every_username(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    for name in ["a1", "a2", "a3", "a4"] {
        let r = app
            .post_login(name, "Wrong-Password-1", Some("10.1.1.1"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let fifth = app
        .post_login("a5", "Wrong-Password-1", Some("10.1.1.1"))
        .await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    let blocked = app.post_login("zhang", PASSWORD, Some("10.1.1.1")).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains(LOCKED));
    let elsewhere = app.post_login("zhang", PASSWORD, Some("10.1.1.2")).await;
    assert_eq!(
        elsewhere.status,
        StatusCode::SEE_OTHER,
        "{}",
        elsewhere.body
    );
}

pub async fn a_password_from_the_last_five_is_refused(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    let s = app.login("zhang", PASSWORD).await.ok().expect("logged in");
    let next = "Another-Horse-7";
    let changed = app
        .post_form(
            "/account/password",
            &s,
            &[
                ("current", PASSWORD),
                ("new_password", next),
                ("confirm", next),
            ],
            true,
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let s = app.login("zhang", next).await.ok().expect("logged in");
    let back = app
        .post_form(
            "/account/password",
            &s,
            &[
                ("current", next),
                ("new_password", PASSWORD),
                ("confirm", PASSWORD),
            ],
            true,
        )
        .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(back.body.contains("最近5次"), "{}", back.body);
    assert!(app.login("zhang", next).await.is_ok(), "nothing changed");
}

pub async fn totp_enrolment_and_login_with_a_fresh_code(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    let s = app.login("zhang", PASSWORD).await.ok().expect("logged in");
    let page = app.get("/account/totp", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("totp-secret"));
    // a wrong code does not enrol
    let secret = hidden(&page.body, "secret").expect("secret");
    let wrong = app
        .post_form(
            "/account/totp/enable",
            &s,
            &[("secret", &secret), ("code", "000000x")],
            true,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let secret = app.enrol("zhang", &s).await;
    assert_eq!(app.store.audit_count("totp.enrolled").await.expect("n"), 1);

    // the password alone gives a session that owes its code
    let first = app.post_login("zhang", PASSWORD, None).await;
    assert_eq!(location(&first), Some("/login/totp"));
    let pending = Session {
        token: cookie(&first.headers, "jk_session").expect("session"),
        csrf: String::new(),
    };
    let home = app.get("/", Some(&pending)).await;
    assert_eq!(location(&home), Some("/login/totp"));
    assert_eq!(
        app.get("/api/v1/me", Some(&pending)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let code_page = app.get("/login/totp", Some(&pending)).await;
    let pending = Session {
        csrf: hidden(&code_page.body, "csrf_token").expect("csrf"),
        ..pending
    };
    let bad = app
        .post_form("/login/totp", &pending, &[("code", "12345")], true)
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.body.contains("验证码不正确"));
    let code = app.next_code("zhang").await;
    let ok = app
        .post_form("/login/totp", &pending, &[("code", &code)], true)
        .await;
    assert_eq!(location(&ok), Some("/"), "{}", ok.body);
    // GB/T 22239: the session id is renewed; the token that only knew the password is void
    let full = Session {
        token: cookie(&ok.headers, "jk_session").expect("a renewed session"),
        csrf: String::new(),
    };
    assert_ne!(full.token, pending.token);
    assert_eq!(app.get("/", Some(&full)).await.status, StatusCode::OK);
    assert_eq!(
        location(&app.get("/", Some(&pending)).await),
        Some("/login")
    );

    // the same code again is a replay
    let second = app.post_login("zhang", PASSWORD, None).await;
    let again = Session {
        token: cookie(&second.headers, "jk_session").expect("session"),
        csrf: String::new(),
    };
    let code_page = app.get("/login/totp", Some(&again)).await;
    let again = Session {
        csrf: hidden(&code_page.body, "csrf_token").expect("csrf"),
        ..again
    };
    let replay = app
        .post_form("/login/totp", &again, &[("code", &code)], true)
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert!(replay.body.contains("已使用过"), "{}", replay.body);
    assert!(app.store.audit_count("totp.replayed").await.expect("n") >= 1);

    // the API wants the code with the password, and refuses a replay there too
    let no_code = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "zhang", "password": PASSWORD}),
        )
        .await;
    assert_eq!(no_code.status, StatusCode::BAD_REQUEST);
    assert!(no_code.body.contains("totp_code"));
    let code = app.next_code("zhang").await;
    let api = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "zhang", "password": PASSWORD, "totp_code": code}),
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let api_replay = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "zhang", "password": PASSWORD, "totp_code": code}),
        )
        .await;
    assert_eq!(api_replay.status, StatusCode::BAD_REQUEST);
    // codes far from now are refused
    let old = code_at(&secret, (now_step() - 5) * 30).expect("code");
    let stale = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "zhang", "password": PASSWORD, "totp_code": old}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);
}

pub async fn admins_must_enrol_totp_before_anything_else(app: App) {
    let f = app.fixture().await;
    app.user(f.city.id, "admin", Role::Admin).await;
    let r = app.post_login("admin", PASSWORD, None).await;
    let s = Session {
        token: cookie(&r.headers, "jk_session").expect("session"),
        csrf: String::new(),
    };
    let users = app.get("/users", Some(&s)).await;
    assert_eq!(location(&users), Some("/account/totp"));
    let api = app.get("/api/v1/users", Some(&s)).await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.body.contains("两步验证"));
    let api_login = app
        .post_json(
            "/api/v1/session",
            &json!({"username": "admin", "password": PASSWORD}),
        )
        .await;
    assert_eq!(api_login.status, StatusCode::BAD_REQUEST);
    assert!(api_login.body.contains("两步验证"));
    let page = app.get("/account/totp", Some(&s)).await;
    assert!(page.body.contains("必须使用两步验证"));
    app.enrol("admin", &s).await;
    assert_eq!(app.get("/users", Some(&s)).await.status, StatusCode::OK);
    // the admin cannot switch it off
    let s = app.login("admin", PASSWORD).await.ok().expect("logged in");
    let code = app.next_code("admin").await;
    let off = app
        .post_form("/account/totp/disable", &s, &[("code", &code)], true)
        .await;
    assert_eq!(off.status, StatusCode::CONFLICT);
}

pub async fn users_list_and_revoke_their_own_sessions(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    app.user(f.gongyuan.id, "wang", Role::TownshipOffice).await;
    let s1 = app.login("zhang", PASSWORD).await.ok().expect("s1");
    let s2 = app.login("zhang", PASSWORD).await.ok().expect("s2");
    let s3 = app.login("zhang", PASSWORD).await.ok().expect("s3");
    let other = app.login("wang", PASSWORD).await.ok().expect("wang");
    let page = app.get("/account/sessions", Some(&s1)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("/revoke\"").count(), 3, "{}", page.body);
    assert!(page.body.contains("当前会话") && page.body.contains("退出其他所有会话"));
    let list = app.get("/api/v1/sessions", Some(&s1)).await;
    let v: serde_json::Value = serde_json::from_str(&list.body).expect("json");
    let items = v.as_array().expect("array");
    assert_eq!(items.len(), 3);
    assert!(!list.body.contains(&s1.token), "tokens are never shown");
    // find s2's id: the only one not current from s1's view that s2 sees as current
    let s2_list = app.get("/api/v1/sessions", Some(&s2)).await;
    let s2v: serde_json::Value = serde_json::from_str(&s2_list.body).expect("json");
    let s2_id = s2v
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["current"] == true)
        .and_then(|s| s["id"].as_str())
        .expect("current")
        .to_owned();
    let path = format!("/account/sessions/{s2_id}/revoke");
    assert_eq!(
        app.post_form(&path, &s1, &[], false).await.status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    // another user cannot end it
    assert_eq!(
        app.post_form(&path, &other, &[], true).await.status,
        StatusCode::NOT_FOUND
    );
    let done = app.post_form(&path, &s1, &[], true).await;
    assert_eq!(location(&done), Some("/account/sessions"));
    assert_eq!(me_of(&app, &s2).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_of(&app, &s3).await, StatusCode::OK);
    let others = app
        .post_form("/account/sessions/revoke-others", &s1, &[], true)
        .await;
    assert_eq!(others.status, StatusCode::SEE_OTHER);
    assert_eq!(me_of(&app, &s3).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_of(&app, &s1).await, StatusCode::OK);
    assert_eq!(me_of(&app, &other).await, StatusCode::OK);
    // ending the current session is a logout
    let own = app.get("/api/v1/sessions", Some(&s1)).await;
    let ov: serde_json::Value = serde_json::from_str(&own.body).expect("json");
    let own_id = ov[0]["id"].as_str().expect("id").to_owned();
    let out = app
        .post_form(
            &format!("/account/sessions/{own_id}/revoke"),
            &s1,
            &[],
            true,
        )
        .await;
    assert_eq!(location(&out), Some("/login"));
    assert_eq!(me_of(&app, &s1).await, StatusCode::UNAUTHORIZED);
    assert!(app.store.audit_count("session.revoked").await.expect("n") >= 2);
}

async fn me_of(app: &App, s: &Session) -> StatusCode {
    app.get("/api/v1/me", Some(s)).await.status
}
