//! Several instances on one PostgreSQL database: two real `jiekang
//! serve` processes on two ports; a session made on one is valid on the other; writes
//! through both concurrently are all kept and the audit chain verifies; both
//! schedulers try the same day's sweep and exactly one runs it.
//!
//! The database comes from the PostgreSQL test harness (`JIEKANG_TEST_PG`, or the
//! shared throwaway cluster). Every wait polls with a deadline.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiekang_store::Store;
use jiekang_store::sweep::period_of;

/// Names take no digits: 甲乙丙… stand for them.
const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

const DEADLINE: Duration = Duration::from_secs(60);

fn jiekang(url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiekang"))
        // The same keyring as the test harness's stores.
        .env(
            "JIEKANG_DATA_KEYS",
            jiekang_store::sealed::Keyring::for_tests().to_text(),
        )
        .args(args)
        .env("JIEKANG_DATABASE_URL", url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jiekang runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("stdin");
    }
    child.wait_with_output().expect("jiekang finishes")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A running `jiekang serve`, its output collected; killed on drop.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(url: &str) -> Self {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jiekang"))
            // The same keyring as the test harness's stores.
            .env(
                "JIEKANG_DATA_KEYS",
                jiekang_store::sealed::Keyring::for_tests().to_text(),
            )
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                // both instances try today's sweep at once, every second
                "--sweep-at",
                "00:00",
                "--sweep-check-seconds",
                "1",
                "--pg-pool",
                "4",
            ])
            .env("JIEKANG_DATABASE_URL", url)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let log = Arc::new(Mutex::new(String::new()));
        for out in [
            child
                .stdout
                .take()
                .map(|o| Box::new(o) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|o| Box::new(o) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        let server = Self { child, port, log };
        server.wait_until(|| http(port, "GET", "/healthz", &[], None).is_some_and(|r| r.0 == 200));
        server
    }

    fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    fn wait_until(&self, mut ok: impl FnMut() -> bool) {
        let start = Instant::now();
        while !ok() {
            assert!(
                start.elapsed() < DEADLINE,
                "timed out; server log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request over a new connection: (status, body), or `None` when the
/// server cannot be reached.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    json: Option<&str>,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let body = json.unwrap_or("");
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if json.is_some() {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Some((status, body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// A valid resident ID number (GB 11643) with sequence `n`.
fn id_number(n: u32) -> String {
    let base = format!("15060219850505{:03}", n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = base
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    format!("{base}{}", C[(sum % 11) as usize])
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_share_sessions_keep_every_write_and_sweep_once() {
    let db = jiekang_store_postgres::testing::fresh_database().await;
    let url = db.url().to_owned();

    // the demo organisation (and its orders, for the sweep), and one township account
    let demo = jiekang(&url, &["demo", "--persons", "60"], None);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let user = jiekang(
        &url,
        &[
            "admin",
            "create-user",
            "--username",
            "multi",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        Some("Multi-Instance-2026\n"),
    );
    assert!(
        user.status.success(),
        "{}",
        String::from_utf8_lossy(&user.stderr)
    );

    let (a, b) = tokio::task::spawn_blocking({
        let url = url.clone();
        move || {
            let a = Server::start(&url);
            let b = Server::start(&url);
            (a, b)
        }
    })
    .await
    .expect("servers");

    // a session made on A is valid on B, as a cookie and as a bearer token
    let (status, body) = http(
        a.port,
        "POST",
        "/api/v1/session",
        &[],
        Some(r#"{"username":"multi","password":"Multi-Instance-2026"}"#),
    )
    .expect("login");
    assert_eq!(status, 200, "{body}");
    let token = json(&body)["token"].as_str().expect("token").to_owned();
    let cookie = format!("jk_session={token}");
    let (status, body) =
        http(b.port, "GET", "/api/v1/me", &[("Cookie", &cookie)], None).expect("me");
    assert_eq!(status, 200, "{body}");
    let me = json(&body);
    assert_eq!(me["username"], "multi");
    let unit_id = me["unit_id"].as_i64().expect("unit");

    // writes through both at once, alternating
    let bearer = format!("Bearer {token}");
    let ports = [a.port, b.port];
    let written: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4u32)
            .map(|t| {
                let bearer = &bearer;
                s.spawn(move || {
                    (0..10u32)
                        .map(|i| {
                            let n = t * 10 + i;
                            let port = ports[(n % 2) as usize];
                            let body = format!(
                                r#"{{"name":"多实例{}{}","id_number":"{}","unit_id":"{unit_id}"}}"#,
                                GAN[(n / 10) as usize],
                                GAN[(n % 10) as usize],
                                id_number(n + 1)
                            );
                            http(
                                port,
                                "POST",
                                "/api/v1/persons",
                                &[("Authorization", bearer)],
                                Some(&body),
                            )
                            .expect("register")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("writer"))
            .collect()
    });
    for (status, body) in &written {
        assert_eq!(*status, 201, "{body}");
    }
    // every write is kept, read back through either instance
    for port in ports {
        let path = format!(
            "/api/v1/persons?name={}&limit=100",
            "%E5%A4%9A%E5%AE%9E%E4%BE%8B"
        );
        let (status, body) =
            http(port, "GET", &path, &[("Authorization", &bearer)], None).expect("list");
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            json(&body)["items"].as_array().map(Vec::len),
            Some(40),
            "{body}"
        );
    }

    // both schedulers try today's sweep every second: one runs it, the other finds it
    // done (each says so in its log)
    let period = period_of(jiekang_domain::clock::beijing_date(chrono::Utc::now()));
    let (a, b) = tokio::task::spawn_blocking(move || {
        for s in [&a, &b] {
            s.wait_until(|| {
                let log = s.log();
                log.contains("daily sweep done") || log.contains("daily sweep already done")
            });
        }
        (a, b)
    })
    .await
    .expect("sweep wait");
    let ran: Vec<bool> = [&a, &b]
        .iter()
        .map(|s| s.log().contains("daily sweep done"))
        .collect();
    assert_eq!(
        ran.iter().filter(|r| **r).count(),
        1,
        "exactly one instance sweeps\nA:\n{}\nB:\n{}",
        a.log(),
        b.log()
    );
    let store: &dyn Store = db.store();
    let run = store
        .sweep_run(&period)
        .await
        .expect("run")
        .expect("one row for today");
    assert_eq!(store.audit_count("sweep.run").await.expect("audit"), 1);
    let lease = store
        .lease(jiekang_domain::sweep::DAILY_SWEEP_JOB, &period)
        .await
        .expect("lease")
        .expect("lease row");
    assert_eq!(lease.holder, run.holder);
    assert!(lease.finished_at.is_some());
    drop((a, b));

    let verify = jiekang(&url, &["audit", "verify"], None);
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
}
