//! DUTY-1, ORG-3 — roles and what each may do.
//!
//! One table of (role, action). A user belongs to one unit and holds one role; the
//! unit's subtree bounds *where* they act (enforced by the store), this table bounds
//! *what* they may do (enforced on every route). Deny by default: an action not
//! listed for a role is refused.

use serde::{Deserialize, Serialize};

/// The roles of DUTY-1, with the codes used in the CLI, the database and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员 — units, users, the holiday calendar; no access to person data.
    Admin,
    /// 市督导组 — city command and supervision group.
    CitySupervisor,
    /// 旗区禁毒办 — district drug-control office.
    DistrictOffice,
    /// 乡镇(街道)社区戒毒社区康复工作办公室 — township office.
    TownshipOffice,
    /// 社区专职工作人员 — community full-time staff.
    CommunityStaff,
    /// 社区民警 — community police.
    CommunityPolice,
    /// 美沙酮门诊 — methadone clinic staff (MMT-1).
    ClinicStaff,
    /// 民政 — civil affairs (WEL-*).
    CivilAffairs,
    /// 人社 — human resources and social security (JOB-1).
    HumanResources,
    /// 强制隔离戒毒所 — the compulsory-isolation centre (CASE-1, CASE-2, N16): records
    /// releases and hands 社区康复 orders over to the townships; reads no archive.
    IsolationCentre,
    /// 审计员 — auditor.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Admin,
        Role::CitySupervisor,
        Role::DistrictOffice,
        Role::TownshipOffice,
        Role::CommunityStaff,
        Role::CommunityPolice,
        Role::ClinicStaff,
        Role::CivilAffairs,
        Role::HumanResources,
        Role::IsolationCentre,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::CitySupervisor => "city_supervisor",
            Role::DistrictOffice => "district_office",
            Role::TownshipOffice => "township_office",
            Role::CommunityStaff => "community_staff",
            Role::CommunityPolice => "community_police",
            Role::ClinicStaff => "clinic_staff",
            Role::CivilAffairs => "civil_affairs",
            Role::HumanResources => "human_resources",
            Role::IsolationCentre => "isolation_centre",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::CitySupervisor => "市督导指导组",
            Role::DistrictOffice => "旗区禁毒办",
            Role::TownshipOffice => "乡镇(街道)办公室",
            Role::CommunityStaff => "社区专职工作人员",
            Role::CommunityPolice => "社区民警",
            Role::ClinicStaff => "美沙酮门诊",
            Role::CivilAffairs => "民政部门",
            Role::HumanResources => "人社部门",
            Role::IsolationCentre => "强制隔离戒毒所",
            Role::Auditor => "审计员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Admin => "administrator",
            Role::CitySupervisor => "city supervision group",
            Role::DistrictOffice => "district drug-control office",
            Role::TownshipOffice => "township office",
            Role::CommunityStaff => "community full-time staff",
            Role::CommunityPolice => "community police",
            Role::ClinicStaff => "methadone clinic staff",
            Role::CivilAffairs => "civil affairs",
            Role::HumanResources => "human resources",
            Role::IsolationCentre => "compulsory isolation centre",
            Role::Auditor => "auditor",
        }
    }
}

