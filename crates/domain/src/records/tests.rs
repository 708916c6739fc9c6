use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn facts(outcome: TestOutcome) -> TestFacts<'static> {
    TestFacts {
        kind: TestKind::OnSite,
        sample: Some(Sample::Urine),
        outcome,
        tester_1: "王警官",
        tester_2: "李干事",
        sample_a: "",
        sample_b: "",
        substances: "",
        female_tester_present: false,
        person_is_female: false,
    }
}

#[test]
fn n20_needs_two_different_testers() {
    assert_eq!(check_test_record(&facts(TestOutcome::Negative)), Ok(()));
    let mut f = facts(TestOutcome::Negative);
    f.tester_2 = " 王警官 ";
    assert_eq!(
        check_test_record(&f),
        Err(TestRecordError::TwoTestersNeeded)
    );
    f.tester_2 = "";
    assert_eq!(
        check_test_record(&f),
        Err(TestRecordError::TwoTestersNeeded)
    );
}

#[test]
fn n20_positive_on_site_is_split_into_a_and_b() {
    let mut f = facts(TestOutcome::Positive);
    assert_eq!(
        check_test_record(&f),
        Err(TestRecordError::SplitSampleNeeded)
    );
    f.sample_a = "A-001";
    f.sample_b = "B-001";
    assert_eq!(check_test_record(&f), Ok(()));
    let mut lab = facts(TestOutcome::Positive);
    lab.kind = TestKind::Laboratory;
    assert_eq!(check_test_record(&lab), Ok(()));
}

#[test]
fn n20_a_womans_urine_sample_is_taken_by_a_woman() {
    let mut f = facts(TestOutcome::Negative);
    f.person_is_female = true;
    assert_eq!(
        check_test_record(&f),
        Err(TestRecordError::FemaleTesterNeeded)
    );
    f.female_tester_present = true;
    assert_eq!(check_test_record(&f), Ok(()));
    f.female_tester_present = false;
    f.sample = Some(Sample::Hair);
    assert_eq!(check_test_record(&f), Ok(()));
}

#[test]
fn n20_a_refusal_or_evasion_has_no_sample_and_no_result() {
    for outcome in [TestOutcome::Refused, TestOutcome::Evaded] {
        // a refusal "with" a urine sample is refused
        let f = facts(outcome);
        assert_eq!(
            check_test_record(&f),
            Err(TestRecordError::RefusalHasNoSample)
        );
        let mut g = facts(outcome);
        g.sample = None;
        assert_eq!(check_test_record(&g), Ok(()));
        g.substances = "甲基苯丙胺";
        assert_eq!(
            check_test_record(&g),
            Err(TestRecordError::RefusalHasNoSample)
        );
        g.substances = "";
        g.sample_a = "A-1";
        assert_eq!(
            check_test_record(&g),
            Err(TestRecordError::RefusalHasNoSample)
        );
    }
}

#[test]
fn refusals_need_no_sample_and_go_to_police() {
    let mut f = facts(TestOutcome::Refused);
    f.sample = None;
    assert_eq!(check_test_record(&f), Ok(()));
    assert!(TestOutcome::Refused.needs_police_action());
    assert!(TestOutcome::Positive.needs_police_action());
    assert!(!TestOutcome::Negative.needs_police_action());
    let mut g = facts(TestOutcome::Negative);
    g.sample = None;
    assert_eq!(check_test_record(&g), Err(TestRecordError::SampleNeeded));
}

#[test]
fn case8_talks_are_due_monthly_from_report_in_or_the_last_talk() {
    assert_eq!(next_talk_due(d(2024, 10, 8), None), d(2024, 11, 7));
    assert_eq!(
        next_talk_due(d(2024, 10, 8), Some(d(2024, 12, 1))),
        d(2024, 12, 31)
    );
    // a talk recorded before report-in does not move the clock back
    assert_eq!(
        next_talk_due(d(2024, 10, 8), Some(d(2024, 9, 1))),
        d(2024, 11, 7)
    );
}

#[test]
fn n15_exemptions() {
    let today = d(2026, 11, 29);
    assert_eq!(age_on(d(2010, 11, 30), today), 15);
    assert_eq!(age_on(d(2010, 11, 29), today), 16);
    assert_eq!(
        isolation_exemptions(false, Some(d(2010, 11, 30)), today),
        vec![IsolationExemption::UnderSixteen]
    );
    assert!(isolation_exemptions(false, Some(d(1990, 1, 1)), today).is_empty());
    assert_eq!(
        isolation_exemptions(true, None, today),
        vec![IsolationExemption::CheckPregnancyOrBreastfeeding]
    );
}

#[test]
fn codes_round_trip() {
    for k in TestKind::ALL {
        assert_eq!(TestKind::parse(k.code()), Some(k));
    }
    for k in Sample::ALL {
        assert_eq!(Sample::parse(k.code()), Some(k));
    }
    for k in TestOutcome::ALL {
        assert_eq!(TestOutcome::parse(k.code()), Some(k));
    }
    for k in TalkKind::ALL {
        assert_eq!(TalkKind::parse(k.code()), Some(k));
    }
}
