//! Contract: MMT-1, N17 — methadone clinics: the register, enrolment by ID number with
//! consent, what the clinic sees, doses and clinic tests, and what reaches the township
//! and the police the same day; 就诊率 and 戒治率.

use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::clinic::EnrolmentEnd;
use jiekang_domain::metrics::Period;
use jiekang_domain::permission::Role;
use jiekang_domain::task::TaskKind;

use super::cases::{executing, world};
use super::fixture::{Fixture, day, user};
use crate::clinics::*;
use crate::model::{AuditFilter, PageRequest};
use crate::tasks::TaskList;
use crate::{Scope, Store, StoreError};

const J1: &str = "150602199001011238";

fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

fn enrolment(id_number: &str, on: &str, consent: bool) -> NewEnrolment {
    NewEnrolment {
        id_type: "resident_id".into(),
        id_number: id_number.into(),
        enrolled_on: day(on),
        consent,
    }
}

/// A clinic of 东胜区 with one staff user, kept by the district office.
async fn clinic_with_staff(store: &dyn Store, f: &Fixture, name: &str, username: &str) -> i64 {
    let ds = Fixture::scope_of(&f.dongsheng);
    let clinic = store
        .create_clinic(
            &ds,
            f.dongsheng_user.id,
            &NewClinic {
                unit_id: f.dongsheng.id,
                name: name.into(),
                address: "东胜区某路 1 号".into(),
            },
        )
        .await
        .expect("clinic");
    let staff = user(store, &f.dongsheng, username, Role::ClinicStaff).await;
    store
        .set_clinic_staff(&ds, f.dongsheng_user.id, staff.id, clinic.id)
        .await
        .expect("staff");
    staff.id
}

