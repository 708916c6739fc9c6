//! The browser harness: Debian's headless Chromium driven through chromedriver (WebDriver,
//! `fantoccini`), against the application served in-process over a fresh SQLite store.
//!
//! - One chromedriver per test process, shared by the tests running at the same time and shut
//!   down when the last of them drops it ([`chromedriver`]).
//! - Each test has its own server ([`Site`]: the contract fixture plus one user per role with
//!   [`PASSWORD`]) and its own browser session with a fresh profile, at one [`Size`].
//! - [`Browser::page`] checks every page the same way: the expected text, no `<script`, no
//!   horizontal scrolling, no browser console errors; and saves a full-page screenshot as
//!   `target/e2e/<journey>-<size>-<page>.png` (`$CARGO_TARGET_DIR/e2e` when that is set).
//! - The console is read through chromedriver's log endpoint (`POST /session/{id}/se/log`,
//!   with the `goog:loggingPrefs` capability `{"browser": "ALL"}`), which fantoccini has no
//!   method for: [`BrowserLog`] is a raw WebDriver command issued through `issue_cmd`. Entries
//!   at level SEVERE or WARNING fail the page, save the documented exceptions ([`Console`] and
//!   [`TOLERATE_MISSING_FAVICON`]).
//! - With `JIEKANG_E2E_DOCS=1` the pages listed in [`DOCS_SCREENSHOTS`] are also written to
//!   `docs/screenshots/` for the README.
//!
//! Chromium or chromedriver missing fails every test with a message naming
//! `scripts/install-browser.sh`; nothing is skipped.

use std::collections::HashMap;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use base64::Engine;
use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use jiekang_domain::permission::Role;
use jiekang_store::contract::fixture::{self, Fixture};
use jiekang_store::model::NewUser;
use jiekang_store::{Scope, Store};
use jiekang_store_sqlite::SqliteStore;
use jiekang_web::auth::password::hash_password_blocking;
use jiekang_web::auth::totp::{code_at, unix_now};
use jiekang_web::{AppState, Clock, WebConfig, app};
use serde_json::{Value, json};

/// The password of every user the harness creates.
pub const PASSWORD: &str = "Correct-Horse-9";

/// Debian's `chromium` and `chromium-driver` packages; never a downloaded browser.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long a page, an element or chromedriver may take before the test fails. Only a bound
/// on waiting: no assertion depends on how fast anything is.
const PATIENCE: Duration = Duration::from_secs(30);

/// A journey still running after this long is stuck (a WebDriver command that never answers);
/// it fails instead of hanging the test run. Again only a bound, never an expectation.
const JOURNEY_LIMIT: Duration = Duration::from_secs(600);

// ---------------------------------------------------------------------------------------------
// Sizes

/// The two screens community work happens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// An office PC: a 1366×768 viewport.
    Desktop,
    /// A phone: a 375×812 viewport, mobile and touch emulation (the viewport meta tag applies,
    /// scrollbars overlay the page as on a real phone).
    Phone,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::Desktop => "desktop",
            Size::Phone => "phone",
        }
    }

    pub fn width(self) -> u32 {
        match self {
            Size::Desktop => 1366,
            Size::Phone => 375,
        }
    }

    pub fn height(self) -> u32 {
        match self {
            Size::Desktop => 768,
            Size::Phone => 812,
        }
    }
}

/// Whether the pages' own JavaScript may run in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    /// As in an ordinary browser (the console is checked for errors).
    Enabled,
    /// Blink's script engine off (`--blink-settings=scriptEnabled=false`): the pages must work
    /// with plain HTML forms and links. WebDriver itself still works.
    Disabled,
}

// ---------------------------------------------------------------------------------------------
// chromedriver

fn executable(env: &str, default: &str, package: &str) -> PathBuf {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "{} not found: the browser tests need Debian's `{package}` package. \
         Run `scripts/install-browser.sh` (as root; it uses apt-get) — or set {env} to an \
         installed binary.",
        path.display()
    );
    path
}

fn chromium_binary() -> PathBuf {
    executable("JIEKANG_CHROMIUM", CHROMIUM, "chromium")
}

