//! Contract: the supervision dashboards (STAT-1). After a series of case
//! commands — decisions, notifications, report-ins, absconding, a transfer between
//! townships — every figure equals a brute-force count over the same data, for the
//! city, a district and a township; units outside the scope never appear.

use chrono::{TimeDelta, TimeZone, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{CaseState, PlaceBasis, Step};
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;

use super::fixture::{Fixture, build, day, new_person};
use crate::cases::*;
use crate::dashboard::{Dashboard, DueFigure, current};
use crate::model::Unit;
use crate::{Scope, Store};

const IDS: [&str; 9] = [
    "150602198501011029",
    "150602198501011045",
    "150602198501011061",
    "150602198501011088",
    "150602198501011109",
    "150602198501011125",
    "150602198501011141",
    "150602198501011168",
    "150602198501011184",
];

const TODAY: &str = "2024-12-20";

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

/// A decided case of a new person at `unit`.
pub(super) async fn decided(store: &dyn Store, f: &Fixture, unit: &Unit, n: usize) -> Case {
    let person = store
        .create_person(
            &Scope::system(),
            f.jiaotong_user.id,
            &new_person(unit, &format!("测试{n}"), IDS[n]),
        )
        .await
        .expect("person");
    store
        .create_case(
            &Scope::system(),
            f.jiaotong_user.id,
            Role::CommunityPolice,
            &NewCase {
                person_id: person.id,
                unit_id: unit.id,
                measure: Measure::CommunityDetox,
                decided_years: None,
                deciding_organ: "东胜区公安分局".into(),
                decision_number: format!("东公(禁)决字〔2024〕{n:03}号"),
                decided_on: day("2024-09-27"),
                served_on: Some(day("2024-09-28")),
                family_served_on: None,
                place_basis: PlaceBasis::Household,
                work_group: String::new(),
                seed: 7 + n as i64,
            },
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("decision")
}

/// Take `steps` on the case (system scope; the role each step needs).
pub(super) async fn take(
    store: &dyn Store,
    f: &Fixture,
    mut case: Case,
    steps: &[(Step, &str, Option<i64>)],
) -> Case {
    for (step, on, to) in steps {
        let role = if *step == Step::Notify {
            Role::CommunityPolice
        } else {
            Role::TownshipOffice
        };
        // the receiving township takes a transfer (N11) from its own scope
        let scope = if step.is_taken_by_receiver() {
            Fixture::scope_of(&f.gongyuan)
        } else {
            Scope::system()
        };
        case = store
            .apply_case_command(
                &scope,
                f.jiaotong_user.id,
                role,
                case.id.get(),
                case.version,
                &CaseCommand::Step(StepInput {
                    step: *step,
                    on: day(on),
                    note: String::new(),
                    transfer_to_unit_id: *to,
                    served_on: None,
                }),
                cal(),
                day(on),
            )
            .await
            .unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
    case
}

pub(super) const TO_EXECUTION: [(Step, &str, Option<i64>); 3] = [
    (Step::Notify, "2024-10-08", None),
    (Step::ReportIn, "2024-10-08", None),
    (Step::SignAgreement, "2024-10-08", None),
];

/// Every figure of every row of `d` equals a brute-force count: orders by state from
/// each case read one by one, day-dependent figures from the rows of their queues.
async fn assert_matches_brute_force(
    store: &dyn Store,
    f: &Fixture,
    d: &Dashboard,
    cases: &[i64],
    units: &[Unit],
) {
    let today = day(TODAY);
    let mut files = Vec::new();
    for id in cases {
        files.push(
            store
                .case_file(&Scope::system(), f.jiaotong_user.id, *id)
                .await
                .expect("case")
                .case,
        );
    }
    for row in &d.rows {
        let unit = units
            .iter()
            .find(|u| Some(u.id) == row.unit_id)
            .expect("a row names a unit of the tree");
        for s in CaseState::ALL {
            let brute = files
                .iter()
                .filter(|c| {
                    c.state == s.code()
                        && if row.own_level {
                            c.unit_path == unit.path
                        } else {
                            c.unit_path.starts_with(&unit.path)
                        }
                })
                .count() as i64;
            assert_eq!(row.state_count(s), brute, "{} {s:?}", row.unit_name);
        }
        if !row.own_level {
            for fig in DueFigure::ALL {
                let brute = store
                    .queue_count(&Fixture::scope_of(unit), fig.queue(), today)
                    .await
                    .expect("count");
                assert_eq!(row.due(fig), brute, "{} {fig:?}", row.unit_name);
            }
        }
    }
    for s in CaseState::ALL {
        let sum: i64 = d.rows.iter().map(|r| r.state_count(s)).sum();
        assert_eq!(d.total.state_count(s), sum, "total {s:?}");
    }
}

pub async fn dashboard_figures_equal_brute_force_counts_within_scope(store: &dyn Store) {
    let f = build(store).await;
    let today = day(TODAY);
    let now = Utc
        .with_ymd_and_hms(2024, 12, 20, 2, 0, 0)
        .single()
        .expect("time");
    let city = Fixture::scope_of(&f.city);
    let ds = Fixture::scope_of(&f.dongsheng);
    let jt = Fixture::scope_of(&f.jiaotong);

    // an empty tree: every row zero, nothing refreshed yet
    let empty = store.dashboard(&ds).await.expect("empty");
    assert!(empty.total.is_empty() && empty.refreshed_at.is_none());
    let names: Vec<&str> = empty.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["交通街道", "公园街道"]);

    // 交通街道 (at 某社区): executing; notified and never reporting (its hand-over
    // unacknowledged); decided only; absconded; transferred to 公园街道
    let c0 = decided(store, &f, &f.community_a, 0).await;
    let c0 = take(store, &f, c0, &TO_EXECUTION).await;
    let c1 = decided(store, &f, &f.community_a, 1).await;
    let c1 = take(store, &f, c1, &[(Step::Notify, "2024-10-08", None)]).await;
    let c2 = decided(store, &f, &f.community_a, 2).await;
    let c3 = decided(store, &f, &f.community_a, 3).await;
    let c3 = take(store, &f, c3, &TO_EXECUTION).await;
    let c3 = take(store, &f, c3, &[(Step::Abscond, "2024-11-02", None)]).await;
    let c4 = decided(store, &f, &f.community_a, 4).await;
    let c4 = take(store, &f, c4, &TO_EXECUTION).await;
    // the hand-over of c0 is acknowledged in time, the others are not
    let handover = store
        .case_file(&jt, f.jiaotong_user.id, c0.id.get())
        .await
        .expect("file")
        .handovers[0]
        .id;
    store
        .receive_handover(&jt, f.jiaotong_user.id, handover, day("2024-10-09"), today)
        .await
        .expect("receive");
    // 公园街道 and 树林召镇 (达拉特旗, another district)
    let c5 = decided(store, &f, &f.gongyuan, 5).await;
    let c5 = take(store, &f, c5, &TO_EXECUTION).await;
    let c6 = decided(store, &f, &f.shulinzhao, 6).await;
    let c6 = take(store, &f, c6, &TO_EXECUTION).await;
    let c7 = decided(store, &f, &f.shulinzhao, 7).await;
    let cases = [c0.id, c1.id, c2.id, c3.id, c4.id, c5.id, c6.id, c7.id].map(|id| id.get());
    let units = [
        f.city.clone(),
        f.dongsheng.clone(),
        f.jiaotong.clone(),
        f.community_a.clone(),
        f.gongyuan.clone(),
        f.dalate.clone(),
        f.shulinzhao.clone(),
    ];

    // orders by state are current before any refresh
    let before = store.dashboard(&city).await.expect("city");
    assert_eq!(before.total.state_count(CaseState::Executing), 4);
    assert!(before.refreshed_at.is_none());

    // the day-dependent figures arrive with the first refresh; a fresh snapshot is
    // not counted again
    let d = current(store, &city, now, today).await.expect("current");
    assert_eq!(d.refreshed_for, Some(today));
    assert!(d.is_fresh(now, today));
    assert!(
        !store
            .refresh_dashboard(now + TimeDelta::seconds(30), today, TimeDelta::seconds(60))
            .await
            .expect("refresh")
    );
    let names: Vec<&str> = d.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["东胜区", "达拉特旗"]);
    assert_matches_brute_force(store, &f, &d, &cases, &units).await;
    let dongsheng = &d.rows[0];
    assert_eq!(dongsheng.due(DueFigure::ReportOverdue), 1);
    assert_eq!(dongsheng.due(DueFigure::HandoversLate), 4, "c1, c3, c4, c5");
    assert_eq!(d.total.due(DueFigure::HandoversLate), 5, "and c6 at 树林召");
    assert!(d.total.due(DueFigure::TestsOverdue) > 0);
    // D5 on the same counts (supervision.rs): 执行率 — c0, c4, c5, c6 executing of all
    // eight served and running; 管控率 — all but c1 (report-in overdue) and c3 (脱失)
    let exec = d.total.execution_rate(today);
    assert_eq!((exec.numerator, exec.denominator), (4, 8));
    let control = d.total.control_rate();
    assert_eq!((control.numerator, control.denominator), (6, 8));

    // a transfer 交通 → 公园 moves its order at once, and its figures at the next refresh
    let c4 = take(
        store,
        &f,
        c4,
        &[(Step::RequestTransfer, "2024-12-02", Some(f.gongyuan.id))],
    )
    .await;
    let c4 = take(store, &f, c4, &[(Step::AcceptTransfer, "2024-12-03", None)]).await;
    assert_eq!(c4.unit_id, f.gongyuan.id);
    let c1 = take(store, &f, c1, &[(Step::ReportIn, "2024-12-05", None)]).await;
    let _ = (c1, c3, c5, c6);
    let later = now + TimeDelta::seconds(61);
    let d = current(store, &ds, later, today).await.expect("district");
    assert_eq!(d.refreshed_at, Some(later));
    let names: Vec<&str> = d.rows.iter().map(|r| r.unit_name.as_str()).collect();
    assert_eq!(names, ["交通街道", "公园街道"], "达拉特旗 never appears");
    assert_matches_brute_force(store, &f, &d, &cases, &units).await;
    let gongyuan = &d.rows[1];
    assert_eq!(
        gongyuan.state_count(CaseState::Notified),
        1,
        "c4 awaits report-in"
    );
    assert_eq!(gongyuan.open_orders(), 2);
    assert_eq!(
        gongyuan.due(DueFigure::ReportOverdue),
        1,
        "N11: due 2024-12-18"
    );
    assert_eq!(d.total.open_orders(), 6);

    // a township sees its communities; the city sees both districts
    let d = current(store, &jt, later, today).await.expect("township");
    assert_eq!(d.rows.len(), 1);
    assert_eq!(d.rows[0].unit_id, Some(f.community_a.id));
    assert_matches_brute_force(store, &f, &d, &cases, &units).await;
    let d = current(store, &city, later, today).await.expect("city");
    assert_matches_brute_force(store, &f, &d, &cases, &units).await;
    assert_eq!(d.total.open_orders(), 8);

    // the queue page's tabs: counted together, as each queue counts alone (the
    // state-only ones come from the trigger-kept counts; a scope of several units
    // reads the others from today's snapshot, one unit counts them now)
    let mut kinds: Vec<QueueKind> = QueueKind::ALL.to_vec();
    kinds.extend(CaseState::ALL.iter().map(|s| QueueKind::InState(*s)));
    let community = Fixture::scope_of(&f.community_a);
    let taken = d.refreshed_at;
    assert!(taken.is_some(), "the city's dashboard took a snapshot");
    for (scope, as_of) in [
        (&city, taken),
        (&ds, taken),
        (&jt, taken),
        (&community, None),
    ] {
        let together = store
            .queue_counts(scope, &kinds, today)
            .await
            .expect("counts");
        let mut alone = Vec::new();
        for kind in &kinds {
            alone.push(store.queue_count(scope, *kind, today).await.expect("count"));
        }
        assert_eq!(together.counts, alone, "{}", scope.path());
        assert_eq!(together.as_of, as_of, "{}", scope.path());
        assert!(together.counts.iter().any(|n| *n > 0), "something to count");
    }
    // without a snapshot of the day, every scope is counted now
    let next_day = today.succ_opt().expect("day");
    let counted = store
        .queue_counts(&city, &kinds, next_day)
        .await
        .expect("counts");
    assert_eq!(counted.as_of, None);
    let mut alone = Vec::new();
    for kind in &kinds {
        alone.push(
            store
                .queue_count(&city, *kind, next_day)
                .await
                .expect("count"),
        );
    }
    assert_eq!(counted.counts, alone);

    // a new day makes the snapshot stale at once
    let tomorrow = today.succ_opt().expect("day");
    assert!(!d.is_fresh(later, tomorrow));
    assert!(
        store
            .refresh_dashboard(later, tomorrow, TimeDelta::seconds(60))
            .await
            .expect("refresh")
    );
}
