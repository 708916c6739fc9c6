//! CASE-1, CASE-2, N16 — the demo's releases from compulsory isolation, recorded by the
//! demo `isolation` account (the centre sits at the city): one acknowledged by
//! 交通街道, one pending, one overdue, and one released without a 社区康复 order (a CASE-1
//! quality finding once the sweep runs); and two CASE-5 stays in a rehabilitation centre.

use chrono::{Duration, NaiveDate};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::id_number::{Sex, check_character};
use jiekang_store::Scope;
use jiekang_store::isolation::{NewRelease, RehabOrder};
use jiekang_store::model::NewPerson;
use jiekang_store::prelude::*;

use super::DemoResult;
use super::units::Tree;
use super::users::Account;

/// (name, ID number body, township code, days ago released, order, days ago received)
type DemoRelease = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    bool,
    Option<i64>,
);

const RELEASES: [DemoRelease; 4] = [
    (
        "高某军",
        "15060219880412301",
        "150602001",
        20,
        true,
        Some(16),
    ),
    ("马某平", "15060219910723302", "150602001", 2, true, None),
    ("刘某强", "15060219860105303", "150602002", 25, true, None),
    ("赵某华", "15060219930918304", "150602002", 10, false, None),
];

pub async fn seed(
    store: &dyn Store,
    tree: &Tree,
    accounts: &[Account],
    today: NaiveDate,
) -> DemoResult<()> {
    let user = |name: &str| {
        accounts
            .iter()
            .find(|a| a.username == name)
            .map(|a| a.user_id)
            .ok_or_else(|| format!("demo data: no account {name}"))
    };
    let centre = user("isolation")?;
    let city = tree
        .by_code
        .get("150600")
        .ok_or("demo data: no unit 150600")?;
    let city_scope = Scope::of_unit(city.id, city.path.clone());
    let cal = HolidayCalendar::embedded();
    for (name, body, township, ago, order, received) in RELEASES {
        let unit = tree
            .by_code
            .get(township)
            .ok_or_else(|| format!("demo data: no unit {township}"))?;
        let check = check_character(body).ok_or("demo data: bad ID number")?;
        let released_on = today - Duration::days(ago);
        let new = NewRelease {
            person: NewPerson {
                unit_id: unit.id,
                name: name.into(),
                id_type: "resident_id".into(),
                id_number: format!("{body}{check}"),
                sex: Some(Sex::Male),
                birth_date: None,
            },
            released_on,
            centre_name: "鄂尔多斯市强制隔离戒毒所".into(),
            order: order.then(|| RehabOrder {
                number: format!("鄂公(禁)康字〔{}〕{ago}号", released_on.format("%Y")),
                decided_on: released_on - Duration::days(1),
            }),
        };
        let r = store
            .record_release(&city_scope, centre, city.id, &new, cal, today)
            .await?;
        if let Some(days) = received {
            let office = user("jiaotong")?;
            let scope = Scope::of_unit(unit.id, unit.path.clone());
            store
                .receive_release(&scope, office, r.id, today - Duration::days(days), today)
                .await?;
        }
    }
    Ok(())
}

/// CASE-5 — two stays in a 戒毒康复场所, each recorded by the office of the township
/// that carries the case out: one still running, one ended when its agreement ran out.
pub async fn seed_stays(
    store: &dyn Store,
    tree: &Tree,
    accounts: &[Account],
    today: NaiveDate,
) -> DemoResult<()> {
    use jiekang_domain::permission::Role;
    use jiekang_domain::rehab_centre::StayEnd;
    use jiekang_store::model::PageRequest;
    use jiekang_store::rehab_stays::{NewStay, StayExit};
    use jiekang_store::support::SupportQueue;
    let mut made = 0;
    for office in accounts.iter().filter(|a| a.role == Role::TownshipOffice) {
        let Some(township) = tree.by_code.values().find(|u| u.name == office.unit_name) else {
            continue;
        };
        let scope = Scope::of_unit(township.id, township.path.clone());
        let cases: Vec<i64> = store
            .support_queue(
                &scope,
                SupportQueue::WithoutJob,
                today,
                PageRequest::first(20),
            )
            .await?
            .items
            .into_iter()
            // report-in at least two months ago, so that every date below is after it
            .filter(|r| {
                r.person
                    .reported_on
                    .is_some_and(|d| d <= today - Duration::days(60))
            })
            .map(|r| r.person.case_id)
            .collect();
        for case_id in cases {
            if made == 2 {
                return Ok(());
            }
            let entered = today - Duration::days(if made == 0 { 12 } else { 45 });
            let stay = store
                .enter_rehab_centre(
                    &scope,
                    office.user_id,
                    case_id,
                    &NewStay {
                        place: "鄂尔多斯市戒毒康复所".into(),
                        agreement: format!("康复协议〔{}〕{:03}号", entered.format("%Y"), made + 1),
                        entered_on: entered,
                        centre_recorder: "李所长".into(),
                    },
                    today,
                )
                .await?;
            if made == 1 {
                store
                    .exit_rehab_centre(
                        &scope,
                        office.user_id,
                        stay.id,
                        &StayExit {
                            exited_on: today - Duration::days(15),
                            end: StayEnd::Completed,
                            centre_recorder: "李所长".into(),
                        },
                        today,
                    )
                    .await?;
            }
            made += 1;
        }
    }
    Ok(())
}
