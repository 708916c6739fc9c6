use chrono::Days;
use proptest::prelude::*;

use super::*;
use crate::calendar::HolidayCalendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

#[test]
fn n3_the_deadline_day_is_in_time_the_next_day_is_overdue() {
    let deadline = d(2024, 10, 23);
    assert!(!flag_holds(
        cal(),
        SweepFlag::ReportInOverdue,
        CaseState::Notified,
        deadline,
        deadline
    ));
    assert!(flag_holds(
        cal(),
        SweepFlag::ReportInOverdue,
        CaseState::Notified,
        deadline,
        d(2024, 10, 24)
    ));
    // reported in: no flag, whatever the date
    assert!(!flag_holds(
        cal(),
        SweepFlag::ReportInOverdue,
        CaseState::Reported,
        deadline,
        d(2025, 1, 1)
    ));
    assert_eq!(n3_report_in_overdue_cutoff(d(2024, 10, 24)), deadline);
}

#[test]
fn n12_the_term_runs_out_after_its_last_day() {
    let last = d(2027, 10, 7);
    assert!(!flag_holds(
        cal(),
        SweepFlag::TermEnded,
        CaseState::Executing,
        last,
        last
    ));
    assert!(flag_holds(
        cal(),
        SweepFlag::TermEnded,
        CaseState::Executing,
        last,
        d(2027, 10, 8)
    ));
    // a suspended term does not run out: the end moves on resumption
    assert!(!flag_holds(
        cal(),
        SweepFlag::TermEnded,
        CaseState::Suspended,
        last,
        d(2028, 1, 1)
    ));
    assert!(!flag_holds(
        cal(),
        SweepFlag::TermEnded,
        CaseState::Expired,
        last,
        d(2028, 1, 1)
    ));
}

#[test]
fn d4_missed_void_or_not_yet() {
    let end = d(2024, 11, 7);
    let today = d(2024, 11, 8);
    let v = |done, state, closed| d4_window_verdict(end, done, state, closed, today);
    assert_eq!(v(false, CaseState::Executing, None), Some(true));
    assert_eq!(v(true, CaseState::Executing, None), None);
    assert_eq!(v(false, CaseState::Suspended, None), None);
    // closed on the window's last day: not owed
    assert_eq!(v(false, CaseState::Terminated, Some(end)), Some(false));
    // closed after the window ended: it was owed and missed
    assert_eq!(
        v(false, CaseState::Expired, Some(d(2024, 11, 8))),
        Some(true)
    );
    // still open on its last day
    assert_eq!(
        d4_window_verdict(end, false, CaseState::Executing, None, end),
        None
    );
}

#[test]
fn case2_acknowledgement_takes_seven_working_days_over_national_day() {
    // sent on Monday 2024-09-30; 10-01..10-07 are the National Day holiday and
    // 10-12 (Saturday) is a make-up working day: 10-08, 09, 10, 11, 12, 14, 15
    let sent = d(2024, 9, 30);
    assert_eq!(case2_handover_ack_deadline(cal(), sent), d(2024, 10, 15));
    assert!(!case2_handover_unacknowledged(cal(), sent, d(2024, 10, 15)));
    assert!(case2_handover_unacknowledged(cal(), sent, d(2024, 10, 16)));
    // sent on the last holiday day, 10-07, the deadline is the same
    assert_eq!(
        case2_handover_ack_deadline(cal(), d(2024, 10, 7)),
        d(2024, 10, 15)
    );
    assert_eq!(
        case2_handover_unacknowledged_cutoff(cal(), d(2024, 10, 16)),
        Some(d(2024, 10, 7))
    );
}

#[test]
fn flag_codes_round_trip() {
    for f in SweepFlag::ALL {
        assert_eq!(SweepFlag::parse(f.code()), Some(f));
        assert!(!f.label_zh().is_empty());
    }
    assert_eq!(SweepFlag::parse("nope"), None);
}

#[test]
fn a_missed_window_is_not_a_refusal() {
    use crate::breach::{BreachLevel, assess_breach};
    // N9 counts refused or evaded tests only; missed windows never reach it
    assert_eq!(assess_breach(0, &[]).level, BreachLevel::None);
}

fn dates() -> impl Strategy<Value = NaiveDate> {
    (0u64..3000).prop_map(|n| d(2018, 1, 1) + Days::new(n))
}

proptest! {
    #[test]
    fn cutoffs_split_exactly_as_the_row_rules(date in dates(), today in dates()) {
        let c = SweepCutoffs::on(cal(), today);
        prop_assert_eq!(date <= c.report_in_overdue, report_in_overdue(date, today));
        prop_assert_eq!(date <= c.notification_overdue, report_in_overdue(date, today));
        prop_assert_eq!(date <= c.term_ended, report_in_overdue(date, today));
        prop_assert_eq!(
            date <= c.window_closed,
            d4_window_verdict(date, false, CaseState::Executing, None, today).is_some()
        );
    }

    #[test]
    fn the_handover_cutoff_splits_exactly_as_the_row_rule(sent in dates(), today in dates()) {
        let cutoff = case2_handover_unacknowledged_cutoff(cal(), today);
        let by_cutoff = cutoff.is_some_and(|c| sent <= c);
        prop_assert_eq!(by_cutoff, case2_handover_unacknowledged(cal(), sent, today));
    }

    #[test]
    fn a_verdict_comes_only_after_the_window_closed(
        end in dates(), today in dates(), done in any::<bool>(), closed in proptest::option::of(dates())
    ) {
        let v = d4_window_verdict(end, done, CaseState::Executing, closed, today);
        if v.is_some() {
            prop_assert!(end < today && !done);
        }
        if v == Some(true) {
            prop_assert!(closed.is_none_or(|c| c > end));
        }
    }
}