/// A chromedriver process on a free local port; shut down (and killed if need be) on drop.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn start() -> Self {
        let exe = executable("JIEKANG_CHROMEDRIVER", CHROMEDRIVER, "chromium-driver");
        // A port taken between choosing and binding is retried on another one.
        for _ in 0..5 {
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .expect("a free local port")
                .port();
            let mut child = Command::new(&exe)
                .arg(format!("--port={port}"))
                // Chromium's own words and formats in Chinese (with Debian's chromium-l10n),
                // as our users see them: date fields read 2024/10/08.
                .env("LANGUAGE", "zh_CN:zh")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot start {}: {e} (run scripts/install-browser.sh)",
                        exe.display()
                    )
                });
            let deadline = Instant::now() + PATIENCE;
            loop {
                if let Some(status) = child.try_wait().expect("chromedriver status") {
                    eprintln!("chromedriver on port {port} exited at start ({status}); retrying");
                    break;
                }
                if http_get(port, "/status").is_some_and(|s| s.contains("\"ready\":true")) {
                    return Self { child, port };
                }
                if Instant::now() >= deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("chromedriver did not become ready on port {port}");
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("chromedriver did not start (tried five ports)");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // `/shutdown` quits the browsers of any session still open, then chromedriver itself.
        let _ = http_get(self.port, "/shutdown");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tiny HTTP/1.1 GET to chromedriver, for its status and shutdown endpoints: the body, once
/// `Content-Length` bytes of it have arrived (chromedriver may keep the connection open).
fn http_get(port: u16, path: &str) -> Option<String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| buf.len() >= end + 4 + n) {
                return Some(text[end + 4..].to_string());
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Some(String::from_utf8_lossy(&buf).into_owned()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => return (!buf.is_empty()).then(|| String::from_utf8_lossy(&buf).into_owned()),
        }
    }
}

/// The chromedriver of this test process: started by the first test that needs it, shared with
/// the tests running alongside, shut down when the last one drops its handle.
pub fn chromedriver() -> Arc<Chromedriver> {
    static SHARED: Mutex<Weak<Chromedriver>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(driver) = shared.upgrade() {
        return driver;
    }
    let driver = Arc::new(Chromedriver::start());
    *shared = Arc::downgrade(&driver);
    driver
}

// ---------------------------------------------------------------------------------------------
// The application under test

/// A user the harness creates, one per role (the fixture's own users have no usable password).
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
}

/// Where each account sits in the fixture's tree.
#[derive(Debug, Clone, Copy)]
enum Post {
    City,
    Dongsheng,
    Jiaotong,
    CommunityA,
    Gongyuan,
}

const ACCOUNTS: [(Account, Post); 7] = [
    (
        acct("e2e.township", "赵建国", Role::TownshipOffice),
        Post::Jiaotong,
    ),
    (
        acct("e2e.district", "钱文华", Role::DistrictOffice),
        Post::Dongsheng,
    ),
    (
        acct("e2e.staff", "孙丽", Role::CommunityStaff),
        Post::CommunityA,
    ),
    (
        acct("e2e.police", "周强", Role::CommunityPolice),
        Post::CommunityA,
    ),
    (acct("e2e.admin", "吴敏", Role::Admin), Post::City),
    (acct("e2e.auditor", "郑伟", Role::Auditor), Post::City),
    (acct("e2e.city", "王芳", Role::CitySupervisor), Post::City),
];

const fn acct(username: &'static str, display_name: &'static str, role: Role) -> Account {
    Account {
        username,
        display_name,
        role,
    }
}

/// A second township office, of 公园街道 (the fixture's other township): the receiving end of
/// a transfer. Not in [`accounts`], which holds one account per role.
pub const OTHER_TOWNSHIP: Account = acct("e2e.gongyuan", "冯晓东", Role::TownshipOffice);

/// The harness's account of a role.
pub fn account(role: Role) -> Account {
    ACCOUNTS
        .iter()
        .map(|(a, _)| *a)
        .find(|a| a.role == role)
        .unwrap_or_else(|| panic!("the harness creates no {role:?} account"))
}

