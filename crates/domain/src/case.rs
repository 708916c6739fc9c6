//! CASE-1 … CASE-6, N1–N16 — the life of one 社区戒毒 / 社区康复 order as an explicit
//! state machine.
//!
//! [`next_state`] is the only place that says which step may follow which; the store
//! refuses everything else with [`IllegalTransition`]'s Chinese message. Who may take
//! a step is [`Step::allowed_for`]; which dates a step may carry is
//! [`check_step_date`]. The words are ui.md's.

use serde::{Deserialize, Serialize};

use crate::permission::Role;

mod confirm;
mod dates;
mod place;
#[cfg(test)]
mod tests;

pub use confirm::*;
pub use dates::*;
pub use place::*;

/// ui.md — the states of a case, with their fixed codes and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 已决定 — decision made, township not yet notified.
    Ordered,
    /// 已通知(待报到) — township notified (or transfer accepted): awaiting report-in.
    Notified,
    /// 已报到(待签协议) — reported in, agreement pending (N5).
    Reported,
    /// 执行中
    Executing,
    /// 中止 — detention or arrest (N13).
    Suspended,
    /// 脱失 (TRACE-1)
    Absconded,
    /// 变更执行地待接收 (N11)
    TransferPending,
    /// 拒绝报到/逾期未报到 (N3)
    Refused,
    /// 已移交公安 (N10)
    Referred,
    /// 转强制隔离戒毒 (N14) — closes the case.
    CompulsoryIsolation,
    /// 终止 (N13) — closes the case.
    Terminated,
    /// 期满解除 (N12) — closes the case.
    Expired,
}

impl CaseState {
    pub const ALL: [CaseState; 12] = [
        CaseState::Ordered,
        CaseState::Notified,
        CaseState::Reported,
        CaseState::Executing,
        CaseState::Suspended,
        CaseState::Absconded,
        CaseState::TransferPending,
        CaseState::Refused,
        CaseState::Referred,
        CaseState::CompulsoryIsolation,
        CaseState::Terminated,
        CaseState::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Ordered => "ordered",
            CaseState::Notified => "notified",
            CaseState::Reported => "reported",
            CaseState::Executing => "executing",
            CaseState::Suspended => "suspended",
            CaseState::Absconded => "absconded",
            CaseState::TransferPending => "transfer_pending",
            CaseState::Refused => "refused",
            CaseState::Referred => "referred",
            CaseState::CompulsoryIsolation => "compulsory_isolation",
            CaseState::Terminated => "terminated",
            CaseState::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseState::Ordered => "已决定",
            CaseState::Notified => "已通知(待报到)",
            CaseState::Reported => "已报到(待签协议)",
            CaseState::Executing => "执行中",
            CaseState::Suspended => "中止",
            CaseState::Absconded => "脱失",
            CaseState::TransferPending => "变更执行地待接收",
            CaseState::Refused => "拒绝报到/逾期未报到",
            CaseState::Referred => "已移交公安",
            CaseState::CompulsoryIsolation => "转强制隔离戒毒",
            CaseState::Terminated => "终止",
            CaseState::Expired => "期满解除",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CaseState::Ordered => "ordered",
            CaseState::Notified => "notified, awaiting report-in",
            CaseState::Reported => "reported in, agreement pending",
            CaseState::Executing => "executing",
            CaseState::Suspended => "suspended",
            CaseState::Absconded => "absconded",
            CaseState::TransferPending => "transfer awaiting acceptance",
            CaseState::Refused => "refused / did not report",
            CaseState::Referred => "referred to police",
            CaseState::CompulsoryIsolation => "compulsory isolation decided",
            CaseState::Terminated => "ended (imprisonment etc.)",
            CaseState::Expired => "expired and released",
        }
    }

    /// TEST-1 — states whose planned tests are due (not while detained, absconded or
    /// between townships).
    pub const TESTED: [CaseState; 2] = [CaseState::Reported, CaseState::Executing];

    /// CASE-8 — states whose talks and visits are due.
    pub const COUNSELLED: [CaseState; 2] = [CaseState::Reported, CaseState::Executing];

    /// N9, N10 — states in which a serious breach still awaits referral to police.
    pub const BREACH_REFERRABLE: [CaseState; 3] = [
        CaseState::Reported,
        CaseState::Executing,
        CaseState::Absconded,
    ];

    /// The case is over: no step leads out of these states.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            CaseState::CompulsoryIsolation | CaseState::Terminated | CaseState::Expired
        )
    }

    /// The term is running (D3): from report-in until the case closes. Tests, talks and
    /// leave belong to these states.
    pub fn term_running(self) -> bool {
        matches!(
            self,
            CaseState::Reported
                | CaseState::Executing
                | CaseState::Suspended
                | CaseState::Absconded
                | CaseState::TransferPending
                | CaseState::Referred
        )
    }
}

