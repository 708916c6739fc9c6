//! Contract: the daily sweep and job leases — one claimer wins a
//! period, an expired lease is taken over, a finished period never runs again, and
//! the sweep's set-based statements agree with the row-by-row rules of
//! `jiekang_domain::sweep`.

use chrono::{NaiveDateTime, TimeDelta, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{CaseState, PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};
use jiekang_domain::sweep::{
    DAILY_SWEEP_JOB, SweepFlag, case2_handover_ack_deadline, d4_window_verdict, flag_holds,
};

use super::fixture::{Fixture, build, day, new_person, user};
use crate::cases::*;
use crate::model::User;
use crate::sweep::{SweepOptions, SweepOutcome, run_daily_sweep};
use crate::{Scope, Store};

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

/// A valid resident ID number (GB 11643) of Ordos 东胜区, born 1990-01-01, sequence `n`.
fn id_number(n: u32) -> String {
    let base = format!("15060219900101{:03}", n % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = base
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    format!("{base}{}", C[(sum % 11) as usize])
}

pub async fn two_claimers_race_for_one_period_and_exactly_one_wins(store: &dyn Store) {
    let now = Utc::now();
    let ttl = TimeDelta::minutes(5);
    let claim = |h: &'static str| store.try_claim_lease("race", "2026-11-29", h, ttl, now);
    let (a, b, c, d) = tokio::join!(claim("a"), claim("b"), claim("c"), claim("d"));
    let won: Vec<bool> = [a, b, c, d]
        .into_iter()
        .map(|r| r.expect("claim"))
        .collect();
    assert_eq!(won.iter().filter(|w| **w).count(), 1, "{won:?}");
    let lease = store
        .lease("race", "2026-11-29")
        .await
        .expect("lease")
        .expect("held");
    let winner = ["a", "b", "c", "d"][won.iter().position(|w| *w).unwrap_or(0)];
    assert_eq!(lease.holder, winner);
    // another period of the same job, or the same period of another job, is free
    assert!(
        store
            .try_claim_lease("race", "2026-11-30", "b", ttl, now)
            .await
            .expect("claim")
    );
    assert!(
        store
            .try_claim_lease("other", "2026-11-29", "b", ttl, now)
            .await
            .expect("claim")
    );
}

pub async fn an_expired_lease_is_taken_over_and_a_finished_period_never_runs_again(
    store: &dyn Store,
) {
    let t0 = Utc::now();
    let ttl = TimeDelta::seconds(30);
    let (job, period) = ("job", "2026-11-29");
    assert!(
        store
            .try_claim_lease(job, period, "a", ttl, t0)
            .await
            .expect("a")
    );
    // still held: nobody else
    let soon = t0 + TimeDelta::seconds(10);
    assert!(
        !store
            .try_claim_lease(job, period, "b", ttl, soon)
            .await
            .expect("b")
    );
    // renewed by its holder, it outlives the first expiry
    assert!(
        store
            .renew_lease(job, period, "a", ttl, soon)
            .await
            .expect("renew")
    );
    let after_first = t0 + TimeDelta::seconds(35);
    assert!(
        !store
            .try_claim_lease(job, period, "b", ttl, after_first)
            .await
            .expect("b")
    );
    // "a" crashed: once the lease expired, "b" takes over and "a" has lost it
    let later = soon + TimeDelta::seconds(31);
    assert!(
        store
            .try_claim_lease(job, period, "b", ttl, later)
            .await
            .expect("b")
    );
    assert!(
        !store
            .renew_lease(job, period, "a", ttl, later)
            .await
            .expect("renew")
    );
    assert!(
        !store
            .finish_lease(job, period, "a", later)
            .await
            .expect("finish")
    );
    assert!(
        store
            .finish_lease(job, period, "b", later)
            .await
            .expect("finish")
    );
    let lease = store.lease(job, period).await.expect("lease").expect("row");
    assert_eq!(lease.holder, "b");
    assert!(lease.finished_at.is_some());
    // finished: never claimed again, however late
    let next_day = later + TimeDelta::days(1);
    assert!(
        !store
            .try_claim_lease(job, period, "c", ttl, next_day)
            .await
            .expect("c")
    );
}

struct World {
    f: Fixture,
    police: User,
}

fn decision(person_id: i64, unit_id: i64, decided: &str, seed: i64) -> NewCase {
    NewCase {
        person_id,
        unit_id,
        measure: Measure::CommunityDetox,
        decided_years: None,
        deciding_organ: "东胜区公安分局".into(),
        decision_number: format!("东公(禁)决字〔2023〕{seed:03}号"),
        decided_on: day(decided),
        served_on: Some(day(decided)),
        family_served_on: Some(day(decided)),
        place_basis: PlaceBasis::Household,
        work_group: String::new(),
        seed,
    }
}

async fn step(store: &dyn Store, w: &World, who: &User, case: &Case, s: Step, on: &str) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    store
        .apply_case_command(
            &jt,
            who.id,
            who.role,
            case.id.get(),
            case.version,
            &CaseCommand::Step(StepInput {
                step: s,
                on: day(on),
                note: String::new(),
                transfer_to_unit_id: None,
                served_on: None,
            }),
            cal(),
            day(on),
        )
        .await
        .unwrap_or_else(|e| panic!("{s:?} on {on}: {e}"))
}

async fn test_on(store: &dyn Store, w: &World, case: &Case, on: &str) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    store
        .apply_case_command(
            &jt,
            w.police.id,
            w.police.role,
            case.id.get(),
            case.version,
            &CaseCommand::Test(NewDrugTest {
                tested_at: NaiveDateTime::parse_from_str(&format!("{on} 10:00"), "%Y-%m-%d %H:%M")
                    .expect("time"),
                kind: TestKind::OnSite,
                sample: Some(Sample::Urine),
                outcome: TestOutcome::Negative,
                substances: String::new(),
                tester_1: "王警官".into(),
                tester_2: "李干事".into(),
                sample_a: String::new(),
                sample_b: String::new(),
                planned: true,
                female_tester_present: false,
                note: String::new(),
            }),
            cal(),
            day(on),
        )
        .await
        .expect("test")
}

