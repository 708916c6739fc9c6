use super::*;
use crate::funding::Fen;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[test]
fn codes_round_trip() {
    for p in StaffPost::ALL {
        assert_eq!(StaffPost::parse(p.code()), Some(p));
    }
    for m in EmploymentMode::ALL {
        assert_eq!(EmploymentMode::parse(m.code()), Some(m));
    }
    for k in FundKind::ALL {
        assert_eq!(FundKind::parse(k.code()), Some(k));
    }
    for (i, c) in FundCategory::ALL.into_iter().enumerate() {
        assert_eq!(FundCategory::parse(c.code()), Some(c));
        assert_eq!(c.index(), i);
    }
    assert_eq!(EmploymentMode::PurchasedService.label_zh(), "政府购买服务");
}

#[test]
fn staff4_service_is_never_in_the_future_and_ends_after_it_starts() {
    let today = d("2026-12-07");
    assert_eq!(staff4_check(d("2020-01-01"), None, 40, today), Ok(()));
    assert_eq!(staff4_check(today, Some(today), 0, today), Ok(()));
    assert_eq!(
        staff4_check(d("2026-12-08"), None, 0, today),
        Err(StaffDatesError::InFuture)
    );
    assert_eq!(
        staff4_check(d("2020-01-01"), Some(d("2027-01-01")), 0, today),
        Err(StaffDatesError::InFuture)
    );
    assert_eq!(
        staff4_check(d("2020-01-02"), Some(d("2020-01-01")), 0, today),
        Err(StaffDatesError::EndsBeforeStart)
    );
    assert_eq!(
        staff4_check(d("2020-01-01"), None, -1, today),
        Err(StaffDatesError::TrainingHours)
    );
}

#[test]
fn a_worker_counts_from_the_first_to_the_last_day() {
    let (s, e) = (d("2024-01-01"), Some(d("2024-06-30")));
    assert!(!staff4_serving_on(s, e, d("2023-12-31")));
    assert!(staff4_serving_on(s, e, s));
    assert!(staff4_serving_on(s, e, d("2024-06-30")));
    assert!(!staff4_serving_on(s, e, d("2024-07-01")));
    assert!(staff4_serving_on(s, None, d("2030-01-01")));
}

#[test]
fn fund1_yuan_are_parsed_into_fen_without_floats() {
    assert_eq!(fund1_parse_yuan("480000"), Some(Fen::from_yuan(480_000)));
    assert_eq!(fund1_parse_yuan("1,234.5"), Some(Fen(123_450)));
    assert_eq!(fund1_parse_yuan(" 0.01 "), Some(Fen(1)));
    for bad in ["", "0", "0.00", "-5", "1.234", "abc", "1e5", ".5", "1.2.3"] {
        assert_eq!(fund1_parse_yuan(bad), None, "{bad}");
    }
}

proptest! {
    #[test]
    fn fund1_any_amount_survives_display_and_parse(fen in 1u64..1_000_000_000_000u64) {
        prop_assert_eq!(fund1_parse_yuan(&Fen(fen).to_string()), Some(Fen(fen)));
    }

    #[test]
    fn staff4_a_checked_service_counts_on_its_first_day(
        start in 0i64..20_000, len in 0i64..5_000, ended in any::<bool>()
    ) {
        let s = d("1990-01-01") + chrono::TimeDelta::days(start);
        let e = ended.then(|| s + chrono::TimeDelta::days(len));
        let today = s + chrono::TimeDelta::days(len);
        prop_assert_eq!(staff4_check(s, e, 0, today), Ok(()));
        prop_assert!(staff4_serving_on(s, e, s));
        prop_assert!(staff4_serving_on(s, e, today));
    }
}