/// Every account, in the order the role journey logs in.
pub fn accounts() -> impl Iterator<Item = Account> {
    ACCOUNTS.iter().map(|(a, _)| *a)
}

/// The application, served on 127.0.0.1 inside the test's runtime, over a fresh SQLite store.
pub struct Site {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub fixture: Fixture,
    /// The server's "today" (`WebConfig::clock`): the system date until a journey sets it,
    /// as the HTTP tests do, so deadlines and schedules come out the same on every run.
    pub clock: Clock,
    /// Issue #5 item 4: TOTP secrets the harness enrolled through the page, by username,
    /// with the last step used (each step is accepted once).
    secrets: Mutex<HashMap<String, (String, u64)>>,
    server: tokio::task::JoinHandle<()>,
    _db: tempfile::TempDir,
}

impl Site {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir for the database");
        let path = dir.path().join("e2e.db");
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::connect(path.to_str().expect("utf-8 temp path"))
                .await
                .expect("sqlite store"),
        );
        // issue #5 item 3: the fixed test keyring
        store
            .unlock(jiekang_store::sealed::Keyring::for_tests())
            .await
            .expect("unlock");
        let fixture = fixture::build(store.as_ref()).await;
        // One hash for every account: hashing is deliberately slow.
        let hash = hash_password_blocking(PASSWORD).expect("hash the test password");
        let others = [(OTHER_TOWNSHIP, Post::Gongyuan)];
        for (account, post) in ACCOUNTS.into_iter().chain(others) {
            let unit = match post {
                Post::City => &fixture.city,
                Post::Dongsheng => &fixture.dongsheng,
                Post::Jiaotong => &fixture.jiaotong,
                Post::CommunityA => &fixture.community_a,
                Post::Gongyuan => &fixture.gongyuan,
            };
            store
                .create_user(
                    &Scope::system(),
                    None,
                    &NewUser {
                        username: account.username.into(),
                        display_name: account.display_name.into(),
                        unit_id: unit.id,
                        role: account.role,
                        password_hash: hash.clone(),
                        must_change_password: false,
                    },
                )
                .await
                .expect("create a test account");
        }
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind the test server");
        let addr = listener.local_addr().expect("server address");
        let clock = Clock::system();
        let config = WebConfig {
            clock: clock.clone(),
            ..WebConfig::default()
        };
        let router = app(AppState::new(store.clone(), config));
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Self {
            base: format!("http://{addr}"),
            store,
            fixture,
            clock,
            secrets: Mutex::new(HashMap::new()),
            server,
            _db: dir,
        }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.server.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// Running a journey

/// Run one journey at one size: a fresh server, a fresh browser session; the session is closed
/// (its Chromium ends) whether the journey passes or panics, and a panic fails the test.
pub async fn journey<F, Fut>(name: &'static str, size: Size, scripts: Scripts, body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = chromedriver();
    let site = Arc::new(Site::start().await);
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let client = connect(&driver, size, scripts, profile.path()).await;
    let browser = Browser {
        client: client.clone(),
        site: site.clone(),
        size,
        journey: name,
        downloads: profile.path().join(DOWNLOADS),
    };
    let mut task = tokio::spawn(body(browser));
    let outcome = tokio::time::timeout(JOURNEY_LIMIT, &mut task).await;
    if outcome.is_err() {
        task.abort();
    }
    let _ = tokio::time::timeout(PATIENCE, client.close()).await;
    drop(site);
    drop(profile);
    drop(driver);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("journey {name} did not finish: {e}"),
        },
        Err(_) => panic!(
            "journey {name} ({}) was still running after {} s: a WebDriver command hung",
            size.name(),
            JOURNEY_LIMIT.as_secs()
        ),
    }
}

/// The folder of the browser profile that downloads are saved in.
const DOWNLOADS: &str = "downloads";

