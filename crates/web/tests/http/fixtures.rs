//! Shared setup for the HTTP cases: the registered person and the decided 社区戒毒 order
//! that many cases start from, so each case spells out only what it is about.

use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::cases::{Case, CaseCommand, NewCase, StepInput};
use jiekang_store::contract::fixture::{Fixture, new_person};
use jiekang_store::model::{Person, Unit};

use crate::harness::App;

/// The ID number of 张某, born 1990-01-01 (the digits the mask hides).
pub const ZHANG_ID: &str = "150602199001011238";

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Register a person at `unit` as `actor`, with system scope.
pub async fn register(app: &App, actor: i64, unit: &Unit, name: &str, id_number: &str) -> Person {
    app.store
        .create_person(&Scope::system(), actor, &new_person(unit, name, id_number))
        .await
        .expect("person")
}

/// 张某 registered in community A by the 交通 township user.
pub async fn register_zhang(app: &App, f: &Fixture) -> Person {
    register(app, f.jiaotong_user.id, &f.community_a, "张某", ZHANG_ID).await
}

/// A 社区戒毒 order decided 2024-09-27 by 东胜区公安分局 and served 2024-09-28.
pub fn detox_order(person_id: i64, unit_id: i64, decision_number: &str, seed: i64) -> NewCase {
    NewCase {
        person_id,
        unit_id,
        measure: Measure::CommunityDetox,
        decided_years: None,
        deciding_organ: "东胜区公安分局".into(),
        decision_number: decision_number.into(),
        decided_on: day("2024-09-27"),
        served_on: Some(day("2024-09-28")),
        family_served_on: None,
        place_basis: PlaceBasis::Household,
        work_group: String::new(),
        seed,
    }
}

/// Record `order` as community police acting for `actor`, on 2024-09-28.
pub async fn decide(app: &App, actor: i64, order: &NewCase) -> Case {
    app.store
        .create_case(
            &Scope::system(),
            actor,
            Role::CommunityPolice,
            order,
            HolidayCalendar::embedded(),
            day("2024-09-28"),
        )
        .await
        .expect("case")
}

/// The usual order (number "001", seed 1) for `person` at `unit_id`, decided as the 交通
/// township user.
pub async fn decide_detox(app: &App, f: &Fixture, person_id: i64, unit_id: i64) -> Case {
    decide(
        app,
        f.jiaotong_user.id,
        &detox_order(person_id, unit_id, "001", 1),
    )
    .await
}

/// Take the notification step of `case` on 2024-10-08, as community police acting for
/// `actor` (so the case waits for its hand-over).
pub async fn notify(app: &App, actor: i64, case: &Case) -> Case {
    let cal = HolidayCalendar::embedded();
    app.store
        .apply_case_command(
            &Scope::system(),
            actor,
            Role::CommunityPolice,
            case.id.get(),
            case.version,
            &CaseCommand::Step(StepInput {
                step: Step::Notify,
                on: day("2024-10-08"),
                note: String::new(),
                transfer_to_unit_id: None,
                served_on: None,
            }),
            cal,
            day("2024-10-08"),
        )
        .await
        .expect("notify")
}

/// J1's case of 张某 at 某社区, taken through the store to 执行中 on 2024-10-08
/// (notified, reported in and agreed that day).
pub async fn executing(app: &App, f: &Fixture) -> Case {
    let person = register_zhang(app, f).await;
    let mut case = decide_detox(app, f, person.id, f.community_a.id).await;
    for (step, role) in [
        (Step::Notify, Role::CommunityPolice),
        (Step::ReportIn, Role::TownshipOffice),
        (Step::SignAgreement, Role::TownshipOffice),
    ] {
        case = app
            .store
            .apply_case_command(
                &Scope::system(),
                f.jiaotong_user.id,
                role,
                case.id.get(),
                case.version,
                &CaseCommand::Step(StepInput {
                    step,
                    on: day("2024-10-08"),
                    note: String::new(),
                    transfer_to_unit_id: None,
                    served_on: None,
                }),
                HolidayCalendar::embedded(),
                day("2024-10-08"),
            )
            .await
            .expect("step");
    }
    case
}
