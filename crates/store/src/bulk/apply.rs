//! A command applied to a simulated case, as the engines apply it: the same plan,
//! and every row the engine would write.

use chrono::NaiveDate;
use jiekang_domain::breach::Absence;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::term::Suspension;

use super::{AbsenceRow, BulkActor, HandoverRow, LeaveRow, PersonMove, TestRow, WindowRow};
use crate::cases::{Case, CaseCommand, CaseContext, LeaveWrite, plan};
use crate::error::{StoreError, StoreResult};
use crate::model::Unit;

impl super::CaseSim {
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
        // AcceptTransfer: the simulation holds no unit tree, so it trusts its caller to
        // name the community (`target`) wherever the receiver has communities (CASE-4).
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
                    .ok_or_else(|| StoreError::refused("接收单位不存在或已撤销"))?;
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
        let c = &plan.case;
        let case = &mut self.case;
        // the plan's case, with what the engine's reload would show: the receiving
        // unit's name, and who changed it when
        let transfer_to_name = if case.transfer_to_unit_id != c.transfer_to_unit_id {
            ctx.target_unit.as_ref().map(|u| u.name.clone())
        } else {
            case.transfer_to_name.clone()
        };
        let version = case.version + 1;
        *case = Case {
            transfer_to_name,
            updated_at: at,
            updated_by: actor.display_name.clone(),
            version,
            ..c.clone()
        };
        self.updated_by = actor.user_id;
        self.event(actor, at, &plan.event);
        if let Some(t) = &plan.test {
            self.tests.push(TestRow {
                tested_at: t.tested_at,
                tested_on: t.tested_at.date(),
                kind: t.kind,
                sample: t.sample,
                outcome: t.outcome,
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
                to_unit_id: h.to_unit_id.get(),
                to_path: h.to_path.clone(),
                sent_on: h.sent_on,
                sent_by: actor.user_id,
                received_on: None,
                received_by: None,
                note: String::new(),
                from_unit_id: h.from.as_ref().map(|(unit, _)| unit.get()),
                from_path: h.from.as_ref().map(|(_, path)| path.clone()),
                placed_unit_id: None,
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
                h.placed_unit_id = received.then_some(c.unit_id.get());
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
                unit_id: c.unit_id.get(),
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
                on,
                from,
                to,
                destination,
                reason,
            }) => self.leaves.push(LeaveRow {
                requested_on: Some(*on),
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
}
