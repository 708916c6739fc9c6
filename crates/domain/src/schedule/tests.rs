use chrono::{Datelike, NaiveDate, Weekday};

use super::test_calendar::TestCalendar;
use super::*;
use crate::calendar::WorkCalendar;

mod props;
mod real_calendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn span(w: &TestWindow) -> (NaiveDate, NaiveDate) {
    (w.start, w.end)
}

fn detox(report_in: NaiveDate, sus: &[Suspension]) -> Vec<TestWindow> {
    test_windows(Measure::CommunityDetox, report_in, None, sus).expect("windows")
}

#[test]
fn j1_detox_has_22_windows_monthly_then_two_then_three_monthly() {
    let w = detox(d(2024, 10, 8), &[]);
    assert_eq!(w.len(), 22);
    assert_eq!(span(&w[0]), (d(2024, 10, 8), d(2024, 11, 7)));
    assert_eq!(span(&w[11]), (d(2025, 9, 8), d(2025, 10, 7)));
    assert_eq!(span(&w[12]), (d(2025, 10, 8), d(2025, 12, 7)));
    assert_eq!(span(&w[17]), (d(2026, 8, 8), d(2026, 10, 7)));
    assert_eq!(span(&w[18]), (d(2026, 10, 8), d(2027, 1, 7)));
    assert_eq!(span(&w[21]), (d(2027, 7, 8), d(2027, 10, 7)));
    assert_eq!(
        w.iter().map(|w| w.index).collect::<Vec<_>>(),
        (1..=22).collect::<Vec<_>>()
    );
}

#[test]
fn j4_detention_lengthens_window_5_and_moves_the_rest_by_15_days() {
    let plain = detox(d(2024, 10, 8), &[]);
    let sus = [Suspension {
        from: d(2025, 3, 1),
        to: d(2025, 3, 15),
    }];
    let w = detox(d(2024, 10, 8), &sus);
    assert_eq!(w[..4], plain[..4]);
    // Window 5 (2025-02-08..03-07) contains 03-01: it grows by 15 days.
    assert_eq!(span(&w[4]), (d(2025, 2, 8), d(2025, 3, 22)));
    assert_eq!(span(&w[5]), (d(2025, 3, 23), d(2025, 4, 22)));
    assert_eq!(w[21].end, d(2027, 10, 22));
    let cal = TestCalendar::china();
    let s = schedule(&cal, Measure::CommunityDetox, d(2024, 10, 8), None, &sus, 7).expect("s");
    assert_eq!(s.term_end, d(2027, 10, 22));
}

#[test]
fn j6_two_year_rehab_has_12_two_month_windows() {
    let w = test_windows(Measure::CommunityRehab, d(2025, 6, 16), Some(2), &[]).expect("w");
    assert_eq!(w.len(), 12);
    assert_eq!(span(&w[0]), (d(2025, 6, 16), d(2025, 8, 15)));
    assert_eq!(span(&w[11]), (d(2027, 4, 16), d(2027, 6, 15)));
}

#[test]
fn three_year_rehab_has_6_two_4_three_and_2_six_month_windows() {
    let w = test_windows(Measure::CommunityRehab, d(2025, 6, 16), Some(3), &[]).expect("w");
    assert_eq!(w.len(), 12);
    assert_eq!(span(&w[5]), (d(2026, 4, 16), d(2026, 6, 15)));
    assert_eq!(span(&w[6]), (d(2026, 6, 16), d(2026, 9, 15)));
    assert_eq!(span(&w[10]), (d(2027, 6, 16), d(2027, 12, 15)));
    assert_eq!(span(&w[11]), (d(2027, 12, 16), d(2028, 6, 15)));
}

#[test]
fn one_year_rehab_has_6_windows() {
    let w = test_windows(Measure::CommunityRehab, d(2025, 3, 1), Some(1), &[]).expect("w");
    assert_eq!(w.len(), 6);
    assert_eq!(w[5].end, d(2026, 2, 28));
}

#[test]
fn windows_from_january_31_are_counted_from_report_in_and_clamped() {
    let w = detox(d(2025, 1, 31), &[]);
    assert_eq!(span(&w[0]), (d(2025, 1, 31), d(2025, 2, 27)));
    assert_eq!(span(&w[1]), (d(2025, 2, 28), d(2025, 3, 30)));
    // Not chained from Feb 28: report-in + 2 months is Mar 31.
    assert_eq!(span(&w[2]), (d(2025, 3, 31), d(2025, 4, 29)));
    assert_eq!(span(&w[3]), (d(2025, 4, 30), d(2025, 5, 30)));
    // In a leap year the clamp lands on Feb 29.
    let w = detox(d(2024, 1, 31), &[]);
    assert_eq!(span(&w[0]), (d(2024, 1, 31), d(2024, 2, 28)));
    assert_eq!(w[1].start, d(2024, 2, 29));
}

