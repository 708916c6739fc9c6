use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

#[test]
fn each_department_records_its_own_kinds() {
    for kind in SupportKind::ALL {
        assert_eq!(SupportKind::parse(kind.code()), Some(kind));
        for role in Role::ALL {
            let allowed = may_record(role, kind, Some(ServiceKind::FamilySupport));
            let expected = match kind.department() {
                Department::Welfare => role == Role::CivilAffairs,
                Department::Employment => role == Role::HumanResources,
                Department::Services => matches!(
                    role,
                    Role::CommunityStaff | Role::TownshipOffice | Role::CivilAffairs
                ),
            };
            assert_eq!(allowed, expected, "{role:?} {kind:?}");
        }
    }
    // counselling is the community's, not civil affairs'
    assert!(!may_record(
        Role::CivilAffairs,
        SupportKind::Service,
        Some(ServiceKind::Counselling)
    ));
    assert!(may_record(
        Role::CommunityStaff,
        SupportKind::Service,
        Some(ServiceKind::Counselling)
    ));
    assert!(!may_record(
        Role::HumanResources,
        SupportKind::Service,
        None
    ));
    assert!(!may_record(Role::CommunityPolice, SupportKind::Dibao, None));
}

#[test]
fn applications_wait_and_facts_are_done() {
    assert_eq!(initial_status(SupportKind::Dibao), SupportStatus::Pending);
    assert_eq!(
        initial_status(SupportKind::Unemployment),
        SupportStatus::Pending
    );
    assert_eq!(initial_status(SupportKind::Training), SupportStatus::Done);
    assert_eq!(initial_status(SupportKind::Service), SupportStatus::Done);
    assert!(may_decide(SupportKind::Dibao, SupportStatus::Granted));
    assert!(may_decide(SupportKind::Dibao, SupportStatus::Refused));
    assert!(!may_decide(SupportKind::Dibao, SupportStatus::Done));
    assert!(may_decide(SupportKind::Unemployment, SupportStatus::Done));
    assert!(!may_decide(SupportKind::Training, SupportStatus::Done));
    for s in SupportStatus::ALL {
        assert_eq!(SupportStatus::parse(s.code()), Some(s));
    }
}

#[test]
fn dates_never_in_the_future_nor_before_the_start() {
    let today = d(2026, 12, 7);
    assert_eq!(check_dates(today, None, today), Ok(()));
    assert_eq!(
        check_dates(d(2026, 12, 8), None, today),
        Err(DateBar::InFuture)
    );
    assert_eq!(
        check_dates(d(2026, 12, 1), Some(d(2026, 11, 30)), today),
        Err(DateBar::BeforeStart)
    );
    // a contract's planned end may lie ahead
    assert_eq!(
        check_dates(d(2026, 12, 1), Some(d(2027, 12, 1)), today),
        Ok(())
    );
    assert_eq!(
        check_decision_date(d(2026, 12, 1), d(2026, 11, 1), today),
        Err(DateBar::BeforeStart)
    );
    assert_eq!(
        check_decision_date(d(2026, 12, 1), d(2026, 12, 9), today),
        Err(DateBar::InFuture)
    );
}

#[test]
fn employment_rate_in_per_mille() {
    assert_eq!(job1_employment_rate_permille(0, 0), None);
    assert_eq!(job1_employment_rate_permille(1, 3), Some(333));
    assert_eq!(job1_employment_rate_permille(2, 3), Some(667));
    assert_eq!(job1_employment_rate_permille(5, 5), Some(1000));
    assert!(job_runs_on(d(2026, 1, 1), None, d(2026, 1, 1)));
    assert!(!job_runs_on(d(2026, 1, 2), None, d(2026, 1, 1)));
    assert!(!job_runs_on(
        d(2026, 1, 1),
        Some(d(2026, 6, 30)),
        d(2026, 7, 1)
    ));
}

proptest! {
    #[test]
    fn the_rate_is_a_share(employed in 0u64..u64::MAX, n in 1u64..u64::MAX) {
        let r = job1_employment_rate_permille(employed, n).expect("a rate");
        prop_assert!(r <= 1000);
        if employed >= n { prop_assert_eq!(r, 1000); }
        if employed == 0 { prop_assert_eq!(r, 0); }
    }
}

#[test]
fn wel3_and_wel7_kinds_have_their_departments_and_preconditions() {
    // WEL-3: housing for 低保 recipients, decided by 民政
    assert_eq!(
        precondition(SupportKind::LowRentHousing),
        Some(Precondition::GrantedDibao)
    );
    assert!(SupportKind::LowRentHousing.awaits_decision());
    assert!(may_record(
        Role::CivilAffairs,
        SupportKind::LowRentHousing,
        None
    ));
    assert!(!may_record(
        Role::HumanResources,
        SupportKind::LowRentHousing,
        None
    ));
    // WEL-7: 民政 helps methadone patients in hardship; 人社 the self-employed and employers
    assert_eq!(
        precondition(SupportKind::MethadoneHardship),
        Some(Precondition::InMethadoneTreatment)
    );
    assert!(may_record(
        Role::CivilAffairs,
        SupportKind::MethadoneHardship,
        None
    ));
    for kind in [
        SupportKind::SelfEmploymentSupport,
        SupportKind::EmployerSubsidy,
    ] {
        assert!(may_record(Role::HumanResources, kind, None), "{kind:?}");
        assert!(!may_record(Role::CivilAffairs, kind, None), "{kind:?}");
        assert!(
            !kind.awaits_decision(),
            "{kind:?}: a subsidy is recorded once paid"
        );
        assert!(!kind.is_job(), "{kind:?} is no job of its own");
        assert_eq!(precondition(kind), None);
    }
    // every kind's code reads back
    for kind in SupportKind::ALL {
        assert_eq!(SupportKind::parse(kind.code()), Some(kind));
    }
}
