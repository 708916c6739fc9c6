//! INFO-1 — the printed documents, as the township office prints them: each opened from the
//! case page's 打印文书, printed to PDF by the browser and downloaded as the server's PDF;
//! the text of both papers holds the document and never a planned test date (D4: they are
//! secret from the person). The case page printed holds none either, though the screen
//! shows the next one.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};
use jiekang_store::Scope;
use jiekang_store::cases::{CaseCommand, NewDrugTest};

use crate::case_work::{NAME, day, executing_case, log_in_as};
use crate::harness::{
    Browser, Console, Scripts, Size, account, day_spellings, journey, pdf_text, squeezed,
};

/// The township's office, which issues every document (N5).
const OFFICE: &str = "交通街道社区戒毒社区康复工作办公室";

/// The documents an executing case with one test has, as (link on the case page, the page's
/// path after `/cases/{id}/`, words on the paper).
const DOCUMENTS: [(&str, &str, &[&str]); 4] = [
    (
        "报到通知书",
        "report-notice",
        &["报到通知书", NAME, "150602199001011238", OFFICE],
    ),
    ("协议", "agreement", &["社区戒毒协议", "甲方", NAME, OFFICE]),
    (
        "检测记录",
        "test-record",
        &["吸毒检测记录", NAME, "阴性", "周强"],
    ),
    (
        "档案封面及卷内目录",
        "archive",
        &["社区戒毒人员档案", NAME, "卷内目录", "吸毒检测记录", OFFICE],
    ),
];

/// A negative test on `on` at 10:00, entered through the store.
async fn tested(b: &Browser, case: i64, on: NaiveDate) {
    let store = &b.site.store;
    let user = b.site.fixture.jiaotong_user.id;
    let version = store
        .case_file(&Scope::system(), user, case)
        .await
        .expect("case file")
        .case
        .version;
    store
        .apply_case_command(
            &Scope::system(),
            user,
            Role::CommunityStaff,
            case,
            version,
            &CaseCommand::Test(NewDrugTest {
                tested_at: NaiveDateTime::new(
                    on,
                    chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("10:00"),
                ),
                kind: TestKind::OnSite,
                sample: Some(Sample::Urine),
                outcome: TestOutcome::Negative,
                substances: String::new(),
                tester_1: "周强".into(),
                tester_2: "孙丽".into(),
                sample_a: String::new(),
                sample_b: String::new(),
                planned: true,
                female_tester_present: false,
                note: String::new(),
            }),
            jiekang_domain::calendar::HolidayCalendar::embedded(),
            on,
        )
        .await
        .expect("record the test");
}

/// What a paper must say and must not: every word of `expected`, no spelling of any day in
/// `secret`.
fn check_paper(what: &str, text: &str, expected: &[&str], secret: &BTreeSet<NaiveDate>) {
    let flat = squeezed(text);
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|w| !flat.contains(&squeezed(w)))
        .collect();
    assert!(
        missing.is_empty(),
        "{what} lacks {missing:?}; its text:\n{text}"
    );
    let shown: Vec<String> = secret
        .iter()
        .flat_map(|d| day_spellings(*d))
        .filter(|s| flat.contains(s.as_str()))
        .collect();
    assert!(
        shown.is_empty(),
        "{what} shows planned test dates {shown:?}; its text:\n{text}"
    );
}

/// Each document of the case: opened from the case page, printed by the browser, downloaded
/// as the server's PDF; then the case page printed.
pub async fn documents_are_printed_without_planned_test_dates(size: Size) {
    journey("documents", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        let file = b
            .site
            .store
            .case_file(&Scope::system(), b.site.fixture.jiaotong_user.id, case)
            .await
            .expect("case file");
        // The test falls in the first window, on a day that is not its planned day.
        let first = file
            .windows
            .first()
            .expect("windows drawn at the report-in");
        let tested_on = first
            .starts_on
            .iter_days()
            .take_while(|d| *d <= first.ends_on)
            .find(|d| *d != first.planned_on && *d >= day("2024-10-08"))
            .expect("a day of the first window that is not its planned day");
        b.site.clock.set(tested_on);
        tested(&b, case, tested_on).await;
        // The days the papers rightly show (decision, service, deadlines, report-in,
        // agreement, the test, the term's end, birth): a planned day equal to one of them
        // cannot be told apart on paper, so the secret ones are the others.
        let recorded: BTreeSet<NaiveDate> = [
            "1990-01-01",
            "2024-09-27",
            "2024-09-28",
            "2024-10-08",
            "2024-10-12",
            "2024-10-14",
            "2027-10-07",
        ]
        .into_iter()
        .map(day)
        .chain([tested_on])
        .collect();
        let secret: BTreeSet<NaiveDate> = file
            .windows
            .iter()
            .map(|w| w.planned_on)
            .filter(|d| !recorded.contains(d))
            .collect();
        assert!(
            secret.len() >= 3,
            "the case has planned test days to keep secret: {secret:?}"
        );

        let township = account(Role::TownshipOffice);
        log_in_as(&b, township.username).await;
        b.goto(&format!("/cases/{case}")).await;
        let labels: Vec<&str> = DOCUMENTS.iter().map(|(label, _, _)| *label).collect();
        let mut expected = vec!["打印文书", "下次计划检测"];
        expected.extend(&labels);
        b.page("case", &expected, Console::Clean).await;
        // The screen shows the next planned test (the staff need it); paper never does.
        let next = b.figure("下次计划检测").await;
        let next = NaiveDate::parse_from_str(&next, "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("the next planned test is a day, not “{next}”"));
        assert!(
            secret.contains(&next),
            "{next} is a planned day: {secret:?}"
        );
        let links = b.links("#documents").await;
        let shown: Vec<&str> = links
            .iter()
            .filter(|(label, _)| label != "PDF")
            .map(|(label, _)| label.as_str())
            .collect();
        assert_eq!(shown, labels, "the case's documents, in order");

        for (label, path, words) in DOCUMENTS {
            b.goto(&format!("/cases/{case}")).await;
            b.follow("#documents", label).await;
            assert_eq!(b.path().await, format!("/cases/{case}/{path}"));
            b.page(path, words, Console::Clean).await;
            let printed = b.print_to_pdf(path).await;
            check_paper(
                &format!("{label} printed by the browser"),
                &pdf_text(&printed),
                words,
                &secret,
            );
            let pdf = b
                .download(&format!("a[href='/cases/{case}/{path}.pdf']"))
                .await;
            assert_eq!(
                pdf.file_name().and_then(|n| n.to_str()),
                Some(format!("{path}-{case}.pdf").as_str()),
                "the server's PDF is named after the document and the case"
            );
            check_paper(
                &format!("{label}: the server's PDF"),
                &pdf_text(&pdf),
                words,
                &secret,
            );
        }

        // The case page printed: the person and the case, not the plan.
        b.goto(&format!("/cases/{case}")).await;
        let text = b.text().await;
        assert!(
            day_spellings(next)
                .iter()
                .any(|s| text.contains(s.as_str())),
            "the screen shows the next planned test {next}"
        );
        let printed = b.print_to_pdf("case").await;
        check_paper(
            "the case page printed",
            &pdf_text(&printed),
            &[NAME, "执行中", "检测计划与执行情况"],
            &secret,
        );
    })
    .await;
}
