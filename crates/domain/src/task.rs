//! 待办事项 — tasks for a unit's office: something an office must do about a person or a
//! case, by a due date, answered and closed on the record (INFO-2: who did what, when).
//!
//! A task is addressed to one unit (its office works it) and may name the person and the
//! case it is about. It is opened by the system (a refused duplicate registration, a
//! clinic's report, a quality check) or by a supervising office (a 倒查 trace-back, a
//! rectification after an inspection). The assignee answers; a task whose opener must
//! judge the answer is then closed by the opener, the others are closed by the answer.
//!
//! Each kind of task is one variant of [`TaskKind`], with its fixed code, its words and its
//! rules (the due date, who closes it). Add a kind here; the store, the queues and the
//! pages take every kind alike.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::deadline::add_workdays;

/// What a task is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// 他处登记重复证件号码 — another office tried to register a person whose ID number
    /// this office already holds (INFO-1: one person per ID number). The holding office
    /// checks whose record is right and settles it with the other office: a transfer of
    /// the execution place, a correction of the number, or "not the same person".
    DuplicateIdElsewhere,
    /// 质量倒查 — a supervising office traces a case's records back (INFO-2): it asks the
    /// township office that keeps the case a question by a due date it sets; the office
    /// answers, and the opener accepts the answer (closing it) or returns it.
    TraceBack,
    /// 美沙酮治疗脱失 — N17, MMT-1: a person enrolled at a methadone clinic missed 3
    /// consecutive dosing days (`crate::clinic::n17_dropped_out`). The township office
    /// finds out why (a talk, a home visit, a test) and answers what it did.
    ClinicDropout,
    /// 门诊尿检阳性 — N17, MMT-1: the clinic's urine test was positive. The township office
    /// tests the person itself (the clinic's test fills no window, see `crate::clinic`).
    ClinicPositiveTest,
    /// 自行终止美沙酮治疗 — N17, MMT-1: the clinic closed the enrolment as ended by the person.
    ClinicSelfEnded,
    /// 检查整改 — INSPECT-1: an inspection found an item failed at a unit; the
    /// inspecting office sets what is to be corrected by a deadline it chooses, the unit's
    /// office answers what it did, and the inspector closes it or returns it.
    Rectification,
}

impl TaskKind {
    pub const ALL: [TaskKind; 6] = [
        TaskKind::DuplicateIdElsewhere,
        TaskKind::TraceBack,
        TaskKind::ClinicDropout,
        TaskKind::ClinicPositiveTest,
        TaskKind::ClinicSelfEnded,
        TaskKind::Rectification,
    ];

    /// N17 — the kinds a methadone clinic's records open (the police see them too).
    pub const CLINIC: [TaskKind; 3] = [
        TaskKind::ClinicDropout,
        TaskKind::ClinicPositiveTest,
        TaskKind::ClinicSelfEnded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskKind::DuplicateIdElsewhere => "duplicate_id_elsewhere",
            TaskKind::TraceBack => "trace_back",
            TaskKind::ClinicDropout => "clinic_dropout",
            TaskKind::ClinicPositiveTest => "clinic_positive_test",
            TaskKind::ClinicSelfEnded => "clinic_self_ended",
            TaskKind::Rectification => "rectification",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TaskKind::DuplicateIdElsewhere => "他处登记重复证件号码",
            TaskKind::TraceBack => "质量倒查",
            TaskKind::ClinicDropout => "美沙酮治疗脱失",
            TaskKind::ClinicPositiveTest => "美沙酮门诊尿检阳性",
            TaskKind::ClinicSelfEnded => "自行终止美沙酮治疗",
            TaskKind::Rectification => "检查整改",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TaskKind::DuplicateIdElsewhere => "ID number registered again elsewhere",
            TaskKind::TraceBack => "Quality trace-back",
            TaskKind::ClinicDropout => "dropped out of methadone treatment",
            TaskKind::ClinicPositiveTest => "positive urine test at the methadone clinic",
            TaskKind::ClinicSelfEnded => "methadone treatment ended by the person",
            TaskKind::Rectification => "rectification after an inspection",
        }
    }

    /// Working days the assignee has to answer, counted from the day the task opened
    /// (D1: from the day after). `None` when the opener sets the due date itself.
    ///
    /// 他处登记重复证件号码: 5 working days — the other office is waiting to register or
    /// hand over a person, and the CASE-2 hand-over itself allows 7 working days; the
    /// holding office's check should fit well inside that (a decided interpretation).
    ///
    /// N17 (decided): a positive clinic test within 1 working day (the office tests the
    /// person itself while the result is fresh); a dropout or self-ended treatment within
    /// 3 working days (find the person, talk, visit).
    pub fn answer_within_workdays(self) -> Option<u32> {
        match self {
            TaskKind::DuplicateIdElsewhere => Some(5),
            TaskKind::TraceBack | TaskKind::Rectification => None,
            TaskKind::ClinicPositiveTest => Some(1),
            TaskKind::ClinicDropout | TaskKind::ClinicSelfEnded => Some(3),
        }
    }

    /// Whether the opener judges the answer (then the task stays open, answered, until
    /// the opener closes or returns it); otherwise the answer closes it.
    pub fn closed_by_opener(self) -> bool {
        match self {
            TaskKind::TraceBack | TaskKind::Rectification => true,
            TaskKind::DuplicateIdElsewhere
            | TaskKind::ClinicDropout
            | TaskKind::ClinicPositiveTest
            | TaskKind::ClinicSelfEnded => false,
        }
    }
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// 待办理 — waiting for the assignee.
    Open,
    /// 已答复(待审核) — answered; the opener has to close or return it.
    Answered,
    /// 已办结
    Closed,
}

