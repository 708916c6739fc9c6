use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

#[test]
fn inspect1_checklist_covers_every_standard_once() {
    let reqs: Vec<&str> = CHECKLIST.iter().map(|i| i.requirement).collect();
    for r in [
        "ORG-2", "STAFF-1", "STAFF-2", "STAFF-3", "FAC-1", "FUND-1", "N5", "TEST-1", "CASE-8",
    ] {
        assert_eq!(reqs.iter().filter(|x| **x == r).count(), 1, "{r}");
    }
    let mut codes: Vec<&str> = CHECKLIST.iter().map(|i| i.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), CHECKLIST.len());
    assert_eq!(check_item("office").map(|i| i.requirement), Some("FAC-1"));
    assert!(check_item("sauna").is_none());
}

#[test]
fn inspect1_checklist_per_level() {
    let codes = |l| -> Vec<&str> { inspect1_checklist(l).iter().map(|i| i.code).collect() };
    assert_eq!(codes(UnitLevel::District), vec!["bodies", "funding"]);
    assert!(codes(UnitLevel::Township).contains(&"cadre_in_charge"));
    assert!(!codes(UnitLevel::Township).contains(&"full_time_staff"));
    assert!(codes(UnitLevel::Community).contains(&"full_time_staff"));
    assert!(codes(UnitLevel::Community).contains(&"office"));
    assert!(codes(UnitLevel::City).is_empty());
}

#[test]
fn inspect1_round_dates_and_finding_days() {
    assert_eq!(
        inspect1_round_dates(d("2026-03-01"), d("2026-03-31")),
        Ok(())
    );
    assert_eq!(
        inspect1_round_dates(d("2026-03-31"), d("2026-03-01")),
        Err(RoundDatesError::EndsBeforeStart)
    );
    assert_eq!(
        inspect1_round_dates(d("2026-01-01"), d("2027-06-01")),
        Err(RoundDatesError::TooLong)
    );
    let (s, e) = (d("2026-03-01"), d("2026-03-31"));
    assert!(inspect1_finding_day_ok(
        d("2026-03-10"),
        s,
        e,
        d("2026-03-10")
    ));
    assert!(!inspect1_finding_day_ok(
        d("2026-03-11"),
        s,
        e,
        d("2026-03-10")
    ));
    assert!(!inspect1_finding_day_ok(
        d("2026-02-28"),
        s,
        e,
        d("2026-03-10")
    ));
    assert!(!inspect1_finding_day_ok(
        d("2026-04-01"),
        s,
        e,
        d("2026-05-10")
    ));
}

#[test]
fn inspect1_verdicts_and_the_public_notice() {
    assert_eq!(inspect1_verdict(0, 0, 0, 0), UnitVerdict::NotInspected);
    assert_eq!(inspect1_verdict(7, 0, 0, 0), UnitVerdict::Compliant);
    assert_eq!(inspect1_verdict(7, 2, 0, 0), UnitVerdict::NonCompliant);
    assert_eq!(inspect1_verdict(7, 2, 1, 1), UnitVerdict::Rectifying);
    assert_eq!(inspect1_verdict(7, 2, 2, 0), UnitVerdict::Rectified);
    assert!(inspect1_district_listed(&[
        UnitVerdict::Compliant,
        UnitVerdict::Rectifying
    ]));
    assert!(!inspect1_district_listed(&[
        UnitVerdict::Compliant,
        UnitVerdict::Rectified
    ]));
    assert!(!inspect1_district_listed(&[UnitVerdict::NotInspected]));
}

#[test]
fn inspect1_notices_follow_the_findings() {
    assert!(inspect1_notice_fits(
        NoticeKind::Praise,
        UnitVerdict::Compliant
    ));
    assert!(!inspect1_notice_fits(
        NoticeKind::Praise,
        UnitVerdict::NonCompliant
    ));
    assert!(inspect1_notice_fits(
        NoticeKind::Criticism,
        UnitVerdict::Rectifying
    ));
    assert!(!inspect1_notice_fits(
        NoticeKind::Criticism,
        UnitVerdict::NotInspected
    ));
    assert_eq!(NoticeKind::Criticism.number(2026, 3), "检通〔2026〕批3号");
    assert_eq!(NoticeKind::parse("praise"), Some(NoticeKind::Praise));
}

proptest! {
    #[test]
    fn inspect1_a_unit_falls_short_only_with_a_failed_item(
        recorded in 0u32..20, failed in 0u32..20, set in 0u32..5, open in 0u32..5
    ) {
        let failed = failed.min(recorded);
        let open = open.min(set);
        let v = inspect1_verdict(recorded, failed, set, open);
        if v.falls_short() {
            prop_assert!(failed > 0);
        }
        if failed > 0 && open == 0 && set == 0 {
            prop_assert_eq!(v, UnitVerdict::NonCompliant);
        }
        // praise and criticism never both fit
        prop_assert!(!(inspect1_notice_fits(NoticeKind::Praise, v)
            && inspect1_notice_fits(NoticeKind::Criticism, v)));
    }
}