/// A step of the life of a case. Records that change no state (tests, talks, leave,
/// searches) are not steps; they only require [`CaseState::term_running`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// N1, CASE-2 — police notify the township (and send the file).
    Notify,
    /// N3 — the person reports in (at the new township after a transfer, N11).
    ReportIn,
    /// N5, N11 — the agreement is signed.
    SignAgreement,
    /// N13 — detention or arrest: 中止.
    Suspend,
    /// N13 — released: execution continues.
    Resume,
    /// TRACE-1 — 脱失.
    Abscond,
    /// TRACE-1 — found and returned.
    Return,
    /// CASE-4, N11 — the township asks another to take the case over.
    RequestTransfer,
    /// N11 — the receiving township accepts: new report-in deadline and agreement.
    AcceptTransfer,
    /// The receiving township refuses: the case stays where it was.
    RefuseTransfer,
    /// N3 — the report-in deadline passed without report-in: counts as refusal.
    MarkRefused,
    /// N9, N10 — refusal or serious breach reported to police with the evidence.
    ReferToPolice,
    /// Police decide against 强制隔离戒毒: execution continues.
    PoliceDeclined,
    /// N14 — police decide 强制隔离戒毒; the case ends with that outcome.
    DecideIsolation,
    /// N13 — imprisonment or compulsory education: 终止.
    Terminate,
    /// N12 — the term has run out: 期满解除.
    Expire,
}

impl Step {
    pub const ALL: [Step; 16] = [
        Step::Notify,
        Step::ReportIn,
        Step::SignAgreement,
        Step::Suspend,
        Step::Resume,
        Step::Abscond,
        Step::Return,
        Step::RequestTransfer,
        Step::AcceptTransfer,
        Step::RefuseTransfer,
        Step::MarkRefused,
        Step::ReferToPolice,
        Step::PoliceDeclined,
        Step::DecideIsolation,
        Step::Terminate,
        Step::Expire,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Notify => "notify",
            Step::ReportIn => "report_in",
            Step::SignAgreement => "sign_agreement",
            Step::Suspend => "suspend",
            Step::Resume => "resume",
            Step::Abscond => "abscond",
            Step::Return => "return",
            Step::RequestTransfer => "request_transfer",
            Step::AcceptTransfer => "accept_transfer",
            Step::RefuseTransfer => "refuse_transfer",
            Step::MarkRefused => "mark_refused",
            Step::ReferToPolice => "refer_to_police",
            Step::PoliceDeclined => "police_declined",
            Step::DecideIsolation => "decide_isolation",
            Step::Terminate => "terminate",
            Step::Expire => "expire",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Step::Notify => "通知乡镇(街道)并移交材料",
            Step::ReportIn => "报到",
            Step::SignAgreement => "签订协议",
            Step::Suspend => "中止(拘留、逮捕)",
            Step::Resume => "恢复执行",
            Step::Abscond => "标记脱失",
            Step::Return => "查找到并恢复管控",
            Step::RequestTransfer => "申请变更执行地",
            Step::AcceptTransfer => "接收变更执行地",
            Step::RefuseTransfer => "拒绝接收变更执行地",
            Step::MarkRefused => "逾期未报到(视为拒绝)",
            Step::ReferToPolice => "移交公安",
            Step::PoliceDeclined => "公安决定继续执行",
            Step::DecideIsolation => "决定强制隔离戒毒",
            Step::Terminate => "终止",
            Step::Expire => "期满解除",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            Step::Notify => "notify the township and hand over the files",
            Step::ReportIn => "report-in",
            Step::SignAgreement => "sign the agreement",
            Step::Suspend => "suspend (detention, arrest)",
            Step::Resume => "resume",
            Step::Abscond => "mark absconded",
            Step::Return => "found: back under supervision",
            Step::RequestTransfer => "request a transfer",
            Step::AcceptTransfer => "accept the transfer",
            Step::RefuseTransfer => "refuse the transfer",
            Step::MarkRefused => "did not report in time (refused)",
            Step::ReferToPolice => "refer to police",
            Step::PoliceDeclined => "police: continue the measure",
            Step::DecideIsolation => "decide compulsory isolation",
            Step::Terminate => "end (imprisonment etc.)",
            Step::Expire => "expire and release",
        }
    }

    /// DUTY-1 — who may take the step. Police decide, notify and serve notices; the
    /// township office runs the case; community staff record what they see in the field.
    pub fn allowed_for(self, role: Role) -> bool {
        use Role::*;
        let police = role == CommunityPolice;
        let township = role == TownshipOffice;
        let staff = role == CommunityStaff;
        match self {
            Step::Notify | Step::DecideIsolation | Step::PoliceDeclined => police,
            Step::Expire => police || township,
            Step::ReportIn | Step::SignAgreement | Step::Abscond | Step::Return => {
                police || township || staff
            }
            Step::Suspend | Step::Resume | Step::Terminate => police || township,
            Step::RequestTransfer
            | Step::AcceptTransfer
            | Step::RefuseTransfer
            | Step::MarkRefused
            | Step::ReferToPolice => township,
        }
    }

    /// Whether the step is taken by the receiving township of a pending transfer (whose
    /// scope holds the destination, not the case).
    pub fn is_taken_by_receiver(self) -> bool {
        matches!(self, Step::AcceptTransfer | Step::RefuseTransfer)
    }
}

