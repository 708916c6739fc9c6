//! WEL-1..7, JOB-1, N7 — what the partner departments and the community record on a
//! case: welfare applications and their decisions (民政), training, employment,
//! unemployment registration and placement (人社), and the services given (N7).
//!
//! Decisions where the documents are silent:
//! * Every record is one row of one kind; welfare records and unemployment registrations
//!   start pending and are decided later (granted / refused, or followed up = done);
//!   training, employment, placement and services are facts and are done when recorded.
//! * Who records what follows each department's duty (§五(一)): 民政 the welfare kinds,
//!   人社 the employment kinds, the community staff and township office every service,
//!   民政 the family, schooling and medical help it gives. Nobody else.
//! * Dates are the day of the act (applied, started, given); never in the future, and a
//!   decision or an end is never before the start.
//! * An employment's kind is one of [`EmploymentKind`]; a service's one of [`ServiceKind`].
//! * JOB-1's employment rate: persons under a measure with an employment or a placement
//!   running on the day, over the persons under a measure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::permission::Role;

/// What was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// WEL-1 最低生活保障 (低保) application.
    Dibao,
    /// WEL-2 临时救助.
    TemporaryRelief,
    /// 特困人员救助供养.
    Tekun,
    /// WEL-4 大病医疗救助.
    MedicalAssistance,
    /// WEL-5 医疗保险补助.
    MedicalInsuranceSubsidy,
    /// WEL-6 子女就学补助.
    SchoolingSubsidy,
    /// 转介社会工作服务机构.
    SocialWorkReferral,
    /// WEL-3 廉租住房保障 (for a 低保 recipient without a home).
    LowRentHousing,
    /// WEL-7 美沙酮维持治疗中的困难救助.
    MethadoneHardship,
    /// JOB-1 职业技能培训 (course, hours, certificate).
    Training,
    /// JOB-1 就业 (employer, start, end, kind).
    Employment,
    /// JOB-1 失业登记 (and the benefit).
    Unemployment,
    /// JOB-1, BASE-1 安置基地(点)就业.
    Placement,
    /// WEL-7 自主创业扶持 (a self-employed person's support).
    SelfEmploymentSupport,
    /// WEL-7 吸纳就业单位补贴 (a subsidy to the employer who hires the person).
    EmployerSubsidy,
    /// N7 帮扶服务 (counselling, family support, schooling and medical help).
    Service,
}

/// The department a kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    Welfare,
    Employment,
    Services,
}