pub async fn a_clinic_enrols_by_id_number_with_consent_and_sees_only_the_minimum(
    store: &dyn Store,
) {
    let w = world(store).await;
    let f = &w.f;
    executing(store, &w).await;
    // the register is kept within scope: 达拉特旗 cannot add a clinic to 东胜区 (the
    // unit is not usable from there, as for any record placed in a unit)
    let dl = Fixture::scope_of(&f.dalate);
    assert!(matches!(
        store
            .create_clinic(
                &dl,
                f.dongsheng_user.id,
                &NewClinic {
                    unit_id: f.dongsheng.id,
                    name: "越权门诊".into(),
                    address: String::new(),
                },
            )
            .await,
        Err(StoreError::Conflict { field: "unit", .. })
    ));
    let nurse = clinic_with_staff(store, f, "东胜区美沙酮门诊", "mmt.nurse").await;
    let clinics = store
        .clinics(&Fixture::scope_of(&f.city))
        .await
        .expect("list");
    assert_eq!(clinics.len(), 1);
    assert_eq!(clinics[0].unit_name, "东胜区");
    assert!(store.clinics(&dl).await.expect("none").is_empty());
    assert_eq!(
        store
            .staff_clinic(nurse)
            .await
            .expect("of staff")
            .map(|c| c.name),
        Some("东胜区美沙酮门诊".to_owned())
    );
    // only a clinic account belongs to a clinic
    assert!(matches!(
        store
            .set_clinic_staff(
                &Fixture::scope_of(&f.dongsheng),
                f.dongsheng_user.id,
                f.jiaotong_user.id,
                clinics[0].id
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    let today = day("2024-10-20");
    // consent, a registered number, a date not in the future
    for bad in [
        enrolment(J1, "2024-10-10", false),
        enrolment("150602199001019999", "2024-10-10", true),
        enrolment(J1, "2024-10-21", true),
    ] {
        assert!(
            matches!(
                store.enrol(nurse, &bad, today).await,
                Err(StoreError::Refused(_))
            ),
            "{bad:?}"
        );
    }
    let p = store
        .enrol(nurse, &enrolment(J1, "2024-10-10", true), today)
        .await
        .expect("enrol");
    // name, masked number, whether a measure runs and where: nothing else
    assert_eq!(p.person_name, "张某");
    assert_eq!(p.id_number_masked, "150602********1238");
    assert!(p.under_measure);
    assert_eq!(p.township.as_deref(), Some("某社区"));
    assert_eq!(p.missed_days, 10);
    // one running enrolment per person
    assert!(matches!(
        store
            .enrol(nurse, &enrolment(J1, "2024-10-11", true), today)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let roster = store
        .clinic_roster(nurse, today, PageRequest::first(10))
        .await
        .expect("roster");
    assert_eq!(roster.items, vec![p.clone()]);
    // another clinic's nurse sees nothing of it
    let other = clinic_with_staff(store, f, "另一门诊", "mmt.other").await;
    assert!(
        store
            .clinic_roster(other, today, PageRequest::first(10))
            .await
            .expect("empty")
            .items
            .is_empty()
    );
    assert!(matches!(
        store.clinic_person(other, p.enrolment_id, today).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .record_dose(other, p.enrolment_id, today, 60, today)
            .await,
        Err(StoreError::NotFound)
    ));
    // a user of no clinic is refused
    assert!(matches!(
        store
            .clinic_roster(f.jiaotong_user.id, today, PageRequest::first(10))
            .await,
        Err(StoreError::Refused(_))
    ));
    // the enrolment and the clinic's read are audited on the person
    for action in ["clinic.enrolled", "clinic.read"] {
        if action == "clinic.read" {
            store
                .clinic_person(nurse, p.enrolment_id, today)
                .await
                .expect("read");
        }
        let audited = store
            .audit_events(
                &Scope::system(),
                &AuditFilter {
                    action: Some(action.into()),
                    ..AuditFilter::default()
                },
                PageRequest::first(10),
            )
            .await
            .expect("audit");
        assert_eq!(audited.items.len(), 1, "{action}");
    }
}

pub async fn clinic_doses_tests_and_absences_reach_the_township_and_the_police_the_same_day(
    store: &dyn Store,
) {
    let w = world(store).await;
    let f = &w.f;
    let case = executing(store, &w).await;
    let nurse = clinic_with_staff(store, f, "东胜区美沙酮门诊", "mmt.nurse").await;
    let jt = Fixture::scope_of(&f.jiaotong);
    let gy = Fixture::scope_of(&f.gongyuan);
    let p = store
        .enrol(nurse, &enrolment(J1, "2024-10-10", true), day("2024-10-10"))
        .await
        .expect("enrol");
    let e = p.enrolment_id;
    store
        .record_dose(nurse, e, day("2024-10-10"), 60, day("2024-10-10"))
        .await
        .expect("dose");
    // one a day, 1..300 mg, never in the future, never before the enrolment
    assert!(matches!(
        store
            .record_dose(nurse, e, day("2024-10-10"), 60, day("2024-10-10"))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    for (on, mg) in [("2024-10-11", 400), ("2024-10-12", 60), ("2024-10-09", 60)] {
        assert!(matches!(
            store
                .record_dose(nurse, e, day(on), mg, day("2024-10-11"))
                .await,
            Err(StoreError::Refused(_))
        ));
    }
    let open = |scope: Scope| async move {
        store
            .tasks(&scope, TaskList::Open, PageRequest::first(50))
            .await
            .expect("tasks")
            .items
            .into_iter()
            .map(|t| t.kind)
            .collect::<Vec<_>>()
    };
    // a negative test reaches no one; a positive one the township the same day
    store
        .record_clinic_test(nurse, e, day("2024-10-11"), false, cal(), day("2024-10-11"))
        .await
        .expect("negative");
    assert!(open(jt.clone()).await.is_empty());
    store
        .record_clinic_test(nurse, e, day("2024-10-11"), true, cal(), day("2024-10-11"))
        .await
        .expect("positive");
    assert_eq!(open(jt.clone()).await, vec![TaskKind::ClinicPositiveTest]);
    assert!(open(gy.clone()).await.is_empty());
    // N17: last dose on the 10th; the 11th, 12th, 13th missed → dropped out on the 14th
    assert_eq!(
        store
            .clinic_dropouts(cal(), day("2024-10-13"))
            .await
            .expect("not yet"),
        DropoutSweep::default()
    );
    let swept = store
        .clinic_dropouts(cal(), day("2024-10-14"))
        .await
        .expect("sweep");
    assert_eq!(
        swept,
        DropoutSweep {
            dropouts: 1,
            tasks: 1
        }
    );
    // once per absence
    assert_eq!(
        store
            .clinic_dropouts(cal(), day("2024-10-14"))
            .await
            .expect("again"),
        DropoutSweep::default()
    );
    let mut kinds = open(jt.clone()).await;
    kinds.sort_by_key(|k| k.code());
    assert_eq!(
        kinds,
        vec![TaskKind::ClinicDropout, TaskKind::ClinicPositiveTest]
    );
    // the police of the scope see the clinic's reports; another township none
    let alerts = store
        .clinic_alerts(&jt, PageRequest::first(10))
        .await
        .expect("alerts");
    assert_eq!(alerts.items.len(), 2);
    assert!(
        alerts
            .items
            .iter()
            .all(|t| t.person_name.as_deref() == Some("张某"))
    );
    assert!(
        store
            .clinic_alerts(&gy, PageRequest::first(10))
            .await
            .expect("none")
            .items
            .is_empty()
    );
    // back on the 15th: a new absence is counted from there
    store
        .record_dose(nurse, e, day("2024-10-15"), 65, day("2024-10-15"))
        .await
        .expect("back");
    assert_eq!(
        store
            .clinic_dropouts(cal(), day("2024-10-18"))
            .await
            .expect("in time"),
        DropoutSweep::default()
    );
    assert_eq!(
        store
            .clinic_dropouts(cal(), day("2024-10-19"))
            .await
            .expect("again out")
            .dropouts,
        1
    );
    // the township sees the enrolment and the last attendance on the case
    let seen = store
        .case_clinic(&jt, case.id.into())
        .await
        .expect("case clinic")
        .expect("enrolled");
    assert_eq!(seen.clinic_name, "东胜区美沙酮门诊");
    assert_eq!(seen.last_attended_on, Some(day("2024-10-15")));
    assert!(matches!(
        store.case_clinic(&gy, case.id.into()).await,
        Err(StoreError::NotFound)
    ));
    let (_, doses, tests) = store
        .clinic_person(nurse, e, day("2024-10-19"))
        .await
        .expect("record");
    assert_eq!(doses.len(), 2);
    assert_eq!(doses[0].dose_mg, 65);
    assert_eq!(tests.len(), 2);
    // 就诊率 of 10-10..10-19 (today the 20th): 2 doses over 10 days; 戒治率: a positive
    let period = Period {
        from: day("2024-10-01"),
        to: day("2024-10-31"),
    };
    let rates = store
        .clinic_rates(&Fixture::scope_of(&f.dongsheng), period, day("2024-10-20"))
        .await
        .expect("rates");
    assert_eq!(rates.len(), 1);
    assert_eq!(rates[0].enrolled, 1);
    assert_eq!(
        (
            rates[0].attendance.numerator,
            rates[0].attendance.denominator
        ),
        (2, 10)
    );
    assert_eq!(
        (rates[0].retention.numerator, rates[0].retention.denominator),
        (0, 1)
    );
    // ended by the person: reported the same day; a second end is refused
    store
        .end_enrolment(
            nurse,
            e,
            day("2024-10-20"),
            EnrolmentEnd::SelfEnded,
            cal(),
            day("2024-10-20"),
        )
        .await
        .expect("self-ended");
    assert!(open(jt.clone()).await.contains(&TaskKind::ClinicSelfEnded));
    assert!(matches!(
        store
            .end_enrolment(
                nurse,
                e,
                day("2024-10-20"),
                EnrolmentEnd::Completed,
                cal(),
                day("2024-10-20"),
            )
            .await,
        Err(StoreError::Refused(_))
    ));
    assert!(
        store
            .clinic_roster(nurse, day("2024-10-20"), PageRequest::first(10))
            .await
            .expect("roster")
            .items
            .is_empty()
    );
}
