//! The engine-independent half of a case change: from the stored case, its context and
//! a command, decide every write — or refuse with a Chinese message — without I/O.
//! Each engine loads the context, calls [`plan`], and applies the [`Plan`] in the
//! same transaction. Every rule comes from `jiekang_domain`.

use chrono::NaiveDate;
use jiekang_domain::breach::{Absence, BreachLevel, assess_breach};
use jiekang_domain::calendar::{HolidayCalendar, Provisional};
use jiekang_domain::case::{Dated, check_step_date};
use jiekang_domain::permission::Role;
use jiekang_domain::schedule::PlannedWindow;
use jiekang_domain::term::Suspension;

use super::command::{CaseCommand, NewDrugTest};
use super::ids::UnitId;
use super::model::{Case, DrugTest, Leave};
use crate::error::{StoreError, StoreResult};
use crate::model::Unit;

mod care;
mod new_case;
mod record;
mod step;

pub use care::{AssessmentWrite, Assignee};

pub use new_case::{NewCasePlan, plan_new_case};

/// What the engine loads before planning: the case's suspensions and unauthorised
/// absences, and whatever the command names.
#[derive(Debug, Clone, Default)]
pub struct CaseContext {
    /// Closed suspensions (D3, N13).
    pub suspensions: Vec<Suspension>,
    /// Unauthorised absences so far (N9).
    pub absences: Vec<Absence>,
    /// RequestTransfer: the receiving unit, in use. AcceptTransfer: the community the
    /// receiving office chose, in use (`None` when it chose none).
    pub target_unit: Option<Unit>,
    /// AcceptTransfer: the receiving unit has communities in use under it, so the
    /// receiving office must place the case in one of them (CASE-4).
    pub receiver_has_communities: bool,
    /// DecideLeave, LeaveReturned: the leave request.
    pub leave: Option<Leave>,
    pub test: Option<DrugTest>,
    /// The acting user reached the case as the receiving township of a transfer.
    pub as_receiver: bool,
    /// Assess: the scheme version named (`None` when there is no such version).
    pub scheme: Option<jiekang_domain::risk::RiskScheme>,
    /// Assign: the users named, as found in the actor's scope.
    pub assignees: Vec<Assignee>,
    /// Assign: the path of the township the case's execution place belongs to.
    pub township_path: Option<String>,
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
    pub to_unit_id: UnitId,
    pub to_path: String,
    /// A transfer: the sending unit and its path (the stub it keeps, CASE-4).
    pub from: Option<(UnitId, String)>,
    pub sent_on: NaiveDate,
}

/// What to do with a leave request.
#[derive(Debug, Clone, PartialEq)]
pub enum LeaveWrite {
    Insert {
        /// N8 — the day it was requested.
        on: NaiveDate,
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
    /// The case as the command leaves it; its mutable columns are written back with
    /// one UPDATE (the joined names are not columns of the case and stay as read).
    pub case: Case,
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
    /// CASE-7, D6 — an assessment to store.
    pub assessment: Option<AssessmentWrite>,
    /// N6 — an assignment to record: (worker, police officer, from).
    pub assignment: Option<(Option<i64>, Option<i64>, NaiveDate)>,
}

pub(super) fn refused(why: impl Into<crate::Refusal>) -> StoreError {
    StoreError::Refused(why.into())
}

pub(super) fn provisional_note(p: &Provisional<NaiveDate>) -> &'static str {
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
    let state = case.state;
    let mut plan = Plan {
        case: case.clone(),
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
        assessment: None,
        assignment: None,
    };
    // The receiving township sees a pending transfer only to accept or refuse it.
    let receiver_step = matches!(command, CaseCommand::Step(s) if s.step.is_taken_by_receiver());
    if ctx.as_receiver != receiver_step {
        return Err(StoreError::NotFound);
    }
    match command {
        CaseCommand::Step(input) => {
            step::plan_step(case, state, ctx, input, role, cal, today, &mut plan)?
        }
        CaseCommand::Assess(a) => care::plan_assessment(case, ctx, a, role, today, &mut plan)?,
        CaseCommand::Assign {
            worker_id,
            police_id,
            on,
        } => care::plan_assignment(
            case,
            ctx,
            (*worker_id, *police_id, *on),
            role,
            today,
            &mut plan,
        )?,
        other => {
            if !keeps_records(role) {
                return Err(refused("您的角色不能登记该事项"));
            }
            if !state.term_running() {
                return Err(refused(
                    crate::Refusal::message(
                        "store-record-not-in-state",
                        format!("当前状态为「{}」,不能登记该事项", state.label_zh()),
                    )
                    .arg("state", state.code()),
                ));
            }
            record::plan_record(case, ctx, other, role, today, &mut plan)?;
        }
    }
    Ok(plan)
}

pub(super) fn check_date(
    case: &Case,
    what: Dated,
    on: NaiveDate,
    today: NaiveDate,
) -> StoreResult<()> {
    check_step_date(&case.dates(), what, on, today).map_err(refused)
}

/// N9 — the ladder's level from the refusals or evasions and absences so far.
pub(super) fn breach_level(refused_or_evaded: i64, absences: &[Absence]) -> BreachLevel {
    let count = u32::try_from(refused_or_evaded).unwrap_or(u32::MAX);
    assess_breach(count, absences).level
}
