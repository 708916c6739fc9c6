//! Contract: bulk-loaded histories (realistic data at scale) are indistinguishable from the
//! same history driven through the store's commands — case file, windows and their
//! `done_on`, tests, timeline, hand-overs, leave, compliance, queues, the person's move
//! on an accepted transfer, unit counts and audit records — and the audit chain
//! verifies after the load and after commands that follow it.

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TalkKind, TestKind};
use jiekang_domain::schedule::schedule;

use super::fixture::{Fixture, build, day, new_person, user};
use crate::bulk::{BulkActor, BulkCasePerson, CaseSim, HistoryBatch};
use crate::cases::*;
use crate::model::{AuditFilter, PageRequest, Unit, User};
use crate::sweep::{SweepOptions, SweepOutcome, run_daily_sweep};
use crate::{Scope, Store};

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

#[derive(Clone, Copy)]
enum Who {
    Office,
    Police,
    Receiver,
}

enum Op {
    Cmd(Who, CaseCommand, NaiveDate),
    /// CASE-2 acknowledgement of the police hand-over.
    Receive(NaiveDate),
}

fn step(s: Step, on: NaiveDate) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step: s,
        on,
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

fn test(on: NaiveDate, outcome: TestOutcome, planned: bool) -> CaseCommand {
    let positive = outcome == TestOutcome::Positive;
    CaseCommand::Test(NewDrugTest {
        tested_at: NaiveDateTime::new(
            on,
            chrono::NaiveTime::from_hms_opt(10, 30, 0).expect("time"),
        ),
        kind: TestKind::OnSite,
        sample: outcome.satisfies_window().then_some(Sample::Urine),
        outcome,
        substances: if positive {
            "甲基苯丙胺".into()
        } else {
            String::new()
        },
        tester_1: "李强".into(),
        tester_2: "王芳".into(),
        sample_a: if positive { "A1".into() } else { String::new() },
        sample_b: if positive { "B1".into() } else { String::new() },
        planned,
        female_tester_present: true,
        note: String::new(),
    })
}

fn decision(person_id: i64, unit_id: i64) -> NewCase {
    NewCase {
        person_id,
        unit_id,
        measure: Measure::CommunityDetox,
        decided_years: None,
        deciding_organ: "东胜区公安分局".into(),
        decision_number: "东公(禁)决字〔2023〕007号".into(),
        decided_on: day("2023-03-01"),
        served_on: Some(day("2023-03-02")),
        family_served_on: Some(day("2023-03-02")),
        place_basis: PlaceBasis::Household,
        work_group: "王芳\n李强".into(),
        seed: 7_654_321,
    }
}

