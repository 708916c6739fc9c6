use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::calendar::HolidayCalendar;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

fn p(code: &str) -> ReportPeriod {
    ReportPeriod::parse(code).expect("a test period")
}

#[test]
fn periods_read_and_write_their_codes() {
    assert_eq!(p("2026-11").code(), "2026-11");
    assert_eq!(p("2026-q4").code(), "2026-Q4");
    assert_eq!(p("2026").code(), "2026");
    assert_eq!(p("2026-Q4").label_zh(), "2026年第4季度");
    assert_eq!(p("2026-02").label_zh(), "2026年2月");
    for bad in [
        "",
        "26",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2026-1",
        "20261",
        "x026",
        "2026-",
        "2026-11-01",
        "１２３４",
    ] {
        assert_eq!(ReportPeriod::parse(bad), None, "{bad}");
    }
}

#[test]
fn periods_have_their_calendar_days() {
    assert_eq!(p("2028-02").range().to, d("2028-02-29"));
    assert_eq!(p("2026-Q4").range().from, d("2026-10-01"));
    assert_eq!(p("2026-Q4").range().to, d("2026-12-31"));
    assert_eq!(p("2026").range().to, d("2026-12-31"));
    assert_eq!(p("2026-01").previous(), p("2025-12"));
    assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
    assert_eq!(p("2026").previous(), p("2025"));
    assert_eq!(p("2026-03").year_before(), p("2025-03"));
    assert_eq!(
        ReportPeriod::containing(PeriodKind::Quarter, d("2026-08-31")),
        p("2026-Q3")
    );
}

#[test]
fn a_period_closes_after_its_last_day_and_counts_to_it() {
    let nov = p("2026-11");
    assert!(!nov.is_closed_on(d("2026-11-30")));
    assert!(nov.is_closed_on(d("2026-12-01")));
    assert_eq!(nov.as_of(d("2026-11-15")), d("2026-11-15"));
    assert_eq!(nov.as_of(d("2027-01-15")), d("2026-11-30"));
}

#[test]
fn the_count_freezes_a_year_of_closed_periods_and_counts_the_open_ones() {
    let periods = periods_to_count(d("2026-12-07"));
    assert!(periods.contains(&p("2026-12")));
    assert!(periods.contains(&p("2025-11")), "year before last month");
    assert!(periods.contains(&p("2026-Q4")));
    assert!(periods.contains(&p("2025-Q3")));
    assert!(periods.contains(&p("2024")));
    assert_eq!(periods.len(), 13 + 1 + 5 + 1 + 2 + 1);
}

fn order() -> OrderFacts {
    OrderFacts {
        measure: Measure::CommunityDetox,
        state: CaseState::Executing,
        decided_on: d("2026-10-20"),
        served_on: Some(d("2026-10-22")),
        notified_on: Some(d("2026-10-23")),
        reported_on: Some(d("2026-11-03")),
        closed_on: None,
        absconded: false,
        positive_in_period: false,
        relapse_since: false,
    }
}

fn count(o: &OrderFacts, period: &str, as_of: &str) -> Figures {
    let mut f = [0; Figure::COUNT];
    count_order(
        HolidayCalendar::embedded(),
        &mut f,
        o,
        &p(period).range(),
        d(as_of),
    );
    f
}

#[test]
fn a_person_who_reported_in_time_counts_in_every_rate_of_the_month() {
    let f = count(&order(), "2026-11", "2026-11-30");
    for (fig, n) in [
        (Figure::ReportInNum, 1),
        (Figure::ReportInDen, 1),
        (Figure::ExecutionNum, 1),
        (Figure::ExecutionDen, 1),
        (Figure::ControlNum, 1),
        (Figure::ControlDen, 1),
        (Figure::RelapseDen, 1),
        (Figure::RelapseNum, 0),
        (Figure::ConsolidationDen, 0),
        (Figure::UnderDetox, 1),
        (Figure::UnderRehab, 0),
        (Figure::Executing, 1),
        (Figure::NewOrders, 0),
    ] {
        assert_eq!(f[fig.index()], n, "{fig:?}");
    }
    // decided in October: a new order of October, and its deadline is not October's
    let oct = count(&order(), "2026-10", "2026-10-31");
    assert_eq!(oct[Figure::NewOrders.index()], 1);
    assert_eq!(oct[Figure::ReportInDen.index()], 0);
    assert_eq!(oct[Figure::ExecutionDen.index()], 1, "served by 10-31");
    assert_eq!(oct[Figure::ExecutionNum.index()], 0, "not yet reported");
}

#[test]
fn a_late_report_in_is_overdue_first_and_outside_the_report_in_numerator() {
    let late = OrderFacts {
        reported_on: Some(d("2026-11-20")),
        ..order()
    };
    let mid = count(&late, "2026-11", "2026-11-10");
    assert_eq!(mid[Figure::ReportOverdue.index()], 1);
    assert_eq!(mid[Figure::ControlNum.index()], 0);
    assert_eq!(mid[Figure::ControlDen.index()], 1);
    let end = count(&late, "2026-11", "2026-11-30");
    assert_eq!(end[Figure::ReportOverdue.index()], 0);
    assert_eq!(end[Figure::ReportInDen.index()], 1);
    assert_eq!(end[Figure::ReportInNum.index()], 0);
}

