//! Work queues per role (ui.md): what must be done, by when.

use chrono::{DateTime, Days, NaiveDate, Utc};
use jiekang_domain::case::{CaseState, EXPIRY_WARNING_DAYS, WEEK_AHEAD_DAYS};
use jiekang_domain::permission::Role;
use serde::Serialize;

/// The queues. Each lists cases (or hand-overs) of the actor's scope, ordered by the
/// day that matters, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// TEST-1 — planned tests due today.
    TestsToday,
    /// TEST-1 — planned tests due within the week.
    TestsWeek,
    /// D4 — open windows whose planned date has passed with no test.
    TestsOverdue,
    /// CASE-8 — talks or visits due within the week or overdue.
    TalksDue,
    /// D6 — risk classes due for reassessment within the week or overdue.
    ReassessmentDue,
    /// N10 — positive, refused or evaded tests not yet reported to police.
    PoliceTasks,
    /// CASE-2, N3 — orders not yet notified or persons not yet reported, with deadlines.
    NotReported,
    /// N5 — reported in, agreement missing.
    AgreementMissing,
    /// CASE-2 — hand-overs sent to the actor's units and not yet acknowledged.
    Handovers,
    /// N11 — transfers to the actor's units awaiting acceptance.
    Transfers,
    /// TRACE-1 — absconded persons.
    Absconded,
    /// N12 — orders whose term ends within 30 days.
    Expiring,
    /// N9, N10 — serious breaches and refusals not yet referred to police.
    Breaches,
    // --- Supervision dashboards (STAT-1): the lists behind their figures ---
    /// N3, N11 — notified persons past their report-in deadline, not yet marked 拒绝报到.
    ReportOverdue,
    /// CASE-2 — police hand-overs not acknowledged by the case's CASE-2 deadline
    /// (`jiekang_domain::supervision::handover_acknowledgement_late`).
    HandoversLate,
    /// The orders in one state (the dashboards' state columns); not a tab of its own.
    InState(CaseState),
}

