//! Backup, restore and crash safety with the real binary:
//! `jiekang backup` while a server takes writes, `jiekang restore` of that copy, and a
//! server killed with SIGKILL mid-stream. A write counts once its HTTP 2xx has been
//! read; every such write must survive.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiekang_store::sealed::{Field, Keyring};

mod common;
use common::*;

const PASSWORD: &str = "Backup-Test-2024";

/// Demo units and users, plus a township_office account (no TOTP required) that
/// registers persons over the API.
fn seed(dir: &Path) {
    ok(&jiekang(&["demo", "--persons", "20"], dir, None));
    ok(&jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "writer",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        dir,
        Some(&format!("{PASSWORD}\n")),
    ));
}

/// A running `jiekang serve`; killed (SIGKILL) when dropped, so a failing test does
/// not leave it behind.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let child = Command::new(env!("CARGO_BIN_EXE_jiekang"))
            // every registration counts against the per-user search limit; this test's
            // writer registers hundreds a second, as many users would
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--searches-per-minute",
                "1000000",
            ])
            .current_dir(dir)
            .env_remove("JIEKANG_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut server = Server { child, port };
        // ready when /healthz answers 200; give up after the deadline
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("jiekang serve exited early: {status}");
            }
            if let Ok((200, _)) = http(port, "GET", "/healthz", None, None) {
                return server;
            }
            assert!(Instant::now() < deadline, "server not ready within 60 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 request on a fresh connection; (status, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    stream.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {text:?}")))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("json {e}: {body}"))
}

/// Bearer token and unit id of the writer account.
fn login(port: u16) -> (String, i64) {
    let (status, body) = http(
        port,
        "POST",
        "/api/v1/session",
        None,
        Some(&serde_json::json!({"username": "writer", "password": PASSWORD})),
    )
    .expect("login");
    assert_eq!(status, 200, "{body}");
    let token = json(&body)["token"].as_str().expect("token").to_owned();
    let (status, body) = http(port, "GET", "/api/v1/me", Some(&token), None).expect("me");
    assert_eq!(status, 200, "{body}");
    let unit = json(&body)["unit_id"].as_i64().expect("unit id");
    (token, unit)
}

/// The n-th distinct valid resident ID number (GB 11643 check character).
fn resident_id(n: u32) -> String {
    let year = 1960 + n / 336;
    let month = (n / 28) % 12 + 1;
    let day = n % 28 + 1;
    let body = format!("150602{year:04}{month:02}{day:02}{:03}", n % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The acknowledged writes: (person id, ID number), in order.
type Acked = Arc<Mutex<Vec<(i64, String)>>>;

/// Register persons until `stop` is set or the server stops answering; every 201 is
/// recorded before the next request is sent.
fn writer(port: u16, token: String, unit: i64, stop: Arc<AtomicBool>, acked: Acked) {
    let mut n = 0u32;
    while !stop.load(Ordering::SeqCst) {
        let id_number = resident_id(n);
        n += 1;
        let body = serde_json::json!({
            "name": "备份测试",
            "id_number": id_number,
            "unit_id": unit.to_string(),
        });
        match http(port, "POST", "/api/v1/persons", Some(&token), Some(&body)) {
            Ok((201, text)) => {
                // a response cut short by the kill is not an acknowledgement
                let Some(id) = serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v["id"].as_i64())
                else {
                    return;
                };
                acked.lock().expect("lock").push((id, id_number));
            }
            Ok((status, text)) => panic!("write refused: {status} {text}"),
            // the server is gone (killed): this write was never acknowledged
            Err(_) => return,
        }
    }
}

fn wait_for_acks(acked: &Acked, at_least: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.lock().expect("lock").len() < at_least {
        assert!(
            Instant::now() < deadline,
            "fewer than {at_least} writes in 120 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every person in the database file: id → ID number (read directly, not via the app).
fn persons_in(db: &Path) -> std::collections::HashMap<i64, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
        // sealed at rest: opened with the keyring beside the database
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as("SELECT id, id_number_sealed FROM persons")
            .fetch_all(&pool)
            .await
            .expect("persons");
        pool.close().await;
        let key_file = db.parent().expect("dir").join("jiekang.key");
        let keys = Keyring::parse(&std::fs::read_to_string(key_file).expect("keyring"))
            .expect("keyring parses");
        rows.into_iter()
            .map(|(id, sealed)| {
                let number = keys.open_str(Field::IdNumber, &sealed).expect("opens");
                (id, number)
            })
            .collect()
    })
}

fn assert_all_present(acked: &[(i64, String)], db: &Path) {
    let found = persons_in(db);
    let missing: Vec<_> = acked
        .iter()
        .filter(|(id, number)| found.get(id) != Some(number))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged writes missing from {}: {:?}",
        missing.len(),
        acked.len(),
        db.display(),
        &missing[..missing.len().min(5)]
    );
}

