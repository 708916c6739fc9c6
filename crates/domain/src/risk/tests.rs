use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn scores(s: &RiskScheme, each: &[u32]) -> Vec<(String, u32)> {
    s.items
        .iter()
        .zip(each)
        .map(|(i, v)| (i.code.clone(), *v))
        .collect()
}

#[test]
fn d6_default_scheme_is_valid_and_maps_every_level() {
    let s = default_scheme();
    assert_eq!(d6_check_scheme(&s), Ok(()));
    assert_eq!(s.max_total(), 100);
    for level in RiskLevel::ALL {
        assert!(s.classes.iter().any(|c| c.level == level));
        assert_eq!(RiskLevel::parse(level.code()), Some(level));
    }
    // no class talks less often than the 30 days every case had before classes
    assert!(
        s.classes
            .iter()
            .all(|c| i64::from(c.talk_interval_days) <= crate::records::DEFAULT_TALK_INTERVAL_DAYS)
    );
}

#[test]
fn d6_classify_takes_the_highest_threshold_reached() {
    let s = default_scheme();
    assert_eq!(d6_classify(&s, 0).unwrap().code, "green");
    assert_eq!(d6_classify(&s, 19).unwrap().code, "green");
    assert_eq!(d6_classify(&s, 20).unwrap().code, "blue");
    assert_eq!(d6_classify(&s, 40).unwrap().code, "yellow");
    assert_eq!(d6_classify(&s, 59).unwrap().code, "yellow");
    assert_eq!(d6_classify(&s, 60).unwrap().code, "red");
    assert_eq!(d6_classify(&s, 100).unwrap().level, RiskLevel::High);
}

#[test]
fn d6_assess_scores_classes_and_dates_the_reassessment() {
    let s = default_scheme();
    let a = d6_assess(
        &s,
        &scores(&s, &[20, 15, 10, 10, 5, 2, 1, 1]),
        "王专干",
        d(2025, 3, 1),
        d(2025, 3, 2),
    )
    .unwrap();
    assert_eq!(a.total, 64);
    assert_eq!(a.class.code, "red");
    assert_eq!(a.reassess_due, d(2025, 5, 30)); // 90 days
    assert!(!d6_reassessment_overdue(a.reassess_due, d(2025, 5, 30)));
    assert!(d6_reassessment_overdue(a.reassess_due, d(2025, 5, 31)));
}

#[test]
fn d6_assess_refuses_future_dates_bad_scores_and_missing_items() {
    let s = default_scheme();
    let ok = scores(&s, &[0; 8]);
    assert_eq!(
        d6_assess(&s, &ok, "甲", d(2025, 3, 3), d(2025, 3, 2)),
        Err(AssessmentError::InFuture)
    );
    assert_eq!(
        d6_assess(&s, &ok, " ", d(2025, 3, 2), d(2025, 3, 2)),
        Err(AssessmentError::AssessorMissing)
    );
    assert_eq!(
        d6_total_score(&s, &ok[..7]),
        Err(AssessmentError::ItemUnscored)
    );
    let mut twice = ok.clone();
    twice.push(ok[0].clone());
    assert_eq!(
        d6_total_score(&s, &twice),
        Err(AssessmentError::ItemUnscored)
    );
    let mut over = ok.clone();
    over[0].1 = 21;
    assert!(matches!(
        d6_total_score(&s, &over),
        Err(AssessmentError::ScoreOutOfRange { max: 20, .. })
    ));
    let mut unknown = ok;
    unknown.push(("nope".to_owned(), 0));
    assert_eq!(
        d6_total_score(&s, &unknown),
        Err(AssessmentError::UnknownItem("nope".to_owned()))
    );
}

#[test]
fn d6_check_scheme_refuses_what_cannot_classify() {
    let good = default_scheme();
    let mut s = good.clone();
    s.classes.retain(|c| c.min_score != 0);
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::NoZeroClass));
    let mut s = good.clone();
    s.classes[1].min_score = 60;
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::BadThreshold(100)));
    let mut s = good.clone();
    s.classes[0].min_score = 101;
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::BadThreshold(100)));
    let mut s = good.clone();
    s.classes[1].level = RiskLevel::Low;
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::LevelMissing));
    let mut s = good.clone();
    s.classes[0].level = RiskLevel::Medium;
    s.classes[1].level = RiskLevel::High;
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::LevelOrder));
    let mut s = good.clone();
    s.classes[0].talk_interval_days = 20;
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::IntervalOrder));
    let mut s = good.clone();
    s.classes[0].reassess_days = 0;
    assert!(matches!(
        d6_check_scheme(&s),
        Err(SchemeError::BadInterval(_))
    ));
    let mut s = good.clone();
    s.items[1].code = s.items[0].code.clone();
    assert!(matches!(d6_check_scheme(&s), Err(SchemeError::BadCode(_))));
    let mut s = good.clone();
    s.items[0].code = "红".to_owned();
    assert!(matches!(d6_check_scheme(&s), Err(SchemeError::BadCode(_))));
    let mut s = good;
    s.name = String::new();
    assert_eq!(d6_check_scheme(&s), Err(SchemeError::NameMissing));
}

