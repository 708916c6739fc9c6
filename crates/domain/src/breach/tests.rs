use chrono::Days;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn away(from: NaiveDate, days: u64) -> Absence {
    Absence {
        from,
        to: from + Days::new(days - 1),
    }
}

#[test]
fn nothing_recorded_is_no_breach() {
    let a = assess_breach(0, &[]);
    assert_eq!(a.level, BreachLevel::None);
    assert!(a.reasons.is_empty());
}

#[test]
fn the_first_refusal_or_absence_is_a_warning() {
    let a = assess_breach(1, &[]);
    assert_eq!(a.level, BreachLevel::Warning);
    assert_eq!(a.reasons, [BreachReason::RefusedOrEvadedTests { count: 1 }]);
    let a = assess_breach(0, &[away(d(2025, 5, 1), 4)]);
    assert_eq!(a.level, BreachLevel::Warning);
    assert_eq!(
        a.reasons,
        [
            BreachReason::UnauthorisedAbsences { count: 1 },
            BreachReason::AbsenceDays { days: 4 }
        ]
    );
    assert_eq!(
        assess_breach(2, &[away(d(2025, 5, 1), 3)]).level,
        BreachLevel::Warning
    );
}

#[test]
fn three_refusals_or_evasions_are_serious() {
    let a = assess_breach(3, &[away(d(2025, 5, 1), 3)]);
    assert_eq!(a.level, BreachLevel::Serious);
    assert_eq!(a.reasons, [BreachReason::RefusedOrEvadedTests { count: 3 }]);
}

#[test]
fn three_absences_are_serious_whatever_their_length() {
    let a = [
        away(d(2025, 1, 1), 3),
        away(d(2025, 2, 1), 3),
        away(d(2025, 3, 1), 3),
    ];
    let r = assess_breach(0, &a);
    assert_eq!(r.level, BreachLevel::Serious);
    assert_eq!(r.reasons, [BreachReason::UnauthorisedAbsences { count: 3 }]);
}

#[test]
fn thirty_days_away_is_not_serious_but_thirty_one_is() {
    assert_eq!(
        assess_breach(0, &[away(d(2025, 1, 1), 30)]).level,
        BreachLevel::Warning
    );
    let two = [away(d(2025, 1, 1), 20), away(d(2025, 3, 1), 11)];
    let r = assess_breach(0, &two);
    assert_eq!(r.level, BreachLevel::Serious);
    assert_eq!(r.reasons, [BreachReason::AbsenceDays { days: 31 }]);
}

#[test]
fn overlapping_absence_records_count_each_day_once() {
    // 2025-01-01..20 and 2025-01-10..25 cover 25 days, not 36.
    let a = [away(d(2025, 1, 10), 16), away(d(2025, 1, 1), 20)];
    assert_eq!(
        assess_breach(0, &a).reasons[1],
        BreachReason::AbsenceDays { days: 25 }
    );
    // A record inside another adds nothing.
    let a = [away(d(2025, 1, 1), 20), away(d(2025, 1, 5), 2)];
    assert_eq!(
        assess_breach(0, &a).reasons[1],
        BreachReason::AbsenceDays { days: 20 }
    );
}

#[test]
fn a_reversed_absence_counts_as_an_absence_of_no_days() {
    let a = Absence {
        from: d(2025, 1, 5),
        to: d(2025, 1, 1),
    };
    assert_eq!(a.days(), 0);
    let r = assess_breach(0, &[a]);
    assert_eq!(r.level, BreachLevel::Warning);
    assert_eq!(r.reasons, [BreachReason::UnauthorisedAbsences { count: 1 }]);
}

#[test]
fn leaving_for_three_days_or_more_needs_a_written_request() {
    assert!(!leave_needs_request(d(2025, 1, 1), d(2025, 1, 1)));
    assert!(!leave_needs_request(d(2025, 1, 1), d(2025, 1, 2)));
    assert!(leave_needs_request(d(2025, 1, 1), d(2025, 1, 3)));
    assert!(!leave_needs_request(d(2025, 1, 3), d(2025, 1, 1)));
    let trip = away(d(2025, 1, 1), 3);
    assert!(absence_is_unauthorised(&trip, false));
    assert!(!absence_is_unauthorised(&trip, true));
    assert!(!absence_is_unauthorised(&away(d(2025, 1, 1), 2), false));
}

fn absences() -> impl Strategy<Value = Vec<Absence>> {
    prop::collection::vec((0u64..400, 1u64..40), 0..5).prop_map(|v| {
        v.into_iter()
            .map(|(start, len)| away(d(2025, 1, 1) + Days::new(start), len))
            .collect()
    })
}

proptest! {
    #[test]
    fn the_level_never_drops_when_a_refusal_or_an_absence_is_added(
        refusals in 0u32..6,
        list in absences(),
        extra in (0u64..400, 1u64..40),
    ) {
        let base = assess_breach(refusals, &list).level;
        prop_assert!(assess_breach(refusals + 1, &list).level >= base);
        let mut more = list.clone();
        more.push(away(d(2025, 1, 1) + Days::new(extra.0), extra.1));
        prop_assert!(assess_breach(refusals, &more).level >= base);
        // Lengthening an absence never lowers the level either.
        if let Some(first) = list.first() {
            let mut longer = list.clone();
            longer[0] = Absence { from: first.from, to: first.to + Days::new(extra.1) };
            prop_assert!(assess_breach(refusals, &longer).level >= base);
        }
    }

    #[test]
    fn the_level_matches_the_n9_thresholds(refusals in 0u32..6, list in absences()) {
        let level = assess_breach(refusals, &list).level;
        let days = total_days(&list);
        let serious = refusals >= 3 || list.len() >= 3 || days > 30;
        let any = refusals > 0 || !list.is_empty();
        let expected = if serious {
            BreachLevel::Serious
        } else if any {
            BreachLevel::Warning
        } else {
            BreachLevel::None
        };
        prop_assert_eq!(level, expected);
        prop_assert!(days <= list.iter().map(Absence::days).sum::<u64>());
    }
}
