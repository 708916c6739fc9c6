//! Set-based loading of whole case histories (issue #6 item 1: realistic data at scale).
//!
//! [`CaseSim`] runs a case's commands in memory through the very same
//! [`plan_new_case`](crate::cases::plan_new_case) and [`plan`](crate::cases::plan) the
//! engines use, and keeps every row the engines would have written: the case's final
//! columns, its test windows (with `done_on`), tests, timeline, hand-overs, leave,
//! absences, suspensions, the person's move on an accepted transfer (N11) and one audit
//! record per command. [`Store::bulk_load_histories`](crate::Store::bulk_load_histories)
//! then writes many such histories at once: the engine assigns the ids, chains the
//! audit records after the head (`audit_chain`) in order and appends them in bulk.
//!
//! Each command is "entered" on the day it happened: `today` of the rules is that day,
//! and `created_at`/the audit instant is that day at 09:00 (Beijing) plus one second per
//! command, as if the staff had typed it in then.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use jiekang_domain::breach::Absence;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::CaseState;
use jiekang_domain::permission::Role;
use jiekang_domain::term::Suspension;

use crate::cases::{
    Case, CaseCommand, CaseContext, DrugTest, Leave, LeaveWrite, NewCase, NewEvent, plan,
    plan_new_case,
};
use crate::error::{StoreError, StoreResult};
use crate::model::Unit;

/// Who enters a command: a user with the unit the audit record belongs to.
#[derive(Debug, Clone)]
pub struct BulkActor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: i64,
    pub unit_path: String,
}

/// The person of a case as the rules need them.
#[derive(Debug, Clone)]
pub struct BulkCasePerson {
    pub id: i64,
    pub name: String,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub fixed_home: bool,
}

/// The `cases` row (every column but the id).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub person_id: i64,
    pub unit_id: i64,
    pub unit_path: String,
    pub measure: String,
    pub state: String,
    pub state_since: NaiveDate,
    pub deciding_organ: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
    pub decided_years: Option<i64>,
    pub served_on: Option<NaiveDate>,
    pub family_served_on: Option<NaiveDate>,
    pub place_basis: String,
    pub handover_deadline: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub report_deadline: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub last_reported_on: Option<NaiveDate>,
    pub agreement_on: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub talk_due_on: Option<NaiveDate>,
    pub suspended_from: Option<NaiveDate>,
    pub transfer_to_unit_id: Option<i64>,
    pub transfer_to_path: Option<String>,
    pub refused_or_evaded: i64,
    pub breach_level: String,
    pub closed_on: Option<NaiveDate>,
    pub work_group: String,
    pub seed: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
    pub version: i64,
}

/// A `test_windows` row; its unit path is the case's.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowRow {
    pub idx: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub planned_on: NaiveDate,
    pub provisional: bool,
    pub done_on: Option<NaiveDate>,
    /// D4, as the daily sweep sets it: see [`CaseHistory::swept`].
    pub missed: Option<bool>,
}

/// A `drug_tests` row.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRow {
    pub tested_at: chrono::NaiveDateTime,
    pub tested_on: NaiveDate,
    pub kind: &'static str,
    pub sample: Option<&'static str>,
    pub outcome: &'static str,
    pub satisfies_window: bool,
    pub needs_police: bool,
    pub substances: String,
    pub tester_1: String,
    pub tester_2: String,
    pub sample_a: String,
    pub sample_b: String,
    pub planned: bool,
    pub note: String,
    pub police_notified_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// A `case_events` row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub kind: &'static str,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub note: String,
    pub collected_by: String,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// A `handovers` row.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverRow {
    pub kind: &'static str,
    pub to_unit_id: i64,
    pub to_path: String,
    pub sent_on: NaiveDate,
    pub sent_by: i64,
    pub received_on: Option<NaiveDate>,
    pub received_by: Option<i64>,
    pub note: String,
}

/// A `case_leaves` row.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaveRow {
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub destination: String,
    pub reason: String,
    pub state: &'static str,
    pub requested_by: i64,
    pub created_at: DateTime<Utc>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<i64>,
    pub returned_on: Option<NaiveDate>,
}