/// A year of work: notification and hand-over, report-in, agreement, tests (one
/// refused, one positive told to police, one missed), talks, leave, an unauthorised
/// absence, a suspension and resumption, and a transfer accepted by 公园街道.
fn script(gongyuan: &Unit) -> Vec<Op> {
    use Op::Cmd;
    use Who::*;
    let reported = day("2023-03-10");
    let s = schedule(
        cal(),
        Measure::CommunityDetox,
        reported,
        None,
        &[],
        7_654_321,
    )
    .expect("schedule");
    let planned: Vec<NaiveDate> = s.windows.iter().map(|w| w.planned).collect();
    let mut ops = vec![
        Cmd(
            Police,
            step(Step::Notify, day("2023-03-06")),
            day("2023-03-06"),
        ),
        Op::Receive(day("2023-03-07")),
        Cmd(Office, step(Step::ReportIn, reported), reported),
        Cmd(
            Office,
            step(Step::SignAgreement, reported),
            day("2023-03-11"),
        ),
        Cmd(
            Police,
            test(planned[0], TestOutcome::Negative, true),
            planned[0],
        ),
        Cmd(
            Office,
            CaseCommand::Talk {
                kind: TalkKind::HomeVisit,
                on: day("2023-04-08"),
                note: "在家".into(),
                collected_by: "王芳".into(),
            },
            day("2023-04-08"),
        ),
        Cmd(
            Police,
            test(planned[1], TestOutcome::Refused, true),
            planned[1],
        ),
        Cmd(
            Police,
            test(planned[2], TestOutcome::Positive, true),
            planned[2],
        ),
        Cmd(
            Police,
            CaseCommand::PoliceNotified {
                test_id: 3,
                on: planned[2],
            },
            planned[2],
        ),
        // window 4 missed
        Cmd(
            Police,
            test(planned[4], TestOutcome::Negative, true),
            planned[4],
        ),
        Cmd(
            Office,
            CaseCommand::RequestLeave {
                on: day("2023-08-07"),
                from: day("2023-08-10"),
                to: day("2023-08-16"),
                destination: "包头市".into(),
                reason: "探亲".into(),
            },
            day("2023-08-07"),
        ),
        Cmd(
            Office,
            CaseCommand::DecideLeave {
                leave_id: 1,
                approve: true,
                on: day("2023-08-08"),
            },
            day("2023-08-08"),
        ),
        Cmd(
            Office,
            CaseCommand::LeaveReturned {
                leave_id: 1,
                on: day("2023-08-15"),
            },
            day("2023-08-15"),
        ),
        Cmd(
            Office,
            CaseCommand::Absence {
                from: day("2023-08-20"),
                to: day("2023-08-25"),
                note: "未请假外出".into(),
            },
            day("2023-08-28"),
        ),
        Cmd(
            Office,
            step(Step::Suspend, day("2023-09-01")),
            day("2023-09-01"),
        ),
        Cmd(
            Office,
            step(Step::Resume, day("2023-10-16")),
            day("2023-10-16"),
        ),
        Cmd(
            Police,
            test(day("2023-10-20"), TestOutcome::Negative, false),
            day("2023-10-20"),
        ),
    ];
    ops.push(Cmd(
        Office,
        CaseCommand::Step(StepInput {
            step: Step::RequestTransfer,
            on: day("2023-11-20"),
            note: "务工".into(),
            transfer_to_unit_id: Some(gongyuan.id),
            served_on: None,
        }),
        day("2023-11-20"),
    ));
    ops.push(Cmd(
        Receiver,
        step(Step::AcceptTransfer, day("2023-11-23")),
        day("2023-11-23"),
    ));
    ops.push(Cmd(
        Receiver,
        step(Step::ReportIn, day("2023-11-25")),
        day("2023-11-25"),
    ));
    ops
}

fn actor(user: &User, unit: &Unit) -> BulkActor {
    BulkActor {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        unit_id: unit.id,
        unit_path: unit.path.clone(),
    }
}

/// A case file with what only the way of writing decides (ids, instants, persons)
/// cleared, for comparison.
fn normalised(mut file: CaseFile) -> CaseFile {
    let c = &mut file.case;
    c.id = CaseId(0);
    c.person_id = PersonId(0);
    c.person_name.clear();
    c.created_at = chrono::DateTime::UNIX_EPOCH;
    c.updated_at = chrono::DateTime::UNIX_EPOCH;
    c.decision_number.clear();
    for t in &mut file.tests {
        t.id = 0;
        t.case_id = 0;
        t.created_at = chrono::DateTime::UNIX_EPOCH;
    }
    for e in &mut file.events {
        e.id = 0;
        e.case_id = 0;
        e.created_at = chrono::DateTime::UNIX_EPOCH;
    }
    for h in &mut file.handovers {
        h.id = 0;
        h.case_id = 0;
    }
    for l in &mut file.leaves {
        l.id = 0;
        l.case_id = 0;
    }
    file
}

