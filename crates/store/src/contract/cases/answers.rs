//! Contract: records dated by the user and checked against the event they answer
//! (leave requested, decided and returned; police informed), and the consistency of
//! refusals and warnings (N9, N10, N20).

use jiekang_domain::breach::{BreachLevel, WarningManner};

use super::*;

fn leave_request(on: &str, from: &str, to: &str) -> CaseCommand {
    CaseCommand::RequestLeave {
        on: day(on),
        from: day(from),
        to: day(to),
        destination: "包头市".into(),
        reason: "探亲".into(),
    }
}

pub async fn backdated_leave_is_kept_with_its_days_and_checked_against_the_request(
    store: &dyn Store,
) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    let office = &w.f.jiaotong_user;
    // Entered in 2026 for a request made on 2025-03-01: the request keeps its day.
    let today = "2026-12-07";
    let case = run(
        store,
        &jt,
        office,
        &case,
        leave_request("2025-03-01", "2025-03-10", "2025-03-20"),
        today,
    )
    .await
    .expect("request");
    let file = store
        .case_file(&jt, office.id, case.id.get())
        .await
        .expect("file");
    let leave = file.leaves.first().expect("the leave").clone();
    assert_eq!(leave.requested_on, Some(day("2025-03-01")));
    let requested = file
        .events
        .iter()
        .find(|e| e.kind == "leave_requested")
        .expect("timeline");
    assert_eq!(requested.occurred_on, day("2025-03-01"));
    // A decision before the request is refused, and nothing is written.
    let decide = |on: &str| CaseCommand::DecideLeave {
        leave_id: leave.id,
        approve: true,
        on: day(on),
    };
    let err = run(store, &jt, office, &case, decide("2025-02-28"), today)
        .await
        .expect_err("before the request");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("早于请假申请日期")),
        "{err:?}"
    );
    let err = run(store, &jt, office, &case, decide("2026-12-08"), today)
        .await
        .expect_err("in the future");
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    let case = run(store, &jt, office, &case, decide("2025-03-02"), today)
        .await
        .expect("decided on its own day");
    // The return: not before the approval, kept with its own day.
    let back = |on: &str| CaseCommand::LeaveReturned {
        leave_id: leave.id,
        on: day(on),
    };
    let err = run(store, &jt, office, &case, back("2025-03-01"), today)
        .await
        .expect_err("before the approval");
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    let case = run(store, &jt, office, &case, back("2025-03-19"), today)
        .await
        .expect("back");
    let file = store
        .case_file(&jt, office.id, case.id.get())
        .await
        .expect("file");
    let leave = file.leaves.first().expect("the leave");
    assert_eq!(
        (leave.decided_on, leave.returned_on),
        (Some(day("2025-03-02")), Some(day("2025-03-19")))
    );
}

pub async fn a_refusal_has_no_sample_and_asks_for_a_warning_until_one_is_recorded(
    store: &dyn Store,
) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    // N20: a refusal "with" a urine sample is refused, nothing written.
    let mut with_sample = test_at("2024-11-05 10:00", TestOutcome::Refused);
    if let CaseCommand::Test(t) = &mut with_sample {
        t.sample = Some(Sample::Urine);
    }
    let err = run(store, &jt, &w.police, &case, with_sample, "2024-11-05")
        .await
        .expect_err("a refusal has no sample");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("没有样本")),
        "{err:?}"
    );
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        test_at("2024-11-05 10:00", TestOutcome::Refused),
        "2024-11-05",
    )
    .await
    .expect("refusal");
    assert_eq!(case.breach_level, BreachLevel::Warning);
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert_eq!(file.tests.len(), 1);
    assert_eq!(file.tests[0].sample, None);
    // N10: a warning is due until one is recorded: when, who, how.
    assert!(file.warning_due());
    assert!(file.last_warning().is_none());
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        CaseCommand::Warning {
            on: day("2024-11-06"),
            by: "李干事".into(),
            manner: WarningManner::Written,
            note: "告知三次拒检的后果".into(),
        },
        "2024-11-06",
    )
    .await
    .expect("warning");
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert!(!file.warning_due());
    let warned = file.last_warning().expect("recorded");
    assert_eq!(warned.occurred_on, day("2024-11-06"));
    assert_eq!(warned.collected_by, "李干事");
    assert_eq!(warned.summary, "告诫(书面告诫)");
    // A second refusal asks for a new warning.
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        test_at("2024-12-03 10:00", TestOutcome::Evaded),
        "2024-12-03",
    )
    .await
    .expect("evasion");
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert!(file.warning_due());
}