/// Everything a route can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the unit tree of one's scope.
    UnitsRead,
    /// Create, rename and retire units within one's scope (ORG-1).
    UnitsManage,
    /// List the user accounts of one's scope.
    UsersRead,
    /// Create, disable and reset user accounts within one's scope.
    UsersManage,
    /// List persons and open a person's archive (INFO-1).
    PersonsRead,
    /// Register a person (INFO-1, INFO-2).
    PersonsWrite,
    /// Maintain the working-day calendar (D2).
    CalendarManage,
    /// Search and export the audit trail.
    AuditRead,
    /// Record decisions, steps and records of a case (which step each role
    /// may take is `case::Step::allowed_for`).
    CasesWrite,
    /// STAT-1 — the supervision dashboard of one's jurisdiction, unit by unit.
    SupervisionRead,
    /// 待办事项 — see and answer the tasks addressed to the units of one's scope
    /// (e.g. 他处登记重复证件号码, INFO-1).
    TasksWork,
    /// STAT-1 — the periodic reports (报表) of one's jurisdiction and who has submitted.
    ReportsRead,
    /// STAT-1 — submit one's own unit's frozen report up the hierarchy.
    ReportsSubmit,
    /// STAT-1 — accept or return the reports submitted by the units below.
    ReportsReview,
    /// CASE-7, D6 — edit the risk-assessment scheme (a new version).
    RiskSchemesManage,
    /// CASE-7, D6 — assess a case's risk class.
    RiskAssess,
    /// N6 — name a case's responsible worker and police officer.
    CasesAssign,
    /// INFO-2 — the data-quality checks of one's jurisdiction: counts and lists.
    QualityRead,
    /// INFO-2 — open a 倒查 (trace-back) on a case below and judge the answer.
    QualityTraceBack,
    /// Issue 20 — keep the work system's own records: the staff register (STAFF-4) and
    /// the budgets, allocations and spending (FUND-1) of one's jurisdiction.
    OrgManage,
    /// WEL-*, JOB-1, N7 — the partner departments' and services' records of the persons
    /// in scope, their queues (a partner sees the minimum its duty needs).
    SupportRead,
    /// WEL-*, JOB-1, N7 — record welfare, employment and services (which kinds each
    /// role records is `support::may_record`).
    SupportRecord,
    /// MMT-1 — keep the register of methadone clinics and who works at each.
    ClinicsManage,
    /// MMT-1, N17 — a clinic's own work: enrol with consent, daily doses, clinic tests.
    ClinicWork,
    /// BASE-1 — keep the register of employment placement bases and points and see each
    /// district against the rule.
    PlacementKeep,
    /// INFO-1, import — import legacy registers (persons, orders, past tests and talks) into
    /// one's scope, after a dry run that names every bad cell.
    ImportRegisters,
    /// CASE-1, CASE-2, N16 — the compulsory-isolation centre's own work: record releases
    /// and hand 社区康复 orders over to the townships (必送必接).
    IsolationWork,
    /// FAC-1 — record the offices (work stations) of the units of one's jurisdiction,
    /// their photos, and read the offices report.
    OfficesKeep,
    /// INSPECT-1 — plan inspection rounds of the units below, record findings, set and
    /// judge rectifications, issue 通报, record 约谈, list districts for public notice.
    InspectionsManage,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::UnitsRead,
        Action::UnitsManage,
        Action::UsersRead,
        Action::UsersManage,
        Action::PersonsRead,
        Action::PersonsWrite,
        Action::CalendarManage,
        Action::AuditRead,
        Action::CasesWrite,
        Action::SupervisionRead,
        Action::TasksWork,
        Action::ReportsRead,
        Action::ReportsSubmit,
        Action::ReportsReview,
        Action::RiskSchemesManage,
        Action::RiskAssess,
        Action::CasesAssign,
        Action::QualityRead,
        Action::QualityTraceBack,
        Action::OrgManage,
        Action::SupportRead,
        Action::SupportRecord,
        Action::ClinicsManage,
        Action::ClinicWork,
        Action::PlacementKeep,
        Action::ImportRegisters,
        Action::IsolationWork,
        Action::OfficesKeep,
        Action::InspectionsManage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::UnitsRead => "units_read",
            Action::UnitsManage => "units_manage",
            Action::UsersRead => "users_read",
            Action::UsersManage => "users_manage",
            Action::PersonsRead => "persons_read",
            Action::PersonsWrite => "persons_write",
            Action::CalendarManage => "calendar_manage",
            Action::AuditRead => "audit_read",
            Action::CasesWrite => "cases_write",
            Action::SupervisionRead => "supervision_read",
            Action::TasksWork => "tasks_work",
            Action::ReportsRead => "reports_read",
            Action::ReportsSubmit => "reports_submit",
            Action::ReportsReview => "reports_review",
            Action::RiskSchemesManage => "risk_schemes_manage",
            Action::RiskAssess => "risk_assess",
            Action::CasesAssign => "cases_assign",
            Action::QualityRead => "quality_read",
            Action::QualityTraceBack => "quality_trace_back",
            Action::OrgManage => "org_manage",
            Action::SupportRead => "support_read",
            Action::SupportRecord => "support_record",
            Action::ClinicsManage => "clinics_manage",
            Action::ClinicWork => "clinic_work",
            Action::PlacementKeep => "placement_keep",
            Action::ImportRegisters => "import_registers",
            Action::IsolationWork => "isolation_work",
            Action::OfficesKeep => "offices_keep",
            Action::InspectionsManage => "inspections_manage",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Action::UnitsRead => "查看单位",
            Action::UnitsManage => "管理单位",
            Action::UsersRead => "查看用户",
            Action::UsersManage => "管理用户",
            Action::PersonsRead => "查看人员档案",
            Action::PersonsWrite => "登记人员",
            Action::CalendarManage => "维护节假日",
            Action::AuditRead => "查询审计日志",
            Action::CasesWrite => "办理案件(决定、报到、检测、帮教等)",
            Action::SupervisionRead => "查看督导统计",
            Action::TasksWork => "办理待办事项",
            Action::ReportsRead => "查看报表",
            Action::ReportsSubmit => "报送本单位报表",
            Action::ReportsReview => "审核下级报表",
            Action::RiskSchemesManage => "维护风险评估方案",
            Action::RiskAssess => "风险评估",
            Action::CasesAssign => "指定责任社工、责任民警",
            Action::QualityRead => "查看数据质量检查",
            Action::QualityTraceBack => "发起和审核质量倒查",
            Action::OrgManage => "维护工作人员和经费",
            Action::SupportRead => "查看救助、就业与帮扶服务",
            Action::SupportRecord => "登记救助、就业与帮扶服务",
            Action::ClinicsManage => "维护美沙酮门诊名录",
            Action::ClinicWork => "门诊入组、服药、尿检",
            Action::PlacementKeep => "维护就业安置基地(点)",
            Action::ImportRegisters => "导入历史台账",
            Action::IsolationWork => "登记出所、移交社区康复",
            Action::OfficesKeep => "登记办公场所",
            Action::InspectionsManage => "检查、整改与通报",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            Action::UnitsRead => "view units",
            Action::UnitsManage => "manage units",
            Action::UsersRead => "view users",
            Action::UsersManage => "manage users",
            Action::PersonsRead => "view person records",
            Action::PersonsWrite => "register persons",
            Action::CalendarManage => "maintain holidays",
            Action::AuditRead => "search the audit trail",
            Action::CasesWrite => "case work (decisions, report-in, tests, counselling …)",
            Action::SupervisionRead => "view supervision figures",
            Action::TasksWork => "work the office's tasks",
            Action::ReportsRead => "view periodic reports",
            Action::ReportsSubmit => "submit the unit's report",
            Action::ReportsReview => "review reports from below",
            Action::RiskSchemesManage => "maintain the risk-assessment scheme",
            Action::RiskAssess => "assess risk classes",
            Action::CasesAssign => "name a case's worker and police officer",
            Action::QualityRead => "view the data-quality checks",
            Action::QualityTraceBack => "open and review quality trace-backs",
            Action::OrgManage => "keep the staff register and funding",
            Action::SupportRead => "view welfare, employment and services",
            Action::SupportRecord => "record welfare, employment and services",
            Action::ClinicsManage => "keep the register of methadone clinics",
            Action::ClinicWork => "clinic enrolment, doses and tests",
            Action::PlacementKeep => "keep the placement bases and points",
            Action::ImportRegisters => "import legacy registers",
            Action::IsolationWork => "record releases and hand over rehabilitation orders",
            Action::OfficesKeep => "keep the offices",
            Action::InspectionsManage => "inspections, rectifications and notices",
        }
    }
}

