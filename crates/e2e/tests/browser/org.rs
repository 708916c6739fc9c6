//! The work system (STAFF-1..4, FUND-1) through the pages: the district office opens 工作体系 from
//! the menu, sees its townships short of staff, registers a township's cadre, drills down
//! to the township's communities and reads the year's funding.

use jiekang_domain::permission::Role;

use crate::case_work::{executing_case, log_in_as};
use crate::harness::{Browser, Console, Scripts, Size, account, journey};

pub async fn a_district_registers_staff_and_reads_staffing_and_funding(size: Size) {
    journey("org", size, Scripts::Enabled, |b: Browser| async move {
        executing_case(&b).await;
        let district = account(Role::DistrictOffice);
        log_in_as(&b, district.username).await;
        b.follow("nav", "工作体系").await;
        assert_eq!(b.path().await, "/staffing");
        b.page(
            "staffing",
            &[
                "人员配备",
                "交通街道",
                "公园街道",
                "合计",
                "实有吸毒人员",
                "未达标",
                "导出Excel",
            ],
            Console::Clean,
        )
        .await;

        // the register is empty; register 交通街道's cadre in charge
        b.follow("main", "工作人员名册").await;
        b.page("staff-empty", &["还没有登记工作人员"], Console::Clean)
            .await;
        b.goto("/staff/new").await;
        let township = b.site.fixture.jiaotong.code.clone();
        b.choose("#unit", &township).await;
        b.fill("#name", "周文静").await;
        b.choose("#sex", "female").await;
        b.choose("#post", "cadre_in_charge").await;
        b.choose("#employment", "civil_service").await;
        b.set_date("#started_on", "2020-03-01").await;
        b.fill("#training_hours", "16").await;
        b.click_and_wait("form.form button[type=submit]").await;
        assert!(b.path().await.starts_with("/staff/"));
        b.page("staff-entry", &["周文静", "最后修改"], Console::Clean)
            .await;
        b.goto("/staff").await;
        b.page(
            "staff-list",
            &["周文静", "交通街道", "分管干部", "行政编制"],
            Console::Clean,
        )
        .await;

        // drill down from the district to the township's communities
        b.goto("/staffing").await;
        b.follow("main table", "交通街道").await;
        b.page(
            "staffing-township",
            &["某社区", "返回上一级"],
            Console::Clean,
        )
        .await;

        b.follow("main", "工作经费").await;
        let mut expected = vec!["工作经费", "支出分类", "登记预算、拨付或支出", "合计"];
        if size == Size::Desktop {
            // column heads (on a phone each row is a card labelled by the stylesheet)
            expected.extend(["应保障经费", "预算执行率"]);
        }
        b.page("funding", &expected, Console::Clean).await;
    })
    .await;
}