/// Cases in many states: decided only; notified and never reported; executing with
/// some tests; terminated early; suspended; expired.
async fn cases(store: &dyn Store, w: &World) -> Vec<i64> {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let township = &w.f.jiaotong_user;
    let mut ids = Vec::new();
    for n in 0..6u32 {
        let person = store
            .create_person(
                &jt,
                township.id,
                &new_person(&w.f.community_a, &format!("人员{n}"), &id_number(n + 1)),
            )
            .await
            .expect("person");
        let decided = "2023-03-01";
        let mut case = store
            .create_case(
                &jt,
                w.police.id,
                Role::CommunityPolice,
                &decision(person.id, w.f.community_a.id, decided, i64::from(n) + 7),
                cal(),
                day(decided),
            )
            .await
            .expect("case");
        if n >= 1 {
            case = step(store, w, &w.police, &case, Step::Notify, "2023-03-03").await;
        }
        if n >= 2 {
            case = step(store, w, township, &case, Step::ReportIn, "2023-03-06").await;
            case = step(store, w, township, &case, Step::SignAgreement, "2023-03-06").await;
            // tests in a few windows only
            for on in ["2023-03-20", "2023-05-10", "2023-09-12"] {
                case = test_on(store, w, &case, on).await;
            }
        }
        match n {
            3 => {
                step(store, w, township, &case, Step::Terminate, "2023-08-01").await;
            }
            4 => {
                step(store, w, township, &case, Step::Suspend, "2024-01-10").await;
            }
            5 => {
                let _ = case; // executing past its term: 期满待解除
            }
            _ => {}
        }
        ids.push(case.id.get());
    }
    ids
}

/// What the row-by-row rules expect of one case on `today`.
fn expected(
    file: &CaseFile,
    today: chrono::NaiveDate,
) -> (Vec<Option<bool>>, Vec<(String, chrono::NaiveDate)>) {
    let c = &file.case;
    let state = c.state;
    let verdicts = file
        .windows
        .iter()
        .map(|w| d4_window_verdict(w.ends_on, w.done_on.is_some(), state, c.closed_on, today))
        .collect();
    let mut flags = Vec::new();
    let dated = [
        (SweepFlag::NotificationOverdue, Some(c.handover_deadline)),
        (SweepFlag::ReportInOverdue, c.report_deadline),
        (SweepFlag::TermEnded, c.term_end),
    ];
    for (flag, date) in dated {
        if let Some(date) = date
            && flag_holds(cal(), flag, state, date, today)
        {
            flags.push((flag.code().to_owned(), date));
        }
    }
    for h in file.handovers.iter().filter(|h| h.received_on.is_none()) {
        if flag_holds(
            cal(),
            SweepFlag::HandoverUnacknowledged,
            state,
            h.sent_on,
            today,
        ) {
            flags.push((
                SweepFlag::HandoverUnacknowledged.code().to_owned(),
                case2_handover_ack_deadline(cal(), h.sent_on),
            ));
        }
    }
    flags.sort();
    flags.dedup();
    (verdicts, flags)
}

