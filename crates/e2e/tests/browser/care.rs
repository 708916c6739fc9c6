//! CASE-7, D6, N6 in the browser: the township names the worker and the police officer,
//! the worker finds the person under 我的人员 and assesses the risk class, and the
//! administrator reads the scheme's versions.

use jiekang_domain::permission::Role;
use jiekang_domain::risk::default_scheme;
use jiekang_store::Scope;

use crate::case_work::{executing_case, log_in_as};
use crate::harness::{Console, Scripts, Size, account, journey};

pub async fn a_worker_is_named_finds_the_person_and_assesses_the_class(size: Size) {
    journey("care", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        let staff = account(Role::CommunityStaff);
        let police = account(Role::CommunityPolice);
        let id_of = async |username: &str| {
            b.site
                .store
                .user_by_username(&Scope::system(), username)
                .await
                .expect("user")
                .id
                .to_string()
        };
        let (staff_id, police_id) = (id_of(staff.username).await, id_of(police.username).await);

        // the township office names them
        log_in_as(&b, account(Role::TownshipOffice).username).await;
        b.goto(&format!("/cases/{case}")).await;
        b.page(
            "care-case-township",
            &["风险分类与责任人", "未指定"],
            Console::Clean,
        )
        .await;
        // a guard against a page that grows unnoticed: 3,727 px measured with the
        // documents row (now with the archive cover) and the rehabilitation-centre link
        if b.size == Size::Phone {
            let height = b.page_height().await;
            assert!(
                height < 3800,
                "the case page is {height} px long on a phone"
            );
        }
        b.open_details("指定责任社工、责任民警").await;
        b.choose("#worker_id", &staff_id).await;
        b.choose("#police_id", &police_id).await;
        b.click_and_wait("#assign button[type=submit]").await;
        b.page(
            "care-assigned",
            &[staff.display_name, police.display_name],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // the worker finds the person at home and assesses
        log_in_as(&b, staff.username).await;
        b.page(
            "care-home-staff",
            &["我的人员", "张某", "未评估"],
            Console::Clean,
        )
        .await;
        b.goto("/my-persons").await;
        b.page("care-my-persons", &["我的人员", "张某"], Console::Clean)
            .await;
        b.goto(&format!("/cases/{case}")).await;
        b.open_details("风险评估").await;
        let scores = [20, 15, 10, 10, 5, 2, 1, 1];
        for (item, s) in default_scheme().items.iter().zip(scores) {
            b.fill(&format!("#score-{}", item.code), &s.to_string())
                .await;
        }
        b.click_and_wait("#assess button[type=submit]").await;
        b.page(
            "care-assessed",
            &["红色 · 高风险", "至少每 7 天一次"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // the administrator reads the scheme
        log_in_as(&b, account(Role::Admin).username).await;
        b.goto("/risk-schemes").await;
        b.page(
            "care-schemes",
            &["风险评估方案", "第 1 版", "红色"],
            Console::Clean,
        )
        .await;
    })
    .await;
}
