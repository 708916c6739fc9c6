use super::*;
use crate::breach::{BreachLevel, assess_breach};
use crate::measure::Measure;
use crate::schedule::schedule;
use crate::schedule::test_calendar::TestCalendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn j1() -> Vec<PlannedWindow> {
    let cal = TestCalendar::china();
    schedule(&cal, Measure::CommunityDetox, d(2024, 10, 8), None, &[], 1)
        .expect("s")
        .windows
}

fn ev(date: NaiveDate, outcome: TestOutcome) -> TestEvent {
    TestEvent { date, outcome }
}

/// A window with a chosen planned date.
fn win(index: u32, start: NaiveDate, end: NaiveDate, planned: NaiveDate) -> PlannedWindow {
    PlannedWindow {
        index,
        start,
        end,
        planned,
        provisional: false,
    }
}

#[test]
fn on_report_in_day_only_the_first_window_is_required_and_open() {
    let w = j1();
    let c = assess_compliance(&w, &[], d(2024, 10, 8));
    assert_eq!(c.windows[0].state, WindowState::Open);
    assert!(
        c.windows[1..]
            .iter()
            .all(|s| s.state == WindowState::Upcoming)
    );
    assert_eq!(c.summary.required, 1);
    assert_eq!(c.summary.next_due, Some(w[0]));
    assert!(
        !c.summary.overdue,
        "the planned date cannot lie before report-in"
    );
}

#[test]
fn j2_two_refusals_and_an_evasion_miss_three_windows_and_make_a_serious_breach() {
    let w = j1();
    let in_window = |k: usize| w[k - 1].start.succ_opt().expect("date");
    let events = [
        ev(in_window(1), TestOutcome::Negative),
        ev(in_window(2), TestOutcome::Negative),
        ev(in_window(3), TestOutcome::Refused),
        ev(in_window(4), TestOutcome::Negative),
        ev(in_window(5), TestOutcome::Evaded),
        ev(in_window(6), TestOutcome::Negative),
        ev(in_window(7), TestOutcome::Refused),
    ];
    let today = w[7].start; // window 8 opens
    let c = assess_compliance(&w, &events, today);
    let states: Vec<_> = c.windows[..8].iter().map(|s| s.state).collect();
    use WindowState::*;
    assert_eq!(
        states,
        [Done, Done, Missed, Done, Missed, Done, Missed, Open]
    );
    assert_eq!(c.windows[2].refused_or_evaded, 1);
    assert_eq!(c.summary.required, 8);
    assert_eq!(c.summary.done, 4);
    assert_eq!(c.summary.missed, 3);
    assert_eq!(c.summary.refused_or_evaded, 3);
    assert_eq!(c.summary.next_due.map(|n| n.index), Some(8));
    assert_eq!(
        assess_breach(c.summary.refused_or_evaded, &[]).level,
        BreachLevel::Serious
    );
    // After the first one only, a warning (告诫).
    let first = compliance_summary(&w, &events, w[3].start);
    assert_eq!(first.refused_or_evaded, 1);
    assert_eq!(
        assess_breach(first.refused_or_evaded, &[]).level,
        BreachLevel::Warning
    );
}

#[test]
fn n9_a_window_with_only_a_refusal_is_shown_refused_not_missed() {
    let w = j1();
    let in_window = |k: usize| w[k - 1].start.succ_opt().expect("date");
    let events = [
        ev(in_window(1), TestOutcome::Negative),
        ev(in_window(2), TestOutcome::Refused),
        ev(in_window(4), TestOutcome::Evaded),
    ];
    let c = assess_compliance(&w, &events, w[4].start.succ_opt().expect("date"));
    let refused: Vec<bool> = c.windows[..5].iter().map(WindowStatus::refused).collect();
    assert_eq!(refused, [false, true, false, true, false]);
    // window 3 nobody tested: 漏检; windows 2 and 4: 拒检, counted for N9
    assert_eq!((c.missed_not_refused(), c.refused_windows()), (1, 2));
    assert_eq!(c.summary.refused_or_evaded, 2);
    // the open window 5 with a refusal so far shows 拒检 too
    let open = assess_compliance(&w, &[ev(in_window(5), TestOutcome::Refused)], in_window(5));
    assert!(open.windows[4].refused());
}

#[test]
fn a_surprise_test_satisfies_the_window_and_a_refusal_does_not() {
    let w = [win(1, d(2025, 1, 1), d(2025, 1, 31), d(2025, 1, 20))];
    let today = d(2025, 2, 1);
    let surprise = compliance_summary(&w, &[ev(d(2025, 1, 3), TestOutcome::Negative)], today);
    assert_eq!((surprise.done, surprise.missed), (1, 0));
    let refused = compliance_summary(&w, &[ev(d(2025, 1, 20), TestOutcome::Refused)], today);
    assert_eq!(
        (refused.done, refused.missed, refused.refused_or_evaded),
        (0, 1, 1)
    );
    // Refused, then tested with the forced test (N20) later in the window: done.
    let both = [
        ev(d(2025, 1, 20), TestOutcome::Refused),
        ev(d(2025, 1, 21), TestOutcome::Positive),
    ];
    let c = assess_compliance(&w, &both, today);
    assert_eq!(c.windows[0].state, WindowState::Done);
    assert_eq!(c.windows[0].refused_or_evaded, 1);
    assert_eq!(c.summary.positives, 1);
}

