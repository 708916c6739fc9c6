//! Contract: the life of a case — journeys J1–J4 of journeys.md, driven
//! through the store on every engine with fixed dates.

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TestKind};

use super::fixture::{Fixture, build, day, new_person, user};
use crate::cases::*;
use crate::model::User;
use crate::{Scope, Store, StoreError};

mod answers;
mod archive;
mod decisions;
mod journeys;
mod records;
mod refusals;
mod transfers;

pub use answers::*;
pub use archive::*;
pub use decisions::*;
pub use journeys::*;
pub use records::*;
pub use refusals::*;
pub use transfers::*;

const J1: &str = "150602199001011238";

pub(crate) fn cal() -> &'static HolidayCalendar {
    HolidayCalendar::embedded()
}

pub(crate) struct World {
    pub(crate) f: Fixture,
    pub(crate) police: User,
    pub(crate) staff: User,
}

pub(crate) async fn world(store: &dyn Store) -> World {
    let f = build(store).await;
    let police = user(store, &f.jiaotong, "jt.police", Role::CommunityPolice).await;
    let staff = user(store, &f.community_a, "jt.staff", Role::CommunityStaff).await;
    World { f, police, staff }
}

pub(crate) fn decision(person_id: i64, unit_id: i64) -> NewCase {
    NewCase {
        person_id,
        unit_id,
        measure: Measure::CommunityDetox,
        decided_years: None,
        deciding_organ: "东胜区公安分局".into(),
        decision_number: "东公(禁)决字〔2024〕001号".into(),
        decided_on: day("2024-09-27"),
        served_on: Some(day("2024-09-28")),
        family_served_on: Some(day("2024-09-28")),
        place_basis: PlaceBasis::Household,
        work_group: String::new(),
        seed: 20_240_927,
    }
}

/// J1 up to a decided case of 张某 at 某社区 (交通街道).
pub(crate) async fn decided(store: &dyn Store, w: &World) -> Case {
    decided_for(store, w, "张某", J1).await
}

/// A decided case, as J1's, of a person registered at 某社区 (交通街道) with this name
/// and ID number.
pub(crate) async fn decided_for(store: &dyn Store, w: &World, name: &str, id_number: &str) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let person = store
        .create_person(
            &jt,
            w.f.jiaotong_user.id,
            &new_person(&w.f.community_a, name, id_number),
        )
        .await
        .expect("person");
    store
        .create_case(
            &jt,
            w.police.id,
            Role::CommunityPolice,
            &decision(person.id, w.f.community_a.id),
            cal(),
            day("2024-09-28"),
        )
        .await
        .expect("decision")
}

fn step(step: Step, on: &str) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step,
        on: day(on),
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

pub(crate) async fn run(
    store: &dyn Store,
    scope: &Scope,
    who: &User,
    case: &Case,
    command: CaseCommand,
    today: &str,
) -> Result<Case, StoreError> {
    store
        .apply_case_command(
            scope,
            who.id,
            who.role,
            case.id.get(),
            case.version,
            &command,
            cal(),
            day(today),
        )
        .await
}

/// J1 from notification to agreement.
pub(crate) async fn executing(store: &dyn Store, w: &World) -> Case {
    executing_for(store, w, decided(store, w).await).await
}

/// A decided case (as J1's) taken from notification to agreement on 2024-10-08.
pub(crate) async fn executing_for(store: &dyn Store, w: &World, case: Case) -> Case {
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let case = run(
        store,
        &jt,
        &w.police,
        &case,
        step(Step::Notify, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("notify");
    let case = run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::ReportIn, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("report in");
    run(
        store,
        &jt,
        &w.f.jiaotong_user,
        &case,
        step(Step::SignAgreement, "2024-10-08"),
        "2024-10-08",
    )
    .await
    .expect("agreement")
}

pub(crate) fn test_at(when: &str, outcome: TestOutcome) -> CaseCommand {
    CaseCommand::Test(NewDrugTest {
        tested_at: NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").expect("time"),
        kind: TestKind::OnSite,
        sample: outcome.satisfies_window().then_some(Sample::Urine),
        outcome,
        substances: String::new(),
        tester_1: "王警官".into(),
        tester_2: "李干事".into(),
        sample_a: String::new(),
        sample_b: String::new(),
        planned: true,
        female_tester_present: false,
        note: String::new(),
    })
}
