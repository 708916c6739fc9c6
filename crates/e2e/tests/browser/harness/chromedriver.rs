//! One chromedriver per test process, shared by the tests running at the same time.

use super::*;

pub(super) fn executable(env: &str, default: &str, package: &str) -> PathBuf {
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

pub(super) fn chromium_binary() -> PathBuf {
    executable("JIEKANG_CHROMIUM", CHROMIUM, "chromium")
}

/// A chromedriver process on a free local port; shut down (and killed if need be) on drop.
pub struct Chromedriver {
    pub(super) child: Child,
    pub(super) port: u16,
}

impl Chromedriver {
    pub(super) fn start() -> Self {
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

    pub(super) fn url(&self) -> String {
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
pub(super) fn http_get(port: u16, path: &str) -> Option<String> {
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
