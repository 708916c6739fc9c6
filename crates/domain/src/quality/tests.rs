#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn codes_round_trip_and_are_distinct() {
    for check in QualityCheck::ALL {
        assert_eq!(QualityCheck::parse(check.code()), Some(check));
        assert!(!check.label_zh().is_empty() && !check.label_en().is_empty());
    }
    let mut codes: Vec<_> = QualityCheck::ALL.iter().map(|c| c.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), QualityCheck::ALL.len());
    assert_eq!(QualityCheck::parse("nope"), None);
}

#[test]
fn only_the_addiction_and_release_checks_are_about_a_person() {
    for check in QualityCheck::ALL {
        let person = matches!(
            check,
            QualityCheck::AddictedWithoutMeasure | QualityCheck::ReleasedWithoutRehab
        );
        assert_eq!(check.subject() == Subject::Person, person, "{check:?}");
    }
}

#[test]
fn addicted_without_measure_waits_thirty_days_and_clears_with_a_later_order() {
    let assessed = d(2026, 10, 1);
    // flagged once 30 days have passed: on the 30th day after the assessment
    assert!(!case1_addicted_without_measure(
        assessed,
        None,
        d(2026, 10, 30)
    ));
    assert!(case1_addicted_without_measure(
        assessed,
        None,
        d(2026, 10, 31)
    ));
    // an order decided on the day of the assessment or later is the measure
    assert!(!case1_addicted_without_measure(
        assessed,
        Some(assessed),
        d(2026, 12, 1)
    ));
    // an order decided before the assessment is an earlier one
    assert!(case1_addicted_without_measure(
        assessed,
        Some(d(2023, 5, 1)),
        d(2026, 12, 1)
    ));
}

#[test]
fn late_entry_is_more_than_thirty_days_after_the_recorded_day() {
    let on = d(2026, 11, 1);
    let at = |day: NaiveDate| day.and_time(NaiveTime::from_hms_opt(23, 59, 0).unwrap());
    assert!(!info2_late_entry(on, at(d(2026, 12, 1))));
    assert!(info2_late_entry(on, at(d(2026, 12, 2))));
}

#[test]
fn a_batch_is_five_tests_at_one_minute() {
    assert!(!info2_batch(4));
    assert!(info2_batch(5));
}

#[test]
fn no_contact_needs_both_windows_missed_and_no_talk() {
    assert!(case8_no_contact_two_windows([true, true], false));
    assert!(!case8_no_contact_two_windows([true, true], true));
    assert!(!case8_no_contact_two_windows([false, true], false));
    assert!(!case8_no_contact_two_windows([true, false], false));
}

#[test]
fn n19_three_years_after_expiry() {
    assert_eq!(
        n19_leaves_dynamic_control_on(d(2023, 6, 30)),
        d(2026, 6, 30)
    );
    // 29 February moves to the month's last day
    assert_eq!(
        n19_leaves_dynamic_control_on(d(2024, 2, 29)),
        d(2027, 2, 28)
    );
    assert_eq!(n19_dynamic_control_cutoff(d(2027, 2, 28)), d(2024, 2, 29));
    assert_eq!(n19_dynamic_control_cutoff(d(2027, 2, 27)), d(2024, 2, 27));
}

proptest! {
    /// The N19 cutoff selects exactly the orders whose three years are up.
    #[test]
    fn n19_cutoff_matches_the_rule(offset in 0i64..4000, age in 0i64..2000) {
        let today = d(2022, 1, 1) + chrono::Duration::days(offset);
        let expired = today - chrono::Duration::days(age);
        prop_assert_eq!(
            n19_leaves_dynamic_control_on(expired) <= today,
            expired <= n19_dynamic_control_cutoff(today)
        );
    }

    /// Each cutoff stands for its row-by-row rule: an assessment is past the grace period
    /// exactly when it is on or before the cutoff.
    #[test]
    fn addiction_cutoff_matches_the_rule(offset in 0i64..2000, age in 0i64..200) {
        let today = d(2024, 1, 1) + chrono::Duration::days(offset);
        let assessed = today - chrono::Duration::days(age);
        prop_assert_eq!(
            case1_addicted_without_measure(assessed, None, today),
            assessed <= case1_addicted_without_measure_cutoff(today)
        );
    }

    #[test]
    fn agreement_cutoff_is_more_than_seven_days_back(offset in 0i64..2000) {
        let today = d(2024, 1, 1) + chrono::Duration::days(offset);
        prop_assert_eq!((today - n5_agreement_missing_cutoff(today)).num_days(), 8);
        prop_assert_eq!((today - info2_recent_from(today)).num_days(), 92);
    }
}
