//! Contract: what is refused (illegal steps, bad dates, stale versions, commands side by
//! side), and the remaining steps of the state machine.

use super::*;

pub async fn illegal_steps_bad_dates_and_stale_versions_are_refused(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, &w).await;
    let err = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::SignAgreement, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect_err("agreement before report-in");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("不能执行")),
        "{err:?}"
    );
    // a township cannot take a police step
    let err = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect_err("role");
    assert!(matches!(err, StoreError::Refused(_)));
    // notification before the decision
    let err = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-09-20"),
        "2024-10-08",
    )
    .await
    .expect_err("date order");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("早于决定日期")),
        "{err:?}"
    );
    let notified = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("notify");
    // the second user still holds the old version: refused, nothing overwritten
    let err = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect_err("stale");
    assert!(matches!(err, StoreError::Stale));
    // report-in before service of the decision
    let err = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &notified,
        step(Step::ReportIn, "2024-09-27"),
        "2024-10-08",
    )
    .await
    .expect_err("report-in before service");
    assert!(matches!(err, StoreError::Refused(_)));
    // N3: the deadline has not passed yet
    let err = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &notified,
        step(Step::MarkRefused, "2024-10-14"),
        "2024-10-14",
    )
    .await
    .expect_err("not yet overdue");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("尚未届满")),
        "{err:?}"
    );
    let refused = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &notified,
        step(Step::MarkRefused, "2024-10-15"),
        "2024-10-15",
    )
    .await
    .expect("overdue");
    assert_eq!(refused.state, "refused");
    // a second open order for the same person is refused
    let err = store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &decision(case.person_id.get(), w.f.community_a.id),
            cal(),
            day("2024-10-15"),
        )
        .await
        .expect_err("second open case");
    assert!(matches!(err, StoreError::Conflict { .. }));
    // a test before report-in is refused
    let err = run(
        store,
        &jt,
        &w.police,
        &refused,
        test_at("2024-10-15 10:00", TestOutcome::Negative),
        "2024-10-15",
    )
    .await
    .expect_err("no tests before report-in");
    assert!(matches!(err, StoreError::Refused(_)));
}

/// At scale: commands sent side by side (an engine may commit them together) each
/// stand or fall alone. Six tests posted on the version the staff saw: one is kept,
/// five are refused as stale and leave nothing behind; the audit records sent among
/// them are all kept.
pub async fn commands_side_by_side_each_stand_or_fall_alone(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    let before = store.audit_count("case.test").await.expect("count");
    let tests = (0..6).map(|i| {
        let command = test_at(
            &format!("2024-10-20 09:{:02}", 10 + i),
            TestOutcome::Negative,
        );
        let (jt, case, police) = (&jt, &case, &w.police);
        async move { run(store, jt, police, case, command, "2024-10-20").await }
    });
    let notes = (0..6).map(|i| {
        let e = crate::model::AuditEntry::of_object(
            chrono::Utc::now(),
            Some(w.staff.id),
            "person.export",
            "person",
            None,
            format!("{i}"),
        );
        async move { store.audit(&e).await }
    });
    let (tests, notes) = futures_util::future::join(
        futures_util::future::join_all(tests),
        futures_util::future::join_all(notes),
    )
    .await;
    let kept: Vec<&Case> = tests.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(kept.len(), 1, "{tests:?}");
    assert_eq!(kept[0].version, case.version + 1);
    for refused in tests.iter().filter_map(|r| r.as_ref().err()) {
        assert!(matches!(refused, StoreError::Stale), "{refused:?}");
    }
    for note in notes {
        note.expect("audit");
    }
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert_eq!(file.case.version, case.version + 1);
    assert_eq!(file.tests.len(), 1, "the refused tests left nothing");
    assert_eq!(file.windows[0].done_on, Some(day("2024-10-20")));
    assert_eq!(
        store.audit_count("case.test").await.expect("count"),
        before + 1
    );
    assert_eq!(store.audit_count("person.export").await.expect("count"), 6);
    let v = store.audit_verify(&|_, _| {}).await.expect("verify");
    assert!(v.is_intact(), "{v:?}");
}