/// A `case_absences` row.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsenceRow {
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
}

/// An audit record of the case (object type `case`, the case's id and person); the
/// engine gives it its id and chains it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub username: String,
    pub action: String,
    pub unit_id: i64,
    pub unit_path: String,
    pub detail: String,
}

/// N11 — the person moved with the case on an accepted transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonMove {
    pub unit_id: i64,
    pub unit_path: String,
    pub at: DateTime<Utc>,
    pub by: i64,
    /// How many times the person row was updated (its version grows by this).
    pub updates: i64,
}

/// Every row of one case's history.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    pub case: CaseRow,
    pub windows: Vec<WindowRow>,
    pub tests: Vec<TestRow>,
    pub events: Vec<EventRow>,
    pub handovers: Vec<HandoverRow>,
    pub leaves: Vec<LeaveRow>,
    pub absences: Vec<AbsenceRow>,
    pub suspensions: Vec<(NaiveDate, NaiveDate)>,
    pub audits: Vec<AuditRow>,
    pub person_moved: Option<PersonMove>,
}

impl CaseHistory {
    /// The history as the daily sweeps up to `today` left it: each window that closed
    /// unsatisfied is settled missed or void (D4, `sweep::d4_window_verdict`), so a
    /// history loaded in bulk looks like one the system has been sweeping all along.
    pub fn swept(mut self, today: NaiveDate) -> Self {
        let state = CaseState::parse(&self.case.state).unwrap_or(CaseState::Ordered);
        for w in &mut self.windows {
            w.missed = jiekang_domain::sweep::d4_window_verdict(
                w.ends_on,
                w.done_on.is_some(),
                state,
                self.case.closed_on,
                today,
            );
        }
        self
    }
}

/// Histories to load in one transaction, in order (their audit records are chained
/// in this order).
#[derive(Debug, Clone, Default)]
pub struct HistoryBatch {
    pub cases: Vec<CaseHistory>,
}

impl HistoryBatch {
    /// Rows of every table in the batch.
    pub fn rows(&self) -> u64 {
        self.cases
            .iter()
            .map(|c| {
                1 + c.windows.len()
                    + c.tests.len()
                    + c.events.len()
                    + c.handovers.len()
                    + c.leaves.len()
                    + c.absences.len()
                    + c.suspensions.len()
                    + c.audits.len()
            })
            .sum::<usize>() as u64
    }

    pub fn tests(&self) -> u64 {
        self.cases.iter().map(|c| c.tests.len()).sum::<usize>() as u64
    }
}

/// What a load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkLoadStats {
    pub cases: u64,
    pub rows: u64,
    /// Id of the first case written.
    pub first_case_id: i64,
}

/// The tables a history load writes millions of rows into (issue #6 item 1). Their
/// secondary indexes may be deferred for the load
/// ([`Store::defer_history_indexes`](crate::Store::defer_history_indexes)): unique
/// indexes are rules and always stay.
pub const HISTORY_TABLES: &[&str] = &[
    "cases",
    "test_windows",
    "drug_tests",
    "case_events",
    "handovers",
    "case_leaves",
    "case_absences",
    "case_suspensions",
    "audit_events",
];

/// The instant a command entered on `day` is stored with: 09:00 Beijing time plus
/// `n` seconds (whole seconds, so the audit chain hashes what is read back).
pub fn entered_at(day: NaiveDate, n: i64) -> DateTime<Utc> {
    day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc() + TimeDelta::seconds(n.min(28_000))
}

