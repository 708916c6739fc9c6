//! MMT-1, N17 — the methadone clinic through the router: the district keeps the
//! register and names the clinic's staff; the nurse enrols a person by ID number with
//! consent and sees only the minimum, records the day's dose in one field and a clinic
//! test; a positive test is the township's task the same day; the township sees the
//! enrolment on the case page; the district sees 就诊率/戒治率 and exports them.

use axum::http::StatusCode;
use jiekang_domain::permission::Role;

use crate::fixtures::{ZHANG_ID, day, executing};
use crate::harness::{App, PASSWORD, location};

pub async fn a_clinic_enrols_doses_and_reports_a_positive_test_to_the_township(app: App) {
    let f = app.fixture().await;
    app.user(f.dongsheng.id, "ds.office", Role::DistrictOffice)
        .await;
    app.user(f.dongsheng.id, "nurse", Role::ClinicStaff).await;
    app.user(f.jiaotong.id, "jt.office", Role::TownshipOffice)
        .await;
    let case = executing(&app, &f).await;
    app.clock.set(day("2024-10-20"));

    // the district adds the clinic and names its nurse
    let ds = app.login("ds.office", PASSWORD).await.ok().expect("login");
    let r = app
        .post_form(
            "/clinics",
            &ds,
            &[("name", "东胜区美沙酮门诊"), ("address", "某路 1 号")],
            true,
        )
        .await;
    assert_eq!(location(&r), Some("/clinics/register"), "{}", r.body);
    let page = app.get("/clinics/register", Some(&ds)).await;
    assert!(page.body.contains("东胜区美沙酮门诊"));
    let clinic_id = app
        .store
        .clinics(&jiekang_store::Scope::system())
        .await
        .expect("clinics")[0]
        .id
        .to_string();
    let r = app
        .post_form(
            "/clinics/staff",
            &ds,
            &[("username", "nurse"), ("clinic", &clinic_id)],
            true,
        )
        .await;
    assert_eq!(location(&r), Some("/clinics/register"), "{}", r.body);

    // the nurse's home page is the clinic's desk
    let nurse = app.login("nurse", PASSWORD).await.ok().expect("login");
    let home = app.get("/", Some(&nurse)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("东胜区美沙酮门诊"), "{}", home.body);
    assert!(home.body.contains("action=\"/clinic/enrol\""));
    // without consent: refused, nothing written
    let r = app
        .post_form(
            "/clinic/enrol",
            &nurse,
            &[("id_number", ZHANG_ID), ("enrolled_on", "2024-10-18")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("书面同意"), "{}", r.body);
    let r = app
        .post_form(
            "/clinic/enrol",
            &nurse,
            &[
                ("id_number", ZHANG_ID),
                ("enrolled_on", "2024-10-18"),
                ("consent", "yes"),
            ],
            true,
        )
        .await;
    assert_eq!(location(&r), Some("/clinic?done=enrolled"), "{}", r.body);
    let desk = app.get("/clinic", Some(&nurse)).await;
    assert!(desk.body.contains("张某"));
    assert!(desk.body.contains("150602********1238"));
    assert!(!desk.body.contains(ZHANG_ID), "never the full number");
    // the 18th and 19th missed: expected today with 2 days missed
    assert!(desk.body.contains("已连续 2 日未服药"), "{}", desk.body);
    let enrolment = app
        .store
        .clinic_roster(
            app.store
                .user_by_username(&jiekang_store::Scope::system(), "nurse")
                .await
                .expect("nurse")
                .id,
            day("2024-10-20"),
            jiekang_store::model::PageRequest::first(5),
        )
        .await
        .expect("roster")
        .items[0]
        .enrolment_id
        .to_string();
    let r = app
        .post_form(
            "/clinic/dose",
            &nurse,
            &[("enrolment", &enrolment), ("dose_mg", "60")],
            true,
        )
        .await;
    assert_eq!(location(&r), Some("/clinic?done=dose"), "{}", r.body);
    // a second dose the same day is refused in words
    let r = app
        .post_form(
            "/clinic/dose",
            &nurse,
            &[("enrolment", &enrolment), ("dose_mg", "60")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("该日已登记服药"), "{}", r.body);
    // the clinic reads no archive
    assert_eq!(
        app.get("/persons", Some(&nurse)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/cases/{}", case.id.get()), Some(&nurse))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let record = app
        .get(
            &format!("/clinic/person?enrolment={enrolment}"),
            Some(&nurse),
        )
        .await;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.body.contains("60"));
    let r = app
        .post_form(
            "/clinic/test",
            &nurse,
            &[("enrolment", &enrolment), ("result", "positive")],
            true,
        )
        .await;
    assert!(location(&r).is_some(), "{}", r.body);

    // the township: a task the same day, and the enrolment on the case page
    let jt = app.login("jt.office", PASSWORD).await.ok().expect("login");
    let tasks = app.get("/tasks", Some(&jt)).await;
    assert!(tasks.body.contains("美沙酮门诊尿检阳性"), "{}", tasks.body);
    let page = app
        .get(&format!("/cases/{}", case.id.get()), Some(&jt))
        .await;
    assert!(
        page.body.contains("东胜区美沙酮门诊"),
        "the clinic on the case"
    );
    assert!(page.body.contains("最近服药 2024-10-20"));

    // the district's figures, and their Excel
    let rates = app.get("/clinics", Some(&ds)).await;
    assert_eq!(rates.status, StatusCode::OK);
    assert!(rates.body.contains("东胜区美沙酮门诊"));
    let (status, bytes) = app.get_bytes("/clinics/export.xlsx", &ds).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"), "an xlsx file");
}