async fn connect(driver: &Chromedriver, size: Size, scripts: Scripts, profile: &Path) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--lang=zh-CN".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if scripts == Scripts::Disabled {
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let (pixel_ratio, mobile) = match size {
        Size::Desktop => (1.0, false),
        Size::Phone => (2.0, true),
    };
    let capabilities = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium_binary(),
            "args": args,
            "prefs": {
                "intl.accept_languages": "zh-CN,zh",
                // Downloads (the Excel exports) land in the profile, unasked.
                "download.default_directory": profile.join(DOWNLOADS),
                "download.prompt_for_download": false,
            },
            "mobileEmulation": {
                "deviceMetrics": {
                    "width": size.width(),
                    "height": size.height(),
                    "pixelRatio": pixel_ratio,
                    "mobile": mobile,
                    // Under touch emulation chromedriver taps instead of clicking and then
                    // waits on a page timer, which never fires with scripts off: without
                    // scripts the phone is emulated without touch.
                    "touch": mobile && scripts == Scripts::Enabled,
                },
            },
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("capabilities are an object")
    };
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot open a Chromium session through chromedriver: {e} \
                 (is Debian's chromium installed? run scripts/install-browser.sh)"
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Raw WebDriver commands fantoccini has no method for

/// chromedriver's log endpoint (`POST /session/{id}/se/log`, type `browser`): the console
/// entries since the last call. Needs the `goog:loggingPrefs` capability.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// A Chrome DevTools command through chromedriver (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The pages link no icon, so Chromium asks for `/favicon.ico`, which answers 404 and logs a
/// console error on every page. Tolerated (that one entry only) until `base.html` links an
/// icon or the router serves one; then set this to `false`.
const TOLERATE_MISSING_FAVICON: bool = false;

fn is_favicon_404(e: &LogEntry) -> bool {
    e.source == "network"
        && e.message.contains("/favicon.ico - ")
        && e.message.contains("status of 404")
}

/// One entry of the browser console.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

// ---------------------------------------------------------------------------------------------
// The browser, as a journey uses it

/// What a page may log to the console without failing the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    /// Nothing at level SEVERE.
    Clean,
    /// The page is a rejected form answered with this HTTP status: Chromium logs the status of
    /// the document as a `network` error ("Failed to load resource: … status of 422"); that one
    /// entry is expected, anything else still fails.
    RejectedWith(u16),
}

