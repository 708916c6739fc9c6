//! WEL-*, JOB-1, N7 — the partner departments through the pages: 民政 finds the person
//! whose year of rehabilitation completes on its home page, records a 低保 application
//! (WEL-1 shown with its reasons), the township sees it pending, 民政 decides it; 人社
//! records an employment and the person leaves its queue; a service given by the
//! community worker; the partner's view holds no test results, talks or planned dates.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::{day, executing};
use crate::harness::{App, PASSWORD, location};

pub async fn partners_work_their_queues_and_see_only_what_their_duty_needs(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "mz", Role::CivilAffairs).await;
    app.user(f.dongsheng.id, "rs", Role::HumanResources).await;
    app.user(f.community_a.id, "staff", Role::CommunityStaff)
        .await;
    app.user(f.jiaotong.id, "township", Role::TownshipOffice)
        .await;
    let case = executing(&app, &f).await;
    let id = case.id.get();
    // report-in 2024-10-08: the WEL-1 year completes on 2025-10-08
    app.clock.set(day("2025-09-20"));
    let mz = app.login("mz", PASSWORD).await.ok().expect("login");
    let home = app.get("/", Some(&mz)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("康复满一年、尚未申请低保"),
        "{}",
        home.body
    );
    let q = app.get("/support?q=dibao_year_soon", Some(&mz)).await;
    assert_eq!(q.status, StatusCode::OK);
    assert!(q.body.contains("张某"), "{}", q.body);
    assert!(q.body.contains("150602********1238"), "masked");
    assert!(!q.body.contains("199001011238"), "never the full number");
    assert!(q.body.contains("2025-10-08"), "the day the year completes");
    // the case page of a partner: the minimal view, the forms of its duty only
    let page = app.get(&format!("/cases/{id}/support"), Some(&mz)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("150602********1238"));
    assert!(page.body.contains("id=\"welfare\""));
    assert!(!page.body.contains("id=\"employment\""));
    // no tests, talks or planned dates: none of the case page's sections or records
    for secret in [
        "/test-record",
        "/talk-record",
        "id=\"tests\"",
        "name=\"version\"",
    ] {
        assert!(!page.body.contains(secret), "a partner sees no {secret}");
    }
    // the partner cannot open the case file itself
    let file = app.get(&format!("/cases/{id}"), Some(&mz)).await;
    assert_eq!(file.status, StatusCode::FORBIDDEN);
    // a bad amount and a future date are refused with the form again
    let bad = app
        .post_form(
            &format!("/cases/{id}/support"),
            &mz,
            &[
                ("kind", "dibao"),
                ("started_on", "2025-09-20"),
                ("amount", "六百"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("金额请填写数字"), "{}", bad.body);
    let future = app
        .post_form(
            &format!("/cases/{id}/support"),
            &mz,
            &[("kind", "dibao"), ("started_on", "2025-09-21")],
            true,
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.body.contains("日期不能晚于今天"), "{}", future.body);
    let r = app
        .post_form(
            &format!("/cases/{id}/support"),
            &mz,
            &[
                ("kind", "dibao"),
                ("started_on", "2025-09-20"),
                ("amount", "600"),
                ("income", "300"),
                ("line", "850"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(
            location(&r)
                .expect("back to the page")
                .split('#')
                .next()
                .expect("a path"),
            Some(&mz),
        )
        .await;
    assert!(page.body.contains("低保申请"));
    assert!(page.body.contains("600.00"));
    // WEL-1 as of today: the year is not complete yet
    assert!(
        page.body.contains("康复未满一年(满一年之日:2025-10-08)"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("name=\"decided_on\""),
        "the decision form"
    );
    // the township sees it pending for its person, and cannot decide it
    let township = app.login("township", PASSWORD).await.ok().expect("login");
    let q = app.get("/support?q=welfare_pending", Some(&township)).await;
    assert_eq!(q.status, StatusCode::OK);
    assert!(
        q.body.contains("张某") && q.body.contains("低保申请"),
        "{}",
        q.body
    );
    let tp = app
        .get(&format!("/cases/{id}/support"), Some(&township))
        .await;
    assert!(!tp.body.contains("name=\"decided_on\""));
    let record = tp
        .body
        .split("<tr id=\"r")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the record's anchor")
        .to_owned();
    let refused = app
        .post_form(
            &format!("/support/{record}/decide"),
            &township,
            &[
                ("case_id", &id.to_string()),
                ("status", "granted"),
                ("decided_on", "2025-09-20"),
            ],
            true,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    // 民政 decides after the year is complete
    app.clock.set(day("2025-10-10"));
    let r = app
        .post_form(
            &format!("/support/{record}/decide"),
            &mz,
            &[
                ("case_id", &id.to_string()),
                ("status", "granted"),
                ("decided_on", "2025-10-10"),
                ("amount", "550.5"),
                ("outcome", "审核通过"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/cases/{id}/support"), Some(&mz)).await;
    assert!(page.body.contains("已批准") && page.body.contains("550.50"));
    assert!(page.body.contains("符合条件"), "WEL-1 as of the decision");
    let q = app.get("/support?q=welfare_pending", Some(&mz)).await;
    assert!(q.body.contains("当前没有需要办理的事项"));
    // 人社: the person is without job or training until an employment is recorded
    let rs = app.login("rs", PASSWORD).await.ok().expect("login");
    let q = app.get("/support?q=without_job", Some(&rs)).await;
    assert!(q.body.contains("张某"), "{}", q.body);
    let r = app
        .post_form(
            &format!("/cases/{id}/support"),
            &rs,
            &[
                ("kind", "employment"),
                ("subkind", "public_welfare_post"),
                ("title", "东胜区环卫所"),
                ("started_on", "2025-10-01"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = app.get("/support?q=without_job", Some(&rs)).await;
    assert!(!q.body.contains("张某"));
    assert!(q.body.contains("100.0%"), "the employment rate: {}", q.body);
    // 人社 may not record welfare
    let r = app
        .post_form(
            &format!("/cases/{id}/support"),
            &rs,
            &[("kind", "dibao"), ("started_on", "2025-10-01")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("本部门不办理此类事项"));
    // N7: the community worker records a service from the case page
    let staff = app.login("staff", PASSWORD).await.ok().expect("login");
    let file = app.get(&format!("/cases/{id}"), Some(&staff)).await;
    assert!(
        file.body.contains(&format!("/cases/{id}/support")),
        "a link from the case"
    );
    let r = app
        .post_form(
            &format!("/cases/{id}/support"),
            &staff,
            &[
                ("kind", "service"),
                ("subkind", "counselling"),
                ("title", "心理咨询师王某"),
                ("started_on", "2025-10-09"),
                ("outcome", "情绪稳定"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/cases/{id}/support"), Some(&staff)).await;
    assert!(page.body.contains("心理咨询") && page.body.contains("情绪稳定"));
    // the queue exports to Excel, audited
    let x = app
        .get("/support/export.xlsx?q=welfare_pending", Some(&mz))
        .await;
    assert_eq!(x.status, StatusCode::OK);
    assert_eq!(
        app.store
            .audit_count("support.export")
            .await
            .expect("count"),
        1
    );
    assert!(app.store.audit_count("support.read").await.expect("count") >= 5);
    assert_eq!(
        app.store
            .audit_count("support.recorded")
            .await
            .expect("count"),
        3
    );
    assert_eq!(
        app.store
            .audit_count("support.decided")
            .await
            .expect("count"),
        1
    );
}
