//! N8, N9, N10 — the breach ladder: warning (告诫) after the first refusal or
//! unauthorised absence, serious breach (严重违反协议) at the N9 thresholds; and when
//! leaving the county needs a written request.
//!
//! Decisions where the law is silent:
//! * Absences are inclusive date ranges. Their total days count each calendar day once,
//!   so overlapping records (a data-entry slip) do not inflate the total; a reversed
//!   range still counts as one absence, of 0 days.
//! * Which absences are unauthorised is decided by [`absence_is_unauthorised`] (N8):
//!   a trip of 3 days or more without an approved request. The caller passes only
//!   those to [`assess_breach`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod warning;
pub use warning::{WarningManner, warning_due};

/// N9 — refusing or evading tests this many times is a serious breach.
pub const SERIOUS_REFUSALS: u32 = 3;
/// N9 — this many unauthorised absences from the county is a serious breach.
pub const SERIOUS_ABSENCES: u32 = 3;
/// N9 — unauthorised absences totalling **more than** this many days are a serious
/// breach (exactly 30 is not).
pub const SERIOUS_ABSENCE_DAYS_OVER: u64 = 30;
/// N8 — leaving the county for this many days or more needs a written request.
pub const LEAVE_REQUEST_MIN_DAYS: u64 = 3;

/// N9 — an absence from the county (县/市/区/旗), `from` and `to` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Absence {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Absence {
    /// Days away, both ends included; 0 for a reversed range.
    pub fn days(&self) -> u64 {
        inclusive_days(self.from, self.to)
    }
}

/// The rungs of the ladder, ordered: `None < Warning < Serious`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachLevel {
    None,
    /// N10 — a minor breach: the first refusal, evasion or unauthorised absence. A
    /// warning (告诫) is due until one is recorded ([`warning_due`]); criticism and
    /// education; refusals go to police.
    Warning,
    /// N9 — 严重违反协议: report to police with the evidence (N10, N14).
    Serious,
}

impl BreachLevel {
    pub fn code(self) -> &'static str {
        match self {
            BreachLevel::None => "none",
            BreachLevel::Warning => "warning",
            BreachLevel::Serious => "serious",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            BreachLevel::None,
            BreachLevel::Warning,
            BreachLevel::Serious,
        ]
        .into_iter()
        .find(|l| l.code() == code)
    }

    pub fn label_zh(code: &str) -> &'static str {
        match code {
            "warning" => "一般违反协议",
            "serious" => "严重违反协议",
            _ => "无",
        }
    }

    /// The English words.
    pub fn label_en(code: &str) -> &'static str {
        match code {
            "warning" => "minor breach of the agreement",
            "serious" => "serious breach of the agreement",
            _ => "none",
        }
    }
}

/// Why the ladder stands where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum BreachReason {
    /// Refused or evaded tests (serious at [`SERIOUS_REFUSALS`]).
    RefusedOrEvadedTests { count: u32 },
    /// Unauthorised absences (serious at [`SERIOUS_ABSENCES`]).
    UnauthorisedAbsences { count: u32 },
    /// Total days of unauthorised absence (serious above [`SERIOUS_ABSENCE_DAYS_OVER`]).
    AbsenceDays { days: u64 },
}

/// The level and the facts behind it: at `Serious`, the thresholds met; at `Warning`,
/// everything recorded; at `None`, nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreachAssessment {
    pub level: BreachLevel,
    pub reasons: Vec<BreachReason>,
}

/// N9, N10 — where a case stands on the breach ladder, from its refused or evaded
/// tests and its unauthorised absences (see [`absence_is_unauthorised`]).
pub fn assess_breach(refused_or_evaded: u32, absences: &[Absence]) -> BreachAssessment {
    let count = u32::try_from(absences.len()).unwrap_or(u32::MAX);
    let days = total_days(absences);
    let facts = [
        (
            refused_or_evaded > 0,
            refused_or_evaded >= SERIOUS_REFUSALS,
            BreachReason::RefusedOrEvadedTests {
                count: refused_or_evaded,
            },
        ),
        (
            count > 0,
            count >= SERIOUS_ABSENCES,
            BreachReason::UnauthorisedAbsences { count },
        ),
        (
            days > 0,
            days > SERIOUS_ABSENCE_DAYS_OVER,
            BreachReason::AbsenceDays { days },
        ),
    ];
    let serious: Vec<_> = facts.iter().filter(|f| f.1).map(|f| f.2).collect();
    if !serious.is_empty() {
        return BreachAssessment {
            level: BreachLevel::Serious,
            reasons: serious,
        };
    }
    let minor: Vec<_> = facts.iter().filter(|f| f.0).map(|f| f.2).collect();
    let level = if minor.is_empty() {
        BreachLevel::None
    } else {
        BreachLevel::Warning
    };
    BreachAssessment {
        level,
        reasons: minor,
    }
}

/// N8 — whether leaving the county from `from` to `to` (inclusive) needs a written
/// request: 3 days or more.
pub fn leave_needs_request(from: NaiveDate, to: NaiveDate) -> bool {
    inclusive_days(from, to) >= LEAVE_REQUEST_MIN_DAYS
}

/// N8, N9 — whether an absence counts as unauthorised (擅自离开): it needed a request
/// and none was approved.
pub fn absence_is_unauthorised(absence: &Absence, request_approved: bool) -> bool {
    leave_needs_request(absence.from, absence.to) && !request_approved
}

fn inclusive_days(from: NaiveDate, to: NaiveDate) -> u64 {
    u64::try_from((to - from).num_days() + 1).unwrap_or(0)
}

/// Days covered by the absences, each day once.
fn total_days(absences: &[Absence]) -> u64 {
    let mut spans: Vec<_> = absences
        .iter()
        .filter(|a| a.from <= a.to)
        .copied()
        .collect();
    spans.sort_by_key(|a| a.from);
    let mut total = 0u64;
    let mut covered_to: Option<NaiveDate> = None;
    for a in spans {
        let from = match covered_to {
            Some(c) if a.to <= c => continue,
            Some(c) if a.from <= c => c.succ_opt().unwrap_or(a.to),
            _ => a.from,
        };
        total = total.saturating_add(inclusive_days(from, a.to));
        covered_to = Some(a.to);
    }
    total
}

#[cfg(test)]
mod tests;
