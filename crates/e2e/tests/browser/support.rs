//! WEL-*, JOB-1, N7 in the browser: the community worker records a service on the case's
//! support page; 民政 finds its queue on the home page, records a 低保 application (WEL-1's
//! answer shown) and grants it; 人社 reads its queue and the employment rate.

use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::model::NewUser;
use jiekang_web::auth::password::hash_password_blocking;

use crate::case_work::{executing_case, log_in_as};
use crate::harness::{Console, PASSWORD, Scripts, Size, account, journey};

/// A partner-department account at 东胜区 (the harness creates none).
async fn partner(b: &crate::harness::Browser, username: &str, role: Role) {
    let site = &b.site;
    site.store
        .create_user(
            &Scope::system(),
            None,
            &NewUser {
                username: username.into(),
                display_name: format!("{username} 测试"),
                unit_id: site.fixture.dongsheng.id,
                role,
                password_hash: hash_password_blocking(PASSWORD).expect("hash"),
                must_change_password: false,
            },
        )
        .await
        .expect("a partner account");
}

pub async fn partners_record_welfare_jobs_and_services_on_the_case(size: Size) {
    journey("support", size, Scripts::Enabled, |b| async move {
        let case = executing_case(&b).await;
        b.site
            .clock
            .set(jiekang_store::contract::fixture::day("2025-11-10"));
        partner(&b, "e2e.minzheng", Role::CivilAffairs).await;
        partner(&b, "e2e.renshe", Role::HumanResources).await;

        // the community worker records a service from the case page
        log_in_as(&b, account(Role::CommunityStaff).username).await;
        b.goto(&format!("/cases/{case}/support")).await;
        b.page(
            "support-case-staff",
            &["救助、就业与帮扶服务", "尚无救助、就业或帮扶服务记录"],
            Console::Clean,
        )
        .await;
        b.choose("#s_subkind", "counselling").await;
        b.fill("#s_title", "心理咨询师王某").await;
        b.fill("#s_outcome", "情绪稳定").await;
        b.click_and_wait("#service button[type=submit]").await;
        b.page(
            "support-service-recorded",
            &["帮扶服务", "心理咨询", "情绪稳定"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // 民政: the home page's queues, then a 低保 application and its decision
        log_in_as(&b, "e2e.minzheng").await;
        b.page(
            "support-home-civil-affairs",
            &["待审批的救助申请", "康复满一年、尚未申请低保"],
            Console::Clean,
        )
        .await;
        b.goto(&format!("/cases/{case}/support")).await;
        b.choose("#w_kind", "dibao").await;
        b.fill("#w_amount", "600").await;
        b.fill("#w_income", "300").await;
        b.fill("#w_line", "850").await;
        b.click_and_wait("#welfare button[type=submit]").await;
        b.page(
            "support-dibao-applied",
            &["低保申请", "待办理", "符合条件", "600.00"],
            Console::Clean,
        )
        .await;
        b.goto("/support?q=welfare_pending").await;
        b.page(
            "support-queue-civil-affairs",
            &["待审批的救助申请", "张某", "低保申请"],
            Console::Clean,
        )
        .await;
        b.goto(&format!("/cases/{case}/support")).await;
        b.choose("#records select[name=status]", "granted").await;
        b.fill("#records input[name=amount]", "550").await;
        b.click_and_wait("#records form button[type=submit]").await;
        b.page(
            "support-dibao-granted",
            &["已批准", "550.00"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        // 人社: the person has neither job nor training; the rate is 0
        log_in_as(&b, "e2e.renshe").await;
        b.goto("/support?q=without_job").await;
        b.page(
            "support-queue-human-resources",
            &["未就业、未参加培训", "张某", "就业率"],
            Console::Clean,
        )
        .await;
    })
    .await;
}