#[test]
fn an_absconded_person_is_outside_execution_and_control() {
    let gone = OrderFacts {
        absconded: true,
        ..order()
    };
    let f = count(&gone, "2026-12", "2026-12-31");
    assert_eq!(f[Figure::Absconded.index()], 1);
    assert_eq!(f[Figure::Executing.index()], 0);
    assert_eq!(
        (
            f[Figure::ExecutionNum.index()],
            f[Figure::ExecutionDen.index()]
        ),
        (0, 1)
    );
    assert_eq!(
        (f[Figure::ControlNum.index()], f[Figure::ControlDen.index()]),
        (0, 1)
    );
}

#[test]
fn an_order_ended_in_the_period_counts_by_its_outcome_and_consolidates_three_years_on() {
    let ended = OrderFacts {
        state: CaseState::Expired,
        decided_on: d("2023-04-01"),
        reported_on: Some(d("2023-04-10")),
        closed_on: Some(d("2026-04-10")),
        ..order()
    };
    let april = count(&ended, "2026-04", "2026-04-30");
    assert_eq!(april[Figure::EndedExpired.index()], 1);
    assert_eq!(april[Figure::UnderDetox.index()], 0);
    assert_eq!(april[Figure::RelapseDen.index()], 1, "ran part of April");
    assert_eq!(april[Figure::ConsolidationDen.index()], 0);
    let later = count(&ended, "2029-04", "2029-04-30");
    assert_eq!(later[Figure::ConsolidationDen.index()], 1);
    assert_eq!(later[Figure::ConsolidationNum.index()], 1);
    let relapsed = OrderFacts {
        relapse_since: true,
        ..ended
    };
    let f = count(&relapsed, "2029-04", "2029-04-30");
    assert_eq!(
        (
            f[Figure::ConsolidationNum.index()],
            f[Figure::ConsolidationDen.index()]
        ),
        (0, 1)
    );
    let terminated = OrderFacts {
        state: CaseState::Terminated,
        ..ended
    };
    let f = count(&terminated, "2029-04", "2029-04-30");
    assert_eq!(
        f[Figure::ConsolidationDen.index()],
        0,
        "终止 is not consolidated"
    );
}

#[test]
fn an_order_decided_after_the_reference_day_counts_nowhere() {
    let f = count(&order(), "2026-10", "2026-10-19");
    assert_eq!(f, [0; Figure::COUNT]);
}

fn arb_order() -> impl Strategy<Value = (OrderFacts, i64)> {
    let day = |lo: i64| (lo..lo + 1500).prop_map(|n| d("2024-01-01") + Duration::days(n));
    (
        day(0),
        proptest::option::of(0i64..30),
        proptest::option::of(0i64..40),
        proptest::option::of(0i64..1400),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![
            Just(CaseState::Executing),
            Just(CaseState::Expired),
            Just(CaseState::Terminated),
            Just(CaseState::CompulsoryIsolation)
        ],
        0i64..2000,
    )
        .prop_map(
            |(decided, served, reported, closed, absconded, positive, relapse, state, at)| {
                let served_on = served.map(|n| decided + Duration::days(n));
                let notified_on = served_on.map(|s| s + Duration::days(1));
                let reported_on = reported.and_then(|n| served_on.map(|s| s + Duration::days(n)));
                let closed_on = closed.map(|n| decided + Duration::days(n + 30));
                (
                    OrderFacts {
                        measure: Measure::CommunityRehab,
                        state,
                        decided_on: decided,
                        served_on,
                        notified_on,
                        reported_on,
                        closed_on,
                        absconded,
                        positive_in_period: positive,
                        relapse_since: relapse,
                    },
                    at,
                )
            },
        )
}

proptest! {
    #[test]
    fn numerators_never_exceed_denominators((o, at) in arb_order(), kind in 0usize..3) {
        let as_of = d("2024-01-01") + Duration::days(at);
        let period = ReportPeriod::containing(PeriodKind::ALL[kind], as_of);
        let mut f = [0; Figure::COUNT];
        count_order(HolidayCalendar::embedded(), &mut f, &o, &period.range(), as_of);
        for (num, den) in [
            (Figure::ReportInNum, Figure::ReportInDen),
            (Figure::ExecutionNum, Figure::ExecutionDen),
            (Figure::ControlNum, Figure::ControlDen),
            (Figure::ConsolidationNum, Figure::ConsolidationDen),
            (Figure::RelapseNum, Figure::RelapseDen),
        ] {
            prop_assert!(f[num.index()] <= f[den.index()], "{:?}", num);
        }
        // an order runs under one measure and is executing, absconded or neither
        prop_assert!(f[Figure::UnderDetox.index()] + f[Figure::UnderRehab.index()] <= 1);
        prop_assert!(f[Figure::Executing.index()] + f[Figure::Absconded.index()] <= 1);
        prop_assert_eq!(f[Figure::ControlDen.index()], f[Figure::UnderRehab.index()]);
    }

    #[test]
    fn periods_tile_the_calendar(at in 0i64..40_000, kind in 0usize..3) {
        let day = d("1991-01-01") + Duration::days(at);
        let period = ReportPeriod::containing(PeriodKind::ALL[kind], day);
        prop_assert!(period.range().contains(day));
        prop_assert_eq!(period.next().first_day(), period.last_day() + Duration::days(1));
        prop_assert_eq!(period.previous().next(), period);
        prop_assert_eq!(ReportPeriod::parse(&period.code()), Some(period));
    }
}