#[test]
fn a_window_is_open_on_its_last_day_and_missed_the_day_after() {
    let w = [
        win(1, d(2025, 1, 1), d(2025, 1, 31), d(2025, 1, 20)),
        win(2, d(2025, 2, 1), d(2025, 2, 28), d(2025, 2, 10)),
    ];
    let last = assess_compliance(&w, &[], d(2025, 1, 31));
    assert_eq!(last.windows[0].state, WindowState::Open);
    assert!(last.summary.overdue);
    assert_eq!(last.summary.next_due, Some(w[0]));
    let after = assess_compliance(&w, &[], d(2025, 2, 1));
    assert_eq!(after.windows[0].state, WindowState::Missed);
    assert_eq!(after.summary.missed, 1);
    assert_eq!(after.summary.next_due, Some(w[1]));
    assert!(!after.summary.overdue);
}

#[test]
fn overdue_starts_the_day_after_the_planned_date() {
    let w = [win(1, d(2025, 1, 1), d(2025, 1, 31), d(2025, 1, 20))];
    assert!(!compliance_summary(&w, &[], d(2025, 1, 20)).overdue);
    assert!(compliance_summary(&w, &[], d(2025, 1, 21)).overdue);
    let tested = [ev(d(2025, 1, 21), TestOutcome::Negative)];
    let s = compliance_summary(&w, &tested, d(2025, 1, 21));
    assert!(!s.overdue);
    assert_eq!(s.next_due, None, "the only window is done");
}

#[test]
fn events_after_the_reference_date_or_outside_the_windows_are_ignored() {
    let w = [win(1, d(2025, 1, 1), d(2025, 1, 31), d(2025, 1, 20))];
    let events = [
        ev(d(2025, 1, 25), TestOutcome::Negative),
        ev(d(2024, 12, 31), TestOutcome::Refused),
        ev(d(2025, 2, 1), TestOutcome::Refused),
    ];
    let as_of_24th = compliance_summary(&w, &events, d(2025, 1, 24));
    assert_eq!((as_of_24th.done, as_of_24th.refused_or_evaded), (0, 0));
    let later = compliance_summary(&w, &events, d(2025, 3, 1));
    assert_eq!((later.done, later.refused_or_evaded), (1, 0));
}

#[test]
fn event_order_does_not_matter_and_summary_matches_the_full_assessment() {
    let w = j1();
    let mut events: Vec<_> = w
        .iter()
        .step_by(2)
        .map(|w| ev(w.planned, TestOutcome::Negative))
        .chain([ev(w[5].start, TestOutcome::Evaded)])
        .collect();
    let today = d(2026, 5, 1);
    let forward = assess_compliance(&w, &events, today);
    events.reverse();
    let backward = assess_compliance(&w, &events, today);
    assert_eq!(forward, backward);
    assert_eq!(forward.summary, compliance_summary(&w, &events, today));
    assert_eq!(
        forward.summary.done + forward.summary.missed + 1,
        forward.summary.required
    );
}

#[test]
fn more_than_64_windows_are_handled() {
    let start = d(2025, 1, 1);
    let w: Vec<_> = (0..150u32)
        .map(|i| {
            let day = start + chrono::Days::new(u64::from(i));
            win(i + 1, day, day, day)
        })
        .collect();
    let events: Vec<_> = w
        .iter()
        .step_by(3)
        .map(|w| ev(w.start, TestOutcome::Negative))
        .collect();
    let s = compliance_summary(&w, &events, d(2026, 1, 1));
    assert_eq!((s.required, s.done, s.missed), (150, 50, 100));
}

#[test]
fn empty_inputs_give_an_empty_summary() {
    assert_eq!(
        compliance_summary(&[], &[], d(2025, 1, 1)),
        ComplianceSummary::default()
    );
}

mod props {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;

    fn outcome() -> impl Strategy<Value = TestOutcome> {
        prop_oneof![
            Just(TestOutcome::Negative),
            Just(TestOutcome::Positive),
            Just(TestOutcome::Refused),
            Just(TestOutcome::Evaded),
        ]
    }

    proptest! {
        #[test]
        fn summary_is_consistent_and_independent_of_event_order(
            raw in prop::collection::vec((0u64..1200, outcome()), 0..40),
            today_offset in 0u64..1300,
        ) {
            let w = j1();
            let start = d(2024, 9, 1);
            let mut events: Vec<_> = raw.iter().map(|&(o, out)| ev(start + Days::new(o), out)).collect();
            let today = start + Days::new(today_offset);
            let c = assess_compliance(&w, &events, today);
            events.sort_by_key(|e| e.date);
            prop_assert_eq!(&c, &assess_compliance(&w, &events, today));
            prop_assert_eq!(c.summary, compliance_summary(&w, &events, today));
            let s = c.summary;
            let open = c.windows.iter().filter(|s| s.state == WindowState::Open).count() as u32;
            prop_assert!(open <= 1);
            prop_assert_eq!(s.required, s.done + s.missed + open);
            // Every refusal or evasion dated inside the term and on or before today counts.
            let counted = events
                .iter()
                .filter(|e| e.outcome.counts_toward_breach() && e.date <= today)
                .filter(|e| w[0].start <= e.date && e.date <= w[w.len() - 1].end)
                .count() as u32;
            prop_assert_eq!(s.refused_or_evaded, counted);
            // A missed window has no test with a result; a done one has at least one.
            for st in &c.windows {
                match st.state {
                    WindowState::Done => prop_assert!(st.tests > 0),
                    WindowState::Missed => prop_assert!(st.tests == 0 && st.end < today),
                    WindowState::Open => prop_assert!(st.start <= today && today <= st.end),
                    WindowState::Upcoming => prop_assert!(st.start > today),
                }
            }
        }
    }
}