use Action as A;
use Role as R;

/// DUTY-1 — the permission table. The README prints it.
pub const PERMISSIONS: &[(Role, &[Action])] = &[
    (
        R::Admin,
        &[
            A::UnitsRead,
            A::UnitsManage,
            A::UsersRead,
            A::UsersManage,
            A::CalendarManage,
            A::RiskSchemesManage,
            A::ClinicsManage,
        ],
    ),
    (
        R::CitySupervisor,
        &[
            A::UnitsRead,
            A::UsersRead,
            A::PersonsRead,
            A::SupervisionRead,
            A::ReportsRead,
            A::QualityRead,
            A::QualityTraceBack,
            A::OrgManage,
            A::PlacementKeep,
            A::OfficesKeep,
            A::InspectionsManage,
        ],
    ),
    (
        R::DistrictOffice,
        &[
            A::UnitsRead,
            A::UsersRead,
            A::PersonsRead,
            A::SupervisionRead,
            A::ReportsRead,
            A::ReportsReview,
            A::QualityRead,
            A::QualityTraceBack,
            A::OrgManage,
            A::ClinicsManage,
            A::PlacementKeep,
            A::ImportRegisters,
            A::OfficesKeep,
            A::InspectionsManage,
        ],
    ),
    (
        R::TownshipOffice,
        &[
            A::UnitsRead,
            A::UsersRead,
            A::PersonsRead,
            A::PersonsWrite,
            A::CasesWrite,
            A::TasksWork,
            A::ReportsRead,
            A::ReportsSubmit,
            A::RiskAssess,
            A::CasesAssign,
            A::QualityRead,
            A::SupportRead,
            A::SupportRecord,
            A::ImportRegisters,
            A::OfficesKeep,
        ],
    ),
    (
        R::CommunityStaff,
        &[
            A::UnitsRead,
            A::PersonsRead,
            A::PersonsWrite,
            A::CasesWrite,
            A::TasksWork,
            A::RiskAssess,
            A::SupportRead,
            A::SupportRecord,
        ],
    ),
    (
        R::CommunityPolice,
        &[A::UnitsRead, A::PersonsRead, A::PersonsWrite, A::CasesWrite],
    ),
    (R::ClinicStaff, &[A::UnitsRead, A::ClinicWork]),
    (
        R::CivilAffairs,
        &[A::UnitsRead, A::SupportRead, A::SupportRecord],
    ),
    (
        R::HumanResources,
        &[
            A::UnitsRead,
            A::SupportRead,
            A::SupportRecord,
            A::PlacementKeep,
        ],
    ),
    (R::IsolationCentre, &[A::UnitsRead, A::IsolationWork]),
    (R::Auditor, &[A::UnitsRead, A::UsersRead, A::AuditRead]),
];

