//! Contract: the life of a case (issue #4) — journeys J1–J4 of journeys.md, driven
//! through the store on every engine with fixed dates.

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};

use super::fixture::{Fixture, build, day, new_person, user};
use crate::cases::*;
use crate::model::User;
use crate::{Scope, Store, StoreError};

mod archive;

pub use archive::*;

const J1: &str = "150602199001011238";

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

pub(crate) struct World {
    pub(crate) f: Fixture,
    pub(crate) police: User,
    pub(crate) staff: User,
}

pub(crate) async fn world(store: &dyn Store) -> World {
    let f = build(store).await;
    let police = user(store, &f.jiaotong, "jt.police", Role::CommunityPolice).await;
    let staff = user(store, &f.community_a, "jt.staff", Role::CommunityStaff).await;
    World { f, police, staff }
}

fn decision(person_id: i64, unit_id: i64) -> NewCase {
    NewCase {
        person_id,
        unit_id,
        measure: Measure::CommunityDetox,
        decided_years: None,
        deciding_organ: "东胜区公安分局".into(),
        decision_number: "东公(禁)决字〔2024〕001号".into(),
        decided_on: day("2024-09-27"),
        served_on: Some(day("2024-09-28")),
        family_served_on: Some(day("2024-09-28")),
        place_basis: PlaceBasis::Household,
        work_group: String::new(),
        seed: 20_240_927,
    }
}

/// J1 up to a decided case of 张某 at 某社区 (交通街道).
async fn decided(store: &dyn Store, w: &World) -> Case {
    decided_for(store, w, "张某", J1).await
}

/// A decided case, as J1's, of a person registered at 某社区 (交通街道) with this name
/// and ID number.
async fn decided_for(store: &dyn Store, w: &World, name: &str, id_number: &str) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, name, id_number),
        )
        .await
        .expect("person");
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
        .expect("decision")
}

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

fn step(step: Step, on: &str) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step,
        on: day(on),
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

pub(crate) async fn run(
    store: &dyn Store,
    scope: &Scope,
    who: &User,
    case: &Case,
    command: CaseCommand,
    today: &str,
) -> Result<Case, StoreError> {
    store
        .apply_case_command(
            scope,
            who.id,
            who.role,
            case.id.get(),
            case.version,
            &command,
            cal(),
            day(today),
        )
        .await
}

/// J1 from notification to agreement.
pub(crate) async fn executing(store: &dyn Store, w: &World) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, w).await;
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
    run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::SignAgreement, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("agreement")
}

