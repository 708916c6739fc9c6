//! Contract: journeys J2–J4 — suspension, refusals to isolation, transfer.

use super::*;

pub async fn j4_suspension_moves_the_term_and_later_windows(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    let before = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Suspend, "2025-03-01"),
        "2025-03-01",
    )
    .await
    .expect("suspend");
    assert_eq!(case.state, "suspended");
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Resume, "2025-03-16"),
        "2025-03-16",
    )
    .await
    .expect("resume");
    assert_eq!(case.state, "executing");
    assert_eq!(case.term_end, Some(day("2027-10-22")));
    let after = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert_eq!(after.windows.len(), 22);
    let last_before = before.windows.last().expect("windows").ends_on;
    assert_eq!(
        after.windows.last().expect("windows").ends_on,
        day("2027-10-22")
    );
    assert_eq!(last_before, day("2027-10-07"));
}

pub async fn j2_refusals_become_a_serious_breach_and_isolation_closes_the_case(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let mut case = executing(store, &w).await;
    for (when, outcome) in [
        ("2024-12-10 10:00", TestOutcome::Refused),
        ("2025-02-10 10:00", TestOutcome::Evaded),
    ] {
        case = run(
            store,
            &jt,
            &w.police,
            &case,
            test_at(when, outcome),
            "2025-04-10",
        )
        .await
        .expect("test");
    }
    assert_eq!(case.breach_level, "warning");
    assert!(
        store
            .queue(&jt, QueueKind::Breaches, day("2025-04-10"), None, 50)
            .await
            .expect("queue")
            .items
            .is_empty()
    );
    let police = store
        .queue(&jt, QueueKind::PoliceTasks, day("2025-04-10"), None, 50)
        .await
        .expect("queue");
    assert_eq!(police.items.len(), 2, "each refusal waits for police");
    case = run(
        store,
        &jt,
        &w.police,
        &case,
        test_at("2025-04-10 10:00", TestOutcome::Refused),
        "2025-04-10",
    )
    .await
    .expect("third");
    assert_eq!(case.breach_level, "serious");
    assert_eq!(case.refused_or_evaded, 3);
    let breaches = store
        .queue(&jt, QueueKind::Breaches, day("2025-04-10"), None, 50)
        .await
        .expect("queue");
    assert_eq!(breaches.items.len(), 1);
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReferToPolice, "2025-04-11"),
        "2025-04-11",
    )
    .await
    .expect("refer");
    assert_eq!(case.state, "referred");
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::DecideIsolation, "2025-04-20"),
        "2025-04-20",
    )
    .await
    .expect("isolation");
    assert_eq!(case.state, "compulsory_isolation");
    assert_eq!(case.closed_on, Some(day("2025-04-20")));
    let err = run(
        store,
        &jt,
        &w.police,
        &case,
        test_at("2025-04-21 10:00", TestOutcome::Negative),
        "2025-04-21",
    )
    .await
    .expect_err("closed");
    assert!(matches!(err, StoreError::Refused(_)));
    // a closed case makes room for a new order (e.g. 社区康复 after release)
    let mut rehab = decision(case.person_id.get(), w.f.community_a.id);
    rehab.measure = Measure::CommunityRehab;
    rehab.decided_years = Some(2);
    rehab.decided_on = day("2025-05-01");
    rehab.served_on = Some(day("2025-05-01"));
    rehab.family_served_on = None;
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &rehab,
            cal(),
            day("2025-05-02"),
        )
        .await
        .expect("new order");
    let cases = store
        .person_cases(&jt, case.person_id.get())
        .await
        .expect("cases");
    assert_eq!(cases.len(), 2);
}

pub async fn j3_transfer_moves_the_case_to_the_receiving_township(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let case = executing(store, &w).await;
    // the other township sees nothing yet
    assert!(matches!(
        store
            .case_file(&gy, w.f.gongyuan_user.id, case.id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        CaseCommand::Step(StepInput {
            step: Step::RequestTransfer,
            on: day("2025-09-26"),
            note: "务工".into(),
            transfer_to_unit_id: Some(w.f.gongyuan.id),
            served_on: None,
        }),
        "2025-09-26",
    )
    .await
    .expect("request");
    assert_eq!(case.state, "transfer_pending");
    let waiting = store
        .queue(&gy, QueueKind::Transfers, day("2025-09-26"), None, 50)
        .await
        .expect("queue");
    assert_eq!(waiting.items.len(), 1);
    let file = store
        .case_file(&gy, w.f.gongyuan_user.id, case.id.get())
        .await
        .expect("receiver reads");
    assert!(file.as_receiver);
    // the sender cannot accept its own request
    let err = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::AcceptTransfer, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect_err("sender");
    assert!(matches!(err, StoreError::NotFound));
    // the receiver can take no other step
    let err = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::Abscond, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect_err("receiver");
    assert!(matches!(err, StoreError::NotFound));
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::AcceptTransfer, "2025-09-26"),
        "2025-09-26",
    )
    .await
    .expect("accept");
    assert_eq!(case.state, "notified");
    assert_eq!(case.unit_id, w.f.gongyuan.id);
    // N11: 15 days, 2025-10-11 is a make-up working Saturday
    assert_eq!(case.report_deadline, Some(day("2025-10-11")));
    assert_eq!(case.term_end, Some(day("2027-10-07")), "the term runs on");
    assert!(case.agreement_on.is_none(), "a new agreement is needed");
    // the old township can no longer open the archive; the new one can
    assert!(matches!(
        store
            .person(&jt, w.f.jiaotong_user.id, case.person_id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .person(&gy, w.f.gongyuan_user.id, case.person_id.get())
        .await
        .expect("new township");
    let file = store
        .case_file(&gy, w.f.gongyuan_user.id, case.id.get())
        .await
        .expect("file");
    assert!(!file.as_receiver);
    // the planned tests moved with it
    let planned = file
        .windows
        .iter()
        .find(|w| w.starts_on > day("2025-09-26"))
        .expect("window")
        .planned_on;
    let due = store
        .queue(&gy, QueueKind::TestsToday, planned, None, 50)
        .await
        .expect("queue");
    assert_eq!(due.items.len(), 0, "not tested while awaiting report-in");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::ReportIn, "2025-10-09"),
        "2025-10-09",
    )
    .await
    .expect("report");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::SignAgreement, "2025-10-09"),
        "2025-10-09",
    )
    .await
    .expect("agreement");
    assert_eq!(case.term_end, Some(day("2027-10-07")));
    let due = store
        .queue(&gy, QueueKind::TestsToday, planned, None, 50)
        .await
        .expect("queue");
    assert_eq!(due.items.len(), 1);
    assert!(
        store
            .queue(&jt, QueueKind::TestsToday, planned, None, 50)
            .await
            .expect("queue")
            .items
            .is_empty()
    );
}
