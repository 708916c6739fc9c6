use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn year_2025() -> Period {
    Period {
        from: d(2025, 1, 1),
        to: d(2025, 12, 31),
    }
}

#[test]
fn percent_is_none_for_an_empty_denominator_and_never_nan() {
    assert_eq!(Ratio::new(0, 0).percent(), None);
    assert_eq!(Ratio::new(5, 0).percent(), None);
    assert_eq!(Ratio::new(0, 4).percent(), Some(0.0));
    assert_eq!(Ratio::new(3, 4).percent(), Some(75.0));
    let big = Ratio::new(u64::MAX, u64::MAX).percent().expect("finite");
    assert!(big.is_finite());
}

#[test]
fn named_rates_put_their_arguments_in_place() {
    assert_eq!(report_in_rate(9, 10), Ratio::new(9, 10));
    assert_eq!(execution_rate(8, 10), Ratio::new(8, 10));
    assert_eq!(control_rate(7, 10), Ratio::new(7, 10));
    assert_eq!(abstinence_consolidation_rate(6, 10), Ratio::new(6, 10));
    assert_eq!(relapse_rate(1, 10), Ratio::new(1, 10));
}

#[test]
fn j1_reported_before_his_deadline_counts_for_the_report_in_rate() {
    let m = counts_for_report_in_rate(
        d(2024, 10, 14),
        Some(d(2024, 10, 8)),
        &Period {
            from: d(2024, 1, 1),
            to: d(2024, 12, 31),
        },
    );
    assert_eq!(
        m,
        Membership {
            numerator: true,
            denominator: true
        }
    );
    // Reporting after the deadline, or not at all: denominator only.
    let late = counts_for_report_in_rate(d(2025, 3, 3), Some(d(2025, 3, 4)), &year_2025());
    assert_eq!(
        late,
        Membership {
            numerator: false,
            denominator: true
        }
    );
    let never = counts_for_report_in_rate(d(2025, 3, 3), None, &year_2025());
    assert_eq!(
        never,
        Membership {
            numerator: false,
            denominator: true
        }
    );
    // A deadline outside the period: not counted at all.
    let other_year = counts_for_report_in_rate(d(2024, 12, 31), Some(d(2024, 12, 1)), &year_2025());
    assert_eq!(other_year, Membership::default());
}

#[test]
fn execution_rate_counts_served_unexpired_orders() {
    let at = d(2025, 6, 1);
    let base = ExecutionFacts {
        served_on: Some(d(2025, 1, 10)),
        reported_on: Some(d(2025, 1, 15)),
        ended_on: None,
        absconded: false,
    };
    assert_eq!(
        counts_for_execution_rate(&base, at),
        Membership {
            numerator: true,
            denominator: true
        }
    );
    let waiting = ExecutionFacts {
        reported_on: None,
        ..base
    };
    assert_eq!(
        counts_for_execution_rate(&waiting, at),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    let lost = ExecutionFacts {
        absconded: true,
        ..base
    };
    assert_eq!(
        counts_for_execution_rate(&lost, at),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    let ended = ExecutionFacts {
        ended_on: Some(d(2025, 5, 31)),
        ..base
    };
    assert_eq!(counts_for_execution_rate(&ended, at), Membership::default());
    let ends_later = ExecutionFacts {
        ended_on: Some(d(2025, 6, 2)),
        ..base
    };
    assert!(counts_for_execution_rate(&ends_later, at).numerator);
    let unserved = ExecutionFacts {
        served_on: None,
        ..base
    };
    assert_eq!(
        counts_for_execution_rate(&unserved, at),
        Membership::default()
    );
}

#[test]
fn control_rate_excludes_absconded_and_overdue_persons_from_the_numerator() {
    assert_eq!(
        counts_for_control_rate(true, false, false),
        Membership {
            numerator: true,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_control_rate(true, true, false),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_control_rate(true, false, true),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_control_rate(false, false, false),
        Membership::default()
    );
    let r = Ratio::from_memberships([
        counts_for_control_rate(true, false, false),
        counts_for_control_rate(true, true, false),
        counts_for_control_rate(false, true, false),
    ]);
    assert_eq!(r, Ratio::new(1, 2));
    assert_eq!(r.percent(), Some(50.0));
}

#[test]
fn j7_expiry_counts_for_consolidation_three_years_later() {
    let expired = Some(d(2025, 4, 29));
    assert_eq!(
        counts_for_abstinence_consolidation_rate(expired, false, d(2028, 4, 28)),
        Membership::default()
    );
    assert_eq!(
        counts_for_abstinence_consolidation_rate(expired, false, d(2028, 4, 29)),
        Membership {
            numerator: true,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_abstinence_consolidation_rate(expired, true, d(2030, 1, 1)),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_abstinence_consolidation_rate(None, false, d(2030, 1, 1)),
        Membership::default()
    );
    assert_eq!(
        counts_for_abstinence_consolidation_rate(Some(NaiveDate::MAX), false, NaiveDate::MAX),
        Membership::default()
    );
}

#[test]
fn relapse_rate_counts_positives_among_persons_under_a_measure_in_the_period() {
    assert!(year_2025().overlaps(d(2024, 10, 8), Some(d(2027, 10, 7))));
    assert!(year_2025().overlaps(d(2024, 10, 8), None));
    assert!(!year_2025().overlaps(d(2022, 1, 1), Some(d(2024, 12, 31))));
    assert!(!year_2025().overlaps(d(2026, 1, 1), None));
    assert_eq!(
        counts_for_relapse_rate(true, true),
        Membership {
            numerator: true,
            denominator: true
        }
    );
    assert_eq!(
        counts_for_relapse_rate(true, false),
        Membership {
            numerator: false,
            denominator: true
        }
    );
    assert_eq!(counts_for_relapse_rate(false, true), Membership::default());
}

#[test]
fn trends_follow_each_indicators_direction() {
    let last = Ratio::new(80, 100);
    let this = Ratio::new(9, 10);
    assert_eq!(
        trend(Indicator::ExecutionRate, &last, &this),
        Trend::Improved
    );
    assert_eq!(trend(Indicator::RelapseRate, &last, &this), Trend::Worsened);
    assert_eq!(trend(Indicator::RelapseRate, &this, &last), Trend::Improved);
    assert_eq!(
        trend(Indicator::ControlRate, &Ratio::new(4, 5), &last),
        Trend::Unchanged
    );
    assert_eq!(
        trend(Indicator::ControlRate, &Ratio::new(0, 0), &last),
        Trend::NotComparable
    );
    assert_eq!(
        Ratio::new(u64::MAX, 1).compare(&Ratio::new(1, u64::MAX)),
        Some(Ordering::Greater)
    );
}
