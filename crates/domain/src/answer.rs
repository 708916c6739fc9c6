//! CASE-2, N8, N10, TRACE-1 — the date of an action that answers an earlier event:
//! a hand-over acknowledged, a leave request decided, a return from leave, police
//! informed of a test, an online alert asked for a person who absconded. Each is
//! dated by the user (the day it happened, today by default, so records entered late
//! keep their real dates) and the date is checked: not in the future, and not before
//! the event it answers. Who entered it and when stays automatic.

use chrono::NaiveDate;

/// The earlier event an action answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// CASE-2 — the hand-over was sent (acknowledging it).
    HandoverSent,
    /// N8 — the leave was requested (deciding it).
    LeaveRequested,
    /// N8 — the leave was decided (marking the return).
    LeaveDecided,
    /// N8 — the person left (marking the return).
    LeaveStarted,
    /// N10 — the test was taken (informing police of it).
    TestTaken,
    /// TRACE-1 — the person absconded (asking police for an online alert).
    Absconded,
}

impl Answered {
    /// The event's name in the refusal.
    pub fn label_zh(self) -> &'static str {
        match self {
            Answered::HandoverSent => "移交",
            Answered::LeaveRequested => "请假申请",
            Answered::LeaveDecided => "请假审批",
            Answered::LeaveStarted => "离开",
            Answered::TestTaken => "检测",
            Answered::Absconded => "脱失",
        }
    }
}

/// Why the date of an answer is refused; the message is shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerDateError {
    #[error("日期 {0} 晚于今天,不能登记将来发生的事项")]
    InFuture(NaiveDate),
    #[error("日期 {date} 早于{event}日期 {since}")]
    BeforeEvent {
        date: NaiveDate,
        event: &'static str,
        since: NaiveDate,
    },
}

/// CASE-2, N8, N10, TRACE-1 — an answer dated `date` to `event` of `since`, entered on
/// `today`: refused in the future or before the event (the same day is fine).
pub fn check_answer_date(
    date: NaiveDate,
    event: Answered,
    since: NaiveDate,
    today: NaiveDate,
) -> Result<(), AnswerDateError> {
    if date > today {
        return Err(AnswerDateError::InFuture(date));
    }
    if date < since {
        return Err(AnswerDateError::BeforeEvent {
            date,
            event: event.label_zh(),
            since,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn an_answer_lies_between_its_event_and_today() {
        let today = d(2026, 12, 7);
        let sent = d(2025, 3, 1);
        // a 2025 hand-over entered now keeps its 2025 date
        assert_eq!(
            check_answer_date(d(2025, 3, 4), Answered::HandoverSent, sent, today),
            Ok(())
        );
        assert_eq!(
            check_answer_date(sent, Answered::HandoverSent, sent, today),
            Ok(())
        );
        assert_eq!(
            check_answer_date(today, Answered::HandoverSent, sent, today),
            Ok(())
        );
        assert_eq!(
            check_answer_date(d(2025, 2, 28), Answered::HandoverSent, sent, today),
            Err(AnswerDateError::BeforeEvent {
                date: d(2025, 2, 28),
                event: "移交",
                since: sent
            })
        );
        assert_eq!(
            check_answer_date(d(2026, 12, 8), Answered::LeaveRequested, sent, today),
            Err(AnswerDateError::InFuture(d(2026, 12, 8)))
        );
        assert_eq!(
            check_answer_date(d(2025, 2, 1), Answered::TestTaken, sent, today)
                .map_err(|e| e.to_string()),
            Err("日期 2025-02-01 早于检测日期 2025-03-01".to_owned())
        );
    }
}