#[test]
fn leap_day_report_in_tiles_to_the_term_end() {
    let w = detox(d(2024, 2, 29), &[]);
    assert_eq!(span(&w[0]), (d(2024, 2, 29), d(2024, 3, 28)));
    assert_eq!(w[11].start, d(2025, 1, 29));
    assert_eq!(w[12].start, d(2025, 2, 28));
    assert_eq!(w[21].end, d(2027, 2, 27));
}

#[test]
fn invalid_inputs_give_the_term_error() {
    let e = test_windows(Measure::CommunityRehab, d(2025, 1, 1), Some(4), &[]);
    assert_eq!(e, Err(TermError::RehabYearsOutOfRange(4)));
}

fn plan_one(cal: &TestCalendar, start: NaiveDate, end: NaiveDate, seed: u64) -> PlannedWindow {
    let w = TestWindow {
        index: 1,
        start,
        end,
    };
    plan_tests(cal, &[w], seed)[0]
}

#[test]
fn victory_day_2015_leaves_only_the_sunday_make_up_day() {
    // 2015-09-03..05 were rest days (Thu–Sat); Sunday 09-06 was a working day.
    let cal = TestCalendar::china();
    for seed in 0..200 {
        let p = plan_one(&cal, d(2015, 9, 3), d(2015, 9, 6), seed);
        assert_eq!(p.planned, d(2015, 9, 6));
        assert!(!p.provisional);
    }
}

#[test]
fn spring_festival_2020_extension_to_february_2_is_respected() {
    // 01-24..02-02 off (02-01, once a make-up Saturday, became a rest day); 01-19 worked.
    let cal = TestCalendar::china();
    for seed in 0..200 {
        let p = plan_one(&cal, d(2020, 1, 24), d(2020, 2, 3), seed);
        assert_eq!(p.planned, d(2020, 2, 3));
        let p = plan_one(&cal, d(2020, 1, 18), d(2020, 1, 19), seed);
        assert_eq!(p.planned, d(2020, 1, 19));
    }
}

#[test]
fn national_day_window_never_plans_a_holiday_and_can_plan_a_make_up_saturday() {
    let cal = TestCalendar::china();
    let mut saw_saturday = false;
    for seed in 0..2000 {
        let p = plan_one(&cal, d(2024, 9, 29), d(2024, 10, 12), seed);
        assert_eq!(cal.is_workday(p.planned), Ok(true), "{p:?}");
        assert!(!(d(2024, 10, 1)..=d(2024, 10, 7)).contains(&p.planned));
        saw_saturday |= p.planned == d(2024, 10, 12);
    }
    assert!(
        saw_saturday,
        "the make-up Saturday is one of the 7 working days"
    );
}

#[test]
fn planned_dates_are_uniform_over_working_days() {
    // 2025-10-01..10-12 has working days 10-09, 10-10 and 10-11 (make-up Saturday).
    let cal = TestCalendar::china();
    let mut counts = [0u32; 3];
    for seed in 0..3000 {
        let p = plan_one(&cal, d(2025, 10, 1), d(2025, 10, 12), seed);
        let i = (p.planned - d(2025, 10, 9)).num_days();
        counts[usize::try_from(i).expect("a working day")] += 1;
    }
    for c in counts {
        assert!((850..1150).contains(&c), "{counts:?}");
    }
}

#[test]
fn a_year_without_calendar_data_gives_provisional_weekday_dates() {
    let cal = TestCalendar::china();
    let p = plan_one(&cal, d(2027, 1, 1), d(2027, 3, 31), 42);
    assert!(p.provisional);
    assert!(!matches!(p.planned.weekday(), Weekday::Sat | Weekday::Sun));
    // Touching 2027 by one day is enough.
    assert!(plan_one(&cal, d(2026, 12, 1), d(2027, 1, 1), 42).provisional);
    assert!(!plan_one(&cal, d(2026, 12, 1), d(2026, 12, 31), 42).provisional);
}

