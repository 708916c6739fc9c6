//! One case's history built command by command through the engines' own rules.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::breach::BreachLevel;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::CaseState;

use super::{
    AbsenceRow, AuditRow, BulkActor, BulkCasePerson, CaseHistory, EventRow, HandoverRow, LeaveRow,
    PersonMove, TestRow, WindowRow, entered_at,
};
use crate::cases::{
    Case, CaseId, DrugTest, Leave, NewCase, NewEvent, PersonId, UnitId, plan_new_case,
};
use crate::error::{StoreError, StoreResult};
use crate::model::Unit;

/// One case's history being built command by command through the rules.
pub struct CaseSim {
    pub(super) case: Case,
    pub(super) created_by: i64,
    pub(super) updated_by: i64,
    pub(super) windows: Vec<WindowRow>,
    pub(super) tests: Vec<TestRow>,
    pub(super) events: Vec<EventRow>,
    pub(super) handovers: Vec<HandoverRow>,
    pub(super) leaves: Vec<LeaveRow>,
    pub(super) absences: Vec<AbsenceRow>,
    pub(super) suspensions: Vec<(NaiveDate, NaiveDate)>,
    pub(super) audits: Vec<AuditRow>,
    pub(super) person_moved: Option<PersonMove>,
    pub(super) commands: i64,
}

