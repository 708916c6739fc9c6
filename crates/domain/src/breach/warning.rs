//! N10 — the warning (告诫) a minor breach asks for: a recorded event (who warned, when,
//! how), due from the first refusal, evasion or unauthorised absence until one is
//! recorded on or after the latest of them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::BreachLevel;

/// N10 — how the person was warned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningManner {
    /// 口头告诫, in a talk.
    Oral,
    /// 书面告诫, a written notice the person signs.
    Written,
}

impl WarningManner {
    pub const ALL: [WarningManner; 2] = [WarningManner::Oral, WarningManner::Written];

    pub fn code(self) -> &'static str {
        match self {
            WarningManner::Oral => "oral",
            WarningManner::Written => "written",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            WarningManner::Oral => "口头告诫",
            WarningManner::Written => "书面告诫",
        }
    }

    /// The English words.
    pub fn label_en(self) -> &'static str {
        match self {
            WarningManner::Oral => "oral warning",
            WarningManner::Written => "written warning",
        }
    }
}

/// N10 — a warning is due: the ladder stands at a minor breach (the serious one goes to
/// police instead, N9) and no warning was recorded on or after the latest refusal,
/// evasion or unauthorised absence (`last_breach_on`).
pub fn warning_due(
    level: BreachLevel,
    last_breach_on: Option<NaiveDate>,
    last_warning_on: Option<NaiveDate>,
) -> bool {
    level == BreachLevel::Warning
        && last_breach_on.is_some_and(|breach| last_warning_on.is_none_or(|warned| warned < breach))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn n10_a_minor_breach_asks_for_a_warning_until_one_is_recorded() {
        let refused = Some(d(2025, 3, 1));
        assert!(warning_due(BreachLevel::Warning, refused, None));
        assert!(warning_due(
            BreachLevel::Warning,
            refused,
            Some(d(2025, 2, 1))
        ));
        assert!(!warning_due(BreachLevel::Warning, refused, refused));
        assert!(!warning_due(
            BreachLevel::Warning,
            refused,
            Some(d(2025, 3, 2))
        ));
        // nothing to warn about; a serious breach goes to police instead
        assert!(!warning_due(BreachLevel::None, None, None));
        assert!(!warning_due(BreachLevel::Serious, refused, None));
    }

    #[test]
    fn manners_round_trip() {
        for m in WarningManner::ALL {
            assert_eq!(WarningManner::parse(m.code()), Some(m));
        }
    }
}
