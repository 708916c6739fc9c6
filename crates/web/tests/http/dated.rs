//! Every action can be dated (CASE-2, N8, N10): acknowledging a hand-over, deciding and
//! closing leave, informing police — each form has a date field defaulting to today,
//! entered late it keeps its real day, and a date in the future or before the event it
//! answers is refused with nothing written. And the irreversible steps (N10, N12–N14)
//! go through a confirmation page; 期满解除 is offered only once the term has run out.

use axum::http::StatusCode;
use chrono::NaiveDateTime;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::Step;
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::permission::Role;
use jiekang_domain::records::TestKind;
use jiekang_store::Scope;
use jiekang_store::cases::{Case, CaseCommand, NewDrugTest, StepInput};

use crate::fixtures::{day, detox_order, register_zhang};
use crate::harness::{App, PASSWORD, Resp, Session, hidden, location};

/// Take `step` on `on` through the store as `actor` (role `role`), entered on `today`.
async fn store_step(
    app: &App,
    actor: i64,
    role: Role,
    case: &Case,
    step: Step,
    on: &str,
    today: &str,
) -> Case {
    app.store
        .apply_case_command(
            &Scope::system(),
            actor,
            role,
            case.id.get(),
            case.version,
            &CaseCommand::Step(StepInput {
                step,
                on: day(on),
                note: String::new(),
                transfer_to_unit_id: None,
                served_on: None,
            }),
            HolidayCalendar::embedded(),
            day(today),
        )
        .await
        .expect("step")
}

async fn record(app: &App, who: &Session, case: i64, fields: &[(&str, &str)]) -> Resp {
    let page = app.get(&format!("/cases/{case}"), Some(who)).await;
    let version = hidden(&page.body, "version").expect("a form with the version");
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    app.post_form(&format!("/cases/{case}/records"), who, &all, true)
        .await
}

fn redirected(r: &Resp) -> bool {
    r.status == StatusCode::SEE_OTHER
}

