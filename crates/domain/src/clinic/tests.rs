use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn n17_three_missed_days_make_a_dropout() {
    let enrolled = d("2026-03-01");
    // came on the 5th: the 6th, 7th and 8th missed → dropped out on the 9th
    let last = Some(d("2026-03-05"));
    assert_eq!(n17_missed_days(enrolled, last, d("2026-03-06")), 0);
    assert_eq!(n17_missed_days(enrolled, last, d("2026-03-08")), 2);
    assert!(!n17_dropped_out(enrolled, last, d("2026-03-08")));
    assert!(n17_dropped_out(enrolled, last, d("2026-03-09")));
    assert_eq!(n17_dropout_on(enrolled, last), d("2026-03-09"));
}

#[test]
fn n17_the_day_of_enrolment_is_a_dosing_day() {
    let enrolled = d("2026-03-01");
    assert_eq!(n17_missed_days(enrolled, None, d("2026-03-01")), 0);
    assert_eq!(n17_missed_days(enrolled, None, d("2026-03-03")), 2);
    assert_eq!(n17_dropout_on(enrolled, None), d("2026-03-04"));
    // an attendance recorded before the enrolment (a typing slip) covers nothing
    assert_eq!(
        n17_dropout_on(enrolled, Some(d("2026-02-20"))),
        d("2026-03-04")
    );
}

#[test]
fn doses_are_whole_milligrams_up_to_300() {
    assert_eq!(mmt1_check_dose(60), Ok(60));
    assert!(mmt1_check_dose(0).is_err());
    assert!(mmt1_check_dose(301).is_err());
    assert!(mmt1_check_dose(-5).is_err());
}

#[test]
fn attendance_rate_counts_days_inside_the_period_before_today() {
    let march = Period {
        from: d("2026-03-01"),
        to: d("2026-03-31"),
    };
    // enrolled mid-month, still enrolled, today the 21st: the 11th..20th = 10 days
    assert_eq!(
        mmt1_expected_days(d("2026-03-11"), None, march, d("2026-03-21")),
        10
    );
    // ended on the 15th
    assert_eq!(
        mmt1_expected_days(
            d("2026-02-01"),
            Some(d("2026-03-15")),
            march,
            d("2026-04-02")
        ),
        15
    );
    assert_eq!(
        mmt1_expected_days(d("2026-04-01"), None, march, d("2026-04-02")),
        0
    );
    let r = mmt1_attendance_rate(8, 10);
    assert_eq!(r.percent(), Some(80.0));
    assert_eq!(mmt1_attendance_rate(11, 10).percent(), Some(100.0));
    assert_eq!(mmt1_attendance_rate(0, 0).percent(), None);
}

#[test]
fn retention_counts_those_still_in_treatment_without_a_positive() {
    let march = Period {
        from: d("2026-03-01"),
        to: d("2026-03-31"),
    };
    let today = d("2026-04-10");
    let kept = TreatmentFacts {
        enrolled_on: d("2026-01-10"),
        ended_on: None,
        last_attended: Some(d("2026-04-09")),
        positive_in_period: false,
    };
    assert_eq!(
        mmt1_retained(&kept, march, today),
        Membership {
            numerator: true,
            denominator: true
        }
    );
    let positive = TreatmentFacts {
        positive_in_period: true,
        ..kept
    };
    assert!(!mmt1_retained(&positive, march, today).numerator);
    let self_ended = TreatmentFacts {
        ended_on: Some(d("2026-03-20")),
        ..kept
    };
    let m = mmt1_retained(&self_ended, march, today);
    assert!(m.denominator && !m.numerator);
    let dropped = TreatmentFacts {
        last_attended: Some(d("2026-03-25")),
        ..kept
    };
    assert!(!mmt1_retained(&dropped, march, today).numerator);
    let later = TreatmentFacts {
        enrolled_on: d("2026-04-02"),
        ..kept
    };
    assert!(!mmt1_retained(&later, march, today).denominator);
}

#[test]
fn only_self_ended_treatment_is_reported() {
    for e in EnrolmentEnd::ALL {
        assert_eq!(EnrolmentEnd::parse(e.code()), Some(e));
        assert_eq!(e.n17_reported(), e == EnrolmentEnd::SelfEnded);
    }
    const { assert!(!CLINIC_TEST_FILLS_WINDOW) };
}

proptest! {
    #[test]
    fn n17_dropout_day_agrees_with_the_count(gap in 0i64..40, lag in 0i64..10) {
        let enrolled = d("2026-01-01");
        let last = Some(enrolled + chrono::Duration::days(lag));
        let today = enrolled + chrono::Duration::days(lag + gap);
        prop_assert_eq!(
            n17_dropped_out(enrolled, last, today),
            today >= n17_dropout_on(enrolled, last)
        );
    }

    #[test]
    fn attendance_rate_never_exceeds_100(att in 0u64..500, exp in 0u64..500) {
        let r = mmt1_attendance_rate(att, exp);
        prop_assert!(r.percent().is_none_or(|p| (0.0..=100.0).contains(&p)));
    }
}
