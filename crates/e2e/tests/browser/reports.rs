//! STAT-1 — the periodic reports (报表) through the pages: the district office reads its
//! townships' frozen monthly report and changes the period; the township office submits its
//! report; the district returns it with a reason, which the township then reads. The server's
//! clock is fixed on 2024-12-20 and the reports are counted as the daily job counts them.

use chrono::Utc;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::Role;
use jiekang_domain::report::periods_to_count;

use crate::case_work::{day, executing_case, log_in_as};
use crate::harness::{Browser, Console, Scripts, Size, account, journey};

const TODAY: &str = "2024-12-20";
const NOTE: &str = "11月报表已与台账核对";
const REASON: &str = "执行率分母与台账不符,请核对后重新报送";

/// The case of 张某 executing from 2024-10-08, and the reports of 2024-12-20 counted.
async fn counted(b: &Browser) {
    executing_case(b).await;
    b.site.clock.set(day(TODAY));
    b.site
        .store
        .count_reports(
            HolidayCalendar::embedded(),
            &periods_to_count(day(TODAY)),
            day(TODAY),
            Utc::now(),
            None,
            false,
        )
        .await
        .expect("count the reports");
}

/// The page's heading, its words joined by one space (on a phone the period wraps under
/// the title).
async fn heading(b: &Browser) -> String {
    b.heading()
        .await
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Choose a period in the report's select and show it.
async fn show_period(b: &Browser, form: &str, period: &str) {
    b.choose(&format!("{form} #period"), period).await;
    b.click_and_wait(&format!("{form} button[type=submit]"))
        .await;
}

pub async fn a_district_reads_the_report_and_returns_a_township_submission(size: Size) {
    journey("reports", size, Scripts::Enabled, |b| async move {
        counted(&b).await;
        let district = account(Role::DistrictOffice);
        let township = account(Role::TownshipOffice);

        // The district: last month's report by default, its townships side by side.
        log_in_as(&b, district.username).await;
        b.follow("nav", "报表").await;
        assert_eq!(b.path().await, "/reports");
        let mut expected = vec![
            "报表",
            "2024年11月",
            "东胜区",
            "已冻结",
            "交通街道",
            "公园街道",
            "合计",
            "报到率",
            "执行率",
            "管控率",
            "戒断巩固率",
            "复吸率",
            "100.0%",
            "1/1",
            "环比与同比",
            "本期数字",
            "导出Excel",
            "报送情况",
        ];
        if size == Size::Desktop {
            // the comparison's column heads (on a phone each row is a card, labelled by
            // the stylesheet from its cells' data-label)
            expected.extend(["环比(2024年10月)", "同比(2023年11月)"]);
        }
        b.page("district-report", &expected, Console::Clean).await;
        // (every period is named in the select: the heading says which one is shown)
        assert_eq!(heading(&b).await, "报表 2024年11月");

        // Another period through the select: October, when the case began.
        show_period(&b, "form[action='/reports']", "2024-10").await;
        assert_eq!(b.path().await, "/reports?period=2024-10");
        assert_eq!(heading(&b).await, "报表 2024年10月");
        b.page(
            "district-report-october",
            &["2024年10月", "交通街道", "合计", "执行率"],
            Console::Clean,
        )
        .await;
        show_period(&b, "form[action='/reports']", "2024-11").await;
        b.follow("main", "报送情况").await;
        assert_eq!(b.path().await, "/reports/submissions?period=2024-11");
        assert_eq!(heading(&b).await, "报送情况 2024年11月");
        b.page(
            "district-submissions",
            &[
                "报送情况",
                "2024年11月",
                "未报送 2 个 · 待审核 0 个",
                "交通街道",
                "公园街道",
                "未报送",
                "返回报表",
            ],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // The township submits its frozen November report.
        log_in_as(&b, township.username).await;
        b.goto("/reports?period=2024-11").await;
        b.page(
            "township-report",
            &[
                "2024年11月",
                "交通街道",
                "某社区",
                "本单位报送",
                "未报送",
                "报送 2024年11月 报表",
            ],
            Console::Clean,
        )
        .await;
        b.fill("#note", NOTE).await;
        b.click_and_wait("form[action='/reports/submit'] button[type=submit]")
            .await;
        let url = b.client.current_url().await.expect("current url");
        assert_eq!(url.fragment(), Some("submission"), "{url}");
        b.page(
            "township-submitted",
            &["已报送(待审核)", "报送于"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // The district returns it with a reason.
        log_in_as(&b, district.username).await;
        b.goto("/reports/submissions?period=2024-11").await;
        b.page(
            "district-awaiting",
            &[
                "未报送 1 个 · 待审核 1 个",
                "已报送(待审核)",
                NOTE,
                township.display_name,
                "审核通过",
                "退回",
            ],
            Console::Clean,
        )
        .await;
        let unit = b.site.fixture.jiaotong.id;
        b.fill(&format!("#note-{unit}"), REASON).await;
        b.click_and_wait(&format!(
            "form:has(#note-{unit}) button[name=decision][value=return]"
        ))
        .await;
        b.page(
            "district-returned",
            &["已退回", REASON, district.display_name],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // The township reads the reason, and may submit again.
        log_in_as(&b, township.username).await;
        b.goto("/reports?period=2024-11").await;
        b.page(
            "township-returned",
            &[
                "已退回",
                &format!("审核意见:{REASON}"),
                "报送 2024年11月 报表",
            ],
            Console::Clean,
        )
        .await;
    })
    .await;
}
