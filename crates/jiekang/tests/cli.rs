//! The command line as other programs see it: `jiekang rules` answers, exit codes and
//! JSON shapes; `demo`, `admin` and `calendar` on a fresh SQLite file.

mod common;
use common::*;

fn rules(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("dir");
    let mut all = vec!["rules"];
    all.extend_from_slice(args);
    let out = jiekang(&all, dir.path(), None);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        String::from_utf8_lossy(&out.stderr).trim().to_owned(),
    )
}

#[test]
fn rules_answer_the_worked_journeys() {
    // J1: decided 2024-09-27 + 7 working days; served 2024-09-28 + 15 days (a Sunday → Monday)
    assert_eq!(rules(&["add-workdays", "2024-09-27", "7"]).1, "2024-10-12");
    assert_eq!(rules(&["deadline", "2024-09-28", "15"]).1, "2024-10-14");
    assert_eq!(
        rules(&["is-workday", "2024-10-12"]).1,
        "true",
        "make-up Saturday"
    );
    assert_eq!(
        rules(&["is-workday", "2024-10-03"]).1,
        "false",
        "National Day"
    );
    // J3: 2025-10-11 is a make-up working Saturday, so the deadline stays
    assert_eq!(rules(&["deadline", "2025-09-26", "15"]).1, "2025-10-11");
    // J4: a 15-day detention moves the end of J1's term
    let (code, out, _) = rules(&[
        "term",
        "--measure",
        "community_detox",
        "--report-in",
        "2024-10-08",
        "--suspend",
        "2025-03-01:2025-03-15",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v,
        serde_json::json!({"start": "2024-10-08", "end": "2027-10-22"})
    );
}

#[test]
fn schedules_have_the_statutory_number_of_windows() {
    for (args, count, end) in [
        (
            vec!["--measure", "community_detox", "--report-in", "2024-10-08"],
            22,
            "2027-10-07",
        ),
        (
            vec![
                "--measure",
                "community_rehab",
                "--report-in",
                "2025-06-16",
                "--years",
                "2",
            ],
            12,
            "2027-06-15",
        ),
        (
            vec![
                "--measure",
                "community_rehab",
                "--report-in",
                "2025-06-16",
                "--years",
                "3",
            ],
            12,
            "2028-06-15",
        ),
    ] {
        let mut all = vec!["schedule", "--seed", "42", "--json"];
        all.extend(args);
        let (code, out, err) = rules(&all);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["term_end"], end);
        let windows = v["windows"].as_array().expect("windows");
        assert_eq!(windows.len(), count);
        assert_eq!(windows[0]["index"], 1);
        for w in windows {
            let (s, e, p) = (
                w["start"].as_str(),
                w["end"].as_str(),
                w["planned"].as_str(),
            );
            assert!(s <= p && p <= e, "planned date inside its window: {w}");
        }
    }
}

