use super::*;

#[test]
fn a_step_needs_a_date_and_a_known_step() {
    let errors = parse_step(&StepForm {
        step: "fly".into(),
        on: "2024-13-01".into(),
        ..StepForm::default()
    })
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.0).collect();
    assert_eq!(fields, vec!["step", "on"]);
    assert!(
        parse_step(&StepForm {
            step: "report_in".into(),
            on: "2024-10-08".into(),
            ..StepForm::default()
        })
        .is_ok()
    );
}

#[test]
fn a_rehab_decision_needs_its_years_and_every_bad_field_is_reported() {
    let errors = parse_case(
        &CaseForm {
            measure: "community_rehab".into(),
            decided_on: "昨天".into(),
            ..CaseForm::default()
        },
        1,
        7,
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.0).collect();
    for f in [
        "unit_id",
        "decided_years",
        "deciding_organ",
        "decision_number",
        "decided_on",
        "place_basis",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
}

#[test]
fn a_test_form_becomes_a_typed_test() {
    let cmd = parse_test(&TestForm {
        tested_on: "2024-10-20".into(),
        tested_time: "09:30".into(),
        kind: "on_site".into(),
        sample: "urine".into(),
        outcome: "negative".into(),
        tester_1: "王警官".into(),
        tester_2: "李干事".into(),
        planned: "yes".into(),
        ..TestForm::default()
    })
    .unwrap();
    match cmd {
        CaseCommand::Test(t) => {
            assert_eq!(t.tested_at.to_string(), "2024-10-20 09:30:00");
            assert!(t.planned);
            assert_eq!(t.sample, Some(Sample::Urine));
        }
        other => panic!("{other:?}"),
    }
    let errors = parse_test(&TestForm {
        tested_time: "25:00".into(),
        ..TestForm::default()
    })
    .unwrap_err();
    assert!(errors.iter().any(|e| e.0 == "tested_time"));
}

#[test]
fn unknown_record_kinds_are_refused() {
    let errors = parse_record(&RecordForm {
        kind: "<script>".into(),
        ..RecordForm::default()
    })
    .unwrap_err();
    assert_eq!(errors[0].0, "kind");
}
