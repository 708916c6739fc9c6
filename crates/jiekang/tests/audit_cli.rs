//! `jiekang audit verify` as operators and scripts see it (issue #5): exit 0 and a
//! Chinese and English report on an intact chain, exit 1 naming the first bad record.

use std::process::{Command, Output, Stdio};

fn jiekang(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiekang"))
        .args(args)
        .current_dir(dir)
        .env_remove("JIEKANG_DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("jiekang runs")
}

#[test]
fn audit_verify_reports_an_intact_chain_and_names_the_edited_record() {
    let dir = tempfile::tempdir().expect("dir");
    // two audited writes from the command line: each notice import is one record
    for year in [2027, 2028] {
        std::fs::write(
            dir.path().join("n.tsv"),
            format!("#year {year}\n{year}-01-01\tholiday\t元旦\n"),
        )
        .expect("write");
        let out = jiekang(&["--db", "a.db", "calendar", "import", "n.tsv"], dir.path());
        assert!(out.status.success(), "{out:?}");
    }
    let out = jiekang(&["audit", "verify", "--db", "a.db"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout} {out:?}");
    assert!(stdout.contains("审计日志完整:已校验 2 条记录"), "{stdout}");
    assert!(
        stdout.contains("Audit trail intact: 2 records checked"),
        "{stdout}"
    );

    let db = dir.path().join("a.db");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .expect("open");
        let first: i64 = sqlx::query_scalar("SELECT MIN(id) FROM audit_events")
            .fetch_one(&pool)
            .await
            .expect("id");
        sqlx::query("UPDATE audit_events SET detail = 'year 2030' WHERE id = ?1")
            .bind(first)
            .execute(&pool)
            .await
            .expect("tamper");
        pool.close().await;
    });
    let out = jiekang(&["audit", "verify", "--db", "a.db"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout} {out:?}");
    assert!(stdout.contains("内容被修改"), "{stdout}");
    assert!(stdout.contains("broken at record 1: edited"), "{stdout}");
}

#[test]
fn audit_verify_without_a_database_is_an_error_not_a_verdict() {
    let dir = tempfile::tempdir().expect("dir");
    let out = jiekang(
        &["audit", "verify", "--db", "no-such-directory/a.db"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("错误"));
}

/// Issue #6 item 1: a demo with bulk-loaded histories keeps an intact audit chain, and
/// its orders, tests and timeline are there.
#[test]
fn demo_histories_keep_the_audit_chain_intact() {
    let dir = tempfile::tempdir().expect("dir");
    let out = jiekang(&["--db", "d.db", "demo", "--persons", "2000"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {out:?}");
    assert!(stdout.contains("办理记录:"), "{stdout}");
    let out = jiekang(&["audit", "verify", "--db", "d.db"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout} {out:?}");
    assert!(stdout.contains("审计日志完整"), "{stdout}");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let db = dir.path().join("d.db");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .expect("open");
        let count =
            async |sql: &str| -> i64 { sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql) };
        // nearly everyone has an order, some two; every state occurs
        assert!(count("SELECT COUNT(DISTINCT person_id) FROM cases").await > 1_900);
        assert!(count("SELECT COUNT(DISTINCT state) FROM cases").await >= 10);
        let tests = count("SELECT COUNT(*) FROM drug_tests").await;
        assert!(tests > 20_000, "{tests} tests");
        let refused = count("SELECT COUNT(*) FROM drug_tests WHERE outcome = 'refused'").await;
        assert!(refused * 1000 / tests >= 5, "{refused} refused of {tests}");
        assert!(count("SELECT COUNT(*) FROM case_events WHERE kind = 'talk'").await > 10_000);
        // one open order per person, and every window's done_on is a test in it
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM test_windows w WHERE done_on IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM drug_tests t WHERE t.case_id = w.case_id
                    AND t.tested_on = w.done_on AND t.satisfies_window)"
            )
            .await,
            0
        );
        // the person counts follow the transfers
        assert_eq!(
            count("SELECT COALESCE(SUM(persons), 0) FROM unit_person_counts").await,
            2_000
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM unit_person_counts c WHERE persons <>
                    (SELECT COUNT(*) FROM persons p WHERE p.unit_id = c.unit_id)"
            )
            .await,
            0
        );
        pool.close().await;
    });
}
