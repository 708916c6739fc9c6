//! FAC-1 and INSPECT-1 through the pages: the district office opens 检查通报 from the
//! menu, plans a round over 某社区, records the office as failed, sets a rectification;
//! the township finds it among its tasks and reads its offices report.

use jiekang_domain::permission::Role;

use crate::case_work::{day, log_in_as};
use crate::harness::{Browser, Console, Scripts, Size, account, journey};

pub async fn a_district_inspects_and_the_township_sees_the_rectification(size: Size) {
    journey(
        "inspections",
        size,
        Scripts::Enabled,
        |b: Browser| async move {
            b.site.clock.set(day("2026-03-20"));
            let community = b.site.fixture.community_a.id;
            let district = account(Role::DistrictOffice);
            log_in_as(&b, district.username).await;
            b.follow("nav", "检查通报").await;
            assert_eq!(b.path().await, "/inspections");
            b.page(
                "inspections-empty",
                &["检查通报", "尚无检查"],
                Console::Clean,
            )
            .await;

            // plan a round over 某社区
            b.goto("/inspections/new").await;
            b.fill("#name", "一季度专项检查").await;
            b.set_date("#starts_on", "2026-03-01").await;
            b.set_date("#ends_on", "2026-03-31").await;
            b.find(&format!("input[name=units][value=\"{community}\"]"))
                .await
                .click()
                .await
                .expect("choose the community");
            b.click_and_wait("form.form button[type=submit]").await;
            assert!(b.path().await.starts_with("/inspections/"));
            b.page(
                "inspection",
                &["一季度专项检查", "某社区", "未检查", "导出Excel"],
                Console::Clean,
            )
            .await;

            // the findings: the office fails
            b.follow("main table", "某社区").await;
            b.set_date("#inspected_on", "2026-03-18").await;
            for (item, result) in [("bodies", "pass"), ("office", "fail"), ("tests", "pass")] {
                b.find(&format!("input[name=result_{item}][value={result}]"))
                    .await
                    .click()
                    .await
                    .expect("a result");
            }
            b.fill("#note_office", "工作站仅12平方米").await;
            b.click_and_wait("form.form button.primary").await;
            b.page(
                "inspection-findings",
                &["某社区", "不合格", "FAC-1", "下达整改任务"],
                Console::Clean,
            )
            .await;

            // a rectification with its deadline
            b.fill("#question", "调整工作站用房,面积不少于20平方米")
                .await;
            b.set_date("#due_on", "2026-04-20").await;
            b.click_and_wait("form[action$=rectifications] button")
                .await;
            assert!(b.path().await.starts_with("/inspections/rectifications/"));
            b.page(
                "rectification",
                &["检查整改", "某社区", "2026-04-20", "尚未答复"],
                Console::Clean,
            )
            .await;
            b.log_out().await;

            // the township answers it among its tasks and reads its offices
            let township = account(Role::TownshipOffice);
            log_in_as(&b, township.username).await;
            b.goto("/tasks").await;
            b.page("tasks-rectification", &["检查整改"], Console::Clean)
                .await;
            b.goto("/offices").await;
            b.page(
                "offices",
                &["办公场所情况", "未设办公场所", "登记办公场所"],
                Console::Clean,
            )
            .await;
        },
    )
    .await;
}
