//! BASE-1 through the pages: the district office opens 就业安置基地 from the menu, sees its
//! district lacking the placement point its size asks for, registers one, and sees the
//! district meet the rule with the point in the register.

use jiekang_domain::permission::Role;

use crate::case_work::{executing_case, log_in_as};
use crate::harness::{Browser, Console, Scripts, Size, account, journey};

pub async fn a_district_registers_its_placement_point_and_meets_the_rule(size: Size) {
    journey(
        "placement",
        size,
        Scripts::Enabled,
        |b: Browser| async move {
            executing_case(&b).await;
            let district = account(Role::DistrictOffice);
            log_in_as(&b, district.username).await;
            b.follow("nav", "就业安置基地").await;
            assert_eq!(b.path().await, "/placement-bases");
            b.page(
                "placement-empty",
                &[
                    "就业安置基地(点)",
                    "东胜区",
                    "缺少就业安置点",
                    "尚未登记安置基地(点)",
                    "导出Excel",
                ],
                Console::Clean,
            )
            .await;

            b.goto("/placement-bases/new").await;
            let code = b.site.fixture.dongsheng.code.clone();
            b.choose("#unit", &code).await;
            b.fill("#name", "东胜区就业安置点").await;
            b.choose("#facility", "point").await;
            b.fill("#capacity", "30").await;
            b.fill("#contact", "王经理").await;
            b.set_date("#opened_on", "2020-03-01").await;
            b.click_and_wait("form.form button[type=submit]").await;
            assert!(b.path().await.starts_with("/placement-bases/"));
            b.page(
                "placement-entry",
                &["东胜区就业安置点", "目前在此安置 0 人"],
                Console::Clean,
            )
            .await;

            b.goto("/placement-bases").await;
            let mut expected = vec!["符合要求", "东胜区就业安置点", "王经理"];
            if size == Size::Desktop {
                // column heads (on a phone each row is a card labelled by the stylesheet)
                expected.extend(["实有吸毒人员", "容纳人数"]);
            }
            b.page("placement-list", &expected, Console::Clean).await;
        },
    )
    .await;
}