impl TaskState {
    pub const ALL: [TaskState; 3] = [TaskState::Open, TaskState::Answered, TaskState::Closed];

    pub fn code(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Answered => "answered",
            TaskState::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TaskState::Open => "待办理",
            TaskState::Answered => "已答复(待审核)",
            TaskState::Closed => "已办结",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Answered => "answered, awaiting review",
            TaskState::Closed => "closed",
        }
    }
}

/// The state an answer leads to: closed, or answered and waiting for the opener.
pub fn state_after_answer(kind: TaskKind) -> TaskState {
    if kind.closed_by_opener() {
        TaskState::Answered
    } else {
        TaskState::Closed
    }
}

/// The due date of a task of `kind` opened on `opened_on`: the kind's working days
/// (D1: counted from the day after, working days only, D2's calendar — provisional in a
/// year with no data), or `set_by_opener` for kinds whose opener sets it.
pub fn task_due_on<C: WorkCalendar + ?Sized>(
    cal: &C,
    kind: TaskKind,
    opened_on: NaiveDate,
    set_by_opener: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match kind.answer_within_workdays() {
        Some(days) => Some(add_workdays(cal, opened_on, days).value),
        None => set_by_opener,
    }
}

/// Whether an open task is overdue on `today` (the due day itself is still in time).
pub fn task_overdue(due_on: Option<NaiveDate>, state: TaskState, today: NaiveDate) -> bool {
    state == TaskState::Open && due_on.is_some_and(|d| today > d)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

    use super::*;
    use crate::calendar::HolidayCalendar;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_round_trip_and_words_exist() {
        for k in TaskKind::ALL {
            assert_eq!(TaskKind::parse(k.code()), Some(k));
            assert!(!k.label_zh().is_empty() && !k.label_en().is_empty());
        }
        for s in TaskState::ALL {
            assert_eq!(TaskState::parse(s.code()), Some(s));
        }
        assert_eq!(TaskKind::parse("nope"), None);
    }

    /// D1/D2: a duplicate found on Friday 2024-09-27 is due 5 working days later,
    /// skipping the weekend but counting the make-up Sunday 2024-09-29: 09-29, 09-30,
    /// then the National Day holiday (10-01..07), then 10-08, 10-09, 10-10.
    #[test]
    fn a_duplicate_is_answered_within_five_working_days() {
        let cal = HolidayCalendar::embedded();
        assert_eq!(
            task_due_on(cal, TaskKind::DuplicateIdElsewhere, d(2024, 9, 27), None),
            Some(d(2024, 10, 10))
        );
        // the opener's date does not override a kind with its own rule
        assert_eq!(
            task_due_on(
                cal,
                TaskKind::DuplicateIdElsewhere,
                d(2024, 9, 27),
                Some(d(2030, 1, 1))
            ),
            Some(d(2024, 10, 10))
        );
    }

    #[test]
    fn a_duplicate_is_closed_by_its_answer() {
        assert_eq!(
            state_after_answer(TaskKind::DuplicateIdElsewhere),
            TaskState::Closed
        );
    }

    proptest! {
        /// Due dates never come before the day after opening, and only open tasks are
        /// ever overdue, from the day after the due date on.
        #[test]
        fn due_dates_follow_opening_and_only_open_tasks_are_overdue(
            offset in 0i64..3000, after in 0i64..40,
        ) {
            let cal = HolidayCalendar::embedded();
            let opened = d(2018, 1, 1) + chrono::Days::new(offset as u64);
            for k in TaskKind::ALL {
                if let Some(due) = task_due_on(cal, k, opened, None) {
                    prop_assert!(due > opened);
                    let today = due + chrono::Days::new(after as u64);
                    prop_assert_eq!(task_overdue(Some(due), TaskState::Open, today), after > 0);
                    prop_assert!(!task_overdue(Some(due), TaskState::Closed, today));
                    prop_assert!(!task_overdue(Some(due), TaskState::Answered, today));
                }
            }
        }
    }
}