pub async fn bulk_histories_match_the_commands(store: &dyn Store) {
    let f = build(store).await;
    let police = user(store, &f.jiaotong, "bulk.police", Role::CommunityPolice).await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let mut persons = Vec::new();
    for (name, id) in [
        ("甲某", "150602199001011238"),
        ("甲某", "150602199002021233"),
    ] {
        persons.push(
            store
                .create_person(
                    &jt,
                    f.jiaotong_user.id,
                    &new_person(&f.community_a, name, id),
                )
                .await
                .expect("person"),
        );
    }
    let today = day("2023-12-01");
    let ops = script(&f.gongyuan);

    // 1. through the commands
    let mut case = store
        .create_case(
            &jt,
            police.id,
            Role::CommunityPolice,
            &decision(persons[0].id, f.community_a.id),
            cal(),
            day("2023-03-02"),
        )
        .await
        .expect("create");
    let gy = Fixture::scope_of(&f.gongyuan);
    for op in &ops {
        match op {
            Op::Receive(on) => {
                let file = store
                    .case_file(&jt, police.id, case.id.get())
                    .await
                    .expect("file");
                store
                    .receive_handover(&jt, f.jiaotong_user.id, file.handovers[0].id, *on, *on)
                    .await
                    .expect("receive");
            }
            Op::Cmd(who, command, on) => {
                let (scope, u) = match who {
                    Who::Office => (&jt, &f.jiaotong_user),
                    Who::Police => (&jt, &police),
                    Who::Receiver => (&gy, &f.gongyuan_user),
                };
                let file = store
                    .case_file(&Scope::system(), police.id, case.id.get())
                    .await
                    .expect("file");
                let mut command = command.clone();
                // positions in the script → the ids the store gave
                match &mut command {
                    CaseCommand::DecideLeave { leave_id, .. }
                    | CaseCommand::LeaveReturned { leave_id, .. } => {
                        let mut ids: Vec<i64> = file.leaves.iter().map(|l| l.id).collect();
                        ids.sort();
                        *leave_id = ids[*leave_id as usize - 1];
                    }
                    CaseCommand::PoliceNotified { test_id, .. } => {
                        let mut ids: Vec<i64> = file.tests.iter().map(|t| t.id).collect();
                        ids.sort();
                        *test_id = ids[*test_id as usize - 1];
                    }
                    _ => {}
                }
                case = store
                    .apply_case_command(
                        scope,
                        u.id,
                        u.role,
                        case.id.get(),
                        case.version,
                        &command,
                        cal(),
                        *on,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("command on {on}: {e:?}"));
            }
        }
    }

    // 2. the same history in memory, loaded in bulk
    let office = actor(&f.jiaotong_user, &f.jiaotong);
    let police_actor = actor(&police, &f.jiaotong);
    let receiver = actor(&f.gongyuan_user, &f.gongyuan);
    let p = &persons[1];
    let mut sim = CaseSim::new(
        &decision(p.id, f.community_a.id),
        &BulkCasePerson {
            id: p.id,
            name: p.name.clone(),
            sex: p.sex,
            birth_date: p.birth_date,
            fixed_home: false,
        },
        &f.community_a,
        &police_actor,
        cal(),
        day("2023-03-02"),
    )
    .expect("sim");
    for op in &ops {
        match op {
            Op::Receive(on) => sim
                .receive_police_handover(&office, *on, *on)
                .expect("receive"),
            Op::Cmd(who, command, on) => {
                let a = match who {
                    Who::Office => &office,
                    Who::Police => &police_actor,
                    Who::Receiver => &receiver,
                };
                sim.apply(a, command, Some(&f.gongyuan), cal(), *on)
                    .unwrap_or_else(|e| panic!("sim command on {on}: {e:?}"));
            }
        }
    }
    let version = sim.case().version;
    // the daily sweep settles the command-built case's closed windows; the bulk
    // history arrives settled the same way
    let swept = run_daily_sweep(store, cal(), today, &SweepOptions::new("bulk"), &|_| {})
        .await
        .expect("sweep");
    assert!(matches!(swept, SweepOutcome::Ran(_)));
    let batch = HistoryBatch {
        cases: vec![sim.finish().swept(today)],
    };
    let stats = store.bulk_load_histories(&batch).await.expect("bulk load");
    assert_eq!(stats.cases, 1);
    let bulk_id = stats.first_case_id;

    // 3. the same case file, compliance, queues and person
    let by_command = store
        .case_file(&gy, f.gongyuan_user.id, case.id.get())
        .await
        .expect("file");
    let by_bulk = store
        .case_file(&gy, f.gongyuan_user.id, bulk_id)
        .await
        .expect("bulk file");
    assert_eq!(by_bulk.case.version, version);
    assert_eq!(by_bulk.case.person_id, persons[1].id);
    assert_eq!(by_command.compliance(today), by_bulk.compliance(today));
    assert!(by_bulk.windows.iter().any(|w| w.done_on.is_some()));
    assert!(by_bulk.windows.iter().any(|w| w.missed == Some(true)));
    assert_eq!(by_bulk.case.state, "reported");
    let (a, b) = (normalised(by_command), normalised(by_bulk));
    assert_eq!(a.case, b.case);
    assert_eq!(a.windows, b.windows);
    assert_eq!(a.tests, b.tests);
    assert_eq!(a.events, b.events);
    assert_eq!(a.handovers, b.handovers);
    assert_eq!(a.leaves, b.leaves);
    for kind in QueueKind::ALL {
        let page = store
            .queue(&gy, kind, today, None, 100)
            .await
            .expect("queue");
        let a: Vec<_> = page
            .items
            .iter()
            .filter(|i| i.case_id == case.id)
            .map(|i| (i.due_on, &i.state))
            .collect();
        let b: Vec<_> = page
            .items
            .iter()
            .filter(|i| i.case_id == bulk_id)
            .map(|i| (i.due_on, &i.state))
            .collect();
        assert_eq!(a, b, "{kind:?}");
    }
    // N11: both persons moved to 公园街道 with their counts
    assert_eq!(store.count_persons(&gy).await.expect("count"), 2);
    assert_eq!(store.count_persons(&jt).await.expect("count"), 0);
    let moved = store
        .person(&gy, f.gongyuan_user.id, persons[1].id)
        .await
        .expect("moved");
    let commanded = store
        .person(&gy, f.gongyuan_user.id, persons[0].id)
        .await
        .expect("moved");
    assert_eq!(moved.unit_id, commanded.unit_id);
    assert_eq!(moved.version, commanded.version);

    // 4. the same audit records, and an intact chain — also after a command on the bulk case
    let actions = async |person_id| {
        let filter = AuditFilter {
            person_id: Some(person_id),
            ..AuditFilter::default()
        };
        let page = store
            .audit_events(&Scope::system(), &filter, PageRequest::first(200))
            .await
            .expect("audit");
        page.items
            .into_iter()
            .filter(|r| r.action.starts_with("case.") && r.action != "case.read")
            .map(|r| (r.action, r.username, r.detail))
            .collect::<Vec<_>>()
    };
    assert_eq!(actions(persons[0].id).await, actions(persons[1].id).await);
    let ok = |v: crate::audit_chain::AuditVerification| assert!(v.is_intact(), "{v:?}");
    ok(store.audit_verify(&|_, _| {}).await.expect("verify"));
    store
        .apply_case_command(
            &gy,
            f.gongyuan_user.id,
            Role::TownshipOffice,
            bulk_id,
            version,
            &step(Step::SignAgreement, day("2023-11-26")),
            cal(),
            day("2023-11-26"),
        )
        .await
        .expect("a command on a bulk-loaded case");
    ok(store.audit_verify(&|_, _| {}).await.expect("verify"));
}