/// One case's history being built command by command through the rules.
pub struct CaseSim {
    case: Case,
    created_by: i64,
    updated_by: i64,
    windows: Vec<WindowRow>,
    tests: Vec<TestRow>,
    events: Vec<EventRow>,
    handovers: Vec<HandoverRow>,
    leaves: Vec<LeaveRow>,
    absences: Vec<AbsenceRow>,
    suspensions: Vec<(NaiveDate, NaiveDate)>,
    audits: Vec<AuditRow>,
    person_moved: Option<PersonMove>,
    commands: i64,
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
            return Err(StoreError::Refused("执行地与决定不符".into()));
        }
        let execution_level = matches!(unit.level, UnitLevel::Township | UnitLevel::Community);
        let planned = plan_new_case(new, person.fixed_home, execution_level, cal, today)?;
        let at = entered_at(today, 0);
        let case = Case {
            id: 0,
            person_id: person.id,
            person_name: person.name.clone(),
            person_sex: person.sex.clone(),
            person_birth_date: person.birth_date,
            unit_id: unit.id,
            unit_name: unit.name.clone(),
            unit_path: unit.path.clone(),
            measure: new.measure.code().to_owned(),
            state: CaseState::Ordered.code().to_owned(),
            state_since: new.decided_on,
            deciding_organ: new.deciding_organ.clone(),
            decision_number: new.decision_number.clone(),
            decided_on: new.decided_on,
            decided_years: new.decided_years.map(i64::from),
            served_on: new.served_on,
            family_served_on: new.family_served_on,
            place_basis: new.place_basis.code().to_owned(),
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
            breach_level: "none".to_owned(),
            closed_on: None,
            work_group: new.work_group.clone(),
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

    fn next_at(&mut self, today: NaiveDate) -> DateTime<Utc> {
        self.commands += 1;
        entered_at(today, self.commands)
    }

    fn event(&mut self, actor: &BulkActor, at: DateTime<Utc>, e: &NewEvent) {
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

    fn audit(&mut self, actor: &BulkActor, at: DateTime<Utc>, action: &str, detail: String) {
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

    /// Apply one command entered on `today`, as
    /// [`crate::Store::apply_case_command`] would. Leave and test ids in the command
    /// are 1-based positions in this case's [`CaseSim::leaves`] and [`CaseSim::tests`];
    /// `target` is the receiving unit of a transfer request.
    pub fn apply(
        &mut self,
        actor: &BulkActor,
        command: &CaseCommand,
        target: Option<&Unit>,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let mut ctx = CaseContext {
            suspensions: self
                .suspensions
                .iter()
                .map(|&(from, to)| Suspension { from, to })
                .collect(),
            absences: self
                .absences
                .iter()
                .map(|a| Absence {
                    from: a.from_on,
                    to: a.to_on,
                })
                .collect(),
            // as the engines decide it: the actor's scope does not hold the case
            as_receiver: !self.case.unit_path.starts_with(&actor.unit_path),
            ..CaseContext::default()
        };
        match command {
            CaseCommand::Step(s) if s.transfer_to_unit_id.is_some() => {
                let unit = target
                    .filter(|u| Some(u.id) == s.transfer_to_unit_id && u.valid_to.is_none())
                    .ok_or_else(|| StoreError::Refused("接收单位不存在或已撤销".into()))?;
                ctx.target_unit = Some(unit.clone());
            }
            CaseCommand::DecideLeave { leave_id, .. }
            | CaseCommand::LeaveReturned { leave_id, .. } => {
                ctx.leave = self.leave(*leave_id);
            }
            CaseCommand::PoliceNotified { test_id, .. } => ctx.test = self.test(*test_id),
            _ => {}
        }
        let plan = plan(&self.case, &ctx, command, actor.role, cal, today)?;
        let at = self.next_at(today);
        let c = &plan.change;
        let case = &mut self.case;
        case.unit_id = c.unit_id;
        case.unit_path.clone_from(&c.unit_path);
        case.state.clone_from(&c.state);
        case.state_since = c.state_since;
        case.served_on = c.served_on;
        case.notified_on = c.notified_on;
        case.report_deadline = c.report_deadline;
        case.reported_on = c.reported_on;
        case.last_reported_on = c.last_reported_on;
        case.agreement_on = c.agreement_on;
        case.term_end = c.term_end;
        case.talk_due_on = c.talk_due_on;
        case.suspended_from = c.suspended_from;
        if case.transfer_to_unit_id != c.transfer_to_unit_id {
            case.transfer_to_name = ctx.target_unit.as_ref().map(|u| u.name.clone());
        }
        case.transfer_to_unit_id = c.transfer_to_unit_id;
        case.transfer_to_path.clone_from(&c.transfer_to_path);
        case.refused_or_evaded = c.refused_or_evaded;
        case.breach_level.clone_from(&c.breach_level);
        case.closed_on = c.closed_on;
        case.work_group.clone_from(&c.work_group);
        case.updated_at = at;
        case.updated_by.clone_from(&actor.display_name);
        case.version += 1;
        self.updated_by = actor.user_id;
        self.event(actor, at, &plan.event);
        if let Some(t) = &plan.test {
            self.tests.push(TestRow {
                tested_at: t.tested_at,
                tested_on: t.tested_at.date(),
                kind: t.kind.code(),
                sample: t.sample.map(|s| s.code()),
                outcome: t.outcome.code(),
                satisfies_window: t.outcome.satisfies_window(),
                needs_police: t.outcome.needs_police_action(),
                substances: t.substances.clone(),
                tester_1: t.tester_1.clone(),
                tester_2: t.tester_2.clone(),
                sample_a: t.sample_a.clone(),
                sample_b: t.sample_b.clone(),
                planned: t.planned,
                note: t.note.clone(),
                police_notified_on: None,
                created_at: at,
                created_by: actor.user_id,
            });
        }
        if let Some(windows) = &plan.windows {
            self.windows = windows
                .iter()
                .map(|w| WindowRow {
                    idx: i64::from(w.index),
                    starts_on: w.start,
                    ends_on: w.end,
                    planned_on: w.planned,
                    provisional: w.provisional,
                    done_on: None,
                    missed: None,
                })
                .collect();
        }
        if let Some(h) = &plan.handover {
            self.handovers.push(HandoverRow {
                kind: h.kind,
                to_unit_id: h.to_unit_id,
                to_path: h.to_path.clone(),
                sent_on: h.sent_on,
                sent_by: actor.user_id,
                received_on: None,
                received_by: None,
                note: String::new(),
            });
        }
        if let Some(received) = plan.close_transfer_handover {
            for h in self
                .handovers
                .iter_mut()
                .filter(|h| h.kind == "transfer" && h.received_on.is_none())
            {
                h.received_on = Some(plan.event.occurred_on);
                h.received_by = Some(actor.user_id);
                h.note = if received {
                    "已接收"
                } else {
                    "拒绝接收"
                }
                .to_owned();
            }
        }
        if plan.move_person {
            let updates = self.person_moved.as_ref().map_or(0, |m| m.updates) + 1;
            self.person_moved = Some(PersonMove {
                unit_id: c.unit_id,
                unit_path: c.unit_path.clone(),
                at,
                by: actor.user_id,
                updates,
            });
        }
        if let Some((from, to)) = plan.close_suspension {
            self.suspensions.push((from, to));
        }
        if let Some(a) = &plan.absence {
            self.absences.push(AbsenceRow {
                from_on: a.from,
                to_on: a.to,
                note: plan.event.note.clone(),
                created_at: at,
                created_by: actor.user_id,
            });
        }
        match &plan.leave {
            Some(LeaveWrite::Insert {
                from,
                to,
                destination,
                reason,
            }) => self.leaves.push(LeaveRow {
                from_on: *from,
                to_on: *to,
                destination: destination.clone(),
                reason: reason.clone(),
                state: "requested",
                requested_by: actor.user_id,
                created_at: at,
                decided_on: None,
                decided_by: None,
                returned_on: None,
            }),
            Some(LeaveWrite::Decide { id, state, on }) => {
                if let Some(l) = self.leave_row(*id) {
                    l.state = state;
                    l.decided_on = Some(*on);
                    l.decided_by = Some(actor.user_id);
                }
            }
            Some(LeaveWrite::Returned { id, on }) => {
                if let Some(l) = self.leave_row(*id) {
                    l.state = "returned";
                    l.returned_on = Some(*on);
                }
            }
            None => {}
        }
        if let Some((test, on)) = plan.police_notified
            && let Some(t) = usize::try_from(test - 1)
                .ok()
                .and_then(|i| self.tests.get_mut(i))
        {
            t.police_notified_on = Some(on);
        }
        self.audit(actor, at, plan.event.kind, plan.event.summary.clone());
        Ok(())
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
            return Err(StoreError::Refused(
                "接收日期须在移交日期与今天之间".to_owned(),
            ));
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

    fn leave(&self, id: i64) -> Option<Leave> {
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
            decided_on: l.decided_on,
            returned_on: l.returned_on,
        })
    }

    fn leave_row(&mut self, id: i64) -> Option<&mut LeaveRow> {
        usize::try_from(id - 1)
            .ok()
            .and_then(|i| self.leaves.get_mut(i))
    }

    fn test(&self, id: i64) -> Option<DrugTest> {
        let i = usize::try_from(id - 1).ok()?;
        let t = self.tests.get(i)?;
        Some(DrugTest {
            id,
            case_id: 0,
            tested_at: t.tested_at,
            tested_on: t.tested_on,
            kind: t.kind.to_owned(),
            sample: t.sample.map(str::to_owned),
            outcome: t.outcome.to_owned(),
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
        let c = self.case;
        CaseHistory {
            case: CaseRow {
                person_id: c.person_id,
                unit_id: c.unit_id,
                unit_path: c.unit_path,
                measure: c.measure,
                state: c.state,
                state_since: c.state_since,
                deciding_organ: c.deciding_organ,
                decision_number: c.decision_number,
                decided_on: c.decided_on,
                decided_years: c.decided_years,
                served_on: c.served_on,
                family_served_on: c.family_served_on,
                place_basis: c.place_basis,
                handover_deadline: c.handover_deadline,
                notified_on: c.notified_on,
                report_deadline: c.report_deadline,
                reported_on: c.reported_on,
                last_reported_on: c.last_reported_on,
                agreement_on: c.agreement_on,
                term_end: c.term_end,
                talk_due_on: c.talk_due_on,
                suspended_from: c.suspended_from,
                transfer_to_unit_id: c.transfer_to_unit_id,
                transfer_to_path: c.transfer_to_path,
                refused_or_evaded: c.refused_or_evaded,
                breach_level: c.breach_level,
                closed_on: c.closed_on,
                work_group: c.work_group,
                seed: c.seed,
                created_at: c.created_at,
                created_by: self.created_by,
                updated_at: c.updated_at,
                updated_by: self.updated_by,
                version: c.version,
            },
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

/// `d` plus `n` days (saturating at `d`).
pub fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// The batch's audit records chained after `head`, with ids from `first_id` on (the
/// engine has made sure no other record takes those ids): each record's `object_id`
/// is its case's id from `case_ids` (in batch order). Returns the rows to insert and
/// the new head.
pub fn chain_audits(
    batch: &HistoryBatch,
    case_ids: &[i64],
    head: &crate::audit_chain::ChainHead,
    first_id: i64,
) -> (
    Vec<crate::audit_chain::StoredChainRow>,
    crate::audit_chain::ChainHead,
) {
    use crate::audit_chain::{ChainHead, ChainedRecord, StoredChainRow, record_hash};
    let n: usize = batch.cases.iter().map(|c| c.audits.len()).sum();
    let mut out = Vec::with_capacity(n);
    let mut last_id = head.last_id;
    let mut last_hash = head.last_hash.clone();
    let mut id = first_id;
    for (h, case_id) in batch.cases.iter().zip(case_ids) {
        for a in &h.audits {
            let record = ChainedRecord {
                id,
                prev_id: last_id,
                at: crate::audit_chain::truncate_to_micros(a.at),
                user_id: Some(a.user_id),
                username: a.username.clone(),
                action: a.action.clone(),
                object_type: "case".to_owned(),
                object_id: Some(*case_id),
                person_id: Some(h.case.person_id),
                unit_id: Some(a.unit_id),
                unit_path: a.unit_path.clone(),
                detail: a.detail.clone(),
                client: String::new(),
            };
            let hash = record_hash(&last_hash, &record);
            let prev_hash = std::mem::replace(&mut last_hash, hash.clone());
            last_id = id;
            id += 1;
            out.push(StoredChainRow {
                record,
                prev_hash: Some(prev_hash),
                hash: Some(hash),
            });
        }
    }
    let head = ChainHead {
        last_id,
        last_hash,
        entries: head.entries + n as i64,
    };
    (out, head)
}
