//! Property tests for every parser of outside input in the case forms
//! and the registration form: any strings in any field give either a typed value or
//! Chinese messages naming fields of that form, never a panic; well-formed input always
//! parses to exactly what was entered.

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::input::{PersonInput, parse_person};

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        1 => "[0-9: -]{0,12}",
        1 => proptest::sample::select(vec![
            "", " ", "2024-02-29", "2023-02-29", "24:00", "09:30", "community_detox",
            "community_rehab", "report_in", "urine", "negative", "positive", "laboratory",
            "yes", "-1", "9223372036854775808", "<script>", "' OR 1=1--", "\u{0}",
        ])
        .prop_map(str::to_owned),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2040, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
}

/// Printable short text as a user would type it (no control characters, trimmed).
fn words() -> impl Strategy<Value = String> {
    "[\\p{Han}A-Za-z0-9]{1,30}"
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn check_errors(errors: &FieldErrors, allowed: &[&str]) {
    assert!(!errors.is_empty(), "a refusal names at least one field");
    for (field, message) in errors {
        assert!(
            allowed.contains(field) || *field == "form",
            "unknown field {field}"
        );
        assert!(
            has_cjk(&message.to_string()),
            "{field}: message not in Chinese: {message}"
        );
    }
}

proptest! {
    #[test]
    fn any_decision_form_parses_or_is_explained(
        unit_id in field(), measure in field(), years in field(), organ in field(),
        number in field(), decided in field(), served in field(), family in field(),
        basis in field(), group in field(),
    ) {
        let form = CaseForm {
            unit_id, measure, decided_years: years, deciding_organ: organ,
            decision_number: number, decided_on: decided, served_on: served,
            family_served_on: family, place_basis: basis, work_group: group,
        };
        match parse_case(&form, 1, 7) {
            Ok(case) => {
                prop_assert_eq!(case.person_id, 1);
                prop_assert!(!case.deciding_organ.is_empty());
                prop_assert!(!case.decision_number.chars().any(char::is_control));
            }
            Err(errors) => check_errors(&errors, &[
                "unit_id", "measure", "decided_years", "deciding_organ", "decision_number",
                "decided_on", "served_on", "family_served_on", "place_basis", "work_group",
            ]),
        }
    }

    #[test]
    fn any_step_form_parses_or_is_explained(
        version in field(), step in field(), on in field(), note in field(),
        to in field(), served in field(),
    ) {
        let form = StepForm { version, step, on, note, transfer_to_unit_id: to, served_on: served };
        if let Err(errors) = parse_step(&form) {
            check_errors(&errors, &["step", "on", "note", "transfer_to_unit_id", "served_on"]);
        }
        let _ = parse_version(&form.version);
    }

    #[test]
    fn any_test_form_parses_or_is_explained(
        fields in proptest::collection::vec(field(), 13),
    ) {
        let f = |i: usize| fields[i].clone();
        let form = TestForm {
            version: f(0), tested_on: f(1), tested_time: f(2), kind: f(3), sample: f(4),
            outcome: f(5), substances: f(6), tester_1: f(7), tester_2: f(8), sample_a: f(9),
            sample_b: f(10), planned: f(11), female_tester_present: f(12), note: f(0),
        };
        if let Err(errors) = parse_test(&form) {
            check_errors(&errors, &[
                "tested_on", "tested_time", "kind", "outcome", "substances", "tester_1",
                "tester_2", "sample_a", "sample_b", "note",
            ]);
        }
    }

    #[test]
    fn any_record_form_parses_or_is_explained(
        kind in prop_oneof![
            field(),
            proptest::sample::select(vec![
                "talk", "search", "alert_requested", "warning", "absence", "leave_requested",
                "leave_decided", "leave_returned", "police_notified", "work_group",
            ]).prop_map(str::to_owned),
        ],
        fields in proptest::collection::vec(field(), 12),
    ) {
        let f = |i: usize| fields[i].clone();
        let form = RecordForm {
            version: f(0), kind, on: f(1), from: f(2), to: f(3), talk_kind: f(4), place: f(5),
            outcome: f(6), who: f(7), destination: f(8), note: f(9), leave_id: f(10),
            approve: f(11), test_id: f(10), ..RecordForm::default()
        };
        if let Err(errors) = parse_record(&form) {
            check_errors(&errors, &[
                "kind", "on", "from", "to", "talk_kind", "place", "outcome", "who",
                "destination", "note", "leave_id", "test_id",
            ]);
        }
    }

    #[test]
    fn any_profile_form_parses_or_is_explained(
        fields in proptest::collection::vec(field(), 12),
    ) {
        let f = |i: usize| fields[i].clone();
        let form = ProfileForm {
            version: f(0), former_names: f(1), ethnicity: f(2), phone: f(3),
            household_address: f(4), residence_address: f(5), fixed_home: f(6),
            family_contacts: f(7), substances: f(8), first_use_on: f(9),
            addiction_assessed_on: f(10), prior_isolation: f(11),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        match parse_profile(&form, today) {
            Ok((_, profile)) => {
                prop_assert!(profile.phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+'));
                prop_assert!(profile.first_use_on.is_none_or(|d| d <= today));
            }
            Err(errors) => check_errors(&errors, &[
                "version", "former_names", "ethnicity", "phone", "household_address",
                "residence_address", "family_contacts", "substances", "first_use_on",
                "addiction_assessed_on", "prior_isolation",
            ]),
        }
    }

    #[test]
    fn any_registration_parses_or_is_explained(
        name in field(), id_type in field(), id_number in field(), unit_id in field(),
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let input = PersonInput { name, id_type, id_number, unit_id };
        match parse_person(&input, today) {
            Ok(p) => prop_assert!(!p.name.is_empty() && !p.id_number.is_empty()),
            Err(errors) => check_errors(&errors, &["name", "id_type", "id_number", "unit_id"]),
        }
    }

    /// A well-formed drug test always parses, to exactly what was entered.
    #[test]
    fn a_well_formed_test_parses_to_what_was_entered(
        on in date(), hour in 0u32..24, minute in 0u32..60,
        kind in proptest::sample::select(vec!["on_site", "laboratory", "retest"]),
        sample in proptest::sample::select(vec!["urine", "blood", "hair", "saliva"]),
        outcome in proptest::sample::select(vec!["negative", "positive", "refused", "evaded"]),
        t1 in words(), t2 in words(), planned in any::<bool>(),
    ) {
        let form = TestForm {
            version: "3".into(),
            tested_on: on.format("%Y-%m-%d").to_string(),
            tested_time: format!("{hour:02}:{minute:02}"),
            kind: kind.into(), sample: sample.into(), outcome: outcome.into(),
            tester_1: format!(" {t1} "), tester_2: t2.clone(),
            planned: if planned { "yes".into() } else { String::new() },
            ..TestForm::default()
        };
        let parsed = parse_test(&form);
        prop_assert!(parsed.is_ok(), "{:?}", parsed);
        let Ok(CaseCommand::Test(test)) = parsed else { unreachable!() };
        prop_assert_eq!(test.tested_at.date(), on);
        prop_assert_eq!(test.tested_at.time(), NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
        prop_assert_eq!(test.kind.code(), kind);
        prop_assert_eq!(test.sample.map(|s| s.code()), Some(sample));
        prop_assert_eq!(test.outcome.code(), outcome);
        prop_assert_eq!(test.tester_1, t1);
        prop_assert_eq!(test.tester_2, t2);
        prop_assert_eq!(test.planned, planned);
        prop_assert_eq!(parse_version(&form.version), Ok(3));
    }

    /// A well-formed decision always parses, to exactly what was entered.
    #[test]
    fn a_well_formed_decision_parses_to_what_was_entered(
        unit in 1i64..1_000_000, rehab in any::<bool>(), years in 1u8..=3,
        organ in words(), number in words(), decided in date(), served_after in 0u64..30,
    ) {
        let served = decided + chrono::Days::new(served_after);
        let form = CaseForm {
            unit_id: unit.to_string(),
            measure: if rehab { "community_rehab" } else { "community_detox" }.into(),
            decided_years: years.to_string(),
            deciding_organ: organ.clone(),
            decision_number: number.clone(),
            decided_on: decided.format("%Y-%m-%d").to_string(),
            served_on: served.format("%Y-%m-%d").to_string(),
            place_basis: "household".into(),
            ..CaseForm::default()
        };
        let case = parse_case(&form, 9, 11);
        prop_assert!(case.is_ok(), "{:?}", case);
        let Ok(case) = case else { unreachable!() };
        prop_assert_eq!(case.unit_id, unit);
        prop_assert_eq!(case.decided_years, rehab.then_some(years));
        prop_assert_eq!(case.deciding_organ, organ);
        prop_assert_eq!(case.decision_number, number);
        prop_assert_eq!(case.decided_on, decided);
        prop_assert_eq!(case.served_on, Some(served));
        prop_assert_eq!(case.seed, 11);
    }
}
