//! Property tests of D3/D4: tiling, counts, planned dates, seeds, suspension shifts.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::super::test_calendar::TestCalendar;
use super::super::*;
use crate::calendar::WorkCalendar;

/// (measure, decided years)
fn measure() -> impl Strategy<Value = (Measure, Option<u8>)> {
    prop_oneof![
        Just((Measure::CommunityDetox, None)),
        (1u8..=3).prop_map(|y| (Measure::CommunityRehab, Some(y))),
    ]
}

/// Report-in dates 2000-01-01 .. about 2031.
fn report_in() -> impl Strategy<Value = NaiveDate> {
    (0u64..11_500).prop_map(|n| {
        NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|d| d.checked_add_days(Days::new(n)))
            .unwrap_or(NaiveDate::MIN)
    })
}

/// Up to 3 suspensions as (gap before, length) in days, laid out after report-in.
fn suspensions(report_in: NaiveDate, parts: &[(u64, u64)]) -> Vec<Suspension> {
    let mut out = Vec::new();
    let mut next = report_in;
    for &(gap, len) in parts {
        let from = next + Days::new(gap);
        let to = from + Days::new(len - 1);
        out.push(Suspension { from, to });
        next = to + Days::new(1);
    }
    out
}

fn expected_count(m: Measure, years: Option<u8>) -> usize {
    match (m, years) {
        (Measure::CommunityDetox, _) => 22,
        (_, Some(3)) => 12,
        (_, y) => 6 * usize::from(y.unwrap_or(0)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn windows_tile_the_term_without_gap_or_overlap(
        (m, y) in measure(),
        r in report_in(),
        parts in prop::collection::vec((0u64..400, 1u64..60), 0..3),
    ) {
        let sus = suspensions(r, &parts);
        let term = match Term::new(m, r, y, &sus) {
            Ok(term) => term,
            Err(e) => {
                // Only a suspension past the (moved) end may be refused here.
                prop_assert!(matches!(e, TermError::SuspensionAfterTermEnd { .. }), "{e:?}");
                return Ok(());
            }
        };
        let w = test_windows(m, r, y, &sus).expect("a valid term has windows");
        prop_assert_eq!(w.len(), expected_count(m, y));
        prop_assert_eq!(w[0].start, r);
        prop_assert_eq!(w[w.len() - 1].end, term.last_day());
        for pair in w.windows(2) {
            prop_assert!(pair[0].start <= pair[0].end);
            prop_assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start));
        }
        let days: i64 = w.iter().map(|w| (w.end - w.start).num_days() + 1).sum();
        prop_assert_eq!(days, (term.last_day() - r).num_days() + 1);
    }

    #[test]
    fn planned_dates_lie_in_their_window_on_a_working_day(
        (m, y) in measure(),
        // 2023..2026: some windows run into 2027, which the test calendar lacks.
        r in (0u64..1400).prop_map(|n| NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default() + Days::new(n)),
        seed in any::<u64>(),
    ) {
        let cal = TestCalendar::china();
        let s = schedule(&cal, m, r, y, &[], seed).expect("schedule");
        for w in &s.windows {
            prop_assert!(w.contains(w.planned));
            let touches_unknown = [w.start.year(), w.end.year()].iter().any(|y| !(2024..=2026).contains(y));
            prop_assert_eq!(w.provisional, touches_unknown);
            if w.provisional {
                prop_assert!(cal.is_workday_or_provisional(w.planned).value);
            } else {
                prop_assert_eq!(cal.is_workday(w.planned), Ok(true));
            }
        }
    }

    #[test]
    fn one_seed_gives_one_schedule_and_different_seeds_differ(
        (m, y) in measure(),
        r in report_in(),
        a in any::<u64>(),
        b in any::<u64>(),
    ) {
        prop_assume!(a != b);
        let cal = TestCalendar::weekdays((1999..2040).collect());
        let first = schedule(&cal, m, r, y, &[], a).expect("schedule");
        let again = schedule(&cal, m, r, y, &[], a).expect("schedule");
        prop_assert_eq!(&first, &again);
        let other = schedule(&cal, m, r, y, &[], b).expect("schedule");
        // Windows have 20+ working days; 6..22 windows all equal is ~20^-6 at worst.
        prop_assert!(first.windows.iter().zip(&other.windows).any(|(x, y)| x.planned != y.planned));
    }

    #[test]
    fn a_suspension_moves_later_windows_and_the_end_by_its_length(
        (m, y) in measure(),
        r in report_in(),
        offset in 0u64..360,
        len in 1u64..400,
    ) {
        let plain = test_windows(m, r, y, &[]).expect("windows");
        let s = Suspension { from: r + Days::new(offset), to: r + Days::new(offset + len - 1) };
        let moved = test_windows(m, r, y, &[s]).expect("windows");
        let term = Term::new(m, r, y, &[s]).expect("term");
        prop_assert_eq!(term.last_day(), plain[plain.len() - 1].end + Days::new(len));
        let k = plain.iter().position(|w| w.contains(s.from)).expect("inside the term");
        prop_assert_eq!(&moved[..k], &plain[..k]);
        prop_assert_eq!(moved[k].start, plain[k].start);
        prop_assert_eq!(moved[k].end, plain[k].end + Days::new(len));
        for (a, b) in moved[k + 1..].iter().zip(&plain[k + 1..]) {
            prop_assert_eq!(a.start, b.start + Days::new(len));
            prop_assert_eq!(a.end, b.end + Days::new(len));
        }
    }
}
