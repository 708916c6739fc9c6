//! A test application over a fresh store, with the Ordos fixture and a login helper.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::contract::fixture::{self, Fixture};
use jiekang_store::model::NewUser;
use jiekang_store::prelude::*;
use jiekang_store_sqlite::SqliteStore;
use jiekang_web::auth::password::hash_password_blocking;
use jiekang_web::auth::totp::{code_at, unix_now};
use jiekang_web::{AppState, WebConfig, app};
use tower::ServiceExt;

pub const PASSWORD: &str = "Correct-Horse-9";

pub struct SqliteDb {
    store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

impl SqliteDb {
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }
}

pub async fn sqlite() -> SqliteDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("web.db");
    let store = SqliteStore::connect(path.to_str().expect("utf-8"))
        .await
        .expect("sqlite");
    // The fixed test keyring
    store
        .unlock(jiekang_store::sealed::Keyring::for_tests())
        .await
        .expect("unlock");
    SqliteDb {
        store: Arc::new(store),
        _dir: dir,
    }
}

pub struct App {
    pub store: Arc<dyn Store>,
    pub router: Router,
    /// The server's "today"; a test may move it (a case's three years in one test).
    pub clock: jiekang_web::Clock,
    /// TOTP secrets of the users the harness enrolled, with the last
    /// step it used for each (a step is accepted once).
    secrets: Mutex<HashMap<String, (String, u64)>>,
    /// GB/T 22239: the TCP peer address every request comes from (`ConnectInfo`, as
    /// `serve` supplies it); none by default, as in-process requests have none.
    peer: Mutex<Option<std::net::SocketAddr>>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    /// The page with the wrappers that keep its dates on one line taken out (see
    /// `jiekang_web::dates_together`), so a test reads `应于 2024-10-14 前报到` as shown.
    pub body: String,
    /// The page exactly as served.
    pub html: String,
}