/// Bulk loading: indexes deferred for a bulk load are kept until rebuilt, rebuilt
/// exactly as they were, and never lost; the store works (only slower) meanwhile.
pub async fn deferred_indexes_are_kept_until_rebuilt(store: &dyn Store) {
    let f = build(store).await;
    assert!(
        store.deferred_indexes().await.expect("pending").is_empty(),
        "a new database defers nothing"
    );
    let dropped = store.defer_history_indexes().await.expect("defer");
    let mut pending = store.deferred_indexes().await.expect("pending");
    assert_eq!(pending.len() as u64, dropped);
    for name in [
        "audit_events_at_id",
        "audit_events_person",
        "case_events_case",
        "drug_tests_case",
        "test_windows_due",
        "cases_scope_state",
    ] {
        assert!(pending.iter().any(|n| n == name), "{name} deferred");
    }
    // unique indexes are rules and stay
    assert!(!pending.iter().any(|n| n == "cases_open_per_person"));
    assert_eq!(
        store.defer_history_indexes().await.expect("again"),
        0,
        "nothing left to defer"
    );

    // the store still answers (and writes) without them
    let person = store
        .create_person(
            &Fixture::scope_of(&f.jiaotong),
            f.jiaotong_user.id,
            &new_person(&f.community_a, "乙某", "150602199001011238"),
        )
        .await
        .expect("write while deferred");
    let trail = store
        .audit_events(
            &Scope::system(),
            &AuditFilter {
                person_id: Some(person.id),
                ..AuditFilter::default()
            },
            PageRequest::first(50),
        )
        .await
        .expect("audit search while deferred");
    assert!(!trail.items.is_empty());

    assert!(matches!(
        store.restore_deferred_index("no_such_index").await,
        Err(crate::StoreError::NotFound)
    ));
    let last = pending.pop().expect("at least one");
    for name in &pending {
        store.restore_deferred_index(name).await.expect("rebuild");
    }
    assert_eq!(
        store.deferred_indexes().await.expect("left"),
        vec![last.clone()]
    );
    store
        .restore_deferred_index(&last)
        .await
        .expect("rebuild last");
    assert!(store.deferred_indexes().await.expect("none").is_empty());
    store.analyze().await.expect("analyze");

    // all of them are back: deferring again finds exactly as many
    assert_eq!(
        store.defer_history_indexes().await.expect("re-defer"),
        dropped
    );
    for name in store.deferred_indexes().await.expect("pending") {
        store.restore_deferred_index(&name).await.expect("rebuild");
    }
    assert!(
        store
            .audit_verify(&|_, _| {})
            .await
            .expect("verify")
            .is_intact()
    );
}