#[test]
fn provisional_dates_are_redrawn_by_the_same_call_once_the_year_is_known() {
    let window = TestWindow {
        index: 3,
        start: d(2027, 1, 20),
        end: d(2027, 2, 19),
    };
    let before = plan_tests(&TestCalendar::weekdays(vec![2026]), &[window], 9)[0];
    assert!(before.provisional);
    let after = plan_tests(&TestCalendar::weekdays(vec![2026, 2027]), &[window], 9)[0];
    assert!(!after.provisional);
    // Same workdays (Mon–Fri both times), same seed and index: same date.
    assert_eq!(before.planned, after.planned);
    // A calendar that rests that day moves it to another working day.
    let cal = TestCalendar::china().know(2027).rest(before.planned);
    let redrawn = plan_tests(&cal, &[window], 9)[0];
    assert!(!redrawn.provisional);
    assert_ne!(redrawn.planned, before.planned);
    assert_eq!(cal.is_workday(redrawn.planned), Ok(true));
}

#[test]
fn a_window_without_working_days_falls_back_to_its_first_day() {
    let cal = TestCalendar::no_workdays(vec![2025]);
    let p = plan_one(&cal, d(2025, 5, 1), d(2025, 5, 31), 1);
    assert_eq!(p.planned, d(2025, 5, 1));
    assert!(!p.provisional);
    // Reversed windows (never produced here) do not panic either.
    let p = plan_one(&cal, d(2025, 5, 31), d(2025, 5, 1), 1);
    assert_eq!(p.planned, d(2025, 5, 31));
}

#[test]
fn a_window_with_a_single_working_day_finds_it_even_when_rejection_fails() {
    // 90 rest days and one working day: the seven random picks nearly always miss.
    let cal = TestCalendar::no_workdays(vec![2025]).work(d(2025, 3, 17));
    for seed in 0..50 {
        assert_eq!(
            plan_one(&cal, d(2025, 1, 1), d(2025, 3, 31), seed).planned,
            d(2025, 3, 17)
        );
    }
}

#[test]
fn planning_a_subset_of_windows_gives_the_same_dates() {
    let cal = TestCalendar::china();
    let w = detox(d(2024, 10, 8), &[]);
    let all = plan_tests(&cal, &w, 123);
    let tail = plan_tests(&cal, &w[9..], 123);
    assert_eq!(all[9..], tail[..]);
    let odd: Vec<_> = w.iter().copied().filter(|w| w.index % 2 == 1).collect();
    let planned_odd = plan_tests(&cal, &odd, 123);
    for p in planned_odd {
        assert_eq!(p, all[(p.index - 1) as usize]);
    }
}

#[test]
fn schedule_into_reuses_its_buffer_and_matches_schedule() {
    let cal = TestCalendar::china();
    let mut buf = Vec::new();
    let r = d(2025, 6, 16);
    let end = schedule_into(&cal, Measure::CommunityRehab, r, Some(2), &[], 5, &mut buf);
    let s = schedule(&cal, Measure::CommunityRehab, r, Some(2), &[], 5).expect("s");
    assert_eq!(end, Ok(s.term_end));
    assert_eq!(buf, s.windows);
    let end = schedule_into(&cal, Measure::CommunityDetox, r, None, &[], 5, &mut buf);
    assert_eq!(end, Ok(d(2028, 6, 15)));
    assert_eq!(buf.len(), 22);
}

#[test]
fn the_draw_is_stable_for_a_given_seed() {
    // Golden values: a change here changes every case's secret planned dates.
    let cal = TestCalendar::china();
    let s = schedule(
        &cal,
        Measure::CommunityDetox,
        d(2024, 10, 8),
        None,
        &[],
        20241008,
    )
    .expect("s");
    let planned: Vec<String> = s
        .windows
        .iter()
        .take(6)
        .map(|w| w.planned.to_string())
        .collect();
    assert_eq!(planned, GOLDEN);
    assert!(s.windows[..18].iter().all(|w| !w.provisional));
    assert!(
        s.windows[18..].iter().all(|w| w.provisional),
        "2027 is not in the test calendar"
    );
}

const GOLDEN: [&str; 6] = [
    "2024-11-01",
    "2024-11-22",
    "2024-12-16",
    "2025-01-26",
    "2025-02-24",
    "2025-03-18",
];

#[test]
fn j1_planned_dates_lie_on_working_days_inside_their_windows() {
    let cal = TestCalendar::china();
    let s = schedule(&cal, Measure::CommunityDetox, d(2024, 10, 8), None, &[], 99).expect("s");
    assert_eq!(s.term_end, d(2027, 10, 7));
    for w in &s.windows {
        assert!(w.contains(w.planned));
        if w.provisional {
            assert!(!matches!(w.planned.weekday(), Weekday::Sat | Weekday::Sun));
        } else {
            assert_eq!(cal.is_workday(w.planned), Ok(true));
        }
    }
    assert!(s.provisional());
}
