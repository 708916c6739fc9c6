//! Worked examples with the embedded State Council calendar (D2, 2004–2026).

use chrono::{Datelike, NaiveDate, Weekday};

use super::super::*;
use crate::calendar::{HolidayCalendar, WorkCalendar};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn plan(start: NaiveDate, end: NaiveDate, seed: u64) -> PlannedWindow {
    plan_tests(
        HolidayCalendar::embedded(),
        &[TestWindow {
            index: 1,
            start,
            end,
        }],
        seed,
    )[0]
}

#[test]
fn victory_day_2015_plans_the_sunday_make_up_day() {
    for seed in 0..100 {
        let p = plan(d(2015, 9, 3), d(2015, 9, 6), seed);
        assert_eq!((p.planned, p.provisional), (d(2015, 9, 6), false));
    }
}

#[test]
fn spring_festival_2020_extension_leaves_february_3_first() {
    for seed in 0..100 {
        assert_eq!(
            plan(d(2020, 1, 24), d(2020, 2, 3), seed).planned,
            d(2020, 2, 3)
        );
    }
}

#[test]
fn j1_schedule_with_the_real_calendar() {
    let cal = HolidayCalendar::embedded();
    let s = schedule(
        cal,
        Measure::CommunityDetox,
        d(2024, 10, 8),
        None,
        &[],
        2024,
    )
    .expect("s");
    assert_eq!(s.term_end, d(2027, 10, 7));
    assert_eq!(s.windows.len(), 22);
    for w in &s.windows {
        assert!(w.contains(w.planned), "{w:?}");
        // 2027 has no notice in the embedded data: those windows are provisional.
        assert_eq!(w.provisional, w.end.year() >= 2027, "{w:?}");
        if w.provisional {
            assert!(!matches!(w.planned.weekday(), Weekday::Sat | Weekday::Sun));
        } else {
            assert_eq!(cal.is_workday(w.planned), Ok(true), "{w:?}");
        }
    }
}

#[test]
fn national_day_2024_window_plans_only_working_days() {
    let cal = HolidayCalendar::embedded();
    for seed in 0..300 {
        let p = plan(d(2024, 9, 28), d(2024, 10, 13), seed);
        assert_eq!(cal.is_workday(p.planned), Ok(true));
        assert!(!(d(2024, 10, 1)..=d(2024, 10, 7)).contains(&p.planned));
    }
}

#[test]
fn j4_and_j6_with_the_real_calendar() {
    let cal = HolidayCalendar::embedded();
    let sus = [Suspension {
        from: d(2025, 3, 1),
        to: d(2025, 3, 15),
    }];
    let s = schedule(cal, Measure::CommunityDetox, d(2024, 10, 8), None, &sus, 1).expect("s");
    assert_eq!(s.term_end, d(2027, 10, 22));
    assert_eq!(
        (s.windows[4].start, s.windows[4].end),
        (d(2025, 2, 8), d(2025, 3, 22))
    );
    let s = schedule(
        cal,
        Measure::CommunityRehab,
        d(2025, 6, 16),
        Some(2),
        &[],
        1,
    )
    .expect("s");
    assert_eq!((s.term_end, s.windows.len()), (d(2027, 6, 15), 12));
}
