//! The home page: what each role must see first (ui.md).

use crate::i18n::filters;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use jiekang_domain::permission::{Action, Role, permits};

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    heading: &'static str,
    intro: &'static str,
    persons: Option<i64>,
    /// The role's work queues with their counts (issue #4 item 7).
    queues: Vec<(jiekang_store::cases::QueueKind, i64)>,
    units: usize,
    can_register: bool,
    can_manage_units: bool,
    can_manage_users: bool,
    /// issue #5: the auditor's first screen leads to the audit trail.
    can_read_audit: bool,
}

/// What the first screen of each role is for (ui.md, "Home page per role").
fn heading_of(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::CommunityStaff => ("今日工作", "今天和本周应检测、应谈话的人员,以及逾期事项。"),
        Role::CommunityPolice => (
            "社区民警工作台",
            "辖区应检、逾期检测,待处理的阳性与拒检,以及脱失人员。",
        ),
        Role::TownshipOffice => (
            "乡镇(街道)办公室工作台",
            "待接收的移交、未报到人员及期限、未签协议、待接收的变更、待移交的违规和30日内到期人员。",
        ),
        Role::DistrictOffice => (
            "旗区概况",
            "按乡镇(街道)查看各状态人员、逾期检测、脱失和迟交移交,每个数字都可查看名单。",
        ),
        Role::CitySupervisor => ("全市督导", "各旗区同口径并列比较,哪里滞后一目了然。"),
        Role::Auditor => ("审计", "按用户、人员、单位、操作和时间检索审计日志。"),
        Role::Admin => ("系统管理", "维护组织机构、用户账号和节假日安排。"),
        Role::ClinicStaff => ("美沙酮门诊", "门诊工作队列将随美沙酮维持治疗功能提供。"),
        Role::CivilAffairs => ("民政", "低保与救助工作队列将随救助功能提供。"),
        Role::HumanResources => ("人社", "培训与就业工作队列将随就业安置功能提供。"),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // ui.md: the district and the city open on their dashboard (STAT-1, issue #6)
    if permits(actor.role, Action::SupervisionRead) {
        return super::dashboard::page(&state, actor, "/").await;
    }
    let (heading, intro) = heading_of(actor.role);
    let persons = if permits(actor.role, Action::PersonsRead) {
        Some(state.store.count_persons(&actor.scope).await?)
    } else {
        None
    };
    let units = state.store.units(&actor.scope).await?.len();
    let today = state.today();
    let kinds = jiekang_store::cases::QueueKind::for_role(actor.role);
    let counts = state.store.queue_counts(&actor.scope, kinds, today).await?;
    let queues: Vec<_> = kinds.iter().copied().zip(counts.counts).collect();
    Ok(render(&HomePage {
        nav: Nav::for_actor(actor, "/"),
        heading,
        intro,
        persons,
        queues,
        units,
        can_register: permits(actor.role, Action::PersonsWrite),
        can_manage_units: permits(actor.role, Action::UnitsManage),
        can_manage_users: permits(actor.role, Action::UsersManage),
        can_read_audit: permits(actor.role, Action::AuditRead),
    }))
}