/// Whether `role` may perform `action` (deny by default).
pub fn permits(role: Role, action: Action) -> bool {
    PERMISSIONS
        .iter()
        .any(|(r, actions)| *r == role && actions.contains(&action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_exactly_one_row() {
        for role in Role::ALL {
            assert_eq!(
                PERMISSIONS.iter().filter(|(r, _)| *r == role).count(),
                1,
                "{role:?}"
            );
            assert_eq!(Role::parse(role.code()), Some(role));
        }
    }

    #[test]
    fn admins_manage_accounts_but_never_read_persons() {
        assert!(permits(Role::Admin, Action::UsersManage));
        assert!(!permits(Role::Admin, Action::PersonsRead));
        assert!(!permits(Role::Auditor, Action::PersonsWrite));
        assert!(permits(Role::CommunityStaff, Action::PersonsWrite));
        assert!(!permits(Role::DistrictOffice, Action::PersonsWrite));
    }

    #[test]
    fn townships_submit_reports_and_districts_review_them() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::ReportsSubmit),
                role == Role::TownshipOffice,
                "{role:?}"
            );
            assert_eq!(
                permits(role, Action::ReportsReview),
                role == Role::DistrictOffice,
                "{role:?}"
            );
            assert_eq!(
                permits(role, Action::ReportsRead),
                matches!(
                    role,
                    Role::CitySupervisor | Role::DistrictOffice | Role::TownshipOffice
                ),
                "{role:?}"
            );
        }
    }

    /// MMT-1 — only a clinic does the clinic's work, and a clinic reads no archive.
    #[test]
    fn clinics_work_their_own_persons_only() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::ClinicWork),
                role == Role::ClinicStaff,
                "{role:?}"
            );
        }
        assert!(!permits(Role::ClinicStaff, Action::PersonsRead));
        assert!(permits(Role::DistrictOffice, Action::ClinicsManage));
        assert!(!permits(Role::TownshipOffice, Action::ClinicsManage));
    }

    /// CASE-2, N16 — only the isolation centre records releases, and it reads no archive.
    #[test]
    fn the_isolation_centre_records_releases_and_reads_no_archive() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::IsolationWork),
                role == Role::IsolationCentre,
                "{role:?}"
            );
        }
        assert!(!permits(Role::IsolationCentre, Action::PersonsRead));
        assert!(!permits(Role::IsolationCentre, Action::CasesWrite));
    }

    #[test]
    fn import_only_township_and_district_offices_import_registers() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::ImportRegisters),
                matches!(role, Role::TownshipOffice | Role::DistrictOffice),
                "{role:?}"
            );
        }
    }

    #[test]
    fn only_district_and_city_keep_the_staff_register_and_funding() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::OrgManage),
                matches!(role, Role::CitySupervisor | Role::DistrictOffice),
                "{role:?}"
            );
        }
        // they keep read-only access to case data
        assert!(!permits(Role::DistrictOffice, Action::CasesWrite));
        assert!(!permits(Role::CitySupervisor, Action::PersonsWrite));
    }

    /// FAC-1, INSPECT-1 — district and city inspect; a township keeps its own offices
    /// and answers rectifications (as tasks), but inspects nobody.
    #[test]
    fn only_district_and_city_inspect() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::InspectionsManage),
                matches!(role, Role::CitySupervisor | Role::DistrictOffice),
                "{role:?}"
            );
            assert_eq!(
                permits(role, Action::OfficesKeep),
                matches!(
                    role,
                    Role::CitySupervisor | Role::DistrictOffice | Role::TownshipOffice
                ),
                "{role:?}"
            );
        }
        assert!(permits(Role::TownshipOffice, Action::TasksWork));
    }

    #[test]
    fn only_supervising_offices_read_the_dashboard() {
        for role in Role::ALL {
            assert_eq!(
                permits(role, Action::SupervisionRead),
                matches!(role, Role::CitySupervisor | Role::DistrictOffice),
                "{role:?}"
            );
        }
    }
}
