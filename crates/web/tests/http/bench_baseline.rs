//! `GET /bench/baseline`, the ceiling `jiekang bench` measures every
//! operation against. It exists only when the server is started with
//! `--bench-baseline` (so it is not in the route table the authorisation matrix walks),
//! and then it passes the same layers and session check as a page.

use axum::http::{StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_web::WebConfig;
use jiekang_web::routes::{BENCH_BASELINE_PATH, route_specs};

use crate::harness::{App, PASSWORD};

pub async fn the_bench_baseline_route_exists_only_with_its_flag_and_only_for_sessions(app: App) {
    // Without the flag: not in the table, and a logged-in user finds nothing there.
    assert!(
        route_specs().iter().all(|s| s.path != BENCH_BASELINE_PATH),
        "the route table (and so the authorisation matrix) never lists the bench route"
    );
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "bench.t", Role::CommunityStaff)
        .await;
    let s = app.login("bench.t", PASSWORD).await.ok().expect("login");
    let r = app.get(BENCH_BASELINE_PATH, Some(&s)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // With the flag: the given number of bytes, for a session only, with the headers
    // of every page.
    let bench = App::with_config(
        app.store.clone(),
        WebConfig {
            bench_baseline_bytes: Some(12_345),
            ..WebConfig::default()
        },
    );
    let anonymous = bench.get(BENCH_BASELINE_PATH, None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let s = bench.login("bench.t", PASSWORD).await.ok().expect("login");
    let r = bench.get(BENCH_BASELINE_PATH, Some(&s)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.len(), 12_345);
    assert!(r.body.starts_with("<!doctype html>"));
    for h in [
        header::CONTENT_SECURITY_POLICY,
        header::X_FRAME_OPTIONS,
        header::CACHE_CONTROL,
    ] {
        assert!(r.headers.contains_key(&h), "{h} on the baseline too");
    }
    // A second request returns the same bytes.
    let again = bench.get(BENCH_BASELINE_PATH, Some(&s)).await;
    assert_eq!(again.body, r.body);
}
