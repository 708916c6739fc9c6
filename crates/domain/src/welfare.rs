//! WEL-1 — 最低生活保障 (低保) eligibility of a person in rehabilitation.
//!
//! Decisions where WEL-1 is silent:
//! * "Completed at least one year of rehabilitation" is counted from report-in (day 1):
//!   the year is complete on the first anniversary, moved later by suspended days (中止
//!   days are not rehabilitation, N13/D3). It applies to either measure.
//! * Income and the local line are compared per month in fen, as the local civil affairs
//!   office defines them (usually per household member); below means strictly below.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::funding::Fen;

/// WEL-1 — what the rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DibaoFacts {
    /// Report-in day of the measure (day 1 of rehabilitation).
    pub rehabilitation_start: NaiveDate,
    /// 中止 days since then (N13).
    pub suspended_days: u64,
    /// The day eligibility is judged.
    pub as_of: NaiveDate,
    /// Has a fixed income (固定收入).
    pub has_fixed_income: bool,
    /// Monthly income (per household member, as the local rule defines it).
    pub monthly_income: Fen,
    /// The local minimum-living line per month (当地最低生活保障标准).
    pub local_minimum_line: Fen,
}

/// Why a person is not (yet) eligible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum DibaoBar {
    /// Less than a year of rehabilitation; complete on `completes_on` (if computable).
    RehabilitationUnderOneYear {
        completes_on: Option<NaiveDate>,
    },
    HasFixedIncome,
    /// Income at or above the local line.
    IncomeNotBelowLine,
}

/// WEL-1 — eligible, or the reasons why not (all of them, for the case worker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DibaoEligibility {
    pub eligible: bool,
    pub reasons_not: Vec<DibaoBar>,
}

/// WEL-1 — the day one year of rehabilitation is complete: the first anniversary of
/// report-in, moved later by suspended days. `None` only at the end of the calendar.
pub fn rehabilitation_year_completes_on(
    start: NaiveDate,
    suspended_days: u64,
) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(12))?
        .checked_add_days(Days::new(suspended_days))
}

/// WEL-1 — 低保 eligibility: at least one year of rehabilitation completed, no fixed
/// income, and income below the local minimum-living line.
pub fn dibao_eligibility(f: &DibaoFacts) -> DibaoEligibility {
    let completes_on = rehabilitation_year_completes_on(f.rehabilitation_start, f.suspended_days);
    let mut reasons_not = Vec::new();
    if completes_on.is_none_or(|c| c > f.as_of) {
        reasons_not.push(DibaoBar::RehabilitationUnderOneYear { completes_on });
    }
    if f.has_fixed_income {
        reasons_not.push(DibaoBar::HasFixedIncome);
    }
    if f.monthly_income >= f.local_minimum_line {
        reasons_not.push(DibaoBar::IncomeNotBelowLine);
    }
    DibaoEligibility {
        eligible: reasons_not.is_empty(),
        reasons_not,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn j6(as_of: NaiveDate) -> DibaoFacts {
        DibaoFacts {
            rehabilitation_start: d(2025, 6, 16),
            suspended_days: 0,
            as_of,
            has_fixed_income: false,
            monthly_income: Fen::from_yuan(300),
            local_minimum_line: Fen::from_yuan(850),
        }
    }

    #[test]
    fn eligible_from_the_first_anniversary_of_report_in() {
        let before = dibao_eligibility(&j6(d(2026, 6, 15)));
        assert!(!before.eligible);
        assert_eq!(
            before.reasons_not,
            [DibaoBar::RehabilitationUnderOneYear {
                completes_on: Some(d(2026, 6, 16))
            }]
        );
        let on = dibao_eligibility(&j6(d(2026, 6, 16)));
        assert!(on.eligible);
        assert!(on.reasons_not.is_empty());
    }

    #[test]
    fn suspended_days_delay_the_year() {
        let f = DibaoFacts {
            suspended_days: 15,
            ..j6(d(2026, 6, 30))
        };
        assert!(!dibao_eligibility(&f).eligible);
        assert!(
            dibao_eligibility(&DibaoFacts {
                as_of: d(2026, 7, 1),
                ..f
            })
            .eligible
        );
    }

    #[test]
    fn fixed_income_or_income_at_the_line_bars_eligibility_with_every_reason_listed() {
        let f = DibaoFacts {
            has_fixed_income: true,
            monthly_income: Fen::from_yuan(850),
            ..j6(d(2025, 12, 1))
        };
        let e = dibao_eligibility(&f);
        assert!(!e.eligible);
        assert_eq!(e.reasons_not.len(), 3);
        assert!(e.reasons_not.contains(&DibaoBar::HasFixedIncome));
        assert!(e.reasons_not.contains(&DibaoBar::IncomeNotBelowLine));
        let just_below = DibaoFacts {
            monthly_income: Fen(84_999),
            ..j6(d(2027, 1, 1))
        };
        assert!(dibao_eligibility(&just_below).eligible);
    }

    #[test]
    fn dates_at_the_end_of_the_calendar_do_not_panic() {
        let f = DibaoFacts {
            rehabilitation_start: NaiveDate::MAX,
            ..j6(NaiveDate::MAX)
        };
        let e = dibao_eligibility(&f);
        assert_eq!(
            e.reasons_not[0],
            DibaoBar::RehabilitationUnderOneYear { completes_on: None }
        );
    }
}
