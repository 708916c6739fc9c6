//! Case work through the pages, as the township office, the community police
//! and the community staff do it. The server's clock is fixed, as in the
//! HTTP test of a case's life, so deadlines and terms come out the same on every run.

use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::cases::{CaseCommand, NewCase, StepInput};
use jiekang_store::contract::fixture::new_person;

use crate::harness::{Browser, Console, OTHER_TOWNSHIP, PASSWORD, Scripts, Size, account, journey};

pub(crate) const NAME: &str = "张某";
const ID_NUMBER: &str = "150602199001011238";
const ID_MASKED: &str = "150602********1238";

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The person the journeys work with, registered at 某社区 (under 交通街道).
async fn registered_person(b: &Browser) -> i64 {
    let f = &b.site.fixture;
    b.site
        .store
        .create_person(
            &Scope::system(),
            f.jiaotong_user.id,
            &new_person(&f.community_a, NAME, ID_NUMBER),
        )
        .await
        .expect("register the person")
        .id
}

/// A 社区戒毒 decision of 2024-09-27, served on 2024-09-28, executed at 某社区: made through
/// the store, for the journeys that start later in a case's life. The clock is 2024-10-08.
async fn decided_case(b: &Browser) -> i64 {
    let f = &b.site.fixture;
    let person = registered_person(b).await;
    b.site.clock.set(day("2024-10-08"));
    b.site
        .store
        .create_case(
            &Scope::system(),
            f.jiaotong_user.id,
            Role::CommunityPolice,
            &NewCase {
                person_id: person,
                unit_id: f.community_a.id,
                measure: Measure::CommunityDetox,
                decided_years: None,
                deciding_organ: "东胜区公安分局".into(),
                decision_number: "东公(禁)决字〔2024〕001号".into(),
                decided_on: day("2024-09-27"),
                served_on: Some(day("2024-09-28")),
                family_served_on: None,
                place_basis: PlaceBasis::Household,
                work_group: String::new(),
                seed: 7,
            },
            HolidayCalendar::embedded(),
            day("2024-09-28"),
        )
        .await
        .expect("record the decision")
        .id
        .get()
}

/// The same case taken on to 执行中 on 2024-10-08: notified, handed over, reported in, the
/// agreement signed.
pub(crate) async fn executing_case(b: &Browser) -> i64 {
    let case = decided_case(b).await;
    let store = &b.site.store;
    let user = b.site.fixture.jiaotong_user.id;
    let on = day("2024-10-08");
    let cal = HolidayCalendar::embedded();
    let mut version = 1;
    for (step, role) in [
        (Step::Notify, Role::CommunityPolice),
        (Step::ReportIn, Role::TownshipOffice),
        (Step::SignAgreement, Role::TownshipOffice),
    ] {
        let command = CaseCommand::Step(StepInput {
            step,
            on,
            note: String::new(),
            transfer_to_unit_id: None,
            served_on: None,
        });
        version = store
            .apply_case_command(
                &Scope::system(),
                user,
                role,
                case,
                version,
                &command,
                cal,
                on,
            )
            .await
            .unwrap_or_else(|e| panic!("{step:?}: {e}"))
            .version;
        if step == Step::Notify {
            let file = store
                .case_file(&Scope::system(), user, case)
                .await
                .expect("case file");
            let handover = file.handovers.first().expect("the hand-over of the notice");
            store
                .receive_handover(&Scope::system(), user, handover.id, on, on)
                .await
                .expect("receive the hand-over");
            version = store
                .case_file(&Scope::system(), user, case)
                .await
                .expect("case file")
                .case
                .version;
        }
    }
    case
}

pub(crate) async fn log_in_as(b: &Browser, username: &str) {
    b.goto("/login").await;
    b.log_in(username, PASSWORD).await;
    assert_eq!(b.path().await, "/", "{username} lands on the home page");
}

/// The case's id from the case page's path.
async fn case_id_of_page(b: &Browser) -> i64 {
    let path = b.path().await;
    path.strip_prefix("/cases/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a case page, not {path}"))
}

