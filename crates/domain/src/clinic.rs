//! MMT-1, N17 — methadone maintenance treatment (美沙酮维持治疗) of persons under a
//! measure, as the clinic records it: enrolment with consent, daily attendance and dose,
//! urine tests at the clinic, and what of it must reach the township office and the police.
//!
//! Decisions where MMT-1 and N17 are silent (also in the README and docs/requirements.md):
//! * **Absences (脱失治疗).** Methadone is taken every day, weekends and holidays included,
//!   so every calendar day from the day of enrolment is a dosing day. A person who misses
//!   [`N17_DROPOUT_MISSED_DAYS`] consecutive dosing days (3) has dropped out of treatment
//!   (脱失): the township office gets a task and the police the information, the day the
//!   third day has passed ([`n17_dropout_on`]). The day itself (today) is never counted as
//!   missed: the clinic is still open.
//! * **Self-ended treatment (自行终止).** An enrolment the clinic closes as ended by the
//!   person (not by the doctor, not a referral) is reported like a dropout, the same day.
//! * **Positive clinic tests** are reported the day they are recorded.
//! * **Clinic tests and the test windows (D4, N20).** A urine test at the clinic does NOT
//!   fill a test window ([`CLINIC_TEST_FILLS_WINDOW`]): N20 asks for the test to be taken by
//!   the execution body's two staff members under the agreement, and the clinic's test is
//!   a medical test of its own treatment (one nurse, no A/B sample, results for the
//!   doctor). A positive one becomes a task for the township office, which then tests the
//!   person itself (the community's test fills the window and starts N9 as always).
//! * **Doses** are whole milligrams from 1 to [`MAX_DOSE_MG`] (a daily dose above 300 mg is
//!   taken to be a typing error).
//! * **就诊率 (attendance rate)** of a period: days attended over dosing days expected
//!   (each enrolment's days inside the period, from enrolment to its end or the period's
//!   end, today excluded) — [`mmt1_expected_days`], [`mmt1_attendance_rate`].
//! * **戒治率 (treatment-retention rate)** of a period: of the persons enrolled at some
//!   time in the period, those still in treatment at its end (enrolment not ended, not
//!   dropped out) with no positive clinic test in the period — [`mmt1_retained`].

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::metrics::{Membership, Period, Ratio};

/// N17 — consecutive missed dosing days that make a dropout (脱失治疗).
pub const N17_DROPOUT_MISSED_DAYS: i64 = 3;

/// The largest daily dose accepted, in mg.
pub const MAX_DOSE_MG: i64 = 300;

/// D4, N20 — whether a clinic urine test fills a test window: it does not (see the module).
pub const CLINIC_TEST_FILLS_WINDOW: bool = false;

/// How an enrolment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentEnd {
    /// 医嘱结束治疗 — ended by the doctor.
    Completed,
    /// 转诊 — referred to another clinic.
    Referred,
    /// 自行终止 — ended by the person (N17: reported to the township and police).
    SelfEnded,
}

impl EnrolmentEnd {
    pub const ALL: [EnrolmentEnd; 3] = [
        EnrolmentEnd::Completed,
        EnrolmentEnd::Referred,
        EnrolmentEnd::SelfEnded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EnrolmentEnd::Completed => "completed",
            EnrolmentEnd::Referred => "referred",
            EnrolmentEnd::SelfEnded => "self_ended",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EnrolmentEnd::Completed => "医嘱结束治疗",
            EnrolmentEnd::Referred => "转诊",
            EnrolmentEnd::SelfEnded => "自行终止治疗",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EnrolmentEnd::Completed => "treatment completed",
            EnrolmentEnd::Referred => "referred elsewhere",
            EnrolmentEnd::SelfEnded => "ended by the person",
        }
    }

    /// N17 — whether this end is reported to the township office and the police.
    pub fn n17_reported(self) -> bool {
        self == EnrolmentEnd::SelfEnded
    }
}

/// The first dosing day not yet covered: the day after the last attendance, or the day of
/// enrolment when the person has not attended since.
fn first_uncovered(enrolled_on: NaiveDate, last_attended: Option<NaiveDate>) -> NaiveDate {
    match last_attended {
        Some(d) if d >= enrolled_on => d + Duration::days(1),
        _ => enrolled_on,
    }
}

/// N17 — consecutive dosing days missed before `today` (today is not counted: the clinic
/// is still open).
pub fn n17_missed_days(
    enrolled_on: NaiveDate,
    last_attended: Option<NaiveDate>,
    today: NaiveDate,
) -> i64 {
    (today - first_uncovered(enrolled_on, last_attended))
        .num_days()
        .max(0)
}

/// N17 — the day a person who does not come again counts as dropped out: the day after
/// the last of [`N17_DROPOUT_MISSED_DAYS`] missed dosing days.
pub fn n17_dropout_on(enrolled_on: NaiveDate, last_attended: Option<NaiveDate>) -> NaiveDate {
    first_uncovered(enrolled_on, last_attended) + Duration::days(N17_DROPOUT_MISSED_DAYS)
}

/// N17 — whether the person has dropped out of treatment by `today`.
pub fn n17_dropped_out(
    enrolled_on: NaiveDate,
    last_attended: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    n17_missed_days(enrolled_on, last_attended, today) >= N17_DROPOUT_MISSED_DAYS
}

/// A dose as entered, checked: whole mg from 1 to [`MAX_DOSE_MG`].
pub fn mmt1_check_dose(dose_mg: i64) -> Result<i64, String> {
    if (1..=MAX_DOSE_MG).contains(&dose_mg) {
        Ok(dose_mg)
    } else {
        Err(format!("剂量应为 1 至 {MAX_DOSE_MG} 毫克"))
    }
}

/// 就诊率 — the dosing days of one enrolment inside `period`, `today` and later excluded.
pub fn mmt1_expected_days(
    enrolled_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    period: Period,
    today: NaiveDate,
) -> u64 {
    let from = enrolled_on.max(period.from);
    let mut to = period.to.min(today - Duration::days(1));
    if let Some(end) = ended_on {
        to = to.min(end);
    }
    if to < from {
        0
    } else {
        (to - from).num_days() as u64 + 1
    }
}

/// 就诊率 — days attended over dosing days expected.
pub fn mmt1_attendance_rate(attended_days: u64, expected_days: u64) -> Ratio {
    // an attendance today (not yet expected) never lifts the rate above 100 %
    Ratio::new(attended_days.min(expected_days), expected_days)
}

/// What 戒治率 asks of one enrolment in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentFacts {
    pub enrolled_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub last_attended: Option<NaiveDate>,
    /// A positive clinic test dated inside the period.
    pub positive_in_period: bool,
}

/// 戒治率 — one enrolment: in the denominator when enrolled at some time in the period, in
/// the numerator when still in treatment at the period's end (not ended by then, not
/// dropped out by then, N17) with no positive clinic test in the period.
pub fn mmt1_retained(facts: &TreatmentFacts, period: Period, today: NaiveDate) -> Membership {
    let in_period = period.overlaps(facts.enrolled_on, facts.ended_on);
    let at = period.to.min(today);
    let still_enrolled = facts.ended_on.is_none_or(|e| e > at);
    // an attendance after the period's end shows the person still came (only the
    // latest attendance is asked for)
    let attending = facts.last_attended.is_some_and(|d| d > at)
        || !n17_dropped_out(facts.enrolled_on, facts.last_attended, at);
    let counts = still_enrolled && attending && !facts.positive_in_period;
    Membership {
        denominator: in_period,
        numerator: in_period && counts,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
