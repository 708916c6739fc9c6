//! The engine-independent half of a case change: from the stored case, its context and
//! a command, decide every write — or refuse with a Chinese message — without I/O.
//! Each engine loads the context, calls [`plan`], and applies the [`Plan`] in the
//! same transaction. Every rule comes from `jiekang_domain`.

use chrono::{Days, NaiveDate};
use jiekang_domain::breach::{Absence, assess_breach, leave_needs_request};
use jiekang_domain::calendar::{HolidayCalendar, Provisional};
use jiekang_domain::case::{
    CaseState, Dated, Step, check_step_date, next_state, report_in_overdue,
};
use jiekang_domain::deadline::{
    expiry_notice_deadline, report_in_deadline, transfer_report_in_deadline,
};
use jiekang_domain::permission::Role;
use jiekang_domain::records::{TestFacts, check_test_record, next_talk_due};
use jiekang_domain::schedule::{PlannedWindow, schedule};
use jiekang_domain::term::Suspension;

use super::command::{CaseCommand, NewDrugTest, StepInput};
use super::model::{Case, DrugTest, Leave};
use crate::error::{StoreError, StoreResult};
use crate::model::Unit;

/// What the engine loads before planning: the case's suspensions and unauthorised
/// absences, and whatever the command names.
#[derive(Debug, Clone, Default)]
pub struct CaseContext {
    /// Closed suspensions (D3, N13).
    pub suspensions: Vec<Suspension>,
    /// Unauthorised absences so far (N9).
    pub absences: Vec<Absence>,
    /// RequestTransfer: the receiving unit, in use.
    pub target_unit: Option<Unit>,
    /// DecideLeave, LeaveReturned: the leave request.
    pub leave: Option<Leave>,
    pub test: Option<DrugTest>,
    /// The acting user reached the case as the receiving township of a transfer.
    pub as_receiver: bool,
}

/// The mutable columns of a case, written back with one UPDATE.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseChange {
    pub unit_id: i64,
    pub unit_path: String,
    pub state: String,
    pub state_since: NaiveDate,
    pub served_on: Option<NaiveDate>,
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
}

impl CaseChange {
    fn of(case: &Case) -> Self {
        Self {
            unit_id: case.unit_id,
            unit_path: case.unit_path.clone(),
            state: case.state.clone(),
            state_since: case.state_since,
            served_on: case.served_on,
            notified_on: case.notified_on,
            report_deadline: case.report_deadline,
            reported_on: case.reported_on,
            last_reported_on: case.last_reported_on,
            agreement_on: case.agreement_on,
            term_end: case.term_end,
            talk_due_on: case.talk_due_on,
            suspended_from: case.suspended_from,
            transfer_to_unit_id: case.transfer_to_unit_id,
            transfer_to_path: case.transfer_to_path.clone(),
            refused_or_evaded: case.refused_or_evaded,
            breach_level: case.breach_level.clone(),
            closed_on: case.closed_on,
            work_group: case.work_group.clone(),
        }
    }
}

/// A timeline entry to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub note: String,
    pub collected_by: String,
}

/// A hand-over to send (CASE-2).
#[derive(Debug, Clone, PartialEq)]
pub struct NewHandover {
    pub kind: &'static str,
    pub to_unit_id: i64,
    pub to_path: String,
    pub sent_on: NaiveDate,
}

/// What to do with a leave request.
#[derive(Debug, Clone, PartialEq)]
pub enum LeaveWrite {
    Insert {
        from: NaiveDate,
        to: NaiveDate,
        destination: String,
        reason: String,
    },
    Decide {
        id: i64,
        state: &'static str,
        on: NaiveDate,
    },
    Returned {
        id: i64,
        on: NaiveDate,
    },
}

/// Every write of one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub change: CaseChange,
    pub event: NewEvent,
    /// Replace all test windows (report-in, resumption) and re-mark the done ones.
    pub windows: Option<Vec<PlannedWindow>>,
    pub test: Option<NewDrugTest>,
    pub handover: Option<NewHandover>,
    /// Close the pending transfer hand-over: `true` received, `false` refused.
    pub close_transfer_handover: Option<bool>,
    /// Move the person (and every window) to the case's new unit (N11).
    pub move_person: bool,
    /// Open (`Some(from)`) or close (`Some(to)`) a suspension.
    pub open_suspension: Option<NaiveDate>,
    pub close_suspension: Option<(NaiveDate, NaiveDate)>,
    pub leave: Option<LeaveWrite>,
    pub absence: Option<Absence>,
    pub police_notified: Option<(i64, NaiveDate)>,
}