impl SupportKind {
    pub const ALL: [SupportKind; 16] = [
        SupportKind::Dibao,
        SupportKind::TemporaryRelief,
        SupportKind::Tekun,
        SupportKind::MedicalAssistance,
        SupportKind::MedicalInsuranceSubsidy,
        SupportKind::SchoolingSubsidy,
        SupportKind::SocialWorkReferral,
        SupportKind::LowRentHousing,
        SupportKind::MethadoneHardship,
        SupportKind::Training,
        SupportKind::Employment,
        SupportKind::Unemployment,
        SupportKind::Placement,
        SupportKind::SelfEmploymentSupport,
        SupportKind::EmployerSubsidy,
        SupportKind::Service,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SupportKind::Dibao => "dibao",
            SupportKind::TemporaryRelief => "temporary_relief",
            SupportKind::Tekun => "tekun",
            SupportKind::MedicalAssistance => "medical_assistance",
            SupportKind::MedicalInsuranceSubsidy => "medical_insurance_subsidy",
            SupportKind::SchoolingSubsidy => "schooling_subsidy",
            SupportKind::SocialWorkReferral => "social_work_referral",
            SupportKind::LowRentHousing => "low_rent_housing",
            SupportKind::MethadoneHardship => "methadone_hardship",
            SupportKind::SelfEmploymentSupport => "self_employment_support",
            SupportKind::EmployerSubsidy => "employer_subsidy",
            SupportKind::Training => "training",
            SupportKind::Employment => "employment",
            SupportKind::Unemployment => "unemployment",
            SupportKind::Placement => "placement",
            SupportKind::Service => "service",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SupportKind::Dibao => "低保申请",
            SupportKind::TemporaryRelief => "临时救助",
            SupportKind::Tekun => "特困供养",
            SupportKind::MedicalAssistance => "大病医疗救助",
            SupportKind::MedicalInsuranceSubsidy => "医疗保险补助",
            SupportKind::SchoolingSubsidy => "子女就学补助",
            SupportKind::SocialWorkReferral => "转介社会工作服务机构",
            SupportKind::LowRentHousing => "廉租住房保障",
            SupportKind::MethadoneHardship => "美沙酮治疗困难救助",
            SupportKind::SelfEmploymentSupport => "自主创业扶持",
            SupportKind::EmployerSubsidy => "吸纳就业单位补贴",
            SupportKind::Training => "职业技能培训",
            SupportKind::Employment => "就业",
            SupportKind::Unemployment => "失业登记",
            SupportKind::Placement => "安置基地(点)就业",
            SupportKind::Service => "帮扶服务",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            SupportKind::Dibao => "minimum living allowance (dibao) application",
            SupportKind::TemporaryRelief => "temporary relief",
            SupportKind::Tekun => "support for persons in extreme poverty",
            SupportKind::MedicalAssistance => "major-illness medical assistance",
            SupportKind::MedicalInsuranceSubsidy => "medical insurance subsidy",
            SupportKind::SchoolingSubsidy => "schooling subsidy for children",
            SupportKind::SocialWorkReferral => "referral to a social-work organisation",
            SupportKind::LowRentHousing => "low-rent housing",
            SupportKind::MethadoneHardship => "hardship support during methadone treatment",
            SupportKind::SelfEmploymentSupport => "support for self-employment",
            SupportKind::EmployerSubsidy => "subsidy to the employer who hires",
            SupportKind::Training => "vocational training",
            SupportKind::Employment => "employment",
            SupportKind::Unemployment => "unemployment registration",
            SupportKind::Placement => "work at a placement base or point",
            SupportKind::Service => "service given",
        }
    }

    pub fn department(self) -> Department {
        match self {
            SupportKind::Dibao
            | SupportKind::TemporaryRelief
            | SupportKind::Tekun
            | SupportKind::MedicalAssistance
            | SupportKind::MedicalInsuranceSubsidy
            | SupportKind::SchoolingSubsidy
            | SupportKind::SocialWorkReferral
            | SupportKind::LowRentHousing
            | SupportKind::MethadoneHardship => Department::Welfare,
            SupportKind::Training
            | SupportKind::Employment
            | SupportKind::Unemployment
            | SupportKind::Placement
            | SupportKind::SelfEmploymentSupport
            | SupportKind::EmployerSubsidy => Department::Employment,
            SupportKind::Service => Department::Services,
        }
    }

    /// Whether a record of this kind starts pending and waits for a decision or a
    /// follow-up (welfare applications and referrals, unemployment registrations).
    pub fn awaits_decision(self) -> bool {
        matches!(self.department(), Department::Welfare) || self == SupportKind::Unemployment
    }

    /// Whether the record is a job (an employment or a placement) for JOB-1's rate.
    pub fn is_job(self) -> bool {
        matches!(self, SupportKind::Employment | SupportKind::Placement)
    }
}

/// N7 — the kind of a service given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// 心理咨询、疏导.
    Counselling,
    /// 家庭支持.
    FamilySupport,
    /// 就学帮扶.
    Schooling,
    /// 就医帮扶.
    Medical,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::Counselling,
        ServiceKind::FamilySupport,
        ServiceKind::Schooling,
        ServiceKind::Medical,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ServiceKind::Counselling => "counselling",
            ServiceKind::FamilySupport => "family_support",
            ServiceKind::Schooling => "schooling",
            ServiceKind::Medical => "medical",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ServiceKind::Counselling => "心理咨询",
            ServiceKind::FamilySupport => "家庭支持",
            ServiceKind::Schooling => "就学帮扶",
            ServiceKind::Medical => "就医帮扶",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            ServiceKind::Counselling => "counselling",
            ServiceKind::FamilySupport => "family support",
            ServiceKind::Schooling => "help with schooling",
            ServiceKind::Medical => "help with medical care",
        }
    }
}

/// JOB-1 — the kind of an employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentKind {
    /// 集中安置.
    Centralised,
    /// 分散安置.
    Dispersed,
    /// 公益性岗位.
    PublicWelfarePost,
    /// 自主就业.
    SelfEmployed,
    /// 灵活就业.
    Flexible,
}

impl EmploymentKind {
    pub const ALL: [EmploymentKind; 5] = [
        EmploymentKind::Centralised,
        EmploymentKind::Dispersed,
        EmploymentKind::PublicWelfarePost,
        EmploymentKind::SelfEmployed,
        EmploymentKind::Flexible,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmploymentKind::Centralised => "centralised",
            EmploymentKind::Dispersed => "dispersed",
            EmploymentKind::PublicWelfarePost => "public_welfare_post",
            EmploymentKind::SelfEmployed => "self_employed",
            EmploymentKind::Flexible => "flexible",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EmploymentKind::Centralised => "集中安置",
            EmploymentKind::Dispersed => "分散安置",
            EmploymentKind::PublicWelfarePost => "公益性岗位",
            EmploymentKind::SelfEmployed => "自主就业",
            EmploymentKind::Flexible => "灵活就业",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            EmploymentKind::Centralised => "centralised placement",
            EmploymentKind::Dispersed => "dispersed placement",
            EmploymentKind::PublicWelfarePost => "public-welfare post",
            EmploymentKind::SelfEmployed => "self-employment",
            EmploymentKind::Flexible => "flexible employment",
        }
    }
}