pub(crate) fn test_at(when: &str, outcome: TestOutcome) -> CaseCommand {
    CaseCommand::Test(NewDrugTest {
        tested_at: NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").expect("time"),
        kind: TestKind::OnSite,
        sample: outcome.satisfies_window().then_some(Sample::Urine),
        outcome,
        substances: String::new(),
        tester_1: "王警官".into(),
        tester_2: "李干事".into(),
        sample_a: String::new(),
        sample_b: String::new(),
        planned: true,
        female_tester_present: false,
        note: String::new(),
    })
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

/// Issue #6: the township's hand-over queue is sorted and cut from the hand-overs
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

/// Issue #6: commands sent side by side (an engine may commit them together) each
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

pub async fn attachments_stay_in_scope_and_reads_are_audited(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let case = decided(store, &w).await;
    let meta = store
        .add_attachment(
            &jt,
            w.f.jiaotong_user.id,
            case.id.get(),
            &NewAttachment {
                kind: "decision".into(),
                file_name: "决定书.pdf".into(),
                content_type: "application/pdf".into(),
                sha256: "00".into(),
                data: b"%PDF-1.4 test".to_vec(),
            },
        )
        .await
        .expect("attach");
    assert_eq!(meta.size, 13);
    assert!(matches!(
        store.attachment(&gy, w.f.gongyuan_user.id, meta.id).await,
        Err(StoreError::NotFound)
    ));
    let before = store
        .audit_count("case.attachment_read")
        .await
        .expect("count");
    let got = store
        .attachment(&jt, w.f.jiaotong_user.id, meta.id)
        .await
        .expect("read");
    assert_eq!(got.data, b"%PDF-1.4 test");
    assert_eq!(
        store
            .audit_count("case.attachment_read")
            .await
            .expect("count"),
        before + 1
    );
    assert!(store.audit_count("case.read").await.expect("count") >= 0);
    let _ = NaiveDate::MIN;
}

pub async fn the_profile_is_kept_with_versions_and_decides_the_residence_basis(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let gy = Fixture::scope_of(&w.f.gongyuan);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, "张某", J1),
        )
        .await
        .expect("person");
    // N2: the residence as execution place needs a fixed home on record.
    let mut residence = decision(person.id, w.f.community_a.id);
    residence.place_basis = PlaceBasis::Residence;
    let err = store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &residence,
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect_err("no fixed home yet");
    assert!(
        matches!(&err, StoreError::Refused(m) if m.contains("固定住所")),
        "{err:?}"
    );
    let profile = PersonProfile {
        ethnicity: "汉族".into(),
        residence_address: "东胜区交通街道某小区".into(),
        fixed_home: true,
        substances: "甲基苯丙胺".into(),
        first_use_on: Some(day("2019-05-01")),
        ..PersonProfile::default()
    };
    assert!(matches!(
        store
            .update_person_profile(
                &gy,
                w.f.gongyuan_user.id,
                person.id,
                person.version,
                &profile
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let before = store.audit_count("person.update").await.expect("count");
    store
        .update_person_profile(
            &jt,
            w.f.jiaotong_user.id,
            person.id,
            person.version,
            &profile,
        )
        .await
        .expect("update");
    assert_eq!(
        store.audit_count("person.update").await.expect("count"),
        before + 1
    );
    assert_eq!(
        store.person_profile(&jt, person.id).await.expect("profile"),
        profile
    );
    // the same version again is stale
    assert!(matches!(
        store
            .update_person_profile(
                &jt,
                w.f.jiaotong_user.id,
                person.id,
                person.version,
                &profile
            )
            .await,
        Err(StoreError::Stale)
    ));
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &residence,
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("residence with a fixed home");
}

/// D2, D4: dates planned in a year without calendar data are provisional; once that
/// year's notice is entered they are drawn again, never on its holidays, and windows
/// of other years keep theirs.
pub async fn provisional_planned_dates_are_drawn_again_when_the_year_arrives(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = decided(store, &w).await;
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
    let before = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file")
        .windows;
    let in_2027: Vec<_> = before
        .iter()
        .filter(|w| w.planned_on >= day("2027-01-01"))
        .cloned()
        .collect();
    assert!(!in_2027.is_empty() && in_2027.iter().all(|w| w.provisional));
    assert!(
        before
            .iter()
            .filter(|w| w.ends_on < day("2026-12-01"))
            .all(|w| !w.provisional)
    );
    // The 2027 notice makes every provisionally planned day a holiday.
    let mut notice = "#year 2027\n".to_owned();
    for w in &in_2027 {
        notice.push_str(&format!("{}\tholiday\t测试\n", w.planned_on));
    }
    store
        .save_calendar_notices(None, &[(2027, notice)])
        .await
        .expect("notice");
    let done = crate::calendar::replan_after_notice(store, &|_| {})
        .await
        .expect("replan");
    assert_eq!(done, 1);
    let after = store
        .case_file(&jt, w.staff.id, case.id.get())
        .await
        .expect("file")
        .windows;
    for (b, a) in before.iter().zip(&after) {
        if b.planned_on < day("2027-01-01") && !b.provisional {
            assert_eq!(
                a.planned_on, b.planned_on,
                "window {} keeps its date",
                a.idx
            );
        }
        if a.starts_on >= day("2027-01-01") && a.ends_on <= day("2027-12-31") {
            assert!(!a.provisional, "window {} is certain now", a.idx);
            assert!(
                in_2027.iter().all(|h| h.planned_on != a.planned_on),
                "window {} is not planned on a holiday",
                a.idx
            );
            assert!(a.starts_on <= a.planned_on && a.planned_on <= a.ends_on);
        }
    }
    // Running again finds nothing new to draw for 2027 (2028+ stay provisional).
    assert!(
        after
            .iter()
            .any(|w| w.starts_on >= day("2028-01-01") && w.provisional)
            || after.last().is_some_and(|w| w.ends_on < day("2028-01-01"))
    );
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