fn refused(message: impl Into<String>) -> StoreError {
    StoreError::Refused(message.into())
}

fn provisional_note(p: &Provisional<NaiveDate>) -> &'static str {
    if p.provisional {
        "(暂定:该年度节假日安排尚未录入)"
    } else {
        ""
    }
}

/// Roles that keep records inside a case (DUTY-1): the township office, community
/// staff and community police.
fn keeps_records(role: Role) -> bool {
    matches!(
        role,
        Role::TownshipOffice | Role::CommunityStaff | Role::CommunityPolice
    )
}

/// Decide every write of `command` on `case`, or refuse it.
pub fn plan(
    case: &Case,
    ctx: &CaseContext,
    command: &CaseCommand,
    role: Role,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<Plan> {
    let state = case.state()?;
    let mut plan = Plan {
        change: CaseChange::of(case),
        event: NewEvent {
            kind: command.kind(),
            occurred_on: today,
            summary: String::new(),
            note: String::new(),
            collected_by: String::new(),
        },
        windows: None,
        test: None,
        handover: None,
        close_transfer_handover: None,
        move_person: false,
        open_suspension: None,
        close_suspension: None,
        leave: None,
        absence: None,
        police_notified: None,
    };
    // The receiving township sees a pending transfer only to accept or refuse it.
    let receiver_step = matches!(command, CaseCommand::Step(s) if s.step.is_taken_by_receiver());
    if ctx.as_receiver != receiver_step {
        return Err(StoreError::NotFound);
    }
    match command {
        CaseCommand::Step(input) => {
            plan_step(case, state, ctx, input, role, cal, today, &mut plan)?
        }
        other => {
            if !keeps_records(role) {
                return Err(refused("您的角色不能登记该事项"));
            }
            if !state.term_running() {
                return Err(refused(format!(
                    "当前状态为「{}」,不能登记该事项",
                    state.label_zh()
                )));
            }
            plan_record(case, ctx, other, role, today, &mut plan)?;
        }
    }
    Ok(plan)
}

fn check_date(case: &Case, what: Dated, on: NaiveDate, today: NaiveDate) -> StoreResult<()> {
    check_step_date(&case.dates(), what, on, today).map_err(|e| refused(e.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn plan_step(
    case: &Case,
    state: CaseState,
    ctx: &CaseContext,
    input: &StepInput,
    role: Role,
    cal: &HolidayCalendar,
    today: NaiveDate,
    plan: &mut Plan,
) -> StoreResult<()> {
    let step = input.step;
    if !step.allowed_for(role) {
        return Err(refused(format!("您的角色不能执行「{}」", step.label_zh())));
    }
    let to = next_state(state, step).map_err(|e| refused(e.to_string()))?;
    let on = input.on;
    check_date(case, Dated::Step(step), on, today)?;
    let c = &mut plan.change;
    c.state = to.code().to_owned();
    c.state_since = on;
    plan.event.occurred_on = on;
    plan.event.note = input.note.clone();
    let mut summary = step.label_zh().to_owned();
    match step {
        Step::Notify => {
            let served_on = input
                .served_on
                .or(case.served_on)
                .ok_or_else(|| refused("请填写决定书送达本人的日期"))?;
            if served_on < case.decided_on || served_on > today {
                return Err(refused("送达日期须在决定日期与今天之间"));
            }
            let deadline = report_in_deadline(cal, served_on);
            c.served_on = Some(served_on);
            c.notified_on = Some(on);
            c.report_deadline = Some(deadline.value);
            // CASE-2: a notification after the 7-working-day deadline is flagged.
            let late = if on > case.handover_deadline {
                format!(",逾期通知(期限 {})", case.handover_deadline)
            } else {
                String::new()
            };
            summary = format!(
                "公安通知乡镇(街道)并移交材料{late};应于 {} 前报到{}",
                deadline.value,
                provisional_note(&deadline)
            );
            plan.handover = Some(NewHandover {
                kind: "police",
                to_unit_id: case.unit_id,
                to_path: case.unit_path.clone(),
                sent_on: on,
            });
        }
        Step::ReportIn => {
            if case.reported_on.is_none() {
                // D3, D4: the term and the schedule start at the first report-in.
                let measure = case.measure()?;
                let s = schedule(cal, measure, on, case.years(), &[], case.seed as u64)
                    .map_err(|e| refused(e.to_string()))?;
                c.reported_on = Some(on);
                c.term_end = Some(s.term_end);
                summary = format!(
                    "报到;期限 {} 至 {},共 {} 个检测周期",
                    on,
                    s.term_end,
                    s.windows.len()
                );
                plan.windows = Some(s.windows);
            } else {
                summary = "在新执行地报到(期限连续计算)".to_owned();
            }
            if let Some(deadline) = case.report_deadline
                && report_in_overdue(deadline, on)
            {
                summary.push_str(&format!(",逾期报到(期限 {deadline})"));
            }
            c.last_reported_on = Some(on);
            c.talk_due_on = Some(next_talk_due(on, None));
        }
        Step::SignAgreement => {
            c.agreement_on = Some(on);
            summary = "签订社区戒毒(康复)协议".to_owned();
        }
        Step::Suspend => {
            plan.open_suspension = Some(on);
            c.suspended_from = Some(on);
        }
        Step::Resume => {
            let from = case
                .suspended_from
                .ok_or_else(|| refused("没有进行中的中止"))?;
            let last = on
                .checked_sub_days(Days::new(1))
                .filter(|last| *last >= from)
                .ok_or_else(|| refused("恢复执行日期须晚于中止开始日期"))?;
            let mut all = ctx.suspensions.clone();
            all.push(Suspension { from, to: last });
            let reported_on = case
                .reported_on
                .ok_or_else(|| refused("尚未报到,不能恢复执行"))?;
            let s = schedule(
                cal,
                case.measure()?,
                reported_on,
                case.years(),
                &all,
                case.seed as u64,
            )
            .map_err(|e| refused(e.to_string()))?;
            summary = format!(
                "恢复执行;中止 {from} 至 {last} 共 {} 日不计入期限,期满日改为 {}",
                (last - from).num_days() + 1,
                s.term_end
            );
            c.term_end = Some(s.term_end);
            c.suspended_from = None;
            plan.windows = Some(s.windows);
            plan.close_suspension = Some((from, last));
        }
        Step::Abscond | Step::Return | Step::PoliceDeclined => {}
        Step::RequestTransfer => {
            let target = ctx
                .target_unit
                .as_ref()
                .ok_or_else(|| refused("请选择接收的乡镇(街道)或社区"))?;
            if target.id == case.unit_id || case.unit_path.starts_with(&target.path) {
                return Err(refused("接收单位不能是当前执行地或其上级"));
            }
            c.transfer_to_unit_id = Some(target.id);
            c.transfer_to_path = Some(target.path.clone());
            summary = format!("申请变更执行地至 {}", target.name);
            plan.handover = Some(NewHandover {
                kind: "transfer",
                to_unit_id: target.id,
                to_path: target.path.clone(),
                sent_on: on,
            });
        }
        Step::AcceptTransfer => {
            let (unit_id, path) = case
                .transfer_to_unit_id
                .zip(case.transfer_to_path.clone())
                .ok_or_else(|| refused("没有待接收的变更"))?;
            // N11: new report-in deadline and agreement; the term runs on.
            let deadline = transfer_report_in_deadline(cal, on);
            c.unit_id = unit_id;
            c.unit_path = path;
            c.transfer_to_unit_id = None;
            c.transfer_to_path = None;
            c.report_deadline = Some(deadline.value);
            c.last_reported_on = None;
            c.agreement_on = None;
            summary = format!(
                "接收变更执行地;应于 {} 前到新执行地报到{},并重新签订协议",
                deadline.value,
                provisional_note(&deadline)
            );
            plan.move_person = true;
            plan.close_transfer_handover = Some(true);
        }
        Step::RefuseTransfer => {
            c.transfer_to_unit_id = None;
            c.transfer_to_path = None;
            plan.close_transfer_handover = Some(false);
        }
        Step::MarkRefused => {
            let deadline = case
                .report_deadline
                .ok_or_else(|| refused("尚无报到期限"))?;
            if !report_in_overdue(deadline, on) {
                return Err(refused(format!("报到期限 {deadline} 尚未届满")));
            }
            summary = format!("逾期未报到(期限 {deadline}),视为拒绝接受社区戒毒,报告公安");
        }
        Step::ReferToPolice => {
            let breach = assess_breach(
                u32::try_from(case.refused_or_evaded).unwrap_or(u32::MAX),
                &ctx.absences,
            );
            summary = format!(
                "移交公安处理(拒检/逃避检测 {} 次,擅自离开 {} 次)",
                case.refused_or_evaded,
                ctx.absences.len()
            );
            if breach.level != jiekang_domain::breach::BreachLevel::Serious
                && state != CaseState::Refused
            {
                summary.push_str(";尚未达到严重违反协议的标准");
            }
        }
        Step::DecideIsolation | Step::Terminate => {
            c.closed_on = Some(on);
        }
        Step::Expire => {
            let deadline = expiry_notice_deadline(cal, on);
            c.closed_on = Some(on);
            summary = format!(
                "期满解除;公安应于 {} 前通知乡镇(街道){}",
                deadline.value,
                provisional_note(&deadline)
            );
        }
    }
    plan.event.summary = summary;
    Ok(())
}

fn plan_record(
    case: &Case,
    ctx: &CaseContext,
    command: &CaseCommand,
    role: Role,
    today: NaiveDate,
    plan: &mut Plan,
) -> StoreResult<()> {
    let c = &mut plan.change;
    let e = &mut plan.event;
    match command {
        // steps go to `plan_step`
        CaseCommand::Step(_) => {}
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
                female_tester_present: t.female_tester_present,
                person_is_female: case.person_is_female(),
            })
            .map_err(|e| refused(e.to_string()))?;
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
                let due = next_talk_due(reported_on, Some(*on));
                c.talk_due_on = Some(c.talk_due_on.map_or(due, |d| d.max(due)));
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
            e.occurred_on = *on;
            e.summary = "提请公安网上布控".to_owned();
            e.note = note.clone();
        }
        CaseCommand::Warning { on, note } => {
            check_date(case, Dated::Record, *on, today)?;
            e.occurred_on = *on;
            e.summary = "告诫(批评教育)".to_owned();
            e.note = note.clone();
        }
        CaseCommand::RequestLeave {
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
            check_date(case, Dated::Record, today, today)?;
            e.summary = format!("请假外出:{from} 至 {to},前往 {destination}");
            e.note = reason.clone();
            plan.leave = Some(LeaveWrite::Insert {
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

/// N9 — the ladder's level as stored.
fn breach_level(refused_or_evaded: i64, absences: &[Absence]) -> String {
    let count = u32::try_from(refused_or_evaded).unwrap_or(u32::MAX);
    assess_breach(count, absences).level.code().to_owned()
}

/// What a new case starts with (CASE-1, CASE-2, N1–N3, N16).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCasePlan {
    pub handover_deadline: NaiveDate,
    pub report_deadline: Option<NaiveDate>,
    pub summary: String,
}

/// CASE-1, CASE-2, N2, N3, N16 — check a decision and compute its deadlines.
/// `unit_is_execution_level`: the unit is a township/street or a community.
pub fn plan_new_case(
    new: &super::model::NewCase,
    fixed_home: bool,
    unit_is_execution_level: bool,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<NewCasePlan> {
    use jiekang_domain::case::execution_place_allowed;
    use jiekang_domain::deadline::police_handover_deadline;
    use jiekang_domain::term::term_years;
    if !unit_is_execution_level {
        return Err(refused("执行地须为乡镇(街道)或社区"));
    }
    term_years(new.measure, new.decided_years).map_err(|e| refused(e.to_string()))?;
    if !execution_place_allowed(new.place_basis, fixed_home) {
        return Err(refused("现居住地作为执行地须有固定住所(请先在档案中登记)"));
    }
    if new.decided_on > today {
        return Err(refused("决定日期不能晚于今天"));
    }
    for served in [new.served_on, new.family_served_on].into_iter().flatten() {
        if served < new.decided_on || served > today {
            return Err(refused("送达日期须在决定日期与今天之间"));
        }
    }
    let handover = police_handover_deadline(cal, new.decided_on);
    let report = new.served_on.map(|s| report_in_deadline(cal, s));
    let mut summary = format!(
        "{}决定({} {});公安应于 {} 前通知乡镇(街道){}",
        new.measure.label_zh(),
        new.deciding_organ,
        new.decision_number,
        handover.value,
        provisional_note(&handover)
    );
    if let Some(r) = &report {
        summary.push_str(&format!(";应于 {} 前报到{}", r.value, provisional_note(r)));
    }
    Ok(NewCasePlan {
        handover_deadline: handover.value,
        report_deadline: report.map(|r| r.value),
        summary,
    })
}