impl CaseSim {
    /// CASE-1 — the decision, as [`crate::Store::create_case`] records it, entered on
    /// `today`.
    pub fn new(
        new: &NewCase,
        person: &BulkCasePerson,
        unit: &Unit,
        actor: &BulkActor,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Self> {
        use jiekang_domain::org::UnitLevel;
        if unit.id != new.unit_id {
            return Err(StoreError::refused("执行地与决定不符"));
        }
        let execution_level = matches!(unit.level, UnitLevel::Township | UnitLevel::Community);
        let planned = plan_new_case(new, person.fixed_home, execution_level, cal, today)?;
        let at = entered_at(today, 0);
        let case = Case {
            id: CaseId(0),
            person_id: PersonId(person.id),
            person_name: person.name.clone(),
            person_sex: person.sex,
            person_birth_date: person.birth_date,
            unit_id: UnitId(unit.id),
            unit_name: unit.name.clone(),
            unit_path: unit.path.clone(),
            measure: new.measure,
            state: CaseState::Ordered,
            state_since: new.decided_on,
            deciding_organ: new.deciding_organ.clone(),
            decision_number: new.decision_number.clone(),
            decided_on: new.decided_on,
            decided_years: new.decided_years.map(i64::from),
            served_on: new.served_on,
            family_served_on: new.family_served_on,
            place_basis: new.place_basis,
            handover_deadline: planned.handover_deadline,
            notified_on: None,
            report_deadline: planned.report_deadline,
            reported_on: None,
            last_reported_on: None,
            agreement_on: None,
            term_end: None,
            talk_due_on: None,
            suspended_from: None,
            transfer_to_unit_id: None,
            transfer_to_name: None,
            transfer_to_path: None,
            refused_or_evaded: 0,
            breach_level: BreachLevel::None,
            closed_on: None,
            work_group: new.work_group.clone(),
            care: Default::default(),
            seed: new.seed,
            created_at: at,
            created_by: actor.display_name.clone(),
            updated_at: at,
            updated_by: actor.display_name.clone(),
            version: 1,
        };
        let mut sim = Self {
            case,
            created_by: actor.user_id,
            updated_by: actor.user_id,
            windows: Vec::new(),
            tests: Vec::new(),
            events: Vec::new(),
            handovers: Vec::new(),
            leaves: Vec::new(),
            absences: Vec::new(),
            suspensions: Vec::new(),
            audits: Vec::new(),
            person_moved: None,
            commands: 0,
        };
        sim.event(
            actor,
            at,
            &NewEvent {
                kind: "decided",
                occurred_on: new.decided_on,
                summary: planned.summary.clone(),
                note: String::new(),
                collected_by: new.deciding_organ.clone(),
            },
        );
        sim.audit(actor, at, "create", planned.summary);
        Ok(sim)
    }

    /// The case as it stands (what the store would return after the last command).
    pub fn case(&self) -> &Case {
        &self.case
    }

    pub fn windows(&self) -> &[WindowRow] {
        &self.windows
    }

    pub fn tests(&self) -> &[TestRow] {
        &self.tests
    }

    pub fn leaves(&self) -> &[LeaveRow] {
        &self.leaves
    }

    pub(super) fn next_at(&mut self, today: NaiveDate) -> DateTime<Utc> {
        self.commands += 1;
        entered_at(today, self.commands)
    }

    pub(super) fn event(&mut self, actor: &BulkActor, at: DateTime<Utc>, e: &NewEvent) {
        self.events.push(EventRow {
            kind: e.kind,
            occurred_on: e.occurred_on,
            summary: e.summary.clone(),
            note: e.note.clone(),
            collected_by: e.collected_by.clone(),
            created_at: at,
            created_by: actor.user_id,
        });
    }

    pub(super) fn audit(
        &mut self,
        actor: &BulkActor,
        at: DateTime<Utc>,
        action: &str,
        detail: String,
    ) {
        self.audits.push(AuditRow {
            at,
            user_id: actor.user_id,
            username: actor.username.clone(),
            action: format!("case.{action}"),
            unit_id: actor.unit_id,
            unit_path: actor.unit_path.clone(),
            detail,
        });
    }

    /// CASE-2 — the township acknowledges the police hand-over, as
    /// [`crate::Store::receive_handover`] does.
    pub fn receive_police_handover(
        &mut self,
        actor: &BulkActor,
        on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let at = self.next_at(today);
        let h = self
            .handovers
            .iter_mut()
            .find(|h| h.kind == "police" && h.received_on.is_none())
            .ok_or(StoreError::NotFound)?;
        if on < h.sent_on || on > today {
            return Err(StoreError::refused("接收日期须在移交日期与今天之间"));
        }
        h.received_on = Some(on);
        h.received_by = Some(actor.user_id);
        let summary = format!("接收公安移交的决定书及材料(移交日期 {})", h.sent_on);
        self.event(
            actor,
            at,
            &NewEvent {
                kind: "handover_received",
                occurred_on: on,
                summary: summary.clone(),
                note: String::new(),
                collected_by: String::new(),
            },
        );
        self.audit(actor, at, "handover_received", summary);
        Ok(())
    }

    pub(super) fn leave(&self, id: i64) -> Option<Leave> {
        let i = usize::try_from(id - 1).ok()?;
        let l = self.leaves.get(i)?;
        Some(Leave {
            id,
            case_id: 0,
            from_on: l.from_on,
            to_on: l.to_on,
            destination: l.destination.clone(),
            reason: l.reason.clone(),
            state: l.state.to_owned(),
            requested_on: l.requested_on,
            decided_on: l.decided_on,
            returned_on: l.returned_on,
        })
    }

    pub(super) fn leave_row(&mut self, id: i64) -> Option<&mut LeaveRow> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| self.leaves.get_mut(i))
    }

    pub(super) fn test(&self, id: i64) -> Option<DrugTest> {
        let i = usize::try_from(id - 1).ok()?;
        let t = self.tests.get(i)?;
        Some(DrugTest {
            id,
            case_id: 0,
            tested_at: t.tested_at,
            tested_on: t.tested_on,
            kind: t.kind,
            sample: t.sample,
            outcome: t.outcome,
            substances: t.substances.clone(),
            tester_1: t.tester_1.clone(),
            tester_2: t.tester_2.clone(),
            sample_a: t.sample_a.clone(),
            sample_b: t.sample_b.clone(),
            planned: t.planned,
            note: t.note.clone(),
            police_notified_on: t.police_notified_on,
            created_at: t.created_at,
            created_by: String::new(),
        })
    }

    /// The rows to load: windows get `done_on` (D4: the first test with a result in
    /// the window), as the engines' UPDATE sets it.
    pub fn finish(self) -> CaseHistory {
        let mut windows = self.windows;
        for w in &mut windows {
            w.done_on = self
                .tests
                .iter()
                .filter(|t| {
                    t.satisfies_window && t.tested_on >= w.starts_on && t.tested_on <= w.ends_on
                })
                .map(|t| t.tested_on)
                .min();
        }
        CaseHistory {
            case: self.case,
            created_by: self.created_by,
            updated_by: self.updated_by,
            windows,
            tests: self.tests,
            events: self.events,
            handovers: self.handovers,
            leaves: self.leaves,
            absences: self.absences,
            suspensions: self.suspensions,
            audits: self.audits,
            person_moved: self.person_moved,
        }
    }
}
