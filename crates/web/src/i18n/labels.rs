//! The domain's fixed words (ui.md's Words table) as catalogue messages: one id per enum
//! value, derived from its code (`case-state-executing`), the Chinese from `label_zh()` and
//! the English from `label_en()` next to it in `jiekang-domain`. A template shows one with
//! `{{ x.code()|label("case-state") }}`.

use jiekang_domain::breach::{BreachLevel, WarningManner};
use jiekang_domain::case::{CaseState, PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::id_number::{IdType, Sex};
use jiekang_domain::measure::Measure;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::{Action, Role};
use jiekang_domain::quality::QualityCheck;
use jiekang_domain::records::{IsolationExemption, Sample, TalkKind, TestKind};
use jiekang_domain::risk::RiskLevel;
use jiekang_domain::support::{EmploymentKind, ServiceKind, SupportKind, SupportStatus};
use jiekang_domain::sweep::SweepFlag;
use jiekang_domain::task::{TaskKind, TaskState};

use jiekang_store::cases::QueueKind;

use super::Lang;

/// The id of the domain word `code` of the family `prefix`: `case-state` + `not_reported`
/// → `case-state-not-reported`.
pub fn label_id(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace(['_', '.'], "-"))
}

/// Every domain word: (family, code, Chinese, English).
pub fn words() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    let mut w = Vec::new();
    macro_rules! family {
        ($prefix:literal, $values:expr) => {
            w.extend($values.map(|x| ($prefix, x.code(), x.label_zh(), x.label_en())))
        };
    }
    family!("case-step", Step::ALL);
    family!("case-state", CaseState::ALL);
    family!("place-basis", PlaceBasis::ALL);
    family!("unit-level", UnitLevel::ALL);
    family!("sex", [Sex::Male, Sex::Female]);
    family!("id-type", IdType::ALL);
    family!("role", Role::ALL);
    family!("action", Action::ALL);
    family!("task-kind", TaskKind::ALL);
    family!("task-state", TaskState::ALL);
    family!("quality-check", QualityCheck::ALL);
    family!("sweep-flag", SweepFlag::ALL);
    family!("measure", Measure::ALL);
    family!("test-kind", TestKind::ALL);
    family!("sample", Sample::ALL);
    family!("test-outcome", TestOutcome::ALL);
    family!("talk-kind", TalkKind::ALL);
    family!("risk-level", RiskLevel::ALL);
    family!("warning-manner", WarningManner::ALL);
    // the staff register (STAFF-4) and the work's money (FUND-1)
    family!("staff-post", jiekang_domain::staff::StaffPost::ALL);
    family!("employment", jiekang_domain::staff::EmploymentMode::ALL);
    family!("fund-kind", jiekang_domain::staff::FundKind::ALL);
    family!("fund-category", jiekang_domain::staff::FundCategory::ALL);
    // WEL-*, JOB-1, N7
    family!("support-kind", SupportKind::ALL);
    family!("support-status", SupportStatus::ALL);
    family!("service-kind", ServiceKind::ALL);
    family!("employment-kind", EmploymentKind::ALL);
    family!(
        "placement-facility",
        jiekang_domain::placement::PlacementFacility::ALL
    );
    family!("clinic-end", jiekang_domain::clinic::EnrolmentEnd::ALL);
    // CASE-5: why a stay in a rehabilitation centre ended
    family!("stay-end", jiekang_domain::rehab_centre::StayEnd::ALL);
    // FAC-1, INSPECT-1
    family!("room", jiekang_domain::facilities::Room::ALL);
    family!("unit-verdict", jiekang_domain::inspection::UnitVerdict::ALL);
    family!("notice-kind", jiekang_domain::inspection::NoticeKind::ALL);
    w.extend(
        jiekang_domain::inspection::CHECKLIST
            .iter()
            .map(|i| ("check-item", i.code, i.label_zh, i.label_en)),
    );
    family!(
        "exemption",
        [
            IsolationExemption::UnderSixteen,
            IsolationExemption::CheckPregnancyOrBreastfeeding,
        ]
    );
    w.extend(
        [
            BreachLevel::None,
            BreachLevel::Warning,
            BreachLevel::Serious,
        ]
        .map(|b| {
            (
                "breach",
                b.code(),
                BreachLevel::label_zh(b.code()),
                BreachLevel::label_en(b.code()),
            )
        }),
    );
    w
}

/// The domain words of `lang` as Fluent source.
pub fn ftl(lang: Lang) -> String {
    let mut out = String::new();
    for (prefix, code, zh, en) in words() {
        let text = match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        assert!(
            !text.contains(['{', '}', '\n']),
            "a domain word with braces or a line break: {text}"
        );
        out.push_str(&format!("{} = {text}\n", label_id(prefix, code)));
    }
    out
}

/// A work queue however a template holds it (by value or behind references).
pub trait AsQueue {
    fn queue(&self) -> QueueKind;
}
impl AsQueue for QueueKind {
    fn queue(&self) -> QueueKind {
        *self
    }
}
impl<T: AsQueue + ?Sized> AsQueue for &T {
    fn queue(&self) -> QueueKind {
        (**self).queue()
    }
}

/// The name of a work queue (`queues-kind-…`; a queue of one state is that state's word).
pub fn queue(kind: impl AsQueue) -> String {
    match kind.queue() {
        QueueKind::InState(s) => super::label("case-state", s.code()),
        k => super::t(&label_id("queues-kind", k.code())),
    }
}

/// What the date column of a work queue means.
pub fn queue_due(kind: impl AsQueue) -> String {
    use QueueKind as Q;
    super::t(match kind.queue() {
        Q::TestsToday | Q::TestsWeek | Q::TestsOverdue => "queues-due-planned-test",
        Q::TalksDue => "queues-due-talk",
        Q::ReassessmentDue => "queues-due-reassessment",
        Q::PoliceTasks => "queues-due-test-date",
        Q::NotReported | Q::ReportOverdue => "queues-due-deadline",
        Q::AgreementMissing => "queues-due-reported",
        Q::Handovers | Q::Transfers | Q::HandoversLate => "queues-due-sent",
        Q::Absconded | Q::Breaches => "queues-due-since",
        Q::Expiring => "queues-due-expires",
        Q::InState(_) => "queues-due-state-since",
    })
}
