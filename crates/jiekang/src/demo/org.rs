//! Issue 20 demo data: a staff register with gaps the district and city accounts can
//! see (STAFF-1..4) and the work's money of last year and this year (FUND-1).
//!
//! Every township gets its cadre in charge except every seventh; every community a
//! full-time worker (a woman in every other one, a second worker in every third, none in
//! every eleventh); the demo's community staff account is on the register, linked to its
//! account. Every district budgets this year a little under the rule's 1,200 yuan per
//! person, allocates part to its townships and spends by category.

use chrono::{Datelike, NaiveDate};
use jiekang_domain::funding::{Fen, annual_budget};
use jiekang_domain::id_number::Sex;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::staff::{EmploymentMode, FundCategory, FundKind, StaffPost};
use jiekang_store::staff::{NewFunding, NewStaff};
use jiekang_store::{Scope, Store};

use super::DemoResult;
use super::names;
use super::units::Tree;

fn staff(unit_id: i64, name: String, sex: Sex, post: StaffPost, n: i64) -> NewStaff {
    let mode = EmploymentMode::ALL[usize::try_from(n).unwrap_or(0) % 3];
    NewStaff {
        unit_id,
        name,
        sex,
        post,
        employment: if post == StaffPost::CadreInCharge {
            EmploymentMode::CivilService
        } else {
            mode
        },
        user_id: None,
        started_on: NaiveDate::from_ymd_opt(2016 + i32::try_from(n % 8).unwrap_or(0), 3, 1)
            .unwrap_or_default(),
        ended_on: None,
        training_hours: 8 * (n % 7),
        courses: if n % 2 == 0 {
            "禁毒社工岗前培训;社区戒毒社区康复业务培训".into()
        } else {
            "社区戒毒社区康复业务培训".into()
        },
        awards: if n % 9 == 0 {
            "年度优秀禁毒社工".into()
        } else {
            String::new()
        },
        sanctions: String::new(),
    }
}

pub async fn seed(store: &dyn Store, tree: &Tree, actor: i64, today: NaiveDate) -> DemoResult<()> {
    let system = Scope::system();
    let mut units: Vec<_> = tree.by_code.values().collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let mut n: i64 = 0;
    let name = |n: i64, _sex: Sex| {
        let k = usize::try_from(n).unwrap_or(0);
        format!(
            "{}{}",
            names::SURNAMES[k % names::SURNAMES.len()],
            names::GIVEN[(k * 7) % names::GIVEN.len()]
        )
    };
    for u in units.iter().filter(|u| u.level == UnitLevel::Township) {
        n += 1;
        if n % 7 != 0 {
            let sex = if n % 3 == 0 { Sex::Female } else { Sex::Male };
            store
                .add_staff(
                    &system,
                    actor,
                    &staff(u.id, name(n, sex), sex, StaffPost::CadreInCharge, n),
                    None,
                    today,
                )
                .await?;
        }
    }
    for (i, c) in tree.communities.iter().enumerate() {
        let i = i64::try_from(i).unwrap_or(0);
        if i % 11 == 10 {
            continue;
        }
        n += 1;
        let sex = if i % 2 == 0 { Sex::Female } else { Sex::Male };
        store
            .add_staff(
                &system,
                actor,
                &staff(c.id, name(n, sex), sex, StaffPost::FullTime, n),
                None,
                today,
            )
            .await?;
        if i % 3 == 0 {
            n += 1;
            let post = if i % 2 == 0 {
                StaffPost::FullTime
            } else {
                StaffPost::PartTime
            };
            store
                .add_staff(
                    &system,
                    actor,
                    &staff(c.id, name(n, Sex::Male), Sex::Male, post, n),
                    None,
                    today,
                )
                .await?;
        }
    }
    // the demo's community staff account on the register, linked to it
    if let Ok(u) = store.user_by_username(&system, "jiaotong.staff").await {
        n += 1;
        store
            .add_staff(
                &system,
                actor,
                &staff(
                    u.unit_id,
                    u.display_name.clone(),
                    Sex::Female,
                    StaffPost::FullTime,
                    n,
                ),
                Some("jiaotong.staff"),
                today,
            )
            .await?;
    }
    // FUND-1: last year and this year for every district
    for d in units.iter().filter(|u| u.level == UnitLevel::District) {
        let report = store
            .funding_report(&system, Some(d.id), today.year())
            .await?;
        let persons = u64::try_from(report.total.persons).unwrap_or(0);
        let required = annual_budget(persons.max(10));
        for (year, share) in [
            (today.year() - 1, 100u64),
            (today.year(), 85 + (d.id as u64 % 20)),
        ] {
            let on = NaiveDate::from_ymd_opt(year, 1, 15)
                .unwrap_or(today)
                .min(today);
            let budget = Fen(required.0 / 100 * share);
            for (category, part) in [
                (FundCategory::Staff, 55u64),
                (FundCategory::Office, 10),
                (FundCategory::Testing, 20),
                (FundCategory::Training, 10),
                (FundCategory::Rewards, 5),
            ] {
                let amount = Fen(budget.0 / 100 * part);
                if amount.0 == 0 {
                    continue;
                }
                let entry = |unit_id, kind, amount: Fen, entered_on| NewFunding {
                    unit_id,
                    year,
                    kind,
                    category,
                    amount,
                    entered_on,
                    note: String::new(),
                };
                store
                    .add_funding(
                        &system,
                        actor,
                        &entry(d.id, FundKind::Budget, amount, on),
                        today,
                    )
                    .await?;
                // spent: all of last year's, this year's up to today's share of the year
                let spent_share = if year < today.year() {
                    96
                } else {
                    u64::from(today.ordinal()) * 100 / 366
                };
                let spent = Fen(amount.0 / 100 * spent_share);
                if spent.0 > 0 {
                    let spent_on = if year < today.year() {
                        NaiveDate::from_ymd_opt(year, 12, 20).unwrap_or(on)
                    } else {
                        today
                    };
                    store
                        .add_funding(
                            &system,
                            actor,
                            &entry(d.id, FundKind::Spending, spent, spent_on),
                            today,
                        )
                        .await?;
                }
            }
            // allocations to the first townships of the district
            for t in units
                .iter()
                .filter(|u| u.level == UnitLevel::Township && u.parent_id == Some(d.id))
                .take(3)
            {
                let amount = Fen(budget.0 / 20);
                if amount.0 > 0 {
                    store
                        .add_funding(
                            &system,
                            actor,
                            &NewFunding {
                                unit_id: t.id,
                                year,
                                kind: FundKind::Allocation,
                                category: FundCategory::Testing,
                                amount,
                                entered_on: on,
                                note: "下拨乡镇(街道)检测经费".into(),
                            },
                            today,
                        )
                        .await?;
                }
            }
        }
    }
    Ok(())
}
