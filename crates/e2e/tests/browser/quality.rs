//! INFO-2 质量倒查 through the pages: the district office finds a case under execution with
//! no work group among its data-quality findings, opens a trace-back on it, and the
//! township office answers it among its tasks; the district then accepts the answer.

use jiekang_domain::permission::Role;
use jiekang_store::quality::QualityCutoffs;

use crate::case_work::{day, executing_case, log_in_as};
use crate::harness::{Browser, Console, Scripts, Size, account, journey};

const TODAY: &str = "2024-11-20";
const QUESTION: &str = "执行一个多月仍未建立工作小组,请说明原因";
const ANSWER: &str = "已补建工作小组:社工、民警、家属各一人";

async fn found(b: &Browser) {
    executing_case(b).await;
    b.site.clock.set(day(TODAY));
    b.site
        .store
        .sweep_quality_cases(&QualityCutoffs::on(day(TODAY)), 1, i64::MAX)
        .await
        .expect("the daily checks");
}

pub async fn a_district_traces_a_case_back_and_the_township_answers(size: Size) {
    journey("quality", size, Scripts::Enabled, |b| async move {
        found(&b).await;
        let district = account(Role::DistrictOffice);
        let township = account(Role::TownshipOffice);

        log_in_as(&b, district.username).await;
        b.follow("nav", "数据质量").await;
        assert_eq!(b.path().await, "/quality");
        b.page(
            "district-quality",
            &[
                "数据质量检查",
                "实有吸毒人员",
                "执行中未建工作小组",
                "N6",
                "辖区质量倒查",
            ],
            Console::Clean,
        )
        .await;
        b.follow("main", "执行中未建工作小组").await;
        assert_eq!(b.path().await, "/quality/findings?check=work_group_missing");
        let mut expected = vec!["执行中未建工作小组", "张某", "2024-10-08", "导出Excel"];
        if size == Size::Desktop {
            // the column heads (on a phone each row is a card labelled by the stylesheet)
            expected.push("签订协议日期");
        }
        b.page("district-quality-list", &expected, Console::Clean)
            .await;
        b.follow("main", "张某").await;
        b.follow("main", "发起质量倒查").await;
        b.page(
            "district-trace-back-form",
            &["发起质量倒查", "倒查问题", "办理期限"],
            Console::Clean,
        )
        .await;
        b.fill("#question", QUESTION).await;
        b.set_date("#due_on", "2024-11-30").await;
        b.click_and_wait("form[action$='/trace-back'] button[type=submit]")
            .await;
        assert!(b.path().await.starts_with("/quality/trace-backs/"));
        b.page(
            "district-trace-back",
            &["质量倒查", "待办理", QUESTION, "尚未答复"],
            Console::Clean,
        )
        .await;
        let trace_back = b.path().await;
        b.log_out().await;

        // The township answers among its tasks.
        log_in_as(&b, township.username).await;
        b.follow("nav", "待办事项").await;
        b.follow("main", "质量倒查").await;
        b.page(
            "township-trace-back",
            &["质量倒查", QUESTION],
            Console::Clean,
        )
        .await;
        b.fill("#answer", ANSWER).await;
        b.click_and_wait("form[action$='/answer'] button[type=submit]")
            .await;
        b.log_out().await;

        // The district accepts the answer.
        log_in_as(&b, district.username).await;
        b.goto(&trace_back).await;
        b.page(
            "district-trace-back-answered",
            &[ANSWER, "审核通过,办结", "退回重办"],
            Console::Clean,
        )
        .await;
        b.click_and_wait("button[value=accept]").await;
        b.page(
            "district-trace-back-closed",
            &["已办结", ANSWER],
            Console::Clean,
        )
        .await;
    })
    .await;
}