/// One test's browser session, with the site it talks to.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub site: Arc<Site>,
    pub size: Size,
    journey: &'static str,
    /// Where the browser saves downloads.
    downloads: PathBuf,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.base)
    }

    /// The path (and query) of the page now shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The element, once it is on the page.
    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("no `{css}` on {}: {e}", self.path_or_unknown().await),
        }
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find all `{css}`: {e}"))
    }

    async fn path_or_unknown(&self) -> String {
        match self.client.current_url().await {
            Ok(u) => u.path().to_owned(),
            Err(_) => "(unknown page)".into(),
        }
    }

    /// Type into a text field, replacing what it holds.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear field");
        field.send_keys(value).await.expect("type into field");
    }

    /// Choose an option of a `<select>` by its value.
    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Set a date field (`<input type=date>`) to `yyyy-mm-dd`. Chromium's date field takes
    /// typing segment by segment in the locale's order, which WebDriver cannot address
    /// reliably; the value is set as the field's own picker would set it.
    pub async fn set_date(&self, css: &str, date: &str) {
        let field = self.find(css).await;
        let arg = serde_json::to_value(&field).expect("element as a script argument");
        self.client
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![arg, json!(date)],
            )
            .await
            .unwrap_or_else(|e| panic!("set {css} to {date}: {e}"));
        let value = field.prop("value").await.expect("date value");
        assert_eq!(value.as_deref(), Some(date), "{css} holds the date");
    }

    /// Open the `<details>` whose `<summary>` reads `text` by clicking the summary, as a user
    /// does; returns the opened `<details>`.
    pub async fn open_details(&self, text: &str) -> Element {
        let mut seen = Vec::new();
        for summary in self.find_all("details > summary").await {
            let label = summary.text().await.expect("summary text");
            if label.trim() == text {
                let details = summary
                    .find(Locator::XPath(".."))
                    .await
                    .expect("the summary's details");
                if details
                    .attr("open")
                    .await
                    .expect("open attribute")
                    .is_none()
                {
                    summary
                        .click()
                        .await
                        .unwrap_or_else(|e| panic!("click “{text}”: {e}"));
                }
                assert!(
                    details.attr("open").await.expect("open").is_some(),
                    "clicking “{text}” opened it"
                );
                return details;
            }
            seen.push(label);
        }
        panic!("no <summary> “{text}”; summaries: {seen:?}");
    }

    /// Open the `<details>` whose summary reads `text` and submit its form.
    pub async fn submit_in_details(&self, text: &str) {
        let details = self.open_details(text).await;
        let button = details
            .find(Locator::Css("button[type=submit]"))
            .await
            .unwrap_or_else(|e| panic!("no submit button under “{text}”: {e}"));
        self.click_element_and_wait(&button, text).await;
    }

    /// Click a download link and wait for the browser to save the file; its path.
    pub async fn download(&self, css: &str) -> PathBuf {
        std::fs::create_dir_all(&self.downloads).expect("create the download folder");
        let _ = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.setDownloadBehavior",
                params: json!({
                    "behavior": "allow",
                    "downloadPath": self.downloads,
                }),
            })
            .await;
        let before: Vec<PathBuf> = files_in(&self.downloads);
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let done: Vec<PathBuf> = files_in(&self.downloads)
                .into_iter()
                .filter(|p| !before.contains(p))
                .filter(|p| {
                    p.extension()
                        .is_none_or(|e| e != "crdownload" && e != "tmp")
                })
                .collect();
            if let [file] = done.as_slice() {
                return file.clone();
            }
            assert!(
                Instant::now() < deadline,
                "clicking {css} saved no file in {} (found {done:?})",
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The number shown in a dashboard figure (`.figure`) whose caption starts with `label`.
    pub async fn figure(&self, label: &str) -> String {
        for figure in self.find_all(".figure").await {
            let text = figure.text().await.expect("figure text");
            let num = figure
                .find(Locator::Css(".num"))
                .await
                .expect("a figure's number")
                .text()
                .await
                .expect("number text");
            let caption = text.replacen(&num, "", 1);
            if caption.trim().starts_with(label) {
                return num.trim().to_owned();
            }
        }
        panic!("no figure “{label}” on {}", self.path_or_unknown().await);
    }

    /// Click something that loads a new page (a link or a submit button) and wait until the
    /// new page has replaced the old one.
    pub async fn click_and_wait(&self, css: &str) {
        let target = self.find(css).await;
        self.click_element_and_wait(&target, css).await;
    }

    async fn click_element_and_wait(&self, target: &Element, what: &str) {
        let old = self.find("html").await;
        target
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {what}: {e}"));
        // The old document's element goes stale once the new page has replaced it. While the
        // browser is between documents chromedriver may answer other errors; they are retried.
        let deadline = Instant::now() + PATIENCE;
        loop {
            let last = match old.tag_name().await {
                Err(CmdError::Standard(e)) if e.error == ErrorStatus::StaleElementReference => {
                    break;
                }
                Ok(_) => "the old page is still shown".to_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                Instant::now() < deadline,
                "clicking {what} did not load a new page ({last})"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.find("body").await;
    }

    /// Click the link with this exact text inside `scope` (a CSS selector) and wait for the page.
    pub async fn follow(&self, scope: &str, text: &str) {
        let mut seen = Vec::new();
        for link in self.find_all(&format!("{scope} a")).await {
            let label = link.text().await.expect("link text");
            if label.trim() == text {
                self.click_element_and_wait(&link, text).await;
                return;
            }
            seen.push(label);
        }
        panic!("no link “{text}” in {scope}; links there: {seen:?}");
    }

    /// The links inside `scope`: (text, path).
    pub async fn links(&self, scope: &str) -> Vec<(String, String)> {
        let mut links = Vec::new();
        for link in self.find_all(&format!("{scope} a")).await {
            let label = link.text().await.expect("link text").trim().to_owned();
            let href = link.attr("href").await.expect("href").unwrap_or_default();
            links.push((label, href));
        }
        links
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.find("body")
            .await
            .text()
            .await
            .expect("text of the page")
    }

    /// The text of the page's `<h1>`.
    pub async fn heading(&self) -> String {
        self.find("main h1").await.text().await.expect("h1 text")
    }

    /// Check the page now shown and save its screenshot: it names `page` in the file name;
    /// every `expected` text must be visible on it.
    pub async fn page(&self, page: &str, expected: &[&str], console: Console) {
        let path = self.path().await;
        let at = format!(
            "{} {} page “{page}” ({path})",
            self.journey,
            self.size.name()
        );
        self.find("main h1").await;
        let text = self.text().await;
        let mut problems: Vec<String> = expected
            .iter()
            .filter(|want| !text.contains(**want))
            .map(|want| format!("expected “{want}” on the page"))
            .collect();
        problems.extend(self.problems(console).await);
        // Screenshot first, so a failing page can be looked at.
        let shot = self.screenshot(page).await;
        assert!(
            problems.is_empty(),
            "{at}:\n- {}\nscreenshot: {}\nthe page shows:\n{text}",
            problems.join("\n- "),
            shot.display()
        );
    }

    /// What is wrong with the page now shown, whatever it is: a `<script>` (every page must
    /// work without JavaScript), sideways scrolling, or errors in the browser console.
    pub async fn problems(&self, console: Console) -> Vec<String> {
        let mut problems = Vec::new();
        let source = self.client.source().await.expect("page source");
        if source.to_ascii_lowercase().contains("<script") {
            problems
                .push("the page has a <script>; every page must work without JavaScript".into());
        }
        problems.extend(self.sideways_scroll().await);
        problems.extend(self.low_contrast().await);
        problems.extend(self.console_errors(console).await);
        problems
    }

    /// Issue #7, WCAG AA: every visible element with text of its own has a contrast of at
    /// least 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold) between its computed colour
    /// (with the opacity of its ancestors) and its effective background (the background
    /// colours of it and its ancestors, composited over white), by the WCAG 2.x formula.
    pub async fn low_contrast(&self) -> Option<String> {
        let v = self
            .client
            .execute(CONTRAST_JS, vec![])
            .await
            .expect("measure the contrast of the page");
        let low = v.as_array().expect("contrast findings");
        (!low.is_empty()).then(|| {
            format!(
                "text below WCAG AA contrast: {}",
                low.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
    }

    /// Nothing wider than the screen: no horizontal scrolling, and (on the phone) the browser
    /// did not zoom out to fit something wide — a phone zooms out instead of scrolling, which
    /// makes `innerWidth` grow with the page, so the viewport's width is checked as well.
    async fn sideways_scroll(&self) -> Option<String> {
        let v = self
            .client
            .execute(
                r#"const d = document.documentElement;
                   const wide = [];
                   for (const e of document.body.querySelectorAll('*')) {
                     const r = e.getBoundingClientRect();
                     if (r.width > 0 && Math.round(r.right + window.scrollX) > d.clientWidth) {
                       const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/ +/g, '.') : '';
                       wide.push(e.tagName.toLowerCase() + cls + ' (right edge ' + Math.round(r.right + window.scrollX) + ')');
                     }
                   }
                   return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
                            innerWidth: window.innerWidth, wide: wide.slice(0, 10) };"#,
                vec![],
            )
            .await
            .expect("measure the page");
        let num = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
        let (scroll, client, inner) = (num("scrollWidth"), num("clientWidth"), num("innerWidth"));
        let width = i64::from(self.size.width());
        (scroll > inner || scroll > client || inner != width).then(|| {
            format!(
                "the page scrolls sideways at {width} px (scrollWidth {scroll}, clientWidth \
                 {client}, innerWidth {inner}); too wide: {}",
                v["wide"]
            )
        })
    }

    /// The console entries since the last call.
    pub async fn console_entries(&self) -> Vec<LogEntry> {
        let v = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log (POST /session/{id}/se/log)");
        v.as_array()
            .expect("log entries")
            .iter()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or_default().to_owned(),
                source: e["source"].as_str().unwrap_or_default().to_owned(),
                message: e["message"].as_str().unwrap_or_default().to_owned(),
            })
            .collect()
    }

    async fn console_errors(&self, console: Console) -> Option<String> {
        let unexpected: Vec<LogEntry> = self
            .console_entries()
            .await
            .into_iter()
            .filter(|e| e.level == "SEVERE" || e.level == "WARNING")
            .filter(|e| !(TOLERATE_MISSING_FAVICON && is_favicon_404(e)))
            .filter(|e| match console {
                Console::Clean => true,
                Console::RejectedWith(status) => {
                    !(e.source == "network" && e.message.contains(&format!("status of {status}")))
                }
            })
            .collect();
        (!unexpected.is_empty()).then(|| format!("the browser console has errors: {unexpected:#?}"))
    }

    /// Save a full-page PNG as `target/e2e/<journey>-<size>-<page>.png`; with
    /// `JIEKANG_E2E_DOCS` set, the pages the README shows also go to `docs/screenshots/`.
    pub async fn screenshot(&self, page: &str) -> PathBuf {
        let png = self.capture(None, false).await;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot directory");
        let path = dir.join(format!("{}-{}-{page}.png", self.journey, self.size.name()));
        std::fs::write(&path, png).expect("write the screenshot");
        if std::env::var_os("JIEKANG_E2E_DOCS").is_some_and(|v| !v.is_empty()) {
            self.docs_screenshot(page).await;
        }
        path
    }

    /// The page as a PNG, whole (not only the viewport); `scale` 1.0 gives one image pixel per
    /// CSS pixel, `None` the device's own resolution. With a scale, `first_screen` keeps only
    /// the top of the page, one screen high.
    async fn capture(&self, scale: Option<f64>, first_screen: bool) -> Vec<u8> {
        let mut params = json!({ "format": "png", "captureBeyondViewport": true });
        if let Some(scale) = scale {
            let size = self
                .client
                .execute(
                    "const d = document.documentElement; \
                     return [d.scrollWidth, d.scrollHeight, window.devicePixelRatio];",
                    vec![],
                )
                .await
                .expect("measure the page");
            let n = |i: usize| size[i].as_f64().expect("page size");
            let height = if first_screen {
                n(1).min(f64::from(self.size.height()))
            } else {
                n(1)
            };
            params["clip"] = json!({
                "x": 0, "y": 0, "width": n(0), "height": height, "scale": scale / n(2),
            });
        }
        let shot = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.captureScreenshot",
                params,
            })
            .await
            .expect("capture a screenshot");
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 screenshot")
    }

    /// The README's copy of a page, at one image pixel per CSS pixel so it stays small.
    async fn docs_screenshot(&self, page: &str) {
        let Some(&(_, _, name, extent)) = DOCS_SCREENSHOTS
            .iter()
            .find(|(journey, p, _, _)| *journey == self.journey && *p == page)
        else {
            return;
        };
        let png = self.capture(Some(1.0), extent == Extent::FirstScreen).await;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir).expect("create docs/screenshots");
        let path = dir.join(format!("{name}-{}.png", self.size.name()));
        assert!(
            png.len() <= DOCS_SCREENSHOT_LIMIT,
            "{} would be {} KB; the README's screenshots stay under {} KB",
            path.display(),
            png.len() / 1024,
            DOCS_SCREENSHOT_LIMIT / 1024
        );
        std::fs::write(&path, png).expect("write the docs screenshot");
    }

    /// Log in through the login page and wait for the page that follows.
    pub async fn log_in(&self, username: &str, password: &str) {
        if !self.path().await.starts_with("/login") {
            self.goto("/login").await;
        }
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click_and_wait("form[action='/login'] button[type=submit]")
            .await;
        self.second_factor(username).await;
    }

    /// Issue #5 item 4: after the password, give the TOTP code — or, for a role that must
    /// use TOTP and has none yet, enrol first, reading the secret from the page as a user
    /// would type it into an authenticator app — and land on the home page.
    async fn second_factor(&self, username: &str) {
        match self.path().await.as_str() {
            "/login/totp" => {
                let code = self.next_code(username).await;
                self.fill("#code", &code).await;
                self.click_and_wait("form[action='/login/totp'] button[type=submit]")
                    .await;
            }
            "/account/totp" => {
                let secret = self
                    .find("input[name=secret]")
                    .await
                    .attr("value")
                    .await
                    .expect("read the secret")
                    .expect("the enrolment page shows a secret");
                let step = now_step();
                let code = code_at(&secret, step * 30).expect("a code of the secret");
                self.fill("#code", &code).await;
                self.click_and_wait("form[action='/account/totp/enable'] button[type=submit]")
                    .await;
                assert!(
                    self.text().await.contains("两步验证已启用"),
                    "{username} enrolled TOTP"
                );
                self.site
                    .secrets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(username.to_owned(), (secret, step));
                self.goto("/").await;
            }
            _ => {}
        }
    }

    /// A code the server has not accepted yet: within one step of now and after the last
    /// step used, waiting for the next step if need be.
    async fn next_code(&self, username: &str) -> String {
        loop {
            let (secret, last) = self
                .site
                .secrets
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(username)
                .cloned()
                .expect("the harness enrolled this user");
            let now = now_step();
            let step = now.saturating_sub(1).max(last + 1);
            if step <= now + 1 {
                self.site
                    .secrets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(username.to_owned(), (secret.clone(), step));
                return code_at(&secret, step * 30).expect("a code of the secret");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }

    /// Log out with the header's button.
    pub async fn log_out(&self) {
        self.click_and_wait("form[action='/logout'] button[type=submit]")
            .await;
    }
}

/// The contrast check run in the page (see [`Browser::low_contrast`]).
const CONTRAST_JS: &str = r#"
const parse = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return null;
  const p = m[1].split(',').map(parseFloat);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const over = (t, b) => ({ r: t.r * t.a + b.r * (1 - t.a), g: t.g * t.a + b.g * (1 - t.a),
                          b: t.b * t.a + b.b * (1 - t.a), a: 1 });
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const background = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let base = { r: 255, g: 255, b: 255, a: 1 };
  for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
  return base;
};
const low = [];
for (const el of document.body.querySelectorAll('*')) {
  if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden') continue;
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  const fg = parse(s.color);
  fg.a *= opacity;
  const bg = background(el);
  const f = over(fg, bg);
  const [hi, lo] = [lum(f), lum(bg)].sort((x, y) => y - x);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (parseInt(s.fontWeight, 10) >= 700 && size >= 18.66);
  const need = large ? 3 : 4.5;
  if (ratio + 0.005 < need) {
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : '';
    low.push(el.tagName.toLowerCase() + cls + ' “' + el.textContent.trim().slice(0, 20) + '” ' +
             ratio.toFixed(2) + ':1 (' + s.color + ' on ' + JSON.stringify(bg) + ')');
  }
}
return low.slice(0, 10);
"#;

