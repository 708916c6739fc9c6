//! MMT-1, N17 — the demo's methadone clinic: 东胜区美沙酮维持治疗门诊, kept by the
//! district office, with the demo `clinic` account as its nurse; a dozen persons of the
//! driven orders enrolled over the last weeks with their doses (most daily, some with
//! gaps), a few clinic tests (one positive), so that the desk has persons expected today,
//! dropouts, and the township has the clinic's tasks waiting.

use chrono::{Duration, NaiveDate};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_store::Scope;
use jiekang_store::clinics::{NewClinic, NewEnrolment};
use jiekang_store::prelude::*;

use super::DemoResult;
use super::units::Tree;
use super::users::Account;

pub async fn seed(
    store: &dyn Store,
    tree: &Tree,
    accounts: &[Account],
    persons: &[i64],
    today: NaiveDate,
) -> DemoResult<()> {
    let user = |name: &str| {
        accounts
            .iter()
            .find(|a| a.username == name)
            .map(|a| a.user_id)
            .ok_or_else(|| format!("demo data: no account {name}"))
    };
    let (district, nurse) = (user("dongsheng")?, user("clinic")?);
    let unit = tree
        .by_code
        .get("150602")
        .ok_or("demo data: no unit 150602")?;
    let scope = Scope::of_unit(unit.id, unit.path.clone());
    let clinic = store
        .create_clinic(
            &scope,
            district,
            &NewClinic {
                unit_id: unit.id,
                name: "东胜区美沙酮维持治疗门诊".into(),
                address: "东胜区林荫路 12 号".into(),
            },
        )
        .await?;
    store
        .set_clinic_staff(&scope, district, nurse, clinic.id)
        .await?;
    let cal = HolidayCalendar::embedded();
    let mut enrolled = 0;
    for (n, &person_id) in persons.iter().enumerate() {
        if enrolled == 12 {
            break;
        }
        let person = store.person(&Scope::system(), district, person_id).await?;
        let start = today - Duration::days(40 - (n as i64 % 10));
        let new = NewEnrolment {
            id_type: person.id_type.clone(),
            id_number: person.id_number.clone(),
            enrolled_on: start,
            consent: true,
        };
        let Ok(e) = store.enrol(nurse, &new, today).await else {
            continue;
        };
        enrolled += 1;
        // the last day each comes: most until yesterday (expected today), two dosed
        // today already, three gone for 3–6 days (dropouts)
        let last = match enrolled {
            1 | 2 => today,
            3 => today - Duration::days(3),
            4 => today - Duration::days(5),
            5 => today - Duration::days(6),
            _ => today - Duration::days(1),
        };
        let mut day = start;
        while day <= last {
            // an occasional missed day
            let skipped = (day - start).num_days() % 11 == 7 && day != last;
            if !skipped {
                let mg = 40 + 5 * (enrolled as i64 % 8);
                store
                    .record_dose(nurse, e.enrolment_id, day, mg, today)
                    .await?;
            }
            day += Duration::days(1);
        }
        if enrolled % 4 == 0 {
            store
                .record_clinic_test(
                    nurse,
                    e.enrolment_id,
                    start + Duration::days(14),
                    false,
                    cal,
                    today,
                )
                .await?;
        }
        if enrolled == 6 {
            // a positive test yesterday: the township's task is waiting
            store
                .record_clinic_test(
                    nurse,
                    e.enrolment_id,
                    today - Duration::days(1),
                    true,
                    cal,
                    today,
                )
                .await?;
        }
    }
    // N17: the dropouts become the townships' tasks, as the daily sweep would do
    store.clinic_dropouts(cal, today).await?;
    Ok(())
}