#[test]
fn a_backup_taken_under_write_load_restores_every_write_acknowledged_before_it() {
    let dir = tempfile::tempdir().expect("dir");
    seed(dir.path());
    let server = Server::start(dir.path());
    let (token, unit) = login(server.port);
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acked = Arc::default();
    let stream = {
        let (stop, acked, port) = (stop.clone(), acked.clone(), server.port);
        std::thread::spawn(move || writer(port, token, unit, stop, acked))
    };
    wait_for_acks(&acked, 30);
    // everything acknowledged up to here was committed before the backup started
    let before: Vec<(i64, String)> = acked.lock().expect("lock").clone();
    let backup = jiekang(&["backup", "copy.db"], dir.path(), None);
    let during = acked.lock().expect("lock").len() - before.len();
    // let the stream carry on past the backup, then stop it
    let after_backup = acked.lock().expect("lock").len();
    wait_for_acks(&acked, after_backup + 10);
    stop.store(true, Ordering::SeqCst);
    stream.join().expect("writer");
    let printed = ok(&backup);
    assert!(
        printed.contains("已备份到 copy.db") && printed.contains("链头编号"),
        "{printed}"
    );
    eprintln!(
        "{} writes before the backup, {during} while it ran, {} in all",
        before.len(),
        acked.lock().expect("lock").len()
    );

    // a second backup to the same file is refused and leaves it alone
    let size = std::fs::metadata(dir.path().join("copy.db"))
        .expect("copy")
        .len();
    let again = jiekang(&["backup", "copy.db"], dir.path(), None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
    assert_eq!(
        std::fs::metadata(dir.path().join("copy.db"))
            .expect("copy")
            .len(),
        size
    );

    let restored = jiekang(
        &["--db", "restored.db", "restore", "copy.db"],
        dir.path(),
        None,
    );
    let printed = ok(&restored);
    assert!(
        printed.contains("已从 copy.db 恢复到 restored.db"),
        "{printed}"
    );
    assert_all_present(&before, &dir.path().join("restored.db"));
    ok(&jiekang(
        &["--db", "restored.db", "audit", "verify"],
        dir.path(),
        None,
    ));
    // the live database, still being served, is intact too
    ok(&jiekang(&["audit", "verify"], dir.path(), None));

    // a restore over a database with data needs --force
    let refused = jiekang(
        &["--db", "restored.db", "restore", "copy.db"],
        dir.path(),
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    ok(&jiekang(
        &["--db", "restored.db", "restore", "--force", "copy.db"],
        dir.path(),
        None,
    ));
    assert_all_present(&before, &dir.path().join("restored.db"));
    drop(server);
}

#[test]
fn restore_refuses_what_is_not_a_jiekang_database_and_backup_refuses_postgres() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.txt"), "not a database").expect("write");
    let out = jiekang(&["--db", "t.db", "restore", "notes.txt"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是戒康数据库"));
    assert!(!dir.path().join("t.db").exists(), "target untouched");

    // an SQLite file that is not ours
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("other.db"))
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&pool)
            .await
            .expect("table");
        pool.close().await;
    });
    let out = jiekang(&["--db", "t.db", "restore", "other.db"], dir.path(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是戒康数据库"));

    for cmd in ["backup", "restore"] {
        let out = jiekang(
            &["--db", "postgres://localhost/jiekang", cmd, "x.db"],
            dir.path(),
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("pg_dump") && err.contains("PostgreSQL"),
            "{err}"
        );
    }
}

#[test]
fn every_acknowledged_write_survives_a_sigkill() {
    let dir = tempfile::tempdir().expect("dir");
    seed(dir.path());
    let mut server = Server::start(dir.path());
    let (token, unit) = login(server.port);
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acked = Arc::default();
    let stream = {
        let (stop, acked, port) = (stop.clone(), acked.clone(), server.port);
        std::thread::spawn(move || writer(port, token, unit, stop, acked))
    };
    wait_for_acks(&acked, 40);
    // Child::kill is SIGKILL: no shutdown, no checkpoint, writes in flight
    server.kill();
    stream.join().expect("writer");
    let acked = acked.lock().expect("lock").clone();

    let server = Server::start(dir.path());
    let (token, _) = login(server.port);
    let db = dir.path().join("jiekang.db");
    assert_all_present(&acked, &db);
    // and through the application too
    for (id, number) in acked.iter().rev().take(5) {
        let (status, body) = http(
            server.port,
            "GET",
            &format!("/api/v1/persons/{id}"),
            Some(&token),
            None,
        )
        .expect("show");
        assert_eq!(status, 200, "{body}");
        assert_eq!(json(&body)["id_number"].as_str(), Some(number.as_str()));
    }
    ok(&jiekang(&["audit", "verify"], dir.path(), None));
    drop(server);
    ok(&jiekang(&["audit", "verify"], dir.path(), None));
}
