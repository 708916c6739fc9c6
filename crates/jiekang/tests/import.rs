//! INFO-1, import — `jiekang import` on a demo database: a small generated register imported
//! twice (the second run adds nothing), and a bad file whose dry run names every bad
//! cell and writes nothing, without naming the holder of a number held elsewhere.

mod common;

use std::path::Path;

use chrono::{Days, NaiveDate};
use common::{jiekang, ok, stderr};
use jiekang_domain::id_number::check_character;

fn id(seq: u32) -> String {
    let first17 = format!("15060219850304{seq:03}");
    format!("{first17}{}", check_character(&first17).expect("check"))
}

fn today() -> NaiveDate {
    jiekang_domain::clock::beijing_date(chrono::Utc::now())
}

fn ago(days: u64) -> String {
    (today() - Days::new(days)).to_string()
}

/// Ask the database a single number or text.
fn scalar<T>(db: &Path, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .expect("open");
        let v = sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql);
        pool.close().await;
        v
    })
}

fn community(db: &Path, township: &str) -> String {
    scalar(
        db,
        &format!(
            "SELECT code FROM units WHERE code LIKE '{township}%' AND length(code) = 12 \
             ORDER BY code LIMIT 1"
        ),
    )
}

fn register(community: &str) -> String {
    let mut csv = String::from("历史台账(测试)\n身份证号码,姓名,所属单位代码\n");
    for (seq, name) in [(1, "张一"), (2, "李二"), (3, "王三")] {
        csv += &format!("{},{name},{community}\n", id(seq));
    }
    csv += "\n身份证号码,执行地单位代码,措施,决定期限(年),决定机关,决定书文号,决定日期,送达日期,通知日期,报到日期,协议日期,解除日期\n";
    // an order of about three years ago, released; a current one; one awaiting report-in
    csv += &format!(
        "{},{community},社区戒毒,,东胜分局,\"鄂公(禁)决字〔2022〕001号\",{},{},{},{},{},\n",
        id(1),
        ago(400),
        ago(399),
        ago(397),
        ago(395),
        ago(395)
    );
    csv += &format!(
        "{},{community},社区康复,1,东胜分局,鄂公(禁)决字〔2020〕002号,{},{},{},{},{},{}\n",
        id(2),
        ago(2_000),
        ago(1_999),
        ago(1_997),
        ago(1_995),
        ago(1_995),
        ago(1_600)
    );
    csv += &format!(
        "{},{community},社区戒毒,,东胜分局,鄂公(禁)决字〔2026〕003号,{},{},{},,,\n",
        id(3),
        ago(3),
        ago(3),
        ago(2)
    );
    csv += "\n身份证号码,决定书文号,类别,日期,结果或方式,检测人或谈话人,第二检测人,备注\n";
    for d in [380, 350, 320] {
        csv += &format!(
            "{},\"鄂公(禁)决字〔2022〕001号\",检测,{},阴性,李强,王芳,\n",
            id(1),
            ago(d)
        );
    }
    csv += &format!(
        "{},\"鄂公(禁)决字〔2022〕001号\",谈话,{},家访,李强,,家中无异常\n",
        id(1),
        ago(330)
    );
    csv
}

#[test]
fn import_a_register_imported_twice_is_written_once() {
    let dir = tempfile::tempdir().expect("dir");
    ok(&jiekang(&["demo", "--persons", "20"], dir.path(), None));
    let db = dir.path().join("jiekang.db");
    let code = community(&db, "150602001");
    let file = dir.path().join("register.csv");
    std::fs::write(&file, register(&code)).expect("write");
    let file = file.to_str().expect("path");

    let dry = ok(&jiekang(
        &["import", file, "--dry-run", "--unit", "150602001"],
        dir.path(),
        None,
    ));
    assert!(
        dry.contains("试导入完成") && dry.contains("新增人员 3,决定 3"),
        "{dry}"
    );
    let cases_before: i64 = scalar(&db, "SELECT COUNT(*) FROM cases");

    let first = ok(&jiekang(
        &["import", file, "--unit", "150602001"],
        dir.path(),
        None,
    ));
    assert!(first.contains("新增人员 3,决定 3,检测与谈话 4"), "{first}");
    let cases_after: i64 = scalar(&db, "SELECT COUNT(*) FROM cases");
    assert_eq!(cases_after, cases_before + 3);
    // planned by the rules: the current order has its windows, the tests fill theirs
    let done: i64 = scalar(
        &db,
        "SELECT COUNT(*) FROM test_windows w JOIN cases c ON c.id = w.case_id \
         WHERE c.decision_number = '鄂公(禁)决字〔2022〕001号' AND w.done_on IS NOT NULL",
    );
    assert_eq!(done, 3);
    let missed: i64 = scalar(
        &db,
        "SELECT COUNT(*) FROM test_windows w JOIN cases c ON c.id = w.case_id \
         WHERE c.decision_number = '鄂公(禁)决字〔2022〕001号' AND w.missed",
    );
    assert!(missed > 0, "closed windows without a test are missed");
    let expired: String = scalar(
        &db,
        "SELECT state FROM cases WHERE decision_number = '鄂公(禁)决字〔2020〕002号'",
    );
    assert_eq!(expired, "expired");

    let second = ok(&jiekang(
        &["import", file, "--unit", "150602001"],
        dir.path(),
        None,
    ));
    assert!(
        second.contains("新增人员 0,决定 0,检测与谈话 0;已导入而跳过 6"),
        "{second}"
    );
    let cases_again: i64 = scalar(&db, "SELECT COUNT(*) FROM cases");
    assert_eq!(cases_again, cases_after);
    let audited: i64 = scalar(
        &db,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'import.finished'",
    );
    assert_eq!(audited, 2);
}

