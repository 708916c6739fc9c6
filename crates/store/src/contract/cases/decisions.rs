//! Contract: decisions and the first steps (J1), and the hand-over queue.

use super::*;

/// N1, DUTY-1 — a decision is recorded by the police alone: every other role, also the
/// township office and community staff who may reach the form, is refused and nothing
/// of the case is written.
pub async fn only_the_police_record_a_decision(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, "张某", J1),
        )
        .await
        .expect("person");
    let before = store.audit_count("case.create").await.expect("count");
    for role in Role::ALL {
        if role == Role::CommunityPolice {
            continue;
        }
        let err = store
            .create_case(
                &jt,
                w.staff.id,
                role,
                &decision(person.id, w.f.community_a.id),
                cal(),
                day("2024-09-28"),
            )
            .await
            .expect_err("only police decide");
        assert!(
            matches!(&err, StoreError::Refused(m) if m.contains("公安")),
            "{role:?}: {err:?}"
        );
    }
    assert!(
        store
            .person_cases(&jt, person.id)
            .await
            .expect("cases")
            .is_empty()
    );
    assert_eq!(
        store.audit_count("case.create").await.expect("count"),
        before
    );
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &decision(person.id, w.f.community_a.id),
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("the police decide");
}

pub async fn j1_decision_to_agreement_with_deadlines_and_schedule(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, &w).await;
    assert_eq!(case.state, "ordered");
    // CASE-2: 7 working days over the National Day holiday and two make-up Saturdays.
    assert_eq!(case.handover_deadline, day("2024-10-12"));
    // N3: 15 days from service fall on a Sunday → Monday.
    assert_eq!(case.report_deadline, Some(day("2024-10-14")));
    let hand = store
        .queue(&jt, QueueKind::NotReported, day("2024-09-30"), None, 50)
        .await
        .expect("queue");
    assert_eq!(hand.items.len(), 1);
    assert_eq!(hand.items[0].due_on, day("2024-10-12"));

    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("notify");
    assert_eq!(case.state, "notified");
    // 必送必接: the hand-over waits on the township's queue until received.
    let pending = store
        .queue(&jt, QueueKind::Handovers, day("2024-10-08"), None, 50)
        .await
        .expect("handovers");
    assert_eq!(pending.items.len(), 1);
    store
        .receive_handover(
            &jt,
            w.f.jiaotong_user.id,
            pending.items[0].key,
            day("2024-10-08"),
            day("2024-10-08"),
        )
        .await
        .expect("receive");
    assert!(
        store
            .queue(&jt, QueueKind::Handovers, day("2024-10-08"), None, 50)
            .await
            .expect("handovers")
            .items
            .is_empty()
    );

    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReportIn, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("report in");
    assert_eq!(case.term_end, Some(day("2027-10-07")));
    let agreement = store
        .queue(
            &jt,
            QueueKind::AgreementMissing,
            day("2024-10-08"),
            None,
            50,
        )
        .await
        .expect("queue");
    assert_eq!(agreement.items.len(), 1);
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::SignAgreement, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("agreement");
    assert_eq!(case.state, "executing");

    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert_eq!(file.windows.len(), 22);
    assert_eq!(file.windows[0].starts_on, day("2024-10-08"));
    assert_eq!(file.windows[0].ends_on, day("2024-11-07"));
    assert!(
        file.events.len() >= 4,
        "decision, notify, hand-over, report-in, agreement"
    );
    assert!(file.handovers[0].received_on.is_some());

    // A test inside window 1 marks it done; the planned date of window 2 is on a queue.
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        test_at("2024-10-20 09:30", TestOutcome::Negative),
        "2024-10-20",
    )
    .await
    .expect("test");
    let file = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file");
    assert_eq!(file.windows[0].done_on, Some(day("2024-10-20")));
    assert_eq!(file.tests.len(), 1);
    let planned = file.windows[1].planned_on;
    let today = store
        .queue(&jt, QueueKind::TestsToday, planned, None, 50)
        .await
        .expect("queue");
    assert_eq!(
        today.items.iter().map(|i| i.case_id).collect::<Vec<_>>(),
        vec![case.id]
    );
    assert!(today.items[0].id_number_masked.contains('*'));
    assert_eq!(
        store
            .queue_count(&jt, QueueKind::TestsToday, planned)
            .await
            .expect("count"),
        1
    );
}

/// At a million persons: the township's hand-over queue is sorted and cut from the hand-overs
/// alone, then joined to its rows' cases: it still pages by the day sent, then in the
/// order sent, and each row shows its own case, person, unit and state.
pub async fn the_handover_queue_pages_in_order_with_each_case(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let mut expected = Vec::new();
    for (i, (name, sent)) in [
        ("甲某", "2024-10-08"),
        ("乙某", "2024-10-07"),
        ("丙某", "2024-10-08"),
    ]
    .into_iter()
    .enumerate()
    {
        let body = format!("15060219850101{:03}", 100 + i);
        let number = format!(
            "{body}{}",
            jiekang_domain::id_number::check_character(&body).expect("check character")
        );
        let case = decided_for(store, &w, name, &number).await;
        let case = run(store, &jt, &w.police, &case, step(Step::Notify, sent), sent)
            .await
            .expect("notify");
        expected.push((
            day(sent),
            name.to_owned(),
            case.id.get(),
            case.person_id.get(),
        ));
    }
    // by the day sent; on one day in the order sent (a stable sort keeps 甲 before 丙)
    expected.sort_by_key(|e| e.0);

    let today = day("2024-10-09");
    let first = store
        .queue(&jt, QueueKind::Handovers, today, None, 2)
        .await
        .expect("first page");
    let after = first
        .next
        .as_deref()
        .and_then(QueueCursor::decode)
        .expect("a second page");
    let second = store
        .queue(&jt, QueueKind::Handovers, today, Some(after), 2)
        .await
        .expect("second page");
    assert!(second.next.is_none(), "three rows fill two pages of two");
    let items: Vec<&QueueItem> = first.items.iter().chain(&second.items).collect();
    let rows: Vec<_> = items
        .iter()
        .map(|i| (i.due_on, i.person_name.clone(), i.case_id, i.person_id))
        .collect();
    assert_eq!(rows, expected);
    for item in &items {
        assert_eq!(item.unit_name, w.f.community_a.name);
        assert_eq!(item.state, "notified");
        assert!(item.id_number_masked.starts_with("150602") && item.id_number_masked.contains('*'));
    }
    assert_eq!(
        store
            .queue_count(&jt, QueueKind::Handovers, today)
            .await
            .expect("count"),
        3
    );
    // another township's queue holds none of them
    let gy = Fixture::scope_of(&w.f.gongyuan);
    assert!(
        store
            .queue(&gy, QueueKind::Handovers, today, None, 50)
            .await
            .expect("other township")
            .items
            .is_empty()
    );
}
