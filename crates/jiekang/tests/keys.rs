//! Personal data sealed at rest, with the real binary: `jiekang keys generate|rotate|retire`,
//! the keyring beside a new SQLite database, a wrong key refused at start, PostgreSQL
//! refused without a key, and `jiekang serve` over HTTPS with a self-signed certificate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiekang_store::sealed::{Field, Keyring};

mod common;
use common::*;

const PASSWORD: &str = "Keys-Test-2024-ok";

/// (ID number column, sealed ID number) of every person, read from the file directly.
fn raw_persons(db: &Path) -> Vec<(String, Vec<u8>)> {
    raw_pairs(db, "SELECT id_number, id_number_sealed FROM persons")
}

/// (plain substances, sealed substances) of every drug test that
/// found some.
fn raw_tests(db: &Path) -> Vec<(String, Vec<u8>)> {
    raw_pairs(
        db,
        "SELECT substances, substances_sealed FROM drug_tests WHERE substances_sealed IS NOT NULL",
    )
}

/// (plain, sealed) pairs of a query, read from the file directly.
fn raw_pairs(db: &Path, sql: &str) -> Vec<(String, Vec<u8>)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
        let rows = sqlx::query_as(sql).fetch_all(&pool).await.expect("rows");
        pool.close().await;
        rows
    })
}

fn keyring(path: &Path) -> Keyring {
    Keyring::parse(&std::fs::read_to_string(path).expect("read keyring")).expect("parse")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

#[test]
fn keys_generate_rotate_retire_and_a_wrong_key_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(&jiekang(&["keys", "generate", "k.key"], d, None));
    #[cfg(unix)]
    assert_eq!(mode(&d.join("k.key")), 0o600);
    assert_eq!(keyring(&d.join("k.key")).versions(), [1]);
    let again = jiekang(&["keys", "generate", "k.key"], d, None);
    assert!(!again.status.success(), "never overwrites");

    let with_key = |args: &[&str]| {
        let mut all = vec!["--db", "a.db", "--key-file", "k.key"];
        all.extend_from_slice(args);
        jiekang(&all, d, None)
    };
    ok(&with_key(&["demo", "--persons", "1500"]));
    assert!(!d.join("jiekang.key").exists(), "the given key is used");
    let rows = raw_persons(&d.join("a.db"));
    assert!(rows.len() >= 1500);
    let keys = keyring(&d.join("k.key"));
    for (plain, sealed) in &rows {
        assert_eq!(plain, "", "no plain text");
        assert_eq!(sealed[0], 1);
        assert!(keys.open_str(Field::IdNumber, sealed).is_ok());
    }
    // The substances the demo's positive tests found
    let tests = raw_tests(&d.join("a.db"));
    assert!(!tests.is_empty(), "the demo has positive tests");
    for (plain, sealed) in &tests {
        assert_eq!(plain, "", "no plain text");
        assert_eq!(sealed[0], 1);
        assert!(keys.open_str(Field::TestSubstances, sealed).is_ok());
    }

    let out = ok(&with_key(&["keys", "rotate"]));
    assert!(out.contains("当前数据密钥为第 2 版"), "{out}");
    let rotated = keyring(&d.join("k.key"));
    assert_eq!(
        (rotated.versions(), rotated.active_version()),
        (vec![1, 2], 2)
    );
    #[cfg(unix)]
    assert_eq!(mode(&d.join("k.key")), 0o600);
    let rows = raw_persons(&d.join("a.db"));
    assert!(
        rows.iter().all(|(_, s)| s[0] == 2),
        "every row re-encrypted"
    );
    let tests = raw_tests(&d.join("a.db"));
    assert!(
        tests.iter().all(|(_, s)| s[0] == 2),
        "every test re-encrypted"
    );
    assert!(rotated.open_str(Field::TestSubstances, &tests[0].1).is_ok());
    let status = ok(&with_key(&["keys", "status"]));
    assert!(status.contains("第 2 版加密的数据"), "{status}");
    assert!(!status.contains("第 1 版加密的数据"), "{status}");

    ok(&with_key(&["keys", "retire"]));
    let retired = keyring(&d.join("k.key"));
    assert_eq!(retired.versions(), [2]);
    // the server's own reads still work with the retired keyring
    ok(&with_key(&["admin", "list-users"]));

    // a keyring that did not encrypt this database is refused at start
    ok(&jiekang(&["keys", "generate", "other.key"], d, None));
    let wrong = jiekang(
        &[
            "--db",
            "a.db",
            "--key-file",
            "other.key",
            "admin",
            "list-users",
        ],
        d,
        None,
    );
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("密钥与数据库不匹配"),
        "{}",
        stderr(&wrong)
    );
    // so is the keyring as it was before the rotation
    std::fs::write(d.join("old.key"), keys.to_text()).expect("old keyring");
    let old = jiekang(
        &[
            "--db",
            "a.db",
            "--key-file",
            "old.key",
            "admin",
            "list-users",
        ],
        d,
        None,
    );
    assert!(!old.status.success());
    // an existing database without any keyring is not given a new one
    std::fs::remove_file(d.join("k.key")).expect("remove");
    let none = jiekang(&["--db", "a.db", "admin", "list-users"], d, None);
    assert!(!none.status.success());
    assert!(!d.join("jiekang.key").exists());
}