#[test]
fn bad_input_and_unknown_years_exit_2_with_a_bilingual_message() {
    let (code, out, err) = rules(&["is-workday", "2030-01-02"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("尚未录入") && err.contains("calendar unknown"),
        "{err}"
    );
    let (code, _, err) = rules(&["deadline", "2024-02-30", "15"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("日期格式错误") && err.contains("bad date"),
        "{err}"
    );
    let (code, _, err) = rules(&[
        "term",
        "--measure",
        "community_rehab",
        "--report-in",
        "2025-06-16",
        "--years",
        "4",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("1至3"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line");
}

#[test]
fn check_id_reports_the_derived_facts_or_the_reason() {
    let (code, out, _) = rules(&["check-id", "152701197807050318", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["valid"], true);
    assert_eq!(v["birth_date"], "1978-07-05");
    assert_eq!(v["sex"], "male");
    // a 15-digit number is upgraded
    let (_, out, _) = rules(&["check-id", "150602900101123", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["id"].as_str().map(str::len), Some(18));
    let (code, out, err) = rules(&["check-id", "150602199001011239", "--json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["valid"], false);
    assert!(v["error"].as_str().expect("error").contains("校验码"));
    assert!(err.contains("check character"), "{err}");
}

#[test]
fn a_calendar_file_replaces_its_year() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("2027.tsv");
    std::fs::write(
        &file,
        "#year 2027\n2027-01-01\tholiday\t元旦\n2027-01-04\tholiday\t补假\n",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8");
    assert_eq!(
        rules(&["is-workday", "2027-01-04", "--calendar-file", path]).1,
        "false"
    );
    assert_eq!(
        rules(&["is-workday", "2027-01-05", "--calendar-file", path]).1,
        "true"
    );
}

#[test]
fn demo_admin_and_calendar_work_on_a_fresh_database() {
    let dir = tempfile::tempdir().expect("dir");
    let out = jiekang(&["demo", "--persons", "300"], dir.path(), None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("300 名虚构人员") && printed.contains("jiaotong.staff"),
        "{printed}"
    );
    assert!(
        dir.path().join("jiekang.db").exists(),
        "default database file in the working directory"
    );
    // a second demo into the same database is refused
    assert_eq!(jiekang(&["demo"], dir.path(), None).status.code(), Some(2));

    let weak = jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "wang",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        dir.path(),
        Some("short\n"),
    );
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("12"));
    let unknown = jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "wang",
            "--unit",
            "999999",
            "--role",
            "township_office",
        ],
        dir.path(),
        Some("Strong-Pass-123\n"),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("不存在"));
    let ok = jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "wang",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        dir.path(),
        Some("Strong-Pass-123\n"),
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let dup = jiekang(
        &[
            "admin",
            "create-user",
            "--username",
            "wang",
            "--unit",
            "150602001",
            "--role",
            "township_office",
        ],
        dir.path(),
        Some("Strong-Pass-123\n"),
    );
    assert_eq!(dup.status.code(), Some(2));
    let list = jiekang(&["admin", "list-users"], dir.path(), None);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("wang") && listed.contains("交通街道"),
        "{listed}"
    );
    let disabled = jiekang(
        &["admin", "disable-user", "--username", "wang"],
        dir.path(),
        None,
    );
    assert!(disabled.status.success());
    assert!(
        String::from_utf8_lossy(&jiekang(&["admin", "list-users"], dir.path(), None).stdout)
            .contains("已停用")
    );
    // The command line's administration is audited, as nobody (the
    // root unit), without the password or its hash.
    let reset = jiekang(
        &["admin", "reset-password", "--username", "wang"],
        dir.path(),
        Some("Another-Pass-456\n"),
    );
    assert!(reset.status.success(), "{reset:?}");
    let trail: Vec<(String, Option<i64>, String)> = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let db = dir.path().join("jiekang.db");
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
                .await
                .expect("open");
            sqlx::query_as(
                "SELECT action, user_id, detail FROM audit_events WHERE object_type = 'user'
                   AND object_id = (SELECT id FROM users WHERE username = 'wang') ORDER BY id",
            )
            .fetch_all(&pool)
            .await
            .expect("records")
        });
    let actions: Vec<&str> = trail.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["user.created", "user.disabled", "user.password_reset"]
    );
    for (action, user_id, detail) in &trail {
        assert_eq!(*user_id, None, "{action}: the command line acts as nobody");
        assert!(detail.contains("\"username\":\"wang\""), "{detail}");
        assert!(
            !detail.contains("argon2") && !detail.contains("Pass-"),
            "{detail}"
        );
    }

    std::fs::write(
        dir.path().join("n.tsv"),
        "#year 2027\n2027-01-01\tholiday\t元旦\n",
    )
    .expect("write");
    assert!(
        jiekang(&["calendar", "import", "n.tsv"], dir.path(), None)
            .status
            .success()
    );
    let years = String::from_utf8_lossy(&jiekang(&["calendar", "list"], dir.path(), None).stdout)
        .into_owned();
    assert!(
        years.contains("2027\t录入") && years.contains("2004\t内置"),
        "{years}"
    );
}
