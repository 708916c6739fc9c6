//! Contract: INFO-2 质量倒查 — the data-quality checks raise and clear findings in scope;
//! a district's 倒查 goes to the township and back; N19 — leaving dynamic control.

use chrono::NaiveDate;
use jiekang_domain::case::Step;
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::id_number::check_character;
use jiekang_domain::quality::QualityCheck;
use jiekang_domain::task::{TaskKind, TaskState};

use super::cases::{World, decided_for, executing, executing_for, run, test_at, world};
use super::fixture::{Fixture, day};
use crate::cases::*;
use crate::model::PageRequest;
use crate::quality::{NewTraceBack, QualityCutoffs};
use crate::tasks::TaskAnswer;
use crate::{Store, StoreError};

const ALL: i64 = i64::MAX;
const PAGE: PageRequest = PageRequest {
    after: None,
    limit: 50,
};

fn id_number(seq: u32) -> String {
    let body = format!("15060219900102{seq:03}");
    let check = check_character(&body).expect("check character");
    format!("{body}{check}")
}

fn open_count(counts: &[crate::quality::QualityCount], check: QualityCheck) -> i64 {
    counts
        .iter()
        .find(|c| c.check == check)
        .map_or(-1, |c| c.open)
}

fn step(s: Step, on: &str) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step: s,
        on: day(on),
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

async fn sweep_cases(store: &dyn Store, on: &str) -> crate::quality::QualitySweep {
    store
        .sweep_quality_cases(&QualityCutoffs::on(day(on)), 1, ALL)
        .await
        .expect("sweep cases")
}

pub async fn the_case_checks_raise_in_scope_and_clear_when_done(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let dongsheng = Fixture::scope_of(&w.f.dongsheng);
    let dalate = Fixture::scope_of(&w.f.dalate);
    // reported in on 2024-10-08 with no agreement; decided with no hand-over
    let case = decided_for(store, &w, "王某", &id_number(11)).await;
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
    let reported = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReportIn, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("report in");
    let undelivered = decided_for(store, &w, "赵某", &id_number(12)).await;

    // a week after report-in the agreement is not yet overdue
    let first = sweep_cases(store, "2024-10-15").await;
    let counts = store.quality_counts(&jt).await.expect("counts");
    assert_eq!(open_count(&counts, QualityCheck::AgreementMissing), 0);
    // the police hand-over deadline (7 working days from 2024-09-27) has passed
    assert_eq!(open_count(&counts, QualityCheck::DecidedWithoutHandover), 1);
    assert_eq!(first.raised, 1);
    assert_eq!(counts.len(), QualityCheck::ALL.len());

    let second = sweep_cases(store, "2024-10-16").await;
    assert_eq!(second.raised, 1, "the agreement is now overdue");
    // the same day again raises nothing new
    assert_eq!(sweep_cases(store, "2024-10-16").await.raised, 0);
    for scope in [&jt, &dongsheng] {
        let counts = store.quality_counts(scope).await.expect("counts");
        assert_eq!(open_count(&counts, QualityCheck::AgreementMissing), 1);
    }
    let outside = store.quality_counts(&dalate).await.expect("counts");
    assert!(outside.iter().all(|c| c.open == 0), "{outside:?}");
    let list = store
        .quality_findings(
            &dongsheng,
            QualityCheck::AgreementMissing,
            PageRequest {
                after: None,
                limit: 10,
            },
        )
        .await
        .expect("list");
    assert_eq!(list.items.len(), 1);
    let f = &list.items[0];
    assert_eq!(f.case_id, Some(reported.id.get()));
    assert_eq!(f.person_name, "王某");
    assert_eq!(f.detail, "2024-10-08");
    assert_eq!(f.raised_on, day("2024-10-16"));
    assert!(
        store
            .quality_findings(&dalate, QualityCheck::AgreementMissing, PAGE)
            .await
            .expect("outside")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.case_quality(&dalate, reported.id.get()).await,
        Err(StoreError::NotFound)
    ));

    // signing clears it; the case under execution has no work group: a new finding
    let signed = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &reported,
        step(Step::SignAgreement, "2024-10-17"),
        "2024-10-17",
    )
    .await
    .expect("agreement");
    let third = sweep_cases(store, "2024-10-18").await;
    assert_eq!(third.cleared, 1);
    assert_eq!(third.raised, 1);
    let on_case = store
        .case_quality(&jt, signed.id.get())
        .await
        .expect("case findings");
    let kinds: Vec<_> = on_case
        .iter()
        .map(|f| (f.check, f.cleared_on.is_some()))
        .collect();
    assert!(
        kinds.contains(&(QualityCheck::AgreementMissing, true)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(QualityCheck::WorkGroupMissing, false)),
        "{kinds:?}"
    );
    // the undelivered decision is still flagged
    let still = store
        .case_quality(&jt, undelivered.id.get())
        .await
        .expect("undelivered");
    assert_eq!(still.len(), 1);
    assert_eq!(still[0].check, QualityCheck::DecidedWithoutHandover);
    assert!(still[0].cleared_on.is_none());
}