/// The remaining steps of the state machine on the store: absconding and return,
/// a refused transfer, police declining 强戒, and 终止; each illegal where it must be.
pub async fn absconding_refused_transfers_declined_referrals_and_termination(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let case = executing(store, &w).await;
    // TRACE-1: absconded, searched, returned.
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        step(Step::Abscond, "2025-01-10"),
        "2025-01-10",
    )
    .await
    .expect("abscond");
    assert_eq!(case.state, "absconded");
    let search = CaseCommand::Search {
        on: day("2025-01-11"),
        place: "家中".into(),
        outcome: "未找到".into(),
        searched_by: "王芳".into(),
    };
    let case = run(store, &jt, &w.staff, &case, search, "2025-01-11")
        .await
        .expect("search");
    let alert = CaseCommand::AlertRequested {
        on: day("2025-01-12"),
        note: String::new(),
    };
    let case = run(store, &jt, &w.f.jiaotong_user, &case, alert, "2025-01-12")
        .await
        .expect("alert");
    let absconded = store
        .queue(&jt, QueueKind::Absconded, day("2025-01-12"), None, 50)
        .await
        .expect("queue");
    assert_eq!(absconded.items.len(), 1);
    // an absconded person cannot be transferred or suspended
    for illegal in [Step::RequestTransfer, Step::Suspend] {
        let err = run(
            store,
            &jt,
            &w.f.jiaotong_user,
            &case,
            step(illegal, "2025-01-12"),
            "2025-01-12",
        )
        .await
        .expect_err("illegal while absconded");
        assert!(matches!(err, StoreError::Refused(_)), "{illegal:?}");
    }
    let case = run(
        store,
        &jt,
        &w.staff,
        &case,
        step(Step::Return, "2025-02-10"),
        "2025-02-10",
    )
    .await
    .expect("return");
    assert_eq!(case.state, "executing");
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert!(
        file.events
            .iter()
            .any(|e| e.kind == "search" && e.summary.contains("家中"))
    );
    assert!(file.events.iter().any(|e| e.kind == "alert_requested"));

    // A transfer the receiver refuses leaves the case where it was.
    let request = CaseCommand::Step(StepInput {
        step: Step::RequestTransfer,
        on: day("2025-03-01"),
        note: String::new(),
        transfer_to_unit_id: Some(w.f.gongyuan.id),
        served_on: None,
    });
    let case = run(store, &jt, &w.f.jiaotong_user, &case, request, "2025-03-01")
        .await
        .expect("request");
    let case = run(
        store,
        &gy,
        &w.f.gongyuan_user,
        &case,
        step(Step::RefuseTransfer, "2025-03-02"),
        "2025-03-02",
    )
    .await
    .expect("refuse");
    assert_eq!(case.state, "executing");
    assert_eq!(case.unit_id, w.f.community_a.id);
    assert!(case.transfer_to_unit_id.is_none());
    assert!(matches!(
        store
            .case_file(&gy, w.f.gongyuan_user.id, case.id.get())
            .await,
        Err(StoreError::NotFound)
    ));
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert!(
        file.handovers
            .iter()
            .any(|h| h.kind == "transfer" && h.note == "拒绝接收")
    );

    // Referred, police decline: execution continues.
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReferToPolice, "2025-04-01"),
        "2025-04-01",
    )
    .await
    .expect("refer");
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::PoliceDeclined, "2025-04-05"),
        "2025-04-05",
    )
    .await
    .expect("declined");
    assert_eq!(case.state, "executing");
    // N13: imprisonment ends the case; nothing follows 终止.
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Terminate, "2025-05-01"),
        "2025-05-01",
    )
    .await
    .expect("terminate");
    assert_eq!(case.state, "terminated");
    assert_eq!(case.closed_on, Some(day("2025-05-01")));
    for s in [Step::Resume, Step::Expire, Step::Terminate, Step::Return] {
        let err = run(
            store,
            &jt,
            &w.police,
            &case,
            step(s, "2025-05-02"),
            "2025-05-02",
        )
        .await
        .expect_err("closed");
        assert!(matches!(err, StoreError::Refused(_)), "{s:?}");
    }
}