impl QueueKind {
    pub const ALL: [QueueKind; 15] = [
        QueueKind::TestsToday,
        QueueKind::TestsWeek,
        QueueKind::TestsOverdue,
        QueueKind::TalksDue,
        QueueKind::ReassessmentDue,
        QueueKind::PoliceTasks,
        QueueKind::NotReported,
        QueueKind::AgreementMissing,
        QueueKind::Handovers,
        QueueKind::Transfers,
        QueueKind::Absconded,
        QueueKind::Expiring,
        QueueKind::Breaches,
        QueueKind::ReportOverdue,
        QueueKind::HandoversLate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QueueKind::TestsToday => "tests_today",
            QueueKind::TestsWeek => "tests_week",
            QueueKind::TestsOverdue => "tests_overdue",
            QueueKind::TalksDue => "talks_due",
            QueueKind::ReassessmentDue => "reassessment_due",
            QueueKind::PoliceTasks => "police_tasks",
            QueueKind::NotReported => "not_reported",
            QueueKind::AgreementMissing => "agreement_missing",
            QueueKind::Handovers => "handovers",
            QueueKind::Transfers => "transfers",
            QueueKind::Absconded => "absconded",
            QueueKind::Expiring => "expiring",
            QueueKind::Breaches => "breaches",
            QueueKind::ReportOverdue => "report_overdue",
            QueueKind::HandoversLate => "handovers_late",
            QueueKind::InState(s) => match s {
                CaseState::Ordered => "state_ordered",
                CaseState::Notified => "state_notified",
                CaseState::Reported => "state_reported",
                CaseState::Executing => "state_executing",
                CaseState::Suspended => "state_suspended",
                CaseState::Absconded => "state_absconded",
                CaseState::TransferPending => "state_transfer_pending",
                CaseState::Refused => "state_refused",
                CaseState::Referred => "state_referred",
                CaseState::CompulsoryIsolation => "state_compulsory_isolation",
                CaseState::Terminated => "state_terminated",
                CaseState::Expired => "state_expired",
            },
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        if let Some(state) = code.strip_prefix("state_") {
            return CaseState::parse(state).map(QueueKind::InState);
        }
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            QueueKind::TestsToday => "今日应检测",
            QueueKind::TestsWeek => "本周应检测",
            QueueKind::TestsOverdue => "检测逾期",
            QueueKind::TalksDue => "应谈心谈话",
            QueueKind::ReassessmentDue => "待风险复评",
            QueueKind::PoliceTasks => "待通报公安",
            QueueKind::NotReported => "未通知/未报到",
            QueueKind::AgreementMissing => "未签协议",
            QueueKind::Handovers => "待接收移交",
            QueueKind::Transfers => "待接收变更",
            QueueKind::Absconded => "脱失人员",
            QueueKind::Expiring => "30日内期满",
            QueueKind::Breaches => "待移交公安",
            QueueKind::ReportOverdue => "逾期未报到",
            QueueKind::HandoversLate => "移交逾期未接收",
            QueueKind::InState(s) => s.label_zh(),
        }
    }

    /// What the due date of the queue means.
    pub fn due_label(self) -> &'static str {
        match self {
            QueueKind::TestsToday | QueueKind::TestsWeek | QueueKind::TestsOverdue => "计划检测日",
            QueueKind::TalksDue => "应谈话日",
            QueueKind::ReassessmentDue => "复评日",
            QueueKind::PoliceTasks => "检测日期",
            QueueKind::NotReported | QueueKind::ReportOverdue => "期限",
            QueueKind::AgreementMissing => "报到日期",
            QueueKind::Handovers | QueueKind::Transfers | QueueKind::HandoversLate => "移交日期",
            QueueKind::Absconded | QueueKind::Breaches => "起始日期",
            QueueKind::Expiring => "期满日",
            QueueKind::InState(_) => "状态起始日",
        }
    }

    /// ui.md — the queues each role's home page leads with.
    pub fn for_role(role: Role) -> &'static [QueueKind] {
        use QueueKind::*;
        match role {
            Role::CommunityStaff => &[
                TestsToday,
                TestsWeek,
                TestsOverdue,
                TalksDue,
                ReassessmentDue,
                Absconded,
            ],
            Role::CommunityPolice => &[TestsToday, TestsWeek, TestsOverdue, PoliceTasks, Absconded],
            Role::TownshipOffice => &[
                Handovers,
                NotReported,
                AgreementMissing,
                Transfers,
                Breaches,
                Expiring,
                TestsOverdue,
                Absconded,
            ],
            Role::DistrictOffice | Role::CitySupervisor => &[
                NotReported,
                TestsOverdue,
                Absconded,
                Breaches,
                Transfers,
                Expiring,
            ],
            _ => &[],
        }
    }

    /// The states of the queues whose rows are exactly the scope's cases in those
    /// states (no date, no other condition): their counts are sums of the counts
    /// the triggers keep per unit and state (`unit_case_counts`), not scans.
    pub fn only_states(self) -> Option<Vec<CaseState>> {
        match self {
            QueueKind::NotReported => Some(vec![
                CaseState::Ordered,
                CaseState::Notified,
                CaseState::Refused,
            ]),
            QueueKind::AgreementMissing => Some(vec![CaseState::Reported]),
            QueueKind::Absconded => Some(vec![CaseState::Absconded]),
            QueueKind::InState(s) => Some(vec![s]),
            _ => None,
        }
    }

    /// The queues whose counts depend on the day or on rows other than the case's
    /// state: the dashboards' snapshot counts them per unit (at a million persons).
    pub fn snapshot_kinds() -> impl Iterator<Item = QueueKind> {
        Self::ALL.into_iter().filter(|k| k.only_states().is_none())
    }

    /// The due-date bounds of the queue on `today`, inclusive (`None` = open end).
    pub fn due_range(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let ahead = |days: u64| today.checked_add_days(Days::new(days));
        match self {
            QueueKind::TestsToday => (Some(today), Some(today)),
            QueueKind::TestsWeek => (Some(today), ahead(WEEK_AHEAD_DAYS)),
            QueueKind::TestsOverdue => (None, today.pred_opt()),
            QueueKind::TalksDue | QueueKind::ReassessmentDue => (None, ahead(WEEK_AHEAD_DAYS)),
            QueueKind::Expiring => (None, ahead(EXPIRY_WARNING_DAYS)),
            QueueKind::ReportOverdue => (None, today.pred_opt()),
            _ => (None, None),
        }
    }
}

/// The counts of the queue page's tabs ([`crate::Store::queue_counts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    /// The count of each kind asked for, in the order asked.
    pub counts: Vec<i64>,
    /// `Some(when)` when the day-dependent counts are those of the dashboards'
    /// snapshot taken then (a scope of several units, STAT-1: at most a minute old);
    /// `None` when everything was counted now.
    pub as_of: Option<DateTime<Utc>>,
}

/// One line of a queue.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct QueueItem {
    /// The row's key for keyset paging: the case id, or the hand-over id.
    pub key: i64,
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub id_number_masked: String,
    /// For the age shown beside the masked number (N18: lists show the age, never the
    /// birth date, which is what the mask hides).
    pub birth_date: Option<NaiveDate>,
    pub unit_name: String,
    pub state: CaseState,
    pub due_on: NaiveDate,
}

impl QueueItem {
    pub fn state_label(&self) -> &'static str {
        self.state.label_zh()
    }
}

/// Keyset cursor of a queue: rows after (due_on, key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCursor {
    pub due_on: NaiveDate,
    pub key: i64,
}

impl QueueCursor {
    /// `2024-10-08.42`
    pub fn encode(&self) -> String {
        format!("{}.{}", self.due_on, self.key)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (date, key) = text.split_once('.')?;
        Some(Self {
            due_on: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
            key: key.parse().ok()?,
        })
    }
}

/// A page of a queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub next: Option<String>,
}