pub async fn one_button_actions_carry_their_own_dates(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    let person = register_zhang(&app, &f).await;
    let jt = app.login("jt", PASSWORD).await.ok().expect("login");
    // Entered on 2026-12-07 for a 2025 order.
    let today = "2026-12-07";
    app.clock.set(day(today));
    let mut order = detox_order(person.id, f.community_a.id, "2025-001", 5);
    order.decided_on = day("2025-03-01");
    order.served_on = Some(day("2025-03-02"));
    let case = app
        .store
        .create_case(
            &Scope::system(),
            f.jiaotong_user.id,
            Role::CommunityPolice,
            &order,
            HolidayCalendar::embedded(),
            day(today),
        )
        .await
        .expect("case");
    let police = f.jiaotong_user.id;
    let case = store_step(
        &app,
        police,
        Role::CommunityPolice,
        &case,
        Step::Notify,
        "2025-03-05",
        today,
    )
    .await;
    let id = case.id.get();

    // CASE-2: the queue's 确认接收 has a date, today by default, not before the sending.
    let queue = app.get("/queues?q=handovers", Some(&jt)).await;
    assert!(
        queue.body.contains(&format!(
            "name=\"on\" type=\"date\" value=\"{today}\" min=\"2025-03-05\" max=\"{today}\""
        )),
        "{}",
        queue.body
    );
    let file = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file");
    let handover = file.handovers.first().expect("hand-over").id;
    let receive = |on: &'static str| {
        let jt = &jt;
        let app = &app;
        async move {
            app.post_form(
                &format!("/handovers/{handover}/receive"),
                jt,
                &[("on", on)],
                true,
            )
            .await
        }
    };
    for bad in ["2025-03-04", "2026-12-08"] {
        let r = receive(bad).await;
        assert!(r.status.is_client_error(), "{bad}: {} {}", r.status, r.body);
    }
    assert!(redirected(&receive("2025-03-06").await));
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(page.body.contains("2025-03-06"), "{}", page.body);
    let file = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file");
    assert_eq!(file.handovers[0].received_on, Some(day("2025-03-06")));
    let received = file
        .events
        .iter()
        .find(|e| e.kind == "handover_received")
        .expect("on the timeline");
    assert_eq!(
        received.occurred_on,
        day("2025-03-06"),
        "not the day it was entered"
    );

    // N8: a leave request, its decision and the return, each with its own day.
    let case = store_step(
        &app,
        f.jiaotong_user.id,
        Role::TownshipOffice,
        &case,
        Step::ReportIn,
        "2025-03-10",
        today,
    )
    .await;
    store_step(
        &app,
        f.jiaotong_user.id,
        Role::TownshipOffice,
        &case,
        Step::SignAgreement,
        "2025-03-10",
        today,
    )
    .await;
    let r = record(
        &app,
        &jt,
        id,
        &[
            ("kind", "leave_requested"),
            ("on", "2025-04-01"),
            ("from", "2025-04-05"),
            ("to", "2025-04-12"),
            ("destination", "包头市"),
        ],
    )
    .await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    let page = app.get(&format!("/cases/{id}"), Some(&jt)).await;
    assert!(
        page.body.contains("min=\"2025-04-01\" max=\"2026-12-07\""),
        "the decision's date field: {}",
        page.body
    );
    let leave = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file")
        .leaves[0]
        .id
        .to_string();
    let decide = |on: &'static str| {
        let leave = leave.clone();
        let (app, jt) = (&app, &jt);
        async move {
            record(
                app,
                jt,
                id,
                &[
                    ("kind", "leave_decided"),
                    ("leave_id", &leave),
                    ("approve", "yes"),
                    ("on", on),
                ],
            )
            .await
        }
    };
    let early = decide("2025-03-31").await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("早于请假申请日期"), "{}", early.body);
    assert!(redirected(&decide("2025-04-02").await));
    let back = record(
        &app,
        &jt,
        id,
        &[
            ("kind", "leave_returned"),
            ("leave_id", &leave),
            ("on", "2025-04-12"),
        ],
    )
    .await;
    assert!(redirected(&back), "{} {}", back.status, back.body);
    let file = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file");
    let l = &file.leaves[0];
    assert_eq!(
        (l.requested_on, l.decided_on, l.returned_on),
        (
            Some(day("2025-04-01")),
            Some(day("2025-04-02")),
            Some(day("2025-04-12"))
        )
    );

    // N10: police informed of a refusal on the day they were.
    let case = file.case.clone();
    app.store
        .apply_case_command(
            &Scope::system(),
            police,
            Role::CommunityPolice,
            id,
            case.version,
            &CaseCommand::Test(NewDrugTest {
                tested_at: NaiveDateTime::parse_from_str("2025-05-06 10:00", "%Y-%m-%d %H:%M")
                    .expect("time"),
                kind: TestKind::OnSite,
                sample: None,
                outcome: TestOutcome::Refused,
                substances: String::new(),
                tester_1: "王警官".into(),
                tester_2: "李干事".into(),
                sample_a: String::new(),
                sample_b: String::new(),
                planned: true,
                female_tester_present: false,
                note: String::new(),
            }),
            HolidayCalendar::embedded(),
            day(today),
        )
        .await
        .expect("refusal");
    let test = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file")
        .tests[0]
        .id
        .to_string();
    let r = record(
        &app,
        &jt,
        id,
        &[
            ("kind", "police_notified"),
            ("test_id", &test),
            ("on", "2025-05-07"),
        ],
    )
    .await;
    assert!(redirected(&r), "{} {}", r.status, r.body);
    let file = app
        .store
        .case_file(&Scope::system(), police, id)
        .await
        .expect("file");
    assert_eq!(file.tests[0].police_notified_on, Some(day("2025-05-07")));
}