/// N1, DUTY-1 — who may record a decision (责令社区戒毒/社区康复决定): public security
/// alone orders a measure; the township, community staff and every other role only act
/// on it once it is recorded.
pub fn may_record_decision(role: Role) -> bool {
    role == Role::CommunityPolice
}

/// A step that the state machine does not allow; the message is shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("当前状态为「{}」,不能执行「{}」", from.label_zh(), step.label_zh())]
pub struct IllegalTransition {
    pub from: CaseState,
    pub step: Step,
}

/// CASE-1 … CASE-6, N1–N16 — the state a step leads to, or why it may not be taken.
pub fn next_state(from: CaseState, step: Step) -> Result<CaseState, IllegalTransition> {
    use CaseState as S;
    let to = match (from, step) {
        (S::Ordered, Step::Notify) => S::Notified,
        // N3: a late report-in is still a report-in (the lateness stays on record).
        (S::Notified | S::Refused, Step::ReportIn) => S::Reported,
        (S::Reported, Step::SignAgreement) => S::Executing,
        (S::Executing, Step::Suspend) => S::Suspended,
        (S::Suspended, Step::Resume) => S::Executing,
        (S::Reported | S::Executing, Step::Abscond) => S::Absconded,
        (S::Absconded, Step::Return) => S::Executing,
        (S::Executing, Step::RequestTransfer) => S::TransferPending,
        // N11: the person reports in at the new township and signs a new agreement.
        (S::TransferPending, Step::AcceptTransfer) => S::Notified,
        (S::TransferPending, Step::RefuseTransfer) => S::Executing,
        (S::Notified, Step::MarkRefused) => S::Refused,
        (S::Reported | S::Executing | S::Absconded | S::Refused, Step::ReferToPolice) => {
            S::Referred
        }
        (S::Referred, Step::PoliceDeclined) => S::Executing,
        (S::Referred, Step::DecideIsolation) => S::CompulsoryIsolation,
        (s, Step::Terminate) if !s.is_closed() => S::Terminated,
        (S::Executing | S::Absconded, Step::Expire) => S::Expired,
        _ => return Err(IllegalTransition { from, step }),
    };
    Ok(to)
}

/// The steps open from a state (for the case page's action list).
pub fn steps_from(state: CaseState) -> impl Iterator<Item = Step> {
    Step::ALL
        .into_iter()
        .filter(move |s| next_state(state, *s).is_ok())
}
