//! CASE-5, N16 — voluntary execution inside a 戒毒康复场所 by agreement: the township and
//! the centre record the person's entry and exit together ("共同做好入所、出所登记").
//!
//! A stay belongs to a case: where (the place), from when, under which agreement, until
//! when and why it ended. Each of the two records names who recorded it on each side: the
//! township's user (the system's account) and the centre's person (a name: the centre
//! has no account of its own). One running stay per case.
//!
//! Decided here (the seed names no reasons): a stay ends as 期满 (the term or the
//! agreement ran out), 自愿退出 (the person withdrew their consent), 违反协议 (a breach of
//! the centre's agreement; the township then weighs N9) or 其他.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a stay in a rehabilitation centre ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayEnd {
    /// 期满 — the term or the agreement ran out.
    Completed,
    /// 自愿退出 — the person withdrew consent; execution continues in the community.
    Withdrawn,
    /// 违反协议 — the centre ended the stay for a breach of its agreement.
    Breach,
    /// 其他
    Other,
}

impl StayEnd {
    pub const ALL: [StayEnd; 4] = [
        StayEnd::Completed,
        StayEnd::Withdrawn,
        StayEnd::Breach,
        StayEnd::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StayEnd::Completed => "completed",
            StayEnd::Withdrawn => "withdrawn",
            StayEnd::Breach => "breach",
            StayEnd::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            StayEnd::Completed => "期满",
            StayEnd::Withdrawn => "自愿退出",
            StayEnd::Breach => "违反协议",
            StayEnd::Other => "其他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            StayEnd::Completed => "term completed",
            StayEnd::Withdrawn => "withdrew consent",
            StayEnd::Breach => "breach of the agreement",
            StayEnd::Other => "other",
        }
    }
}

/// Why an entry or exit was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StayError {
    #[error("请填写戒毒康复场所名称(100 字以内)")]
    Place,
    #[error("请填写入所协议(文号或说明,200 字以内)")]
    Agreement,
    #[error("请填写康复场所一方的登记人(50 字以内)")]
    CentreRecorder,
    #[error("日期不能晚于今天")]
    InFuture,
    #[error("入所日期不能早于决定日期")]
    BeforeDecision,
    #[error("出所日期不能早于入所日期")]
    ExitBeforeEntry,
    #[error("该人员已在戒毒康复场所,请先登记出所")]
    AlreadyInside,
    #[error("该次入所已登记出所")]
    AlreadyExited,
    #[error("案件已结束,不能登记入所")]
    CaseClosed,
}

impl StayError {
    /// The stable id of the refusal (the English page words it from this).
    pub fn code(&self) -> &'static str {
        match self {
            StayError::Place => "stay-place-missing",
            StayError::Agreement => "stay-agreement-missing",
            StayError::CentreRecorder => "stay-centre-recorder-missing",
            StayError::InFuture => "stay-in-future",
            StayError::BeforeDecision => "stay-before-decision",
            StayError::ExitBeforeEntry => "stay-exit-before-entry",
            StayError::AlreadyInside => "stay-already-inside",
            StayError::AlreadyExited => "stay-already-exited",
            StayError::CaseClosed => "stay-case-closed",
        }
    }
}

fn text_ok(text: &str, max: usize) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().count() <= max
}

/// CASE-5 — check an entry: the place, the agreement and the centre's recorder given;
/// the day not in the future and not before the decision.
pub fn case5_check_entry(
    place: &str,
    agreement: &str,
    centre_recorder: &str,
    entered_on: NaiveDate,
    decided_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), StayError> {
    if !text_ok(place, 100) {
        return Err(StayError::Place);
    }
    if !text_ok(agreement, 200) {
        return Err(StayError::Agreement);
    }
    if !text_ok(centre_recorder, 50) {
        return Err(StayError::CentreRecorder);
    }
    if entered_on > today {
        return Err(StayError::InFuture);
    }
    if entered_on < decided_on {
        return Err(StayError::BeforeDecision);
    }
    Ok(())
}

/// CASE-5 — check an exit: the centre's recorder given, the day not in the future and
/// not before the entry.
pub fn case5_check_exit(
    centre_recorder: &str,
    entered_on: NaiveDate,
    exited_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), StayError> {
    if !text_ok(centre_recorder, 50) {
        return Err(StayError::CentreRecorder);
    }
    if exited_on > today {
        return Err(StayError::InFuture);
    }
    if exited_on < entered_on {
        return Err(StayError::ExitBeforeEntry);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn case5_entries_need_place_agreement_and_both_recorders() {
        let (decided, today) = (d(2026, 9, 1), d(2026, 12, 7));
        let ok = |p, a, r, on| case5_check_entry(p, a, r, on, decided, today);
        assert_eq!(ok("某康复场所", "协议 2026-1", "王某", today), Ok(()));
        assert_eq!(ok(" ", "协议", "王某", today), Err(StayError::Place));
        assert_eq!(ok("所", "", "王某", today), Err(StayError::Agreement));
        assert_eq!(ok("所", "协议", "", today), Err(StayError::CentreRecorder));
        assert_eq!(
            ok("所", "协议", "王某", d(2026, 12, 8)),
            Err(StayError::InFuture)
        );
        assert_eq!(
            ok("所", "协议", "王某", d(2026, 8, 31)),
            Err(StayError::BeforeDecision)
        );
        assert_eq!(ok("所", "协议", "王某", decided), Ok(()));
    }

    #[test]
    fn case5_exits_follow_the_entry_and_not_the_future() {
        let (entered, today) = (d(2026, 10, 1), d(2026, 12, 7));
        assert_eq!(case5_check_exit("王某", entered, entered, today), Ok(()));
        assert_eq!(
            case5_check_exit("王某", entered, d(2026, 9, 30), today),
            Err(StayError::ExitBeforeEntry)
        );
        assert_eq!(
            case5_check_exit("王某", entered, d(2026, 12, 8), today),
            Err(StayError::InFuture)
        );
        assert_eq!(
            case5_check_exit(" ", entered, today, today),
            Err(StayError::CentreRecorder)
        );
    }

    #[test]
    fn stay_ends_round_trip() {
        for e in StayEnd::ALL {
            assert_eq!(StayEnd::parse(e.code()), Some(e));
            assert!(!e.label_zh().is_empty() && !e.label_en().is_empty());
        }
        assert_eq!(StayEnd::parse("nope"), None);
    }
}