/// J1: the police record a decision from the person's archive and notify the township; the
/// township acknowledges the hand-over from its queue, records the report-in and the
/// agreement, and prints the agreement.
pub async fn a_decision_is_recorded_handed_over_reported_and_agreed(size: Size) {
    journey("case-life", size, Scripts::Enabled, |b| async move {
        let person = registered_person(&b).await;
        b.site.clock.set(day("2024-10-08"));
        let police = account(Role::CommunityPolice);
        let township = account(Role::TownshipOffice);

        log_in_as(&b, police.username).await;
        b.goto(&format!("/persons/{person}")).await;
        b.page(
            "archive",
            &[NAME, "社区戒毒/社区康复决定", "尚无决定记录。", "录入决定"],
            Console::Clean,
        )
        .await;
        b.follow("main", "录入决定").await;
        assert_eq!(b.path().await, format!("/persons/{person}/cases/new"));
        b.page(
            "decision-form",
            &[
                "录入社区戒毒/社区康复决定",
                "措施",
                "决定机关",
                "决定书文号",
                "决定日期",
                "送达本人日期(报到期限自此起算)",
                "执行地(乡镇街道或社区)",
            ],
            Console::Clean,
        )
        .await;
        b.choose("#measure", Measure::CommunityDetox.code()).await;
        b.fill("#deciding_organ", "东胜区公安分局").await;
        b.fill("#decision_number", "东公(禁)决字〔2024〕001号")
            .await;
        b.set_date("#decided_on", "2024-09-27").await;
        b.set_date("#served_on", "2024-09-28").await;
        b.set_date("#family_served_on", "2024-09-28").await;
        b.choose("#unit_id", &b.site.fixture.community_a.code).await;
        b.click_and_wait("form[action$='/cases/new'] button[type=submit]")
            .await;
        let case = case_id_of_page(&b).await;
        // CASE-2: the police notify within 7 working days (the National Day holiday moves it
        // to 2024-10-12); N3: report-in within 15 days of service.
        b.page(
            "case-ordered",
            &[
                "张某 · 社区戒毒",
                "已决定",
                "东公(禁)决字〔2024〕001号",
                "2024-10-12",
                "2024-10-14",
                "办理",
            ],
            Console::Clean,
        )
        .await;

        b.open_details("通知乡镇(街道)并移交材料").await;
        b.screenshot("notify-form").await;
        b.submit_in_details("通知乡镇(街道)并移交材料").await;
        assert_eq!(b.path().await, format!("/cases/{case}"));
        b.page(
            "case-notified",
            &["已通知(待报到)", "已通知 2024-10-08", "待接收"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // The township acknowledges the hand-over from its queue.
        log_in_as(&b, township.username).await;
        b.goto("/queues?q=handovers").await;
        b.page(
            "queue-handovers",
            &[
                "工作任务",
                NAME,
                ID_MASKED,
                "某社区",
                "确认接收",
                "导出Excel",
            ],
            Console::Clean,
        )
        .await;
        b.click_and_wait("form[action^='/handovers/'] button[type=submit]")
            .await;
        b.goto("/queues?q=handovers").await;
        b.page(
            "queue-handovers-done",
            &["当前没有需要办理的事项。"],
            Console::Clean,
        )
        .await;

        // Not reported yet: the case is on that queue, and 办理 leads to it.
        b.goto("/queues?q=not_reported").await;
        b.page("queue-not-reported", &[NAME, "2024-10-14"], Console::Clean)
            .await;
        b.follow("table.list", "办理").await;
        assert_eq!(b.path().await, format!("/cases/{case}"));
        b.page(
            "case-handed-over",
            &["已通知(待报到)", "2024-10-08 · 赵建国"],
            Console::Clean,
        )
        .await;

        b.submit_in_details("报到").await;
        b.page("case-reported", &["已报到(待签协议)"], Console::Clean)
            .await;
        b.submit_in_details("签订协议").await;
        // D3: three years from the report-in, less a day.
        b.page(
            "case-executing",
            &[
                "执行中",
                "2024-10-08 至 2027-10-07",
                "2024-10-08 已签订",
                "打印协议",
                "检测计划与执行情况",
                "登记检测",
            ],
            Console::Clean,
        )
        .await;

        b.follow("main", "打印协议").await;
        assert_eq!(b.path().await, format!("/cases/{case}/agreement"));
        b.page(
            "agreement",
            &[
                "社区戒毒协议",
                "东公(禁)决字〔2024〕001号",
                "甲方(执行地):交通街道社区戒毒社区康复工作办公室",
                NAME,
                "2024年10月8日",
                "2027年10月7日",
                "甲方(盖章)",
            ],
            Console::Clean,
        )
        .await;
    })
    .await;
}

/// The community staff record a negative test from the case page; the figures count it.
pub async fn a_drug_test_is_recorded_and_counted(size: Size) {
    journey("case-test", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        let staff = account(Role::CommunityStaff);
        log_in_as(&b, staff.username).await;
        b.goto(&format!("/cases/{case}")).await;
        b.page(
            "case-before",
            &["执行中", "登记检测", "尚无检测记录。", "共 0 次"],
            Console::Clean,
        )
        .await;
        assert_eq!(b.figure("已检").await, "0", "nothing tested yet");
        if b.size == Size::Phone {
            // Every form folds behind its button: the page stays short on a phone (its
            // summary, printed documents, risk class and caseload, steps, schedule, records
            // and timeline).
            let height = b.page_height().await;
            assert!(
                height < 3600,
                "the case page is {height} px long on a phone"
            );
        }
        b.open_details("登记检测").await;

        // A refusal "with" a sample is refused: the form comes back open, scrolled to, with
        // everything typed and the message at its top.
        b.choose("#kind", "on_site").await;
        b.choose("#sample", "urine").await;
        b.choose("#outcome", "refused").await;
        b.fill("#tester_1", "周强").await;
        b.fill("#tester_2", staff.display_name).await;
        b.fill("#test-note", "拒绝采样").await;
        b.click_and_wait("#record-test button[type=submit]").await;
        let url = b.client.current_url().await.expect("current url");
        assert_eq!(url.fragment(), Some("record-test"), "{url}");
        b.page(
            "case-test-refused",
            &["拒检、逃避检测没有样本"],
            Console::RejectedWith(422),
        )
        .await;
        let kept = b
            .client
            .execute(
                "const f = document.getElementById('record-test'); \
                 return [f.open, document.getElementById('tester_1').value, \
                         document.getElementById('test-note').value, \
                         f.getBoundingClientRect().top < window.innerHeight, window.scrollY > 0];",
                vec![],
            )
            .await
            .expect("read the form");
        assert_eq!(
            kept,
            serde_json::json!([true, "周强", "拒绝采样", true, true]),
            "the form is open, keeps what was typed and is in view"
        );

        // A checkbox sits at the start of its label's line, not stretched across the form.
        let planned = b.find("input[name=planned]").await;
        let arg = serde_json::to_value(&planned).expect("element as a script argument");
        let box_and_label = b
            .client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); \
                 const l = arguments[0].parentElement.getBoundingClientRect(); \
                 return [r.width, r.left - l.left, r.top - l.top];",
                vec![arg],
            )
            .await
            .expect("measure the checkbox");
        let n = |i: usize| box_and_label[i].as_f64().expect("a number");
        assert!(
            n(0) < 40.0 && n(1) < 10.0 && n(2) < 10.0,
            "the checkbox is {} px wide, {} px from its label's left edge and {} px below its \
             top",
            n(0),
            n(1),
            n(2)
        );

        b.choose("#kind", "laboratory").await;
        b.choose("#sample", "urine").await;
        b.choose("#outcome", "negative").await;
        b.fill("#test-note", "").await;
        b.click_and_wait("#record-test button[type=submit]").await;
        assert_eq!(b.path().await, format!("/cases/{case}"));
        b.page(
            "case-tested",
            &["共 1 次", "阴性", "2024-10-08 09:00", "周强、孙丽"],
            Console::Clean,
        )
        .await;
        assert_eq!(b.figure("已检").await, "1", "the test is counted");
        assert_eq!(b.figure("漏检").await, "0");
        assert_eq!(b.figure("阳性").await, "0");
        let file = b
            .site
            .store
            .case_file(&Scope::system(), b.site.fixture.jiaotong_user.id, case)
            .await
            .expect("case file");
        assert_eq!(file.tests.len(), 1, "one test stored");
        assert_eq!(file.tests[0].outcome, "negative");
    })
    .await;
}