#[test]
fn a_new_sqlite_database_gets_its_keyring_and_postgres_needs_one() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    std::fs::create_dir(d.join("data")).expect("dir");
    let first = jiekang(&["--db", "data/new.db", "migrate"], d, None);
    ok(&first);
    assert!(
        stderr(&first).contains("data/jiekang.key"),
        "{}",
        stderr(&first)
    );
    #[cfg(unix)]
    assert_eq!(mode(&d.join("data/jiekang.key")), 0o600);
    // the next start finds it and says nothing
    let second = jiekang(&["--db", "data/new.db", "migrate"], d, None);
    ok(&second);
    assert!(
        !stderr(&second).contains("jiekang.key"),
        "{}",
        stderr(&second)
    );

    let pg = jiekang(&["--db", "postgres://127.0.0.1:1/none", "migrate"], d, None);
    assert!(!pg.status.success());
    let message = stderr(&pg);
    assert!(
        message.contains("PostgreSQL 时必须配置数据密钥")
            && message.contains("PostgreSQL needs a data key"),
        "{message}"
    );
}

/// A running `jiekang serve` over HTTPS; killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTPS request trusting only `roots`; returns the whole response as text.
fn https(port: u16, roots: &Arc<rustls::RootCertStore>, request: &str) -> std::io::Result<String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(std::io::Error::other)?
        .with_root_certificates(roots.clone())
        .with_no_client_auth();
    let name =
        rustls::pki_types::ServerName::try_from("localhost").map_err(std::io::Error::other)?;
    let conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(std::io::Error::other)?;
    let tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    tls.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    match tls.read_to_end(&mut raw) {
        Ok(_) => {}
        // a server that closes without close_notify: keep what arrived
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !raw.is_empty() => {}
        Err(e) => return Err(e),
    }
    Ok(String::from_utf8_lossy(&raw).into_owned())
}

#[test]
fn serve_speaks_https_with_secure_cookies_and_hsts() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(&jiekang(&["demo", "--persons", "10"], d, None));
    ok(&jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "tlsuser",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        d,
        Some(&format!("{PASSWORD}\n")),
    ));
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("self-signed certificate");
    std::fs::write(d.join("cert.pem"), certified.cert.pem()).expect("cert");
    std::fs::write(d.join("key.pem"), certified.signing_key.serialize_pem()).expect("key");
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(certified.cert.der().clone())
        .expect("trust the certificate");
    let roots = Arc::new(roots);

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        l.local_addr().expect("addr").port()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_jiekang"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--tls-cert",
            "cert.pem",
            "--tls-key",
            "key.pem",
        ])
        .current_dir(d)
        .env_remove("JIEKANG_DATABASE_URL")
        .env_remove("JIEKANG_KEY_FILE")
        .env_remove("JIEKANG_DATA_KEYS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    let health = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    loop {
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("jiekang serve exited early: {status}");
        }
        if let Ok(text) = https(port, &roots, health)
            && text.starts_with("HTTP/1.1 200")
        {
            assert!(
                text.to_ascii_lowercase()
                    .contains("strict-transport-security: max-age=31536000"),
                "{text}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "HTTPS server not ready within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // plain HTTP on the same port gets no page
    let mut plain = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    plain
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let _ = plain.write_all(health.as_bytes());
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));

    // the login page's cookie is Secure
    let page = https(
        port,
        &roots,
        "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .expect("login page");
    let cookie = page
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap_or_else(|| panic!("no cookie: {page}"));
    assert!(cookie.contains("Secure"), "{cookie}");

    // and a user logs in over HTTPS
    let body = format!(r#"{{"username":"tlsuser","password":"{PASSWORD}"}}"#);
    let login = https(
        port,
        &roots,
        &format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .expect("login");
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    assert!(login.contains("\"token\""), "{login}");
    drop(server);
}