/// How much of a page the README shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    Page,
    /// The top of a long page, as it first appears on the screen (the case page).
    FirstScreen,
}

/// The screenshots `docs/screenshots/README.md` shows, as (journey, page, name, extent):
/// written as `docs/screenshots/<name>-<size>.png` when `JIEKANG_E2E_DOCS=1`.
const DOCS_SCREENSHOTS: [(&str, &str, &str, Extent); 9] = [
    // Issue #7: the English switch.
    ("english", "home-en", "home-english", Extent::Page),
    ("english", "case-en", "case-english", Extent::FirstScreen),
    ("roles", "login", "login", Extent::Page),
    (
        "roles",
        "home-community_staff",
        "home-community-staff",
        Extent::Page,
    ),
    ("register", "persons", "persons", Extent::Page),
    ("register", "archive", "archive", Extent::Page),
    ("roles", "district_office-units", "units", Extent::Page),
    ("case-life", "case-executing", "case", Extent::FirstScreen),
    ("case-life", "queue-handovers", "queues", Extent::Page),
];

/// The README's screenshots are committed: each stays under this size.
const DOCS_SCREENSHOT_LIMIT: usize = 150 * 1024;

/// `$CARGO_TARGET_DIR/e2e`, else the workspace's `target/e2e`.
pub fn screenshot_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    };
    target.join("e2e")
}

/// The files in a folder (none if it does not exist).
fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// The current TOTP step (RFC 6238, 30 s).
fn now_step() -> u64 {
    unix_now() / 30
}