/// 交通街道 asks to move the case to 公园街道, which accepts it from its transfer queue;
/// from then on 交通街道 sees only its stub of the case, up to the acceptance.
pub async fn a_transfer_is_requested_and_accepted_by_the_other_township(size: Size) {
    journey("case-transfer", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        let township = account(Role::TownshipOffice);
        log_in_as(&b, township.username).await;
        b.goto(&format!("/cases/{case}")).await;
        b.page("case-executing", &["执行中", "某社区"], Console::Clean)
            .await;
        b.open_details("申请变更执行地").await;
        // the picker sends the unit's code (its full path in the searchable list)
        b.choose("#target", &b.site.fixture.gongyuan.code).await;
        b.fill("#note-request_transfer", "本人迁居公园街道").await;
        b.screenshot("transfer-form").await;
        b.submit_in_details("申请变更执行地").await;
        b.page(
            "case-transfer-pending",
            &["变更执行地待接收", "公园街道(待接收)"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        log_in_as(&b, OTHER_TOWNSHIP.username).await;
        b.goto("/queues?q=transfers").await;
        b.page("queue-transfers", &[NAME, ID_MASKED], Console::Clean)
            .await;
        b.follow("table.list", "办理").await;
        assert_eq!(b.path().await, format!("/cases/{case}"));
        b.page(
            "case-as-receiver",
            &["申请变更执行地至本单位", "接收变更执行地"],
            Console::Clean,
        )
        .await;
        b.submit_in_details("接收变更执行地").await;
        // N11: the person reports in at the new township.
        b.page(
            "case-accepted",
            &["已通知(待报到)", "公园街道"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // CASE-4: the sending township keeps a stub up to the acceptance
        log_in_as(&b, township.username).await;
        b.goto(&format!("/cases/{case}")).await;
        b.page(
            "case-transferred-stub",
            &["已变更执行地至 东胜区 › 公园街道", "接收变更执行地"],
            Console::Clean,
        )
        .await;
    })
    .await;
}

/// The police mark the person absconded, record a search, and restore control once found.
pub async fn an_absconded_person_is_searched_for_and_returns(size: Size) {
    journey("case-abscond", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        b.site.clock.set(day("2024-11-20"));
        let police = account(Role::CommunityPolice);
        log_in_as(&b, police.username).await;
        b.goto(&format!("/cases/{case}")).await;
        b.page("case-executing", &["执行中", "标记脱失"], Console::Clean)
            .await;
        b.open_details("标记脱失").await;
        b.fill("#note-abscond", "连续两次检测未到,电话关机").await;
        b.submit_in_details("标记脱失").await;
        assert_eq!(b.path().await, format!("/cases/{case}"));
        b.page(
            "case-absconded",
            &[
                "脱失",
                "脱失查找记录",
                "提请公安网上布控",
                "查找到并恢复管控",
            ],
            Console::Clean,
        )
        .await;

        b.open_details("脱失查找记录").await;
        b.fill("#search-place", "父母家(交通街道某小区)").await;
        b.fill("#search-outcome", "未找到,已告知家属").await;
        b.click_and_wait("form:has(input[name=kind][value=search]) button[type=submit]")
            .await;
        b.page(
            "case-searched",
            &["父母家(交通街道某小区)", "未找到,已告知家属"],
            Console::Clean,
        )
        .await;

        b.submit_in_details("查找到并恢复管控").await;
        b.page("case-returned", &["执行中"], Console::Clean).await;
        let text = b.text().await;
        assert!(
            !text.contains("脱失查找记录"),
            "no search form once the person is back"
        );
        let file = b
            .site
            .store
            .case_file(&Scope::system(), b.site.fixture.jiaotong_user.id, case)
            .await
            .expect("case file");
        assert_eq!(file.case.state, "executing");
        let summaries: Vec<&str> = file.events.iter().map(|e| e.summary.as_str()).collect();
        assert!(
            file.events
                .iter()
                .any(|e| e.summary.contains("查找") || e.note.contains("父母家")),
            "the search is on the timeline: {summaries:?}"
        );
    })
    .await;
}

/// The township exports its not-reported queue to Excel and finds the person's row in it.
pub async fn a_work_queue_is_exported_to_excel(size: Size) {
    journey("queue-export", size, Scripts::Enabled, |b| async move {
        use calamine::Reader;
        decided_case(&b).await;
        b.site.clock.set(day("2024-10-20"));
        let township = account(Role::TownshipOffice);
        log_in_as(&b, township.username).await;
        b.goto("/queues?q=not_reported").await;
        b.page(
            "queue-not-reported",
            &[NAME, ID_MASKED, "导出Excel", "逾期"],
            Console::Clean,
        )
        .await;
        let file = b
            .download("a[href^='/queues/export.xlsx?q=not_reported']")
            .await;
        assert_eq!(
            file.file_name().and_then(|n| n.to_str()),
            Some("not_reported-20241020.xlsx"),
            "the file is named after the queue and the day"
        );
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).expect("an Excel file");
        let sheet = book
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("its cells");
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        // A title row says what the sheet is and who exported it; the header is frozen under it.
        assert!(
            rows.first().is_some_and(
                |r| r[0].starts_with("未通知/未报到(2024-10-20)") && r[0].contains("导出:")
            ),
            "the title row: {rows:?}"
        );
        // N18: the age beside the masked number, never the birth date
        assert_eq!(
            rows.get(1).map(|r| r[..5].to_vec()),
            Some(vec![
                "姓名".to_owned(),
                "证件号码".into(),
                "年龄".into(),
                "执行地".into(),
                "状态".into()
            ]),
            "the header row: {rows:?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.len() >= 5 && r[0] == NAME && r[1] == ID_MASKED && r[3] == "某社区"),
            "the person's row, masked: {rows:?}"
        );
        assert!(
            !rows.iter().flatten().any(|c| c.contains(ID_NUMBER)),
            "no full ID number in the export"
        );
        // The page is still the queue.
        b.page("queue-after-export", &[NAME], Console::Clean).await;
    })
    .await;
}

/// The 中文 / English switch in the header of every page, without JavaScript: to
/// English on the home page, through the main pages (the agreement stays a Chinese document,
/// and says so), and back to Chinese on the page the user is on.
pub async fn switch_to_english_and_back(size: Size) {
    journey("english", size, Scripts::Disabled, |b| async move {
        let case = executing_case(&b).await;
        let township = account(Role::TownshipOffice);
        log_in_as(&b, township.username).await;
        assert_eq!(b.heading().await, "乡镇(街道)办公室工作台");

        b.click_and_wait("a.lang-switch").await;
        assert_eq!(
            b.path().await,
            "/",
            "the switch comes back to the same page"
        );
        let lang = b.find("html").await.attr("lang").await.expect("lang");
        assert_eq!(lang.as_deref(), Some("en"));
        assert_eq!(b.heading().await, "Township office desk");
        b.page(
            "home-en",
            &[
                "Township office desk",
                "Work queues",
                "Persons",
                "Units",
                "Log out",
                "中文",
            ],
            Console::Clean,
        )
        .await;

        b.goto(&format!("/cases/{case}")).await;
        b.page(
            "case-en",
            &[
                "executing",
                "Test schedule and compliance",
                "Record a test",
                "Timeline",
            ],
            Console::Clean,
        )
        .await;
        b.goto("/persons").await;
        b.page(
            "persons-en",
            &["Persons", "Export to Excel", NAME],
            Console::Clean,
        )
        .await;
        b.goto("/queues").await;
        b.page("queues-en", &["Work queues"], Console::Clean).await;

        // The agreement is a Chinese legal document in both languages.
        b.goto(&format!("/cases/{case}/agreement")).await;
        b.page(
            "agreement-en",
            &["Chinese legal document", "社区戒毒协议", "甲方(执行地)"],
            Console::Clean,
        )
        .await;

        // Back to Chinese, on the same page.
        b.click_and_wait("a.lang-switch").await;
        assert_eq!(b.path().await, format!("/cases/{case}/agreement"));
        let lang = b.find("html").await.attr("lang").await.expect("lang");
        assert_eq!(lang.as_deref(), Some("zh-CN"));
        b.page(
            "agreement-zh",
            &["返回案件", "社区戒毒协议"],
            Console::Clean,
        )
        .await;
        b.goto("/").await;
        assert_eq!(b.heading().await, "乡镇(街道)办公室工作台");
        b.log_out().await;
    })
    .await;
}
