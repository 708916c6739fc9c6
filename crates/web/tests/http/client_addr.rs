//! GB/T 22239 8.1.4.1 b — the client address: `X-Forwarded-For` only from a trusted
//! proxy, else the connection's peer; every audit record (logins, reads, exports)
//! carries it.

use std::sync::Arc;

use axum::http::StatusCode;
use jiekang_domain::permission::Role;
use jiekang_store::Store;
use jiekang_store::model::{AuditFilter, PageRequest};
use jiekang_web::WebConfig;
use jiekang_web::client_addr::TrustedProxies;

use crate::fixtures::register_zhang;
use crate::harness::{App, PASSWORD};

/// The client addresses of the audit records of `action`, newest first.
async fn clients(store: &dyn Store, action: &str) -> Vec<String> {
    store
        .audit_events(
            &jiekang_store::Scope::system(),
            &AuditFilter {
                action: Some(action.into()),
                ..Default::default()
            },
            PageRequest::first(50),
        )
        .await
        .expect("audit records")
        .items
        .into_iter()
        .map(|r| r.client)
        .collect()
}

pub async fn a_forged_forwarded_for_neither_changes_the_audited_address_nor_escapes_the_lockout(
    app: App,
) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    // No trusted proxy: a new X-Forwarded-For on every attempt, from one peer.
    for i in 1..=4 {
        let r = app
            .post_login_via(
                &format!("a{i}"),
                "Wrong-Password-1",
                Some("203.0.113.7"),
                Some(&format!("198.51.100.{i}")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    let fifth = app
        .post_login_via(
            "a5",
            "Wrong-Password-1",
            Some("203.0.113.7"),
            Some("198.51.100.5"),
        )
        .await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    let forged = app
        .post_login_via("zhang", PASSWORD, Some("203.0.113.7"), Some("192.0.2.200"))
        .await;
    assert_eq!(
        forged.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new header does not escape the address lock: {}",
        forged.body
    );
    let failed = clients(app.store.as_ref(), "login.failed").await;
    assert_eq!(failed.len(), 5);
    assert!(
        failed.iter().all(|c| c == "203.0.113.7"),
        "the peer is audited, never the header: {failed:?}"
    );
}

pub async fn behind_a_trusted_proxy_the_forwarded_address_is_used(app: App) {
    let config = WebConfig {
        trusted_proxies: TrustedProxies::parse("127.0.0.1,10.0.0.5").expect("proxies"),
        ..WebConfig::default()
    };
    let app = App::with_config(Arc::clone(&app.store), config);
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "zhang", Role::TownshipOffice).await;
    // the proxy appends the address it saw; what the client wrote stays to its left
    let r = app
        .post_login_via(
            "zhang",
            "Wrong-Password-1",
            Some("10.0.0.5"),
            Some("1.2.3.4, 198.51.100.9"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // from a peer that is not a proxy the header counts for nothing
    let r = app
        .post_login_via(
            "zhang",
            "Wrong-Password-1",
            Some("203.0.113.7"),
            Some("198.51.100.9"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let failed = clients(app.store.as_ref(), "login.failed").await;
    assert_eq!(failed, ["203.0.113.7", "198.51.100.9"]);
    // the address lock follows the forwarded address
    for name in ["b1", "b2", "b3", "b4"] {
        app.post_login_via(
            name,
            "Wrong-Password-1",
            Some("10.0.0.5"),
            Some("198.51.100.9"),
        )
        .await;
    }
    let blocked = app
        .post_login_via("zhang", PASSWORD, Some("10.0.0.5"), Some("198.51.100.9"))
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let other = app
        .post_login_via("zhang", PASSWORD, Some("10.0.0.5"), Some("198.51.100.10"))
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "{}", other.body);
}

pub async fn exports_reads_and_logins_are_audited_with_the_client_address(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    app.set_peer(Some("203.0.113.7:5000"));
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let (status, _) = app.get_bytes("/persons/export.xlsx", &jt).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .get_bytes("/queues/export.xlsx?q=not_reported", &jt)
        .await;
    assert_eq!(status, StatusCode::OK);
    let archive = app.get(&format!("/persons/{}", person.id), Some(&jt)).await;
    assert_eq!(archive.status, StatusCode::OK);
    for action in ["login", "person.export", "queue.export", "person.read"] {
        assert_eq!(
            clients(app.store.as_ref(), action).await,
            ["203.0.113.7"],
            "{action}"
        );
    }
    // the session list shows the same address
    let sessions = app.get("/api/v1/sessions", Some(&jt)).await;
    assert!(sessions.body.contains("203.0.113.7"), "{}", sessions.body);
}
