//! Smaller hardening items, each with its test: exports count against the per-user
//! search limit; every answer — framework rejections and 404s included — carries the
//! security headers; attachments are downloaded under the extension of their detected
//! type.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiekang_domain::permission::Role;
use jiekang_web::WebConfig;

use crate::fixtures::{decide_detox, register_zhang};
use crate::harness::{App, PASSWORD, Resp};

pub async fn person_exports_count_against_the_search_limit(app: App) {
    let config = WebConfig {
        searches_per_minute: 3,
        ..WebConfig::default()
    };
    let app = App::with_config(app.store.clone(), config);
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "jt2", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let jt2 = app.login("jt2", PASSWORD).await.ok().expect("login");
    for path in [
        "/persons/export.xlsx",
        "/queues/export.xlsx?q=not_reported",
        "/persons/export.xlsx?name=%E5%BC%A0",
    ] {
        assert_eq!(app.get_bytes(path, &jt).await.0, StatusCode::OK, "{path}");
    }
    for path in ["/persons/export.xlsx", "/queues/export.xlsx?q=not_reported"] {
        let over = app.get(path, Some(&jt)).await;
        assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(over.body.contains("查询过于频繁"), "{}", over.body);
    }
    // one budget: searches are refused too, other users are not affected
    let search = app.get("/persons?name=%E5%BC%A0", Some(&jt)).await;
    assert_eq!(search.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get_bytes("/persons/export.xlsx", &jt2).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.store.audit_count("person.export").await.expect("n"),
        3,
        "a refused export is not run"
    );
}

fn assert_security_headers(what: &str, r: &Resp) {
    for (name, value) in [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        assert_eq!(
            r.headers.get(&name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name}"
        );
    }
    let csp = r
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{what}: CSP {csp:?}"
    );
}

pub async fn every_answer_carries_the_security_headers(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    let page = app.get("/persons", Some(&jt)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_security_headers("a page", &page);
    let missing = app.get("/no-such-page", Some(&jt)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_security_headers("404", &missing);
    let api_missing = app.get("/api/v1/persons/999999", Some(&jt)).await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    assert_security_headers("API 404", &api_missing);
    // 405: a method the route does not have
    let wrong_method = app
        .send(
            Request::delete("/login")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_security_headers("405", &wrong_method);
    // 415: a login that is not a form
    let page = app.get("/login", None).await;
    let login_csrf =
        crate::harness::cookie(&page.headers, "jk_login_csrf").expect("login csrf cookie");
    let wrong_type = app
        .send(
            Request::post("/login")
                .header(header::COOKIE, format!("jk_login_csrf={login_csrf}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("username=a&password=b"))
                .expect("request"),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_security_headers("415", &wrong_type);
    // 413: a body over the limit
    let big = vec![b'a'; 12 * 1024 * 1024];
    let too_large = app
        .send(
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::CONTENT_LENGTH, big.len())
                .body(Body::from(big))
                .expect("request"),
        )
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_security_headers("413", &too_large);
}

/// The newest `/attachments/{id}` link of a page (the highest id).
fn newest_attachment(body: &str) -> String {
    let id = body
        .split("/attachments/")
        .skip(1)
        .filter_map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse::<i64>()
                .ok()
        })
        .max()
        .expect("an attachment link");
    format!("/attachments/{id}")
}

pub async fn attachments_download_with_the_extension_of_their_detected_type(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    let case = decide_detox(&app, &f, person.id, f.community_a.id).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    for (uploaded, bytes, expected, short) in [
        (
            "通知.html",
            b"%PDF-1.4 upload".to_vec(),
            "%E9%80%9A%E7%9F%A5.pdf",
            "pdf",
        ),
        (
            "scan.svg",
            vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0],
            "scan.png",
            "png",
        ),
    ] {
        let boundary = "hardening-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{uploaded}\"\r\n\
             Content-Type: text/html\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let upload = app
            .send(
                Request::post(format!(
                    "/cases/{}/attachments?csrf_token={}",
                    case.id, jt.csrf
                ))
                .header(header::COOKIE, jt.cookie())
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .expect("request"),
            )
            .await;
        assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
        let page = app.get(&format!("/cases/{}", case.id), Some(&jt)).await;
        let link = newest_attachment(&page.body);
        let download = app.get(&link, Some(&jt)).await;
        assert_eq!(download.status, StatusCode::OK);
        let disposition = download
            .headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            disposition.contains(&format!("filename*=UTF-8''{expected}")),
            "{uploaded}: {disposition}"
        );
        assert!(
            disposition.contains(&format!(".{short}\";")),
            "{uploaded}: {disposition}"
        );
    }
}