async fn check_against_rules(store: &dyn Store, w: &World, ids: &[i64], today: chrono::NaiveDate) {
    let all = Scope::system();
    for id in ids {
        let file = store
            .case_file(&all, w.f.jiaotong_user.id, *id)
            .await
            .expect("file");
        let (verdicts, flags) = expected(&file, today);
        let stored: Vec<Option<bool>> = file.windows.iter().map(|w| w.missed).collect();
        assert_eq!(
            stored, verdicts,
            "windows of case {id} ({})",
            file.case.state
        );
        let mut open: Vec<(String, chrono::NaiveDate)> = store
            .case_flags(*id)
            .await
            .expect("flags")
            .into_iter()
            .filter(|f| f.cleared_on.is_none())
            .map(|f| (f.kind, f.due_on))
            .collect();
        open.sort();
        assert_eq!(open, flags, "flags of case {id} ({})", file.case.state);
    }
}

pub async fn the_sweep_agrees_with_the_row_by_row_rules_and_runs_once_per_day(store: &dyn Store) {
    let f = build(store).await;
    let police = user(store, &f.jiaotong, "jt.police", Role::CommunityPolice).await;
    let w = World { f, police };
    let ids = cases(store, &w).await;
    let progress = |_| {};
    // small batches, so every loop turns more than once
    let mut opts = SweepOptions::new("contract-a");
    opts.case_batch = 2;
    opts.window_batch = 7;

    let today = day("2026-03-20");
    let SweepOutcome::Ran(run) = run_daily_sweep(store, cal(), today, &opts, &progress)
        .await
        .expect("sweep")
    else {
        panic!("the first sweep of the day runs");
    };
    check_against_rules(store, &w, &ids, today).await;
    let c = run.counts;
    assert!(c.windows_missed > 0 && c.windows_void > 0, "{c:?}");
    assert_eq!(c.notification_overdue, 1, "{c:?}");
    assert_eq!(c.report_in_overdue, 1, "{c:?}");
    assert!(c.term_ended >= 1, "{c:?}");
    assert_eq!(
        store.sweep_run("2026-03-20").await.expect("run"),
        Some(run.clone())
    );
    assert_eq!(store.audit_count("sweep.run").await.expect("audit"), 1);

    // the same day again, by anyone: already done
    let other = SweepOptions::new("contract-b");
    assert_eq!(
        run_daily_sweep(store, cal(), today, &other, &progress)
            .await
            .expect("again"),
        SweepOutcome::AlreadyDone
    );

    // the next day: the person who never reported does so; the flag is cleared and
    // nothing is raised twice
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let never = store
        .case_file(&jt, w.f.jiaotong_user.id, ids[1])
        .await
        .expect("file")
        .case;
    assert_eq!(never.state, CaseState::Notified.code());
    step(
        store,
        &w,
        &w.f.jiaotong_user,
        &never,
        Step::ReportIn,
        "2026-03-20",
    )
    .await;
    let next = day("2026-03-21");
    let SweepOutcome::Ran(run2) = run_daily_sweep(store, cal(), next, &other, &progress)
        .await
        .expect("sweep")
    else {
        panic!("the next day runs");
    };
    assert!(run2.counts.flags_cleared >= 1, "{:?}", run2.counts);
    assert_eq!(run2.counts.report_in_overdue, 0);
    assert_eq!(run2.counts.notification_overdue, 0);
    check_against_rules(store, &w, &ids, next).await;
    let flags = store.case_flags(ids[1]).await.expect("flags");
    assert!(
        flags
            .iter()
            .any(|f| f.kind == SweepFlag::ReportInOverdue.code() && f.cleared_on == Some(next)),
        "{flags:?}"
    );
    let lease = store
        .lease(DAILY_SWEEP_JOB, "2026-03-21")
        .await
        .expect("lease")
        .expect("row");
    assert_eq!(lease.holder, "contract-b");
    assert!(lease.finished_at.is_some());
}
