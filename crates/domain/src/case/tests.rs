#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::NaiveDate;

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// J1 → J7: decision, notification, report-in, agreement, suspension, expiry.
#[test]
fn the_ordinary_life_of_a_case() {
    let path = [
        (Step::Notify, CaseState::Notified),
        (Step::ReportIn, CaseState::Reported),
        (Step::SignAgreement, CaseState::Executing),
        (Step::Suspend, CaseState::Suspended),
        (Step::Resume, CaseState::Executing),
        (Step::Abscond, CaseState::Absconded),
        (Step::Return, CaseState::Executing),
        (Step::RequestTransfer, CaseState::TransferPending),
        (Step::AcceptTransfer, CaseState::Notified),
        (Step::ReportIn, CaseState::Reported),
        (Step::SignAgreement, CaseState::Executing),
        (Step::Expire, CaseState::Expired),
    ];
    let mut state = CaseState::Ordered;
    for (step, expected) in path {
        state = next_state(state, step).unwrap();
        assert_eq!(state, expected, "{step:?}");
    }
    assert!(state.is_closed());
}

/// J2: refusals → referral → 强制隔离戒毒 closes the case.
#[test]
fn serious_breach_ends_in_isolation() {
    let s = next_state(CaseState::Executing, Step::ReferToPolice).unwrap();
    assert_eq!(s, CaseState::Referred);
    assert_eq!(
        next_state(s, Step::DecideIsolation).unwrap(),
        CaseState::CompulsoryIsolation
    );
    assert_eq!(
        next_state(s, Step::PoliceDeclined).unwrap(),
        CaseState::Executing
    );
}

#[test]
fn n3_missing_report_in_is_refusal_and_a_late_report_in_is_still_accepted() {
    assert_eq!(
        next_state(CaseState::Notified, Step::MarkRefused).unwrap(),
        CaseState::Refused
    );
    assert_eq!(
        next_state(CaseState::Refused, Step::ReportIn).unwrap(),
        CaseState::Reported
    );
    assert_eq!(
        next_state(CaseState::Refused, Step::ReferToPolice).unwrap(),
        CaseState::Referred
    );
}

#[test]
fn illegal_steps_are_refused_with_a_chinese_message() {
    let err = next_state(CaseState::Ordered, Step::SignAgreement).unwrap_err();
    assert_eq!(err.to_string(), "当前状态为「已决定」,不能执行「签订协议」");
    // a suspended term cannot expire: suspension moves the end later (D3)
    assert!(next_state(CaseState::Suspended, Step::Expire).is_err());
    assert!(next_state(CaseState::Executing, Step::ReportIn).is_err());
    assert!(next_state(CaseState::TransferPending, Step::RequestTransfer).is_err());
}

#[test]
fn every_state_and_step_has_a_code_that_round_trips() {
    for s in CaseState::ALL {
        assert_eq!(CaseState::parse(s.code()), Some(s));
        assert!(!s.label_zh().is_empty() && !s.label_en().is_empty());
    }
    for s in Step::ALL {
        assert_eq!(Step::parse(s.code()), Some(s));
    }
    assert_eq!(CaseState::parse("open"), None);
}

#[test]
fn duty_1_police_decide_and_townships_run_the_case() {
    assert!(Step::DecideIsolation.allowed_for(Role::CommunityPolice));
    assert!(!Step::DecideIsolation.allowed_for(Role::TownshipOffice));
    assert!(Step::AcceptTransfer.allowed_for(Role::TownshipOffice));
    assert!(!Step::AcceptTransfer.allowed_for(Role::CommunityStaff));
    assert!(Step::ReportIn.allowed_for(Role::CommunityStaff));
    for s in Step::ALL {
        assert!(!s.allowed_for(Role::Admin), "{s:?}");
        assert!(!s.allowed_for(Role::Auditor), "{s:?}");
        assert!(!s.allowed_for(Role::CitySupervisor), "{s:?}");
    }
}

#[test]
fn n1_only_police_record_a_decision() {
    for role in Role::ALL {
        assert_eq!(
            may_record_decision(role),
            role == Role::CommunityPolice,
            "{role:?}"
        );
    }
}

#[test]
fn date_order_is_checked() {
    let dates = CaseDates {
        decided_on: Some(d(2024, 9, 27)),
        served_on: Some(d(2024, 9, 28)),
        reported_on: Some(d(2024, 10, 8)),
        agreement_on: None,
        term_last_day: Some(d(2027, 10, 7)),
    };
    let today = d(2026, 11, 29);
    assert_eq!(
        check_step_date(&dates, Dated::Record, d(2024, 10, 7), today),
        Err(DateOrderError::BeforeReportIn {
            date: d(2024, 10, 7),
            reported_on: d(2024, 10, 8)
        })
    );
    assert!(check_step_date(&dates, Dated::Record, d(2024, 10, 8), today).is_ok());
    assert!(matches!(
        check_step_date(&dates, Dated::Record, d(2026, 11, 30), today),
        Err(DateOrderError::InFuture(_))
    ));
    let before_service = CaseDates {
        reported_on: None,
        ..dates
    };
    assert!(matches!(
        check_step_date(
            &before_service,
            Dated::Step(Step::ReportIn),
            d(2024, 9, 27),
            today
        ),
        Err(DateOrderError::ReportInBeforeService { .. })
    ));
    assert!(matches!(
        check_step_date(&dates, Dated::Step(Step::Notify), d(2024, 9, 26), today),
        Err(DateOrderError::BeforeDecision { .. })
    ));
    let later = d(2027, 10, 8);
    assert!(matches!(
        check_step_date(&dates, Dated::Step(Step::Expire), d(2027, 10, 7), later),
        Err(DateOrderError::ExpiryBeforeTermEnd { .. })
    ));
    assert!(check_step_date(&dates, Dated::Step(Step::Expire), later, later).is_ok());
}

#[test]
fn n2_residence_needs_a_fixed_home() {
    assert!(execution_place_allowed(PlaceBasis::Household, false));
    assert!(!execution_place_allowed(PlaceBasis::Residence, false));
    assert!(execution_place_allowed(PlaceBasis::Residence, true));
    assert!(execution_place_allowed(PlaceBasis::RehabCentre, false));
}

fn any_step() -> impl Strategy<Value = Step> {
    (0..Step::ALL.len()).prop_map(|i| Step::ALL[i])
}

proptest! {
    /// Whatever steps are tried, a closed case never reopens, every state reached has a
    /// way forward unless closed, and `steps_from` lists exactly the legal steps.
    #[test]
    fn closed_cases_stay_closed(steps in prop::collection::vec(any_step(), 0..60)) {
        let mut state = CaseState::Ordered;
        for step in steps {
            let legal: Vec<Step> = steps_from(state).collect();
            match next_state(state, step) {
                Ok(next) => {
                    prop_assert!(!state.is_closed());
                    prop_assert!(legal.contains(&step));
                    state = next;
                }
                Err(e) => {
                    prop_assert!(!legal.contains(&step));
                    prop_assert_eq!(e.from, state);
                }
            }
            prop_assert_eq!(state.is_closed(), steps_from(state).next().is_none());
        }
    }
}
