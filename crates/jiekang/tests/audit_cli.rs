//! `jiekang audit verify` as operators and scripts see it: exit 0 and a
//! Chinese and English report on an intact chain, exit 1 naming the first bad record.

mod common;
use common::*;

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
        let out = run(&["--db", "a.db", "calendar", "import", "n.tsv"], dir.path());
        assert!(out.status.success(), "{out:?}");
    }
    let out = run(&["audit", "verify", "--db", "a.db"], dir.path());
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
    let out = run(&["audit", "verify", "--db", "a.db"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout} {out:?}");
    assert!(stdout.contains("内容被修改"), "{stdout}");
    assert!(stdout.contains("broken at record 1: edited"), "{stdout}");
}

#[test]
fn audit_verify_without_a_database_is_an_error_not_a_verdict() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(
        &["audit", "verify", "--db", "no-such-directory/a.db"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("错误"));
}

/// A demo with bulk-loaded histories keeps an intact audit chain, and
/// its orders, tests and timeline are there.
#[test]
fn demo_histories_keep_the_audit_chain_intact() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(&["--db", "d.db", "demo", "--persons", "2000"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {out:?}");
    assert!(stdout.contains("办理记录:"), "{stdout}");
    let out = run(&["audit", "verify", "--db", "d.db"], dir.path());
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
        // the person counts follow the transfers (the 2,000 generated persons and the
        // four released from compulsory isolation the demo registers, CASE-2)
        assert_eq!(
            count("SELECT COALESCE(SUM(persons), 0) FROM unit_person_counts").await,
            2_004
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

/// The head hash printed by a successful `audit verify`.
fn printed_head(stdout: &str) -> String {
    stdout
        .split("head hash ")
        .nth(1)
        .map(|rest| rest.trim().to_owned())
        .unwrap_or_else(|| panic!("no head hash in {stdout}"))
}

/// Rewriting the newest record and recomputing the head passes the
/// plain check; `--expect` with the head kept before, or an anchor file holding it,
/// fails naming it.
#[test]
fn a_kept_head_exposes_a_rewritten_newest_record() {
    use jiekang_store::audit_chain::{STORED_ROW_COLUMNS, StoredChainRow, record_hash};
    let dir = tempfile::tempdir().expect("dir");
    for year in [2027, 2028] {
        std::fs::write(
            dir.path().join("n.tsv"),
            format!("#year {year}\n{year}-01-01\tholiday\t元旦\n"),
        )
        .expect("write");
        let out = run(&["--db", "a.db", "calendar", "import", "n.tsv"], dir.path());
        assert!(out.status.success(), "{out:?}");
    }
    let out = run(&["audit", "verify", "--db", "a.db"], dir.path());
    let kept = printed_head(&String::from_utf8_lossy(&out.stdout));
    // the line `jiekang serve --audit-anchor-file` writes, and a comment
    std::fs::write(
        dir.path().join("anchors.log"),
        format!("# heads\n2026-12-07 08:00:00 +08:00 head_id=2 entries=2 hash={kept}\n"),
    )
    .expect("write");
    for args in [
        vec!["--expect", kept.as_str()],
        vec!["--expect-file", "anchors.log"],
    ] {
        let out = run(
            &[&["audit", "verify", "--db", "a.db"], &args[..]].concat(),
            dir.path(),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stdout} {out:?}");
        assert!(
            stdout.contains("均在链中") && stdout.contains("found in the chain"),
            "{stdout}"
        );
    }

    // rewrite the newest record and recompute its hash and the head
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let db = dir.path().join("a.db");
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
                .await
                .expect("open");
            let row: StoredChainRow = sqlx::query_as(&format!(
                "SELECT {STORED_ROW_COLUMNS} FROM audit_events ORDER BY id DESC LIMIT 1"
            ))
            .fetch_one(&pool)
            .await
            .expect("newest");
            let mut forged = row.record;
            forged.detail = "year 2030".into();
            let hash = record_hash(&row.prev_hash.expect("chained"), &forged);
            sqlx::query("UPDATE audit_events SET detail = ?1, hash = ?2 WHERE id = ?3")
                .bind(&forged.detail)
                .bind(&hash)
                .bind(forged.id)
                .execute(&pool)
                .await
                .expect("rewrite");
            sqlx::query("UPDATE audit_chain_head SET last_hash = ?1 WHERE id = 1")
                .bind(&hash)
                .execute(&pool)
                .await
                .expect("head");
            pool.close().await;
        });
    let out = run(&["audit", "verify", "--db", "a.db"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the chain alone cannot tell: {stdout}"
    );
    assert_ne!(printed_head(&stdout), kept);
    for args in [
        vec!["--expect", kept.as_str()],
        vec!["--expect-file", "anchors.log"],
    ] {
        let out = run(
            &[&["audit", "verify", "--db", "a.db"], &args[..]].concat(),
            dir.path(),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stdout} {out:?}");
        assert!(stdout.contains("与保存的链头不符"), "{stdout}");
        assert!(stdout.contains("does not match the kept heads"), "{stdout}");
        assert!(
            stdout.contains(&format!("不在链中 (not in the chain): {kept}")),
            "{stdout}"
        );
    }
    // a malformed hash is an error (exit 2), not a verdict
    let out = run(
        &["audit", "verify", "--db", "a.db", "--expect", "abc"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("64"),
        "{out:?}"
    );
}