pub async fn entries_in_a_batch_or_long_after_their_day_are_found(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let mut cases = Vec::new();
    // kept here since the decision's day (a case entered today with old records brings
    // its history in: those records are not late)
    let kept_since = jiekang_domain::clock::beijing_midnight_utc(day("2024-09-28"));
    for seq in 21..26 {
        let decided = decided_for(store, &w, &format!("批{seq}"), &id_number(seq)).await;
        store
            .backdate_case(decided.id.get(), kept_since)
            .await
            .expect("backdate");
        cases.push(executing_for(store, &w, decided).await);
    }
    let brought_in = decided_for(store, &w, "新录", &id_number(27)).await;
    let brought_in = executing_for(store, &w, brought_in).await;
    // five tests at one minute by one user: a batch; entered in 2026 for 2024: late
    for case in &cases[..4] {
        run(
            store,
            &jt,
            &w.police,
            case,
            test_at("2024-11-01 09:30", TestOutcome::Negative),
            "2024-11-01",
        )
        .await
        .expect("test");
    }
    let cutoffs = QualityCutoffs::on(jiekang_domain::clock::beijing_date(chrono::Utc::now()));
    let four = store.sweep_quality_entries(&cutoffs).await.expect("sweep");
    let counts = store.quality_counts(&jt).await.expect("counts");
    assert_eq!(
        open_count(&counts, QualityCheck::BatchEntry),
        0,
        "four is no batch"
    );
    // every kept case's steps and the four tests were entered this year for 2024; the
    // case entered today with its history is not late
    assert_eq!(open_count(&counts, QualityCheck::LateEntry), 5);
    assert_eq!(four.raised, 5);
    assert!(
        store
            .case_quality(&jt, brought_in.id.get())
            .await
            .expect("brought in")
            .is_empty()
    );
    run(
        store,
        &jt,
        &w.police,
        &cases[4],
        test_at("2024-11-01 09:30", TestOutcome::Negative),
        "2024-11-01",
    )
    .await
    .expect("fifth test");
    store.sweep_quality_entries(&cutoffs).await.expect("sweep");
    let counts = store.quality_counts(&jt).await.expect("counts");
    assert_eq!(open_count(&counts, QualityCheck::BatchEntry), 5);
    let batch = store
        .quality_findings(&jt, QualityCheck::BatchEntry, PAGE)
        .await
        .expect("batch");
    assert!(
        batch.items[0].detail.starts_with("5 @ 2024-11-01"),
        "{:?}",
        batch.items[0].detail
    );
    // keyset pages cover all five once
    let first = store
        .quality_findings(
            &jt,
            QualityCheck::BatchEntry,
            PageRequest {
                after: None,
                limit: 3,
            },
        )
        .await
        .expect("page 1");
    let rest = store
        .quality_findings(
            &jt,
            QualityCheck::BatchEntry,
            PageRequest {
                after: first.next_after,
                limit: 3,
            },
        )
        .await
        .expect("page 2");
    assert_eq!(first.items.len() + rest.items.len(), 5);
    assert!(rest.next_after.is_none());
    // three months on, the entries are no longer recent: the findings clear
    let later = QualityCutoffs::on(
        jiekang_domain::clock::beijing_date(chrono::Utc::now()) + chrono::Days::new(120),
    );
    let cleared = store.sweep_quality_entries(&later).await.expect("later");
    assert_eq!(cleared.cleared, 10);
}

pub async fn the_addicted_with_no_measure_are_found_until_decided(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &super::fixture::new_person(&w.f.community_a, "成瘾某", &id_number(31)),
        )
        .await
        .expect("person");
    let mut profile = store.person_profile(&jt, person.id).await.expect("profile");
    profile.addiction_assessed_on = Some(day("2024-08-01"));
    store
        .update_person_profile(
            &jt,
            w.f.jiaotong_user.id,
            person.id,
            person.version,
            &profile,
        )
        .await
        .expect("profile saved");
    let max = store.max_person_id().await.expect("max");
    assert!(max >= person.id);
    let on = |d: &str| QualityCutoffs::on(day(d));
    let early = store
        .sweep_quality_persons(&on("2024-08-30"), 1, max)
        .await
        .expect("early");
    assert_eq!(early.raised, 0, "within the 30 days");
    let due = store
        .sweep_quality_persons(&on("2024-08-31"), 1, max)
        .await
        .expect("due");
    assert_eq!(due.raised, 1);
    let list = store
        .quality_findings(&jt, QualityCheck::AddictedWithoutMeasure, PAGE)
        .await
        .expect("list");
    assert_eq!(list.items[0].person_id, person.id);
    assert_eq!(list.items[0].case_id, None);
    assert_eq!(list.items[0].unit_name, "某社区");
}

