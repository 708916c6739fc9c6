//! CASE-7, D6 — a risk assessment on a case; N6 — naming its responsible worker and
//! police officer. Both are planned like any record: dated, checked, on the timeline.

use chrono::NaiveDate;
use jiekang_domain::case::check_step_date;
use jiekang_domain::case::{CaseDates, Dated};
use jiekang_domain::caseload::{CaseDuty, n6_check_assignment};
use jiekang_domain::permission::Role;
use jiekang_domain::risk::{
    RiskLevel, case8_talk_due_reclassified, case8_talk_interval_days, case8_visit_due_reclassified,
    d6_assess,
};

use super::{CaseContext, Plan, check_date, refused};
use crate::cases::command::NewAssessment;
use crate::cases::model::Case;
use crate::error::{StoreError, StoreResult};

/// A user named on a case, as the engine found them in the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Assignee {
    pub id: i64,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
    pub unit_path: String,
}

/// An assessment to store, as planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentWrite {
    pub scheme_version: i64,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    /// The item scores as JSON (`[["drug_kind", 20], …]`).
    pub scores_json: String,
    pub total: i64,
    pub level: RiskLevel,
    pub class_code: String,
    pub class_label: String,
    pub reassess_due_on: NaiveDate,
    pub note: String,
}

/// CASE-7, D6 — the township office and community staff assess (DUTY-1).
pub fn may_assess(role: Role) -> bool {
    matches!(role, Role::TownshipOffice | Role::CommunityStaff)
}

pub(super) fn plan_assessment(
    case: &Case,
    ctx: &CaseContext,
    a: &NewAssessment,
    role: Role,
    today: NaiveDate,
    plan: &mut Plan,
) -> StoreResult<()> {
    if !may_assess(role) {
        return Err(refused(
            "只有乡镇(街道)办公室和社区专职工作人员可以进行风险评估",
        ));
    }
    if !case.state.term_running() {
        return Err(refused(format!(
            "当前状态为「{}」,不能进行风险评估(报到后方可评估)",
            case.state.label_zh()
        )));
    }
    let scheme = ctx
        .scheme
        .as_ref()
        .ok_or_else(|| refused("评估方案版本不存在"))?;
    check_date(case, Dated::Record, a.assessed_on, today)?;
    let assessed = d6_assess(scheme, &a.scores, &a.assessor, a.assessed_on, today)
        .map_err(|e| refused(e.to_string()))?;
    let class = &assessed.class;
    let c = &mut plan.case;
    let old_talk = case8_talk_interval_days(c.care.talk_interval_days);
    let new_talk = i64::from(class.talk_interval_days);
    let new_visit = i64::from(class.visit_interval_days);
    c.talk_due_on = case8_talk_due_reclassified(c.talk_due_on, old_talk, new_talk);
    c.care.visit_due_on = Some(case8_visit_due_reclassified(
        c.care.visit_due_on,
        c.care.visit_interval_days,
        new_visit,
        a.assessed_on,
    ));
    c.care.risk_level = Some(class.level);
    c.care.risk_label = Some(class.label.clone());
    c.care.talk_interval_days = Some(new_talk);
    c.care.visit_interval_days = Some(new_visit);
    c.care.reassess_due_on = Some(assessed.reassess_due);
    let e = &mut plan.event;
    e.occurred_on = a.assessed_on;
    e.collected_by = a.assessor.trim().to_owned();
    e.note = a.note.clone();
    e.summary = format!(
        "风险评估:{} 分,{}({}),下次评估 {}",
        assessed.total,
        class.label,
        class.level.label_zh(),
        assessed.reassess_due
    );
    plan.assessment = Some(AssessmentWrite {
        scheme_version: a.scheme_version,
        assessed_on: a.assessed_on,
        assessor: a.assessor.trim().to_owned(),
        scores_json: serde_json::to_string(&a.scores).unwrap_or_else(|_| "[]".to_owned()),
        total: i64::from(assessed.total),
        level: class.level,
        class_code: class.code.clone(),
        class_label: class.label.clone(),
        reassess_due_on: assessed.reassess_due,
        note: a.note.clone(),
    });
    Ok(())
}

pub(super) fn plan_assignment(
    case: &Case,
    ctx: &CaseContext,
    (worker, police, on): (Option<i64>, Option<i64>, NaiveDate),
    role: Role,
    today: NaiveDate,
    plan: &mut Plan,
) -> StoreResult<()> {
    if role != Role::TownshipOffice {
        return Err(refused("只有乡镇(街道)办公室可以指定责任社工和责任民警"));
    }
    if case.closed_on.is_some() || case.state.is_closed() {
        return Err(refused("案件已结束,不能再指定责任人"));
    }
    // dated from the decision on, never in the future (no report-in needed)
    let dates = CaseDates {
        reported_on: None,
        ..case.dates()
    };
    check_step_date(&dates, Dated::Record, on, today).map_err(refused)?;
    let township = ctx.township_path.as_deref().unwrap_or(&case.unit_path);
    let mut names = Vec::new();
    for (duty, id) in [(CaseDuty::Worker, worker), (CaseDuty::Police, police)] {
        let Some(id) = id else { continue };
        let user = ctx
            .assignees
            .iter()
            .find(|u| u.id == id)
            .ok_or_else(|| refused(format!("{}的账号不存在或不在本辖区", duty.label_zh())))?;
        let user_role = Role::parse(&user.role).ok_or(StoreError::NotFound)?;
        n6_check_assignment(
            duty,
            user_role,
            user.disabled,
            &user.unit_path,
            township,
            &case.unit_path,
        )
        .map_err(|e| refused(e.to_string()))?;
        names.push(format!("{}:{}", duty.label_zh(), user.display_name));
    }
    if worker == case.care.worker_id && police == case.care.police_id {
        return Err(refused("责任社工和责任民警没有变化"));
    }
    let c = &mut plan.case;
    c.care.worker_id = worker;
    c.care.police_id = police;
    let e = &mut plan.event;
    e.occurred_on = on;
    e.summary = if names.is_empty() {
        "撤销责任社工和责任民警".to_owned()
    } else {
        format!("指定{}", names.join(","))
    };
    plan.assignment = Some((worker, police, on));
    Ok(())
}
