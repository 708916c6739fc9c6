//! INFO-1, import — an order of the register planned by the rules of typed commands: the
//! decision (CASE-1, CASE-2 deadlines), notification and hand-over, report-in, the
//! agreement (term and test windows, TEST-1, D4), the past tests and talks in date
//! order, and the release (期满解除). Each command is "entered" on the day it
//! happened, as the demonstration histories are, and the history is then swept to
//! `today` (D4: windows that closed untested are missed).

use chrono::{NaiveDate, NaiveTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::import::{OrderRow, RecordKind, RecordRow};
use jiekang_domain::records::{Sample, TestKind};

use crate::bulk::{BulkActor, BulkCasePerson, CaseHistory, CaseSim};
use crate::cases::{CaseCommand, NewCase, NewDrugTest, StepInput};
use crate::error::StoreError;
use crate::model::Unit;

/// The importer, as the rules see each command: the office's steps in the office's
/// role, the police's (notification, tests, release) in the police role. The audit
/// records name the importing user.
pub(super) struct Actors {
    pub office: BulkActor,
    pub police: BulkActor,
}

/// Why a row could not be planned: the row (order or record) and the rule's words.
#[derive(Debug)]
pub(super) enum PlanError {
    /// The order's column the refusal belongs beside.
    Order(usize, String),
    Record(usize, String),
}

fn step(step: Step, on: NaiveDate) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step,
        on,
        note: "历史台账导入".into(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

fn words(e: StoreError) -> String {
    e.to_string()
}

/// Plan one order with its records (in date order). A record the rules refuse is
/// reported and left out; the order itself stands or falls whole.
#[allow(clippy::too_many_arguments)]
pub(super) fn order_history(
    o: &OrderRow,
    person: &BulkCasePerson,
    unit: &Unit,
    records: &[&RecordRow],
    actors: &Actors,
    cal: &HolidayCalendar,
    today: NaiveDate,
    seed: i64,
    refused: &mut Vec<PlanError>,
) -> Option<CaseHistory> {
    let new = NewCase {
        person_id: person.id,
        unit_id: unit.id,
        measure: o.measure,
        decided_years: o.years,
        deciding_organ: o.organ.clone(),
        decision_number: o.decision_number.clone(),
        decided_on: o.decided_on,
        served_on: o.served_on,
        family_served_on: None,
        place_basis: PlaceBasis::Household,
        work_group: String::new(),
        seed,
    };
    let entered = o.served_on.unwrap_or(o.decided_on);
    let mut sim = match CaseSim::new(&new, person, unit, &actors.police, cal, entered) {
        Ok(s) => s,
        Err(e) => {
            refused.push(PlanError::Order(6, words(e)));
            return None;
        }
    };
    let apply = |sim: &mut CaseSim, actor: &BulkActor, c: &CaseCommand, on: NaiveDate| {
        sim.apply(actor, c, None, cal, on).map_err(words)
    };
    let steps = [
        (o.notified_on, Step::Notify, &actors.police, 8),
        (o.reported_on, Step::ReportIn, &actors.office, 9),
        (o.agreement_on, Step::SignAgreement, &actors.office, 10),
    ];
    for (on, s, actor, col) in steps {
        let Some(on) = on else { break };
        if let Err(e) = apply(&mut sim, actor, &step(s, on), on) {
            refused.push(PlanError::Order(col, e));
            return None;
        }
        if s == Step::Notify {
            // CASE-2: the township acknowledged the hand-over the day it was notified
            if let Err(e) = sim.receive_police_handover(&actors.office, on, on) {
                refused.push(PlanError::Order(8, words(e)));
                return None;
            }
        }
    }
    for r in records {
        let (actor, command) = match r.kind {
            RecordKind::Test(outcome) => {
                let marked = outcome.needs_police_action();
                (
                    &actors.police,
                    CaseCommand::Test(NewDrugTest {
                        tested_at: r
                            .on
                            .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
                        kind: TestKind::OnSite,
                        sample: outcome.satisfies_window().then_some(Sample::Urine),
                        outcome,
                        substances: if marked && outcome.satisfies_window() {
                            "历史台账未记载".into()
                        } else {
                            String::new()
                        },
                        tester_1: r.by.clone(),
                        tester_2: r.second.clone(),
                        sample_a: if marked {
                            format!("历史台账{}-A", r.line)
                        } else {
                            String::new()
                        },
                        sample_b: if marked {
                            format!("历史台账{}-B", r.line)
                        } else {
                            String::new()
                        },
                        planned: true,
                        female_tester_present: true,
                        note: r.note.clone(),
                    }),
                )
            }
            RecordKind::Talk(kind) => (
                &actors.office,
                CaseCommand::Talk {
                    kind,
                    on: r.on,
                    note: r.note.clone(),
                    collected_by: r.by.clone(),
                },
            ),
        };
        if let Err(e) = apply(&mut sim, actor, &command, r.on) {
            refused.push(PlanError::Record(r.line, e));
        }
    }
    if let Some(on) = o.released_on
        && let Err(e) = apply(&mut sim, &actors.police, &step(Step::Expire, on), on)
    {
        refused.push(PlanError::Order(11, e));
        return None;
    }
    Some(sim.finish().swept(today))
}