pub async fn a_trace_back_goes_to_the_township_and_back(store: &dyn Store) {
    let w = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let dongsheng = Fixture::scope_of(&w.f.dongsheng);
    let dalate = Fixture::scope_of(&w.f.dalate);
    let case = executing(store, &w).await;
    let today = day("2024-11-20");
    let ask = |due: NaiveDate| NewTraceBack {
        case_id: case.id.get(),
        question: "11月检测记录为何集中在同一分钟录入?".into(),
        due_on: due,
    };
    let district = w.f.dongsheng_user.id;
    // no past due date, no empty question, never from the township itself or outside
    assert!(matches!(
        store
            .open_trace_back(&dongsheng, district, &ask(day("2024-11-19")), today)
            .await,
        Err(StoreError::Refused(_))
    ));
    let mut empty = ask(day("2024-11-30"));
    empty.question = "  ".into();
    assert!(matches!(
        store
            .open_trace_back(&dongsheng, district, &empty, today)
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .open_trace_back(&jt, w.f.jiaotong_user.id, &ask(day("2024-11-30")), today)
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .open_trace_back(&dalate, district, &ask(day("2024-11-30")), today)
            .await,
        Err(StoreError::NotFound)
    ));
    let task = store
        .open_trace_back(&dongsheng, district, &ask(day("2024-11-30")), today)
        .await
        .expect("open");
    assert_eq!(task.kind, TaskKind::TraceBack);
    assert_eq!(task.unit_id, w.f.jiaotong.id);
    assert_eq!(task.case_id, Some(case.id.get()));
    assert_eq!(task.due_on, Some(day("2024-11-30")));
    assert_eq!(task.from_unit_id, Some(w.f.dongsheng.id));
    // one open at a time
    assert!(matches!(
        store
            .open_trace_back(&dongsheng, district, &ask(day("2024-12-30")), today)
            .await,
        Err(StoreError::Refused(_))
    ));
    // the township sees it among its tasks and answers
    let seen = store.task(&jt, task.id).await.expect("township sees it");
    assert_eq!(seen.question, task.question);
    let answered = store
        .answer_task(
            &jt,
            w.f.jiaotong_user.id,
            task.id,
            seen.version,
            &TaskAnswer {
                text: "系补录纸质记录,已核实。".into(),
                on: day("2024-11-21"),
            },
            day("2024-11-21"),
        )
        .await
        .expect("answer");
    assert_eq!(answered.state, TaskState::Answered);
    // only the opener judges; a return needs a reason
    assert!(matches!(
        store
            .close_trace_back(
                &jt,
                w.f.jiaotong_user.id,
                task.id,
                answered.version,
                true,
                ""
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        store
            .close_trace_back(&dalate, district, task.id, answered.version, true, "")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .close_trace_back(&dongsheng, district, task.id, answered.version, false, " ")
            .await,
        Err(StoreError::Refused(_))
    ));
    let returned = store
        .close_trace_back(
            &dongsheng,
            district,
            task.id,
            answered.version,
            false,
            "请附原始记录",
        )
        .await
        .expect("return");
    assert_eq!(returned.state, TaskState::Open);
    assert!(returned.question.contains("请附原始记录"));
    let again = store
        .answer_task(
            &jt,
            w.f.jiaotong_user.id,
            task.id,
            returned.version,
            &TaskAnswer {
                text: "原始记录已上传。".into(),
                on: day("2024-11-22"),
            },
            day("2024-11-22"),
        )
        .await
        .expect("answer again");
    assert!(matches!(
        store
            .close_trace_back(&dongsheng, district, task.id, returned.version, true, "")
            .await,
        Err(StoreError::Stale)
    ));
    let closed = store
        .close_trace_back(&dongsheng, district, task.id, again.version, true, "")
        .await
        .expect("close");
    assert_eq!(closed.state, TaskState::Closed);
    let mine = store.trace_backs(&dongsheng, PAGE).await.expect("mine");
    assert_eq!(mine.items.len(), 1);
    assert!(
        store
            .trace_backs(&dalate, PAGE)
            .await
            .expect("none")
            .items
            .is_empty()
    );
    assert_eq!(
        store.trace_back(&jt, task.id).await.expect("in scope").id,
        task.id
    );
    assert!(matches!(
        store.trace_back(&dalate, task.id).await,
        Err(StoreError::NotFound)
    ));
    // after closing, a new one may be opened
    store
        .open_trace_back(&dongsheng, district, &ask(day("2024-12-30")), today)
        .await
        .expect("a second one after the first closed");
}

pub async fn three_years_after_expiry_the_person_leaves_dynamic_control(store: &dyn Store) {
    let w: World = world(store).await;
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = executing(store, &w).await;
    let ended = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::Expire, "2027-10-08"),
        "2027-10-08",
    )
    .await
    .expect("expire");
    assert_eq!(ended.closed_on, Some(day("2027-10-08")));
    assert_eq!(
        store
            .sweep_dynamic_control(day("2030-10-07"))
            .await
            .expect("early"),
        0
    );
    assert_eq!(
        store
            .sweep_dynamic_control(day("2030-10-08"))
            .await
            .expect("due"),
        1
    );
    // once only
    assert_eq!(
        store
            .sweep_dynamic_control(day("2030-10-09"))
            .await
            .expect("again"),
        0
    );
    assert_eq!(
        store.count_in_control(&jt).await.expect("in control"),
        0,
        "the person left the unit's 实有吸毒人员"
    );
}