#[test]
fn import_a_bad_file_gets_its_reasons_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    ok(&jiekang(&["demo", "--persons", "20"], dir.path(), None));
    let db = dir.path().join("jiekang.db");
    let here = community(&db, "150602001");
    let there = community(&db, "150602002");
    // person 1 registered by the neighbouring township first
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        format!("身份证号码,姓名,所属单位代码\n{},张一,{there}\n", id(1)),
    )
    .expect("write");
    ok(&jiekang(
        &[
            "import",
            first.to_str().expect("path"),
            "--unit",
            "150602002",
        ],
        dir.path(),
        None,
    ));
    let there_name: String = scalar(
        &db,
        &format!("SELECT name FROM units WHERE code = '{there}'"),
    );

    let mut bad_id = id(2);
    let last = if bad_id.ends_with('0') { "1" } else { "0" };
    bad_id.replace_range(17.., last);
    let csv = format!(
        "身份证号码,姓名,所属单位代码\n{},张一,{here}\n{bad_id},李二,{here}\n{},王三,{there}\n{},赵四,{here}\n{},赵四,{here}\n\
         身份证号码,执行地单位代码,措施,决定期限(年),决定机关,决定书文号,决定日期,送达日期,通知日期,报到日期\n\
         {},{here},社区戒毒,,东胜分局,A1,{},,{},{}\n",
        id(1),
        id(3),
        id(4),
        id(4),
        id(4),
        ago(10),
        ago(5),
        ago(8)
    );
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, csv).expect("write");
    let file = file.to_str().expect("path");
    let cases_before: i64 = scalar(&db, "SELECT COUNT(*) FROM cases");
    let persons_before: i64 = scalar(&db, "SELECT COUNT(*) FROM persons");

    let dry = jiekang(
        &["import", file, "--dry-run", "--unit", "150602001"],
        dir.path(),
        None,
    );
    assert!(!dry.status.success());
    let printed = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(printed.contains("已在其他辖区登记"), "{printed}");
    assert!(
        !printed.contains(&there_name),
        "the holder is never named: {printed}"
    );
    assert!(printed.contains("校验码"), "{printed}");
    assert!(printed.contains("不在您的辖区内"), "{printed}");
    assert!(printed.contains("与人员表第5行重复"), "{printed}");
    assert!(printed.contains("报到日期早于通知日期"), "{printed}");
    let report = dir.path().join("bad.csv.错误.xlsx");
    assert!(
        report.exists(),
        "the annotated copy is written beside the file"
    );

    let refused = jiekang(&["import", file, "--unit", "150602001"], dir.path(), None);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("未写入"), "{}", stderr(&refused));
    assert_eq!(
        scalar::<i64>(&db, "SELECT COUNT(*) FROM cases"),
        cases_before
    );
    assert_eq!(
        scalar::<i64>(&db, "SELECT COUNT(*) FROM persons"),
        persons_before
    );

    // the clean rows only: person 4 (its order is refused with its dates)
    let clean = ok(&jiekang(
        &["import", file, "--unit", "150602001", "--clean-rows"],
        dir.path(),
        None,
    ));
    assert!(clean.contains("新增人员 1,决定 0"), "{clean}");
}
