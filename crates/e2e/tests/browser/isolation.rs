//! CASE-1, CASE-2, N16 in the browser: the compulsory-isolation centre records a release
//! with a 社区康复 order on its desk (its home page); the township finds it among its
//! hand-overs from isolation and acknowledges it; the centre then sees it received.

use crate::case_work::{day, log_in_as};
use crate::harness::{Console, ISOLATION, Scripts, Size, account, journey};
use jiekang_domain::permission::Role;

pub async fn the_centre_hands_a_release_over_and_the_township_receives_it(size: Size) {
    journey("isolation", size, Scripts::Enabled, |b| async move {
        b.site.clock.set(day("2024-09-30"));
        log_in_as(&b, ISOLATION.username).await;
        b.page(
            "isolation-desk-empty",
            &["强制隔离戒毒出所登记", "尚无出所登记。", "登记出所"],
            Console::Clean,
        )
        .await;
        b.fill("#id_number", "150602198503040018").await;
        b.fill("#name", "出所某").await;
        b.set_date("#released_on", "2024-09-27").await;
        b.fill("#centre_name", "鄂尔多斯市强制隔离戒毒所").await;
        b.choose("#unit_id", &b.site.fixture.jiaotong.id.to_string())
            .await;
        b.find("input[name=order][value=yes]")
            .await
            .click()
            .await
            .expect("order");
        b.fill("#order_number", "鄂公(禁)康字〔2024〕9号").await;
        b.set_date("#order_decided_on", "2024-09-26").await;
        b.click_and_wait("#record-release button[type=submit]")
            .await;
        b.page(
            "isolation-release-recorded",
            &[
                "出所登记已保存",
                "出所某",
                "150602********0018",
                "待接收",
                "2024-10-12",
            ],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        log_in_as(&b, account(Role::TownshipOffice).username).await;
        b.goto("/releases").await;
        b.page(
            "releases-incoming",
            &["出所移交(必送必接)", "出所某", "待接收"],
            Console::Clean,
        )
        .await;
        b.follow("#pending", "出所某").await;
        b.find("#receive input[name=confirm]")
            .await
            .click()
            .await
            .expect("confirm");
        b.click_and_wait("#receive button[type=submit]").await;
        b.page(
            "release-received",
            &["已接收", "已接收,未立案", "建立社区康复档案"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        log_in_as(&b, ISOLATION.username).await;
        b.page(
            "isolation-desk-received",
            &["出所某", "已接收,未立案", "待乡镇(街道)接收 0 人"],
            Console::Clean,
        )
        .await;
    })
    .await;
}
