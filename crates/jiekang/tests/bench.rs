//! `jiekang bench` works: at a small N it seeds the database, starts
//! the server, logs its accounts in, drives every operation and prints one JSON object
//! of the documented shape, without errors. A benchmark is not a test: no figure is
//! asserted here, only that the run is sound. A second run reuses the database and
//! finds fresh work of its own; on PostgreSQL two app instances share the load.

use std::path::Path;
use std::process::{Command, Output, Stdio};

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

/// The test harness's keyring, given as `--key-file` when `key_file` is
/// set (the benchmark must hand it to the server and the demo loader it starts), else
/// in the environment.
fn bench(url: &str, key_file: Option<&Path>, min_cases: &str, instances: &str) -> Output {
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
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .output()
    .expect("jiekang bench runs")
}

/// Run the benchmark and check the JSON object it prints.
fn run_and_check(
    url: &str,
    engine: &str,
    seeded: bool,
    key_file: Option<&Path>,
    instances: u32,
) -> Value {
    // 300 persons spread over ~270 communities leave a few cases due per township
    let out = bench(url, key_file, "2", &instances.to_string());
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
    let first = run_and_check(&url, "sqlite", true, None, 1);
    // Again on the same database: reused, not seeded again; the accounts get new
    // passwords (and a new TOTP secret) and log in again.
    let second = run_and_check(&url, "sqlite", false, None, 1);
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
    let out = bench(&url, None, "2000", "1");
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
    run_and_check(db.url(), "postgres", true, Some(&keys), 2);
    drop(db);
}
