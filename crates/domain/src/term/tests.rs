use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn s(from: NaiveDate, to: NaiveDate) -> Suspension {
    Suspension { from, to }
}

#[test]
fn j1_detox_term_runs_three_years_from_report_in() {
    let t = Term::new(Measure::CommunityDetox, d(2024, 10, 8), None, &[]).expect("term");
    assert_eq!(t.report_in(), d(2024, 10, 8));
    assert_eq!(t.last_day(), d(2027, 10, 7));
    assert_eq!(t.years(), 3);
    assert!(t.contains(d(2027, 10, 7)));
    assert!(!t.contains(d(2027, 10, 8)));
    assert!(!t.contains(d(2024, 10, 7)));
}

#[test]
fn j4_detention_of_fifteen_days_moves_the_end_to_2027_10_22() {
    let sus = [s(d(2025, 3, 1), d(2025, 3, 15))];
    assert_eq!(sus[0].days(), 15);
    let t = Term::new(Measure::CommunityDetox, d(2024, 10, 8), None, &sus).expect("term");
    assert_eq!(t.last_day(), d(2027, 10, 22));
    assert_eq!(t.nominal_last_day(), d(2027, 10, 7));
    assert_eq!(t.suspended_days(), 15);
}

#[test]
fn j6_two_year_rehab_ends_2027_06_15() {
    let t = Term::new(Measure::CommunityRehab, d(2025, 6, 16), Some(2), &[]).expect("term");
    assert_eq!(t.last_day(), d(2027, 6, 15));
}

#[test]
fn one_year_rehab_ends_the_day_before_the_first_anniversary() {
    let t = Term::new(Measure::CommunityRehab, d(2025, 1, 1), Some(1), &[]).expect("term");
    assert_eq!(t.last_day(), d(2025, 12, 31));
}

#[test]
fn leap_day_report_in_ends_on_27_february() {
    // The third anniversary of 2024-02-29 is clamped to 2027-02-28; the day before it is
    // the last day.
    let t = Term::new(Measure::CommunityDetox, d(2024, 2, 29), None, &[]).expect("term");
    assert_eq!(t.last_day(), d(2027, 2, 27));
    // A four-year-later leap year is never reached: terms are at most 3 years.
    let t = Term::new(Measure::CommunityRehab, d(2027, 2, 28), Some(1), &[]).expect("term");
    assert_eq!(t.last_day(), d(2028, 2, 27));
}

#[test]
fn rehab_years_must_be_one_to_three() {
    let r = d(2025, 1, 1);
    for y in [0u8, 4, 255] {
        assert_eq!(
            Term::new(Measure::CommunityRehab, r, Some(y), &[]),
            Err(TermError::RehabYearsOutOfRange(y))
        );
    }
    assert_eq!(
        Term::new(Measure::CommunityRehab, r, None, &[]),
        Err(TermError::RehabYearsMissing)
    );
    assert_eq!(
        Term::new(Measure::CommunityDetox, r, Some(2), &[]),
        Err(TermError::DetoxYearsNotThree(2))
    );
    assert!(Term::new(Measure::CommunityDetox, r, Some(3), &[]).is_ok());
}

#[test]
fn suspensions_are_validated_with_typed_errors() {
    let r = d(2024, 10, 8);
    let detox = |sus: &[Suspension]| Term::new(Measure::CommunityDetox, r, None, sus);
    assert_eq!(
        detox(&[s(d(2025, 3, 15), d(2025, 3, 1))]),
        Err(TermError::SuspensionReversed {
            from: d(2025, 3, 15),
            to: d(2025, 3, 1)
        })
    );
    assert_eq!(
        detox(&[s(d(2024, 10, 7), d(2024, 10, 9))]),
        Err(TermError::SuspensionBeforeReportIn {
            from: d(2024, 10, 7),
            report_in: r
        })
    );
    assert_eq!(
        detox(&[
            s(d(2025, 3, 1), d(2025, 3, 15)),
            s(d(2025, 3, 15), d(2025, 3, 20))
        ]),
        Err(TermError::SuspensionsOverlap {
            first_from: d(2025, 3, 1),
            first_to: d(2025, 3, 15),
            second_from: d(2025, 3, 15),
        })
    );
    assert_eq!(
        detox(&[s(d(2027, 10, 8), d(2027, 10, 9))]),
        Err(TermError::SuspensionAfterTermEnd {
            from: d(2027, 10, 8),
            last_day: d(2027, 10, 7)
        })
    );
}

#[test]
fn suspension_on_the_report_in_day_and_on_the_moved_last_day_are_accepted() {
    let r = d(2024, 10, 8);
    // Day 1 detained for 2 days; then a 1-day detention on the moved last day.
    let sus = [s(r, d(2024, 10, 9)), s(d(2027, 10, 9), d(2027, 10, 9))];
    let t = Term::new(Measure::CommunityDetox, r, None, &sus).expect("term");
    assert_eq!(t.last_day(), d(2027, 10, 10));
}

#[test]
fn suspensions_in_any_order_give_the_same_term() {
    let r = d(2024, 10, 8);
    let a = s(d(2025, 3, 1), d(2025, 3, 15));
    let b = s(d(2026, 1, 10), d(2026, 1, 19));
    let t1 = Term::new(Measure::CommunityDetox, r, None, &[a, b]).expect("term");
    let t2 = Term::new(Measure::CommunityDetox, r, None, &[b, a]).expect("term");
    assert_eq!(t1, t2);
    assert_eq!(t1.last_day(), d(2027, 11, 1));
    assert_eq!(t1.suspended_days(), 25);
}

#[test]
fn dates_at_the_end_of_the_calendar_give_an_error_not_a_panic() {
    let r = NaiveDate::MAX;
    assert_eq!(
        Term::new(Measure::CommunityDetox, r, None, &[]),
        Err(TermError::DateOutOfRange)
    );
    let r = NaiveDate::MAX
        .checked_sub_months(chrono::Months::new(48))
        .expect("date");
    let to = r.checked_add_days(chrono::Days::new(400)).expect("date");
    let t = Term::new(Measure::CommunityDetox, r, None, &[s(r, to)]);
    assert_eq!(t, Err(TermError::DateOutOfRange));
}