/// `html` without the `<span class="date">…</span>` around its dates.
fn unwrap_dates(html: &str) -> String {
    const OPEN: &str = "<span class=\"date\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let inner = &rest[at + OPEN.len()..];
        match inner
            .get(..10)
            .filter(|_| inner[10..].starts_with("</span>"))
        {
            Some(date) => {
                out.push_str(date);
                rest = &inner[10 + "</span>".len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

impl App {
    pub fn new(store: Arc<dyn Store>) -> Self {
        let clock = jiekang_web::Clock::system();
        let config = WebConfig {
            clock: clock.clone(),
            ..WebConfig::default()
        };
        let router = app(AppState::new(store.clone(), config));
        Self {
            store,
            router,
            clock,
            secrets: Mutex::new(HashMap::new()),
            peer: Mutex::new(None),
        }
    }

    // --- An app with other settings (the bench baseline route) ---
    /// An app with the given settings (its clock is the one of `config`).
    pub fn with_config(store: Arc<dyn Store>, config: WebConfig) -> Self {
        let clock = config.clock.clone();
        let router = app(AppState::new(store.clone(), config));
        Self {
            store,
            router,
            clock,
            secrets: Mutex::new(HashMap::new()),
            peer: Mutex::new(None),
        }
    }

    /// The contract fixture, with a known password on users created by [`App::user`].
    pub async fn fixture(&self) -> Fixture {
        fixture::build(self.store.as_ref()).await
    }

    pub async fn user(&self, unit_id: i64, username: &str, role: Role) {
        let hash = hash_password_blocking(PASSWORD).expect("hash");
        self.store
            .create_user(
                &Scope::system(),
                None,
                &NewUser {
                    username: username.into(),
                    display_name: username.into(),
                    unit_id,
                    role,
                    password_hash: hash,
                    must_change_password: false,
                },
            )
            .await
            .expect("user");
    }

    /// Send every following request from this peer address (`None`: no peer).
    pub fn set_peer(&self, peer: Option<&str>) {
        *self.peer.lock().expect("lock") = peer.map(|p| p.parse().expect("ip:port"));
    }

    /// The request as it comes off a connection: with the peer address, if one is set.
    fn with_peer(&self, mut req: Request<Body>) -> Request<Body> {
        if let Some(peer) = *self.peer.lock().expect("lock") {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        req
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let req = self.with_peer(req);
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        Resp::of(resp).await
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Resp {
        let mut req = Request::get(path);
        if let Some(s) = session {
            req = req.header(header::COOKIE, s.cookie());
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// GET raw bytes (downloads) with the session cookie.
    pub async fn get_bytes(&self, path: &str, session: &Session) -> (StatusCode, Vec<u8>) {
        let req = Request::get(path)
            .header(header::COOKIE, session.cookie())
            .body(Body::empty())
            .expect("request");
        let req = self.with_peer(req);
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        (status, bytes.to_vec())
    }

    /// POST a form with the session cookie; `csrf` adds the session's token.
    pub async fn post_form(
        &self,
        path: &str,
        session: &Session,
        fields: &[(&str, &str)],
        csrf: bool,
    ) -> Resp {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if csrf {
            pairs.push(("csrf_token", &session.csrf));
        }
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        let req = Request::post(path)
            .header(header::COOKIE, session.cookie())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(req).await
    }

    /// Log in through the login page, as a browser does: with the TOTP code when the
    /// user has one, and enrolling first when the role requires it.
    pub async fn login(&self, username: &str, password: &str) -> Result<Session, Resp> {
        let resp = self.post_login(username, password, None).await;
        let Some(token) = cookie(&resp.headers, "jk_session").filter(|t| !t.is_empty()) else {
            return Err(resp);
        };
        let mut session = Session {
            token,
            csrf: String::new(),
        };
        if location(&resp) == Some("/login/totp") {
            let page = self.get("/login/totp", Some(&session)).await;
            session.csrf = hidden(&page.body, "csrf_token").expect("csrf on the code page");
            let code = self.next_code(username).await;
            let done = self
                .post_form("/login/totp", &session, &[("code", &code)], true)
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
            // the session id is renewed once the second factor passes
            session.token = cookie(&done.headers, "jk_session").expect("a renewed session");
        }
        let mut me = self.get("/api/v1/me", Some(&session)).await;
        if me.status == StatusCode::BAD_REQUEST && me.body.contains("两步验证") {
            self.enrol(username, &session).await;
            me = self.get("/api/v1/me", Some(&session)).await;
        }
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        let v: serde_json::Value = serde_json::from_str(&me.body).expect("json");
        session.csrf = v["csrf_token"].as_str().expect("csrf").to_owned();
        Ok(session)
    }

    /// Enrol TOTP through the account page, reading the secret from the page; returns it.
    pub async fn enrol(&self, username: &str, session: &Session) -> String {
        let page = self.get("/account/totp", Some(session)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = hidden(&page.body, "csrf_token").expect("csrf");
        let secret = hidden(&page.body, "secret").expect("secret on the page");
        let step = now_step();
        let code = code_at(&secret, step * 30).expect("code");
        let s = Session {
            token: session.token.clone(),
            csrf,
        };
        let done = self
            .post_form(
                "/account/totp/enable",
                &s,
                &[("secret", &secret), ("code", &code)],
                true,
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert!(done.body.contains("两步验证已启用"), "{}", done.body);
        self.secrets
            .lock()
            .expect("lock")
            .insert(username.to_owned(), (secret.clone(), step));
        secret
    }

    /// A code of `username`'s secret that the server has not seen yet: a step within the
    /// skew and after the last one used, waiting for the next step when there is none.
    pub async fn next_code(&self, username: &str) -> String {
        loop {
            let (secret, last) = self
                .secrets
                .lock()
                .expect("lock")
                .get(username)
                .cloned()
                .expect("the harness enrolled this user");
            let now = now_step();
            let step = (now.saturating_sub(1)).max(last + 1);
            if step <= now + 1 {
                self.secrets
                    .lock()
                    .expect("lock")
                    .insert(username.to_owned(), (secret.clone(), step));
                return code_at(&secret, step * 30).expect("code");
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }

    /// POST the login form (with a fresh login CSRF token), from the peer address
    /// `client` if given (else from the peer set with [`App::set_peer`], if any).
    pub async fn post_login(&self, username: &str, password: &str, client: Option<&str>) -> Resp {
        self.post_login_via(username, password, client, None).await
    }

    /// [`App::post_login`] with an `X-Forwarded-For` header, as a client or a reverse
    /// proxy may send it (GB/T 22239: believed only from a trusted proxy).
    pub async fn post_login_via(
        &self,
        username: &str,
        password: &str,
        peer: Option<&str>,
        forwarded_for: Option<&str>,
    ) -> Resp {
        let page = self.get("/login", None).await;
        let login_csrf = cookie(&page.headers, "jk_login_csrf").expect("login csrf cookie");
        let body = serde_urlencoded::to_string([
            ("username", username),
            ("password", password),
            ("csrf_token", login_csrf.as_str()),
        ])
        .expect("form");
        let mut req = Request::post("/login")
            .header(header::COOKIE, format!("jk_login_csrf={login_csrf}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(xff) = forwarded_for {
            req = req.header("x-forwarded-for", xff);
        }
        let mut req = req.body(Body::from(body)).expect("request");
        if let Some(c) = peer {
            let peer: std::net::SocketAddr = format!("{c}:40000").parse().expect("an IPv4 address");
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            let resp = self.router.clone().oneshot(req).await.expect("infallible");
            return Resp::of(resp).await;
        }
        self.send(req).await
    }

    /// POST JSON to the API as a logged-in page session (cookie and CSRF header).
    pub async fn post_json_as(
        &self,
        path: &str,
        session: &Session,
        body: &serde_json::Value,
    ) -> Resp {
        let req = Request::post(path)
            .header(header::COOKIE, session.cookie())
            .header("x-csrf-token", &session.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req).await
    }

    /// POST JSON to the API (no session).
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Resp {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req).await
    }
}

impl Resp {
    async fn of(resp: axum::response::Response) -> Self {
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let html = String::from_utf8_lossy(&bytes).into_owned();
        Self {
            status,
            headers,
            body: unwrap_dates(&html),
            html,
        }
    }
}

pub struct Session {
    pub token: String,
    pub csrf: String,
}

impl Session {
    pub fn cookie(&self) -> String {
        format!("jk_session={}", self.token)
    }
}

/// The value a response sets for a cookie.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| cookie::Cookie::parse(v.to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The `Location` of a redirect.
pub fn location(resp: &Resp) -> Option<&str> {
    resp.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
}

/// The value of a hidden form field `name` in a page.
pub fn hidden(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// The current TOTP step.
pub fn now_step() -> u64 {
    unix_now() / 30
}
