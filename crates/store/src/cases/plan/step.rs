//! A step of the case's life (CASE-2 … CASE-8, N3 … N14): the next state, its date
//! checked, and what else the step writes.

use chrono::{Days, NaiveDate};
use jiekang_domain::breach::{BreachLevel, assess_breach};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{CaseState, Dated, Step, next_state, report_in_overdue};
use jiekang_domain::deadline::{
    expiry_notice_deadline, report_in_deadline, transfer_report_in_deadline,
};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::Role;
use jiekang_domain::records::next_talk_due_every;
use jiekang_domain::risk::case8_talk_interval_days;
use jiekang_domain::schedule::schedule;
use jiekang_domain::term::Suspension;

use super::{CaseContext, NewHandover, Plan, check_date, provisional_note, refused};
use crate::cases::command::StepInput;
use crate::cases::ids::UnitId;
use crate::cases::model::Case;
use crate::error::StoreResult;

#[allow(clippy::too_many_arguments)]
pub(super) fn plan_step(
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
        return Err(refused(
            crate::Refusal::message(
                "store-step-not-for-role",
                format!("您的角色不能执行「{}」", step.label_zh()),
            )
            .arg("step", step.code()),
        ));
    }
    let to = next_state(state, step).map_err(refused)?;
    let on = input.on;
    check_date(case, Dated::Step(step), on, today)?;
    let c = &mut plan.case;
    c.state = to;
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
                from: None,
                sent_on: on,
            });
        }
        Step::ReportIn => {
            if case.reported_on.is_none() {
                // D3, D4: the term and the schedule start at the first report-in.
                let measure = case.measure;
                let s = schedule(cal, measure, on, case.years(), &[], case.seed as u64)
                    .map_err(refused)?;
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
            let every = case8_talk_interval_days(case.care.talk_interval_days);
            c.talk_due_on = Some(next_talk_due_every(on, None, every));
        }
        Step::SignAgreement => {
            c.agreement_on = Some(on);
            // N5: the agreement of the case's own measure.
            summary = format!("签订{}协议", case.measure.label_zh());
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
                case.measure,
                reported_on,
                case.years(),
                &all,
                case.seed as u64,
            )
            .map_err(refused)?;
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
            c.transfer_to_unit_id = Some(UnitId(target.id));
            c.transfer_to_path = Some(target.path.clone());
            summary = format!("申请变更执行地至 {}", target.name);
            plan.handover = Some(NewHandover {
                kind: "transfer",
                to_unit_id: UnitId(target.id),
                to_path: target.path.clone(),
                from: Some((case.unit_id, case.unit_path.clone())),
                sent_on: on,
            });
        }
        Step::AcceptTransfer => {
            let (receiver_id, receiver_path) = case
                .transfer_to_unit_id
                .zip(case.transfer_to_path.clone())
                .ok_or_else(|| refused("没有待接收的变更"))?;
            // CASE-4: the case lands in a community. A receiving township with
            // communities places it in one of its own; a community receives it as is.
            let (unit_id, path, placed) = match &ctx.target_unit {
                Some(u)
                    if u.level == UnitLevel::Community && u.path.starts_with(&receiver_path) =>
                {
                    (UnitId(u.id), u.path.clone(), Some(u.name.clone()))
                }
                Some(u) => {
                    return Err(refused(
                        crate::Refusal::message(
                            "store-transfer-community-not-under-receiver",
                            format!("{} 不是接收单位下属的社区,请从接收单位的社区中选择", u.name),
                        )
                        .arg("unit", u.name.clone()),
                    ));
                }
                None if ctx.receiver_has_communities => {
                    return Err(refused(crate::Refusal::message(
                        "store-transfer-community-required",
                        "请选择由接收单位的哪个社区执行",
                    )));
                }
                None => (receiver_id, receiver_path, None),
            };
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
            if let Some(name) = placed {
                summary.push_str(&format!(";交由 {name} 执行"));
            }
            plan.move_person = true;
            plan.close_transfer_handover = Some(true);
            // N6: the sending township's worker and officer do not follow the case; the
            // receiving office names its own
            c.care.worker_id = None;
            c.care.police_id = None;
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
                return Err(refused(
                    crate::Refusal::message(
                        "store-report-in-deadline-not-passed",
                        format!("报到期限 {deadline} 尚未届满"),
                    )
                    .arg("date", deadline),
                ));
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
            if breach.level != BreachLevel::Serious && state != CaseState::Refused {
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
