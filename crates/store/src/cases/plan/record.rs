//! A record kept inside a running case (TEST-1, CASE-8, N8 … N10, TRACE-1): its date
//! checked, the timeline line it adds and the columns it moves.

use chrono::NaiveDate;
use jiekang_domain::answer::{Answered, check_answer_date};
use jiekang_domain::breach::{Absence, leave_needs_request};
use jiekang_domain::case::{CaseState, Dated};
use jiekang_domain::permission::Role;
use jiekang_domain::records::{TalkKind, TestFacts, check_test_record, next_talk_due_every};
use jiekang_domain::risk::{case8_next_visit_due, case8_talk_interval_days};

use super::{CaseContext, LeaveWrite, Plan, breach_level, check_date, refused};
use crate::cases::command::CaseCommand;
use crate::cases::model::Case;
use crate::error::{StoreError, StoreResult};

pub(super) fn plan_record(
    case: &Case,
    ctx: &CaseContext,
    command: &CaseCommand,
    role: Role,
    today: NaiveDate,
    plan: &mut Plan,
) -> StoreResult<()> {
    let c = &mut plan.case;
    let e = &mut plan.event;
    match command {
        // steps go to `plan_step`, assessments and assignments to `care`
        CaseCommand::Step(_) | CaseCommand::Assess(_) | CaseCommand::Assign { .. } => {}
        CaseCommand::Test(t) => {
            let on = t.tested_at.date();
            check_date(case, Dated::Record, on, today)?;
            check_test_record(&TestFacts {
                kind: t.kind,
                sample: t.sample,
                outcome: t.outcome,
                tester_1: &t.tester_1,
                tester_2: &t.tester_2,
                sample_a: &t.sample_a,
                sample_b: &t.sample_b,
                substances: &t.substances,
                female_tester_present: t.female_tester_present,
                person_is_female: case.person_is_female(),
            })
            .map_err(refused)?;
            e.occurred_on = on;
            e.collected_by = format!("{}、{}", t.tester_1.trim(), t.tester_2.trim());
            e.note = t.note.clone();
            e.summary = format!(
                "{}:{}({})",
                t.kind.label_zh(),
                t.outcome.label_zh(),
                if t.planned { "计划内" } else { "随机" }
            );
            if t.outcome.counts_toward_breach() {
                c.refused_or_evaded += 1;
            }
            if t.outcome.needs_police_action() {
                e.summary.push_str(";待通报公安");
            }
            c.breach_level = breach_level(c.refused_or_evaded, &ctx.absences);
            plan.test = Some(t.clone());
        }
        CaseCommand::Talk {
            kind,
            on,
            note,
            collected_by,
        } => {
            check_date(case, Dated::Record, *on, today)?;
            e.occurred_on = *on;
            e.summary = kind.label_zh().to_owned();
            e.note = note.clone();
            e.collected_by = collected_by.clone();
            if let Some(reported_on) = case.reported_on {
                // D6: the class's interval, or the default 30 days without a class
                let every = case8_talk_interval_days(case.care.talk_interval_days);
                let due = next_talk_due_every(reported_on, Some(*on), every);
                c.talk_due_on = Some(c.talk_due_on.map_or(due, |d| d.max(due)));
                if let (TalkKind::HomeVisit, Some(visit_every)) =
                    (kind, case.care.visit_interval_days)
                {
                    let due = case8_next_visit_due(reported_on, Some(*on), visit_every);
                    c.care.visit_due_on = Some(c.care.visit_due_on.map_or(due, |d| d.max(due)));
                }
            }
        }
        CaseCommand::Search {
            on,
            place,
            outcome,
            searched_by,
        } => {
            check_date(case, Dated::Record, *on, today)?;
            e.occurred_on = *on;
            e.summary = format!("查找:{place};结果:{outcome}");
            e.collected_by = searched_by.clone();
        }
        CaseCommand::AlertRequested { on, note } => {
            check_date(case, Dated::Record, *on, today)?;
            // TRACE-1: the alert answers the absconding.
            if case.state == CaseState::Absconded {
                answer(*on, Answered::Absconded, case.state_since, today)?;
            }
            e.occurred_on = *on;
            e.summary = "提请公安网上布控".to_owned();
            e.note = note.clone();
        }
        CaseCommand::Warning {
            on,
            by,
            manner,
            note,
        } => {
            // N10: who warned, when and how.
            check_date(case, Dated::Record, *on, today)?;
            if by.trim().is_empty() {
                return Err(refused("请填写告诫人"));
            }
            e.occurred_on = *on;
            e.summary = format!("告诫({})", manner.label_zh());
            e.collected_by = by.trim().to_owned();
            e.note = note.clone();
        }
        CaseCommand::RequestLeave {
            on,
            from,
            to,
            destination,
            reason,
        } => {
            if to < from {
                return Err(refused("返回日期不能早于离开日期"));
            }
            if !leave_needs_request(*from, *to) {
                return Err(refused("离开县域不足3日无需书面报告"));
            }
            check_date(case, Dated::Record, *on, today)?;
            e.occurred_on = *on;
            e.summary = format!("请假外出:{from} 至 {to},前往 {destination}");
            e.note = reason.clone();
            plan.leave = Some(LeaveWrite::Insert {
                on: *on,
                from: *from,
                to: *to,
                destination: destination.clone(),
                reason: reason.clone(),
            });
        }
        CaseCommand::DecideLeave {
            leave_id,
            approve,
            on,
        } => {
            if role != Role::TownshipOffice {
                return Err(refused("请假由乡镇(街道)办公室审批"));
            }
            let leave = ctx.leave.as_ref().ok_or(StoreError::NotFound)?;
            if leave.state != "requested" {
                return Err(refused("该请假已处理"));
            }
            check_date(case, Dated::Record, *on, today)?;
            // N8: the decision answers the request.
            if let Some(requested_on) = leave.requested_on {
                answer(*on, Answered::LeaveRequested, requested_on, today)?;
            }
            e.occurred_on = *on;
            e.summary = format!(
                "请假({} 至 {}){}",
                leave.from_on,
                leave.to_on,
                if *approve { "已批准" } else { "不批准" }
            );
            plan.leave = Some(LeaveWrite::Decide {
                id: *leave_id,
                state: if *approve { "approved" } else { "refused" },
                on: *on,
            });
        }
        CaseCommand::LeaveReturned { leave_id, on } => {
            let leave = ctx.leave.as_ref().ok_or(StoreError::NotFound)?;
            if leave.state != "approved" {
                return Err(refused("只有已批准的请假才能登记返回"));
            }
            if *on < leave.from_on {
                return Err(refused("返回日期不能早于离开日期"));
            }
            check_date(case, Dated::Record, *on, today)?;
            // N8: the return answers the approval.
            if let Some(decided_on) = leave.decided_on {
                answer(*on, Answered::LeaveDecided, decided_on, today)?;
            }
            e.occurred_on = *on;
            e.summary = format!("请假返回(原定 {})", leave.to_on);
            plan.leave = Some(LeaveWrite::Returned {
                id: *leave_id,
                on: *on,
            });
        }
        CaseCommand::Absence { from, to, note } => {
            if to < from {
                return Err(refused("返回日期不能早于离开日期"));
            }
            check_date(case, Dated::Record, *to, today)?;
            check_date(case, Dated::Record, *from, today)?;
            let absence = Absence {
                from: *from,
                to: *to,
            };
            if !leave_needs_request(*from, *to) {
                return Err(refused("离开县域不足3日,不属于擅自离开"));
            }
            let mut all = ctx.absences.clone();
            all.push(absence);
            c.breach_level = breach_level(c.refused_or_evaded, &all);
            e.occurred_on = *to;
            e.summary = format!("擅自离开县域:{from} 至 {to},共 {} 日", absence.days());
            e.note = note.clone();
            plan.absence = Some(absence);
        }
        CaseCommand::PoliceNotified { test_id, on } => {
            let test = ctx.test.as_ref().ok_or(StoreError::NotFound)?;
            if test.outcome == "negative" || test.police_notified_on.is_some() {
                return Err(refused("该检测无需或已通报公安"));
            }
            if *on < test.tested_on || *on > today {
                return Err(refused("通报日期须在检测日期与今天之间"));
            }
            e.occurred_on = *on;
            e.summary = format!("已将 {} 的检测结果通报公安", test.tested_on);
            plan.police_notified = Some((*test_id, *on));
        }
        CaseCommand::WorkGroup { members } => {
            c.work_group = members.clone();
            e.summary = "更新工作小组成员".to_owned();
        }
    }
    Ok(())
}

/// CASE-2, N8, N10, TRACE-1 — an answer not before the event it answers, nor after today.
fn answer(on: NaiveDate, event: Answered, since: NaiveDate, today: NaiveDate) -> StoreResult<()> {
    check_answer_date(on, event, since, today).map_err(|e| refused(e.to_string()))
}