/// The state of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportStatus {
    /// Waiting for the department's decision or follow-up.
    Pending,
    Granted,
    Refused,
    /// A fact recorded, or a registration followed up.
    Done,
}

impl SupportStatus {
    pub const ALL: [SupportStatus; 4] = [
        SupportStatus::Pending,
        SupportStatus::Granted,
        SupportStatus::Refused,
        SupportStatus::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SupportStatus::Pending => "pending",
            SupportStatus::Granted => "granted",
            SupportStatus::Refused => "refused",
            SupportStatus::Done => "done",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SupportStatus::Pending => "待办理",
            SupportStatus::Granted => "已批准",
            SupportStatus::Refused => "不予批准",
            SupportStatus::Done => "已办结",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            SupportStatus::Pending => "pending",
            SupportStatus::Granted => "granted",
            SupportStatus::Refused => "refused",
            SupportStatus::Done => "done",
        }
    }
}

/// The status a new record starts in.
pub fn initial_status(kind: SupportKind) -> SupportStatus {
    if kind.awaits_decision() {
        SupportStatus::Pending
    } else {
        SupportStatus::Done
    }
}

/// What a kind asks of the person before it may be applied for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// WEL-3 — low-rent housing is for 低保 recipients: a granted 低保 first.
    GrantedDibao,
    /// WEL-7 — hardship support during methadone treatment: enrolled at a clinic now.
    InMethadoneTreatment,
}

/// WEL-3, WEL-7 — the precondition of a kind, if it has one.
pub fn precondition(kind: SupportKind) -> Option<Precondition> {
    match kind {
        SupportKind::LowRentHousing => Some(Precondition::GrantedDibao),
        SupportKind::MethadoneHardship => Some(Precondition::InMethadoneTreatment),
        _ => None,
    }
}

/// WEL-*, JOB-1, N7 — whether `role` may record a record of `kind` (for a service,
/// of `service`): each department its own kinds; the community staff and township office
/// every service; 民政 the family, schooling and medical help.
pub fn may_record(role: Role, kind: SupportKind, service: Option<ServiceKind>) -> bool {
    match kind.department() {
        Department::Welfare => role == Role::CivilAffairs,
        Department::Employment => role == Role::HumanResources,
        Department::Services => match role {
            Role::CommunityStaff | Role::TownshipOffice => true,
            Role::CivilAffairs => matches!(
                service,
                Some(ServiceKind::FamilySupport | ServiceKind::Schooling | ServiceKind::Medical)
            ),
            _ => false,
        },
    }
}

/// Which outcomes a pending record of `kind` may be given: welfare is granted or
/// refused, a registration followed up (done).
pub fn may_decide(kind: SupportKind, to: SupportStatus) -> bool {
    match kind.department() {
        Department::Welfare => matches!(to, SupportStatus::Granted | SupportStatus::Refused),
        Department::Employment => kind == SupportKind::Unemployment && to == SupportStatus::Done,
        Department::Services => false,
    }
}

/// Why a record's dates are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBar {
    /// After today (Beijing).
    InFuture,
    /// Before the record's start.
    BeforeStart,
}

impl DateBar {
    pub fn message_zh(self) -> &'static str {
        match self {
            DateBar::InFuture => "日期不能晚于今天",
            DateBar::BeforeStart => "日期不能早于开始(申请)日期",
        }
    }
}

/// Recorded acts may be dated in the past, never the future; an end or a decision never
/// before the start. An end may lie ahead (an employment contract's planned end).
pub fn check_dates(
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DateBar> {
    if started_on > today {
        return Err(DateBar::InFuture);
    }
    if ended_on.is_some_and(|e| e < started_on) {
        return Err(DateBar::BeforeStart);
    }
    Ok(())
}

/// A decision's date: not in the future, not before the application.
pub fn check_decision_date(
    started_on: NaiveDate,
    decided_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), DateBar> {
    if decided_on > today {
        return Err(DateBar::InFuture);
    }
    if decided_on < started_on {
        return Err(DateBar::BeforeStart);
    }
    Ok(())
}

/// JOB-1 — whether a job (employment or placement) runs on `day`.
pub fn job_runs_on(started_on: NaiveDate, ended_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    started_on <= day && ended_on.is_none_or(|e| e >= day)
}

/// JOB-1 — employment rate in per mille (rounded half up): persons under a measure with
/// a job running, over the persons under a measure. `None` when nobody is under a
/// measure.
pub fn job1_employment_rate_permille(employed: u64, under_measure: u64) -> Option<u64> {
    if under_measure == 0 {
        return None;
    }
    let employed = employed.min(under_measure) as u128;
    let n = under_measure as u128;
    Some(((employed * 1000 * 2 + n) / (2 * n)) as u64)
}

#[cfg(test)]
mod tests;