#[test]
fn case8_class_interval_replaces_the_default() {
    assert_eq!(case8_talk_interval_days(None), 30);
    assert_eq!(case8_talk_interval_days(Some(7)), 7);
    assert_eq!(case8_talk_interval_days(Some(0)), 30);
    assert_eq!(
        crate::records::next_talk_due_every(d(2024, 10, 8), Some(d(2024, 12, 1)), 7),
        d(2024, 12, 8)
    );
    assert_eq!(
        case8_next_visit_due(d(2025, 1, 1), None, 30),
        d(2025, 1, 31)
    );
    assert_eq!(
        case8_next_visit_due(d(2025, 1, 1), Some(d(2024, 12, 1)), 30),
        d(2025, 1, 31)
    );
    assert_eq!(
        case8_next_visit_due(d(2025, 1, 1), Some(d(2025, 1, 10)), 30),
        d(2025, 2, 9)
    );
}

proptest! {
    /// D6 — every total up to the maximum falls into exactly one class, and a higher
    /// total never falls into a lower level or a longer talk interval.
    #[test]
    fn d6_classes_are_monotone_in_the_score(a in 0u32..=100, b in 0u32..=100) {
        let s = default_scheme();
        let (lo, hi) = (a.min(b), a.max(b));
        let (cl, ch) = (d6_classify(&s, lo).unwrap(), d6_classify(&s, hi).unwrap());
        prop_assert!(ch.level >= cl.level);
        prop_assert!(ch.talk_interval_days <= cl.talk_interval_days);
        prop_assert!(ch.min_score >= cl.min_score);
    }

    /// D6 — the total is the sum of the item scores and the class is reproducible.
    #[test]
    fn d6_total_is_the_sum(each in proptest::collection::vec(0u32..=5, 8)) {
        let s = default_scheme();
        let given = scores(&s, &each);
        let total = d6_total_score(&s, &given).unwrap();
        prop_assert_eq!(total, each.iter().sum::<u32>());
        let a = d6_assess(&s, &given, "甲", d(2025, 1, 1), d(2025, 1, 1)).unwrap();
        prop_assert_eq!(a.class, d6_classify(&s, total).unwrap().clone());
        prop_assert!(a.reassess_due > d(2025, 1, 1));
    }

    /// D6 — any checked scheme classifies every reachable total.
    #[test]
    fn d6_checked_schemes_classify_every_total(
        mins in proptest::collection::btree_set(1u32..100, 2..5),
        total in 0u32..=100,
    ) {
        let mut s = default_scheme();
        let mins: Vec<u32> = mins.into_iter().collect();
        s.classes = mins.iter().rev().enumerate().map(|(i, m)| RiskClass {
            code: format!("c{i}"),
            label: format!("类{i}"),
            level: if i == 0 { RiskLevel::High } else { RiskLevel::Medium },
            min_score: *m,
            talk_interval_days: 7,
            visit_interval_days: 30,
            reassess_days: 90,
        }).collect();
        s.classes.push(RiskClass {
            code: "base".into(), label: "基础".into(), level: RiskLevel::Low, min_score: 0,
            talk_interval_days: 30, visit_interval_days: 90, reassess_days: 180,
        });
        prop_assert_eq!(d6_check_scheme(&s), Ok(()));
        prop_assert!(d6_classify(&s, total).is_some());
    }
}

#[test]
fn case8_reclassification_keeps_the_last_talk_and_visit() {
    // last talk 2025-03-01 at 30 days → due 03-31; class red (7 days) → 03-08
    assert_eq!(
        case8_talk_due_reclassified(Some(d(2025, 3, 31)), 30, 7),
        Some(d(2025, 3, 8))
    );
    assert_eq!(case8_talk_due_reclassified(None, 30, 7), None);
    // first class: the visit is due the interval after the assessment
    assert_eq!(
        case8_visit_due_reclassified(None, None, 30, d(2025, 3, 10)),
        d(2025, 4, 9)
    );
    // a new class: from the same last visit
    assert_eq!(
        case8_visit_due_reclassified(Some(d(2025, 6, 1)), Some(90), 30, d(2025, 4, 1)),
        d(2025, 4, 2)
    );
}