pub async fn irreversible_steps_are_confirmed_and_expiry_waits_for_the_term(app: App) {
    let f = app.fixture().await;
    app.user(f.jiaotong.id, "jt", Role::TownshipOffice).await;
    app.user(f.jiaotong.id, "jt.police", Role::CommunityPolice)
        .await;
    let person = register_zhang(&app, &f).await;
    let police = app.login("jt.police", PASSWORD).await.ok().expect("login");
    let order = detox_order(person.id, f.community_a.id, "001", 1);
    let case = crate::fixtures::decide(&app, f.jiaotong_user.id, &order).await;
    let actor = f.jiaotong_user.id;
    let case = store_step(
        &app,
        actor,
        Role::CommunityPolice,
        &case,
        Step::Notify,
        "2024-10-08",
        "2024-10-08",
    )
    .await;
    let case = store_step(
        &app,
        actor,
        Role::TownshipOffice,
        &case,
        Step::ReportIn,
        "2024-10-08",
        "2024-10-08",
    )
    .await;
    let case = store_step(
        &app,
        actor,
        Role::TownshipOffice,
        &case,
        Step::SignAgreement,
        "2024-10-08",
        "2024-10-08",
    )
    .await;
    let id = case.id.get();
    assert_eq!(case.term_end, Some(day("2027-10-07")));

    // Early in the term: 终止 is offered through its confirmation page, 期满解除 not at all.
    app.clock.set(day("2025-06-01"));
    let page = app.get(&format!("/cases/{id}"), Some(&police)).await;
    assert!(page.body.contains(&format!(
        "action=\"/cases/{id}/steps/confirm#step-terminate\""
    )));
    assert!(page.body.contains("value=\"terminate\""), "{}", page.body);
    assert!(
        !page.body.contains("value=\"expire\""),
        "期满解除 offered early"
    );
    // On the term's last day still not; from the day after, yes.
    app.clock.set(day("2027-10-07"));
    let page = app.get(&format!("/cases/{id}"), Some(&police)).await;
    assert!(!page.body.contains("value=\"expire\""));
    app.clock.set(day("2027-10-08"));
    let page = app.get(&format!("/cases/{id}"), Some(&police)).await;
    assert!(page.body.contains("value=\"expire\""), "{}", page.body);

    // The confirmation page states the consequence and changes nothing.
    let version = hidden(&page.body, "version").expect("version");
    let confirm = app
        .post_form(
            &format!("/cases/{id}/steps/confirm"),
            &police,
            &[
                ("version", &version),
                ("step", "terminate"),
                ("on", "2027-10-01"),
                ("note", "判处有期徒刑"),
            ],
            true,
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(confirm.body.contains("终止后本案结束"), "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains(&format!("action=\"/cases/{id}/steps#step-terminate\""))
    );
    assert_eq!(hidden(&confirm.body, "step").as_deref(), Some("terminate"));
    assert_eq!(hidden(&confirm.body, "on").as_deref(), Some("2027-10-01"));
    let file = app
        .store
        .case_file(&Scope::system(), actor, id)
        .await
        .expect("file");
    assert_eq!(
        file.case.state, "executing",
        "nothing written by the confirmation page"
    );
    // A bad date goes back to the case page with its message, nothing written.
    let bad = app
        .post_form(
            &format!("/cases/{id}/steps/confirm"),
            &police,
            &[("version", &version), ("step", "terminate"), ("on", "soon")],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page's button takes the step.
    let fields: Vec<(&str, String)> = [
        "version",
        "step",
        "on",
        "note",
        "served_on",
        "transfer_to_unit_id",
    ]
    .into_iter()
    .map(|n| (n, hidden(&confirm.body, n).unwrap_or_default()))
    .collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = app
        .post_form(&format!("/cases/{id}/steps"), &police, &fields, true)
        .await;
    assert_eq!(
        location(&done),
        Some(format!("/cases/{id}#case").as_str()),
        "{}",
        done.body
    );
    let file = app
        .store
        .case_file(&Scope::system(), actor, id)
        .await
        .expect("file");
    assert_eq!(file.case.state, "terminated");
    assert_eq!(file.case.closed_on, Some(day("2027-10-01")));
}
