//! `jiekang bench` works: at a small N it seeds the database, starts
//! the server, logs its accounts in, drives every operation and prints one JSON object
//! of the documented shape, without errors. A benchmark is not a test: no figure is
//! asserted here, only that the run is sound. A second run reuses the database and
//! finds fresh work of its own; on PostgreSQL two app instances share the load.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const OPS: [&str; 10] = [
    "exact_lookup",
    "community_queue",
    "township_queue",
    "archive",
    "record_test",
    "district_dashboard",
    "city_dashboard",
    "city_report",
    "document",
    "baseline",
];

/// How long one benchmark run may take here (a few minutes at most on a loaded CI
/// machine). Past it the run is stopped and the test fails with what the run was
/// doing, instead of waiting for the CI's own timeout with nothing to show.
const RUN_DEADLINE: Duration = Duration::from_secs(600);

/// The test harness's keyring, given as `--key-file` when `key_file` is
/// set (the benchmark must hand it to the server and the demo loader it starts), else
/// in the environment. `diagnose` describes the database side of a run that overran
/// its deadline.
fn bench(
    url: &str,
    key_file: Option<&Path>,
    min_cases: &str,
    instances: &str,
    diagnose: &dyn Fn() -> String,
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiekang"));
    match key_file {
        Some(path) => {
            cmd.arg("--key-file")
                .arg(path)
                .env_remove("JIEKANG_DATA_KEYS");
        }
        None => {
            cmd.env(
                "JIEKANG_DATA_KEYS",
                jiekang_store::sealed::Keyring::for_tests().to_text(),
            );
        }
    }
    cmd.args([
        "bench",
        "--db",
        url,
        "--persons",
        "300",
        "--clients",
        "4",
        "--seconds",
        "2",
        "--json",
        "--min-cases",
        min_cases,
        "--instances",
        instances,
    ])
    .env_remove("JIEKANG_KEY_FILE")
    .env_remove("JIEKANG_DATABASE_URL")
    .env_remove("JIEKANG_LISTEN")
    // the servers keep their logs (warnings and errors), for a run that overruns
    .env("JIEKANG_BENCH_SERVER_LOG", "warn")
    // its own process group: an overrunning run is stopped with everything it started
    .process_group(0)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("jiekang bench runs");
    let pid = child.id();
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > RUN_DEADLINE {
            let processes = group_processes(pid);
            let database = diagnose();
            let logs = server_logs(pid);
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!(
                "jiekang bench overran {} s and was stopped.\n--- its processes ---\n{processes}\n\
                 --- the database ---\n{database}\n--- its stderr ---\n{}\n--- server logs ---\n{logs}",
                RUN_DEADLINE.as_secs(),
                String::from_utf8_lossy(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // the servers' kept logs are of no use once the run ended
    for (path, _) in server_log_files(pid) {
        let _ = std::fs::remove_file(path);
    }
    let left_behind = |e: String| panic!("{e}:\n{}", group_processes(pid));
    Output {
        status,
        stdout: stdout.join().unwrap_or_else(left_behind),
        stderr: stderr.join().unwrap_or_else(left_behind),
    }
}

/// A pipe read to its end on a thread of its own.
struct Drained(std::sync::mpsc::Receiver<Vec<u8>>);

impl Drained {
    /// What was read, once the pipe closed. A pipe still open half a minute after
    /// the benchmark exited is held by a process it left behind: the test says which.
    fn join(self) -> Result<Vec<u8>, String> {
        self.0
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "a process the benchmark started still holds its output".to_owned())
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> Drained {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(bytes);
    });
    Drained(rx)
}

/// The processes of a process group (the benchmark, its demo loader and servers).
fn group_processes(group: u32) -> String {
    match Command::new("ps")
        .args(["-eo", "pid=,pgid=,etime=,stat=,args="])
        .output()
    {
        Ok(out) => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(group.to_string().as_str()))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(e) => format!("ps: {e}"),
    }
}

/// The logs the benchmark's servers keep (`jiekang-bench-<pid>-<port>.log`).
fn server_log_files(pid: u32) -> Vec<(std::path::PathBuf, String)> {
    let prefix = format!("jiekang-bench-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .map(|dir| {
            dir.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    (e.path(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The end of each server log of an overrunning run.
fn server_logs(pid: u32) -> String {
    server_log_files(pid)
        .into_iter()
        .map(|(path, text)| {
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(40)..].join("\n");
            format!("{}:\n{tail}", path.display())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A session of `pg_stat_activity`: pid, state, wait event type and name, how long its
/// transaction is open, its query.
type Session = (
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// What the sessions of the test database are doing, and the locks they wait for.
fn pg_activity(admin_url: &str, database: &str) -> String {
    let (admin_url, database) = (admin_url.to_owned(), database.to_owned());
    let worker = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .map_err(|e| e.to_string())?;
            let sessions: Vec<Session> =
                sqlx::query_as(
                    "SELECT pid, state, wait_event_type, wait_event,
                            (now() - xact_start)::text, left(query, 300)
                     FROM pg_stat_activity WHERE datname = $1",
                )
                .bind(&database)
                .fetch_all(&mut conn)
                .await
                .map_err(|e| e.to_string())?;
            let waits: Vec<(Option<i32>, String, Option<String>, String)> = sqlx::query_as(
                "SELECT pid, locktype, relation::regclass::text, mode FROM pg_locks WHERE NOT granted",
            )
            .fetch_all(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
            let mut text = String::new();
            for (pid, state, wait_type, wait, in_transaction, query) in sessions {
                let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
                text.push_str(&format!(
                    "{pid} {} {}/{} transaction open for {}: {query}\n",
                    state.unwrap_or_default(),
                    wait_type.unwrap_or_default(),
                    wait.unwrap_or_default(),
                    in_transaction.unwrap_or_else(|| "-".to_owned()),
                ));
            }
            for (pid, kind, relation, mode) in waits {
                text.push_str(&format!(
                    "{} waits for {mode} on {kind} {}\n",
                    pid.unwrap_or_default(),
                    relation.unwrap_or_default()
                ));
            }
            Ok::<String, String>(text)
        })
    });
    match worker.join() {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => format!("(pg_stat_activity: {e})"),
        Err(_) => "(pg_stat_activity: the thread panicked)".to_owned(),
    }
}

/// Run the benchmark and check the JSON object it prints.
fn run_and_check(
    url: &str,
    engine: &str,
    seeded: bool,
    key_file: Option<&Path>,
    instances: u32,
    diagnose: &dyn Fn() -> String,
) -> Value {
    // 300 persons spread over ~270 communities leave a few cases due per township
    let out = bench(url, key_file, "2", &instances.to_string(), diagnose);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {}\n{stdout}\n{stderr}",
        out.status
    );
    let v: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("one JSON object on stdout ({e}):\n{stdout}\n{stderr}"));
    assert_eq!(v["engine"], engine);
    assert_eq!(v["seeded"], seeded, "{stderr}");
    assert_eq!(v["server"]["instances"], instances, "{v}");
    assert_eq!(
        v["server"]["peak_memory_mib_each"].as_array().map(Vec::len),
        Some(instances as usize),
        "{v}"
    );
    assert!(v["persons"].as_i64().expect("persons") >= 300, "{v}");
    assert_eq!(v["clients"], 4);
    assert_eq!(v["latency_clients"], 4);
    assert_eq!(v["seconds"], 2);
    assert!(v["baseline_bytes"].as_u64().expect("baseline bytes") > 1000);
    assert!(
        v["server"]["peak_memory_bytes"]
            .as_u64()
            .expect("peak memory")
            > 1_000_000,
        "{v}"
    );
    assert!(v["mixed"]["rps"].as_f64().expect("mixed rps") > 0.0);
    assert_eq!(v["mixed"]["errors"], 0, "{v}");
    assert!(v["baseline_rps"].as_f64().expect("baseline rps") > 0.0);
    let ops = v["operations"].as_object().expect("operations");
    assert_eq!(ops.len(), OPS.len(), "{v}");
    for name in OPS {
        let op = &v["operations"][name];
        assert!(op["count"].as_u64().expect("count") > 0, "{name}: {op}");
        assert_eq!(op["errors"], 0, "{name}: {op}");
        for key in ["p50_ms", "p95_ms", "p99_ms"] {
            assert!(op[key].as_f64().expect(key) > 0.0, "{name} {key}: {op}");
        }
        assert!(op["p50_ms"].as_f64() <= op["p99_ms"].as_f64(), "{name}");
        assert!(op["rps"].as_f64().expect("rps") > 0.0, "{name}: {op}");
        assert!(op["mixed_rps"].as_f64().is_some(), "{name}: {op}");
        // every operation of the application has its p95 budget; the baseline has none
        assert_eq!(
            op["p95_budget_ms"].as_f64().is_some(),
            name != "baseline",
            "{name}: {op}"
        );
        assert!(
            op["ratio_to_baseline"].as_f64().expect("ratio") > 0.0,
            "{name}: {op}"
        );
    }
    assert_eq!(v["operations"]["baseline"]["ratio_to_baseline"], 1.0);
    assert_eq!(v["operations"]["baseline"]["mixed_rps"], 0.0);
    v
}

#[test]
fn bench_seeds_drives_every_operation_and_reuses_the_database_on_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let none = || String::from("(SQLite)");
    let first = run_and_check(&url, "sqlite", true, None, 1, &none);
    // Again on the same database: reused, not seeded again; the accounts get new
    // passwords (and a new TOTP secret) and log in again.
    let second = run_and_check(&url, "sqlite", false, None, 1, &none);
    assert_eq!(first["persons"], second["persons"]);
    // the second run finds fresh work of its own (the first filled the due windows
    // where it worked) and writes to at least the cases asked for
    for run in [&first, &second] {
        let cases = run["cases_for_tests"].as_u64().expect("cases for tests");
        assert!(cases >= 2, "{run}");
        assert!(
            run["cases_written"].as_u64().expect("cases written") >= 2,
            "{run}"
        );
        assert!(
            run["tests_written"].as_u64().expect("tests written") >= 2,
            "{run}"
        );
    }
    assert_eq!(second["accounts"].as_array().map(Vec::len), Some(5));
    // asked for more fresh work than the database has, it says so and reports nothing
    let out = bench(&url, None, "2000", "1", &none);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty(), "no figure on stdout");
    assert!(stderr.contains("少于所需的 2000 个"), "{stderr}");
}

#[test]
fn bench_runs_on_postgresql() {
    // Without JIEKANG_TEST_PG this runs on the throwaway cluster the tests start
    // themselves, so CI runs it too.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = runtime.block_on(jiekang_store_postgres::testing::fresh_database());
    // as an operator runs it: the keyring in a file named on the command line, which
    // the server and the demo loader started by the benchmark must be given too
    let dir = tempfile::tempdir().expect("dir");
    let keys = dir.path().join("jiekang.key");
    std::fs::write(&keys, jiekang_store::sealed::Keyring::for_tests().to_text()).expect("keyring");
    std::fs::set_permissions(&keys, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .expect("0600");
    // two app instances on the one database, as a city runs it
    let diagnose = || pg_activity(db.admin_url(), db.name());
    run_and_check(db.url(), "postgres", true, Some(&keys), 2, &diagnose);
    drop(db);
}
