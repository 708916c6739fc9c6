//! FUND-1 — the yearly budget of 1,200 yuan per person under a measure, and how much
//! of it was budgeted and spent. Money is integer fen (分): no floats for money.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::metrics::Ratio;

/// FUND-1 — yuan per person under a measure per year.
pub const YUAN_PER_PERSON_YEAR: u64 = 1_200;

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub u64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan; saturates at the largest amount rather than overflow.
    pub fn from_yuan(yuan: u64) -> Fen {
        Fen(yuan.saturating_mul(100))
    }

    /// The whole yuan part.
    pub fn yuan(self) -> u64 {
        self.0 / 100
    }

    /// `self - other`, or zero when `other` is larger.
    pub fn saturating_sub(self, other: Fen) -> Fen {
        Fen(self.0.saturating_sub(other.0))
    }
}

/// "480000.00" — yuan with two decimals.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// FUND-1 — the yearly budget a district needs for `persons` under a measure
/// (J8: 400 persons → 480,000 yuan).
pub fn annual_budget(persons: u64) -> Fen {
    Fen::from_yuan(persons.saturating_mul(YUAN_PER_PERSON_YEAR))
}

/// FUND-1 — a district's year: required by the rule, budgeted, spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FundingCoverage {
    pub required: Fen,
    pub budgeted: Fen,
    pub spent: Fen,
    /// How far the budget falls short of the rule (zero when it meets it).
    pub budget_shortfall: Fen,
    /// Budgeted but not spent (zero when overspent).
    pub unspent: Fen,
    /// Spent beyond the budget (zero when within it).
    pub overspent: Fen,
    /// budgeted ÷ required.
    pub budget_ratio: Ratio,
    /// spent ÷ budgeted.
    pub spend_ratio: Ratio,
}

impl FundingCoverage {
    /// FUND-1 — whether the budget meets 1,200 yuan per person.
    pub fn budget_meets_rule(&self) -> bool {
        self.budget_shortfall == Fen::ZERO
    }
}

/// FUND-1 — budgeted vs. spent for a district with `persons` under a measure.
pub fn funding_coverage(persons: u64, budgeted: Fen, spent: Fen) -> FundingCoverage {
    let required = annual_budget(persons);
    FundingCoverage {
        required,
        budgeted,
        spent,
        budget_shortfall: required.saturating_sub(budgeted),
        unspent: budgeted.saturating_sub(spent),
        overspent: spent.saturating_sub(budgeted),
        budget_ratio: Ratio::new(budgeted.0, required.0),
        spend_ratio: Ratio::new(spent.0, budgeted.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn j8_four_hundred_persons_need_480_000_yuan() {
        assert_eq!(annual_budget(400), Fen::from_yuan(480_000));
        assert_eq!(annual_budget(400).yuan(), 480_000);
        assert_eq!(annual_budget(400).to_string(), "480000.00");
        assert_eq!(annual_budget(0), Fen::ZERO);
        assert_eq!(
            annual_budget(u64::MAX),
            Fen(u64::MAX),
            "saturates, never panics"
        );
    }

    #[test]
    fn coverage_reports_shortfall_and_spending() {
        let c = funding_coverage(400, Fen::from_yuan(400_000), Fen(35_000_050));
        assert_eq!(c.required, Fen::from_yuan(480_000));
        assert_eq!(c.budget_shortfall, Fen::from_yuan(80_000));
        assert!(!c.budget_meets_rule());
        assert_eq!(c.unspent.to_string(), "49999.50");
        assert_eq!(c.overspent, Fen::ZERO);
        assert_eq!(c.spend_ratio, Ratio::new(35_000_050, 40_000_000));
        let over = funding_coverage(10, Fen::from_yuan(12_000), Fen::from_yuan(13_000));
        assert!(over.budget_meets_rule());
        assert_eq!(over.overspent, Fen::from_yuan(1_000));
        assert_eq!(over.unspent, Fen::ZERO);
        assert_eq!(over.budget_ratio.percent(), Some(100.0));
        assert_eq!(
            funding_coverage(0, Fen::ZERO, Fen::ZERO)
                .spend_ratio
                .percent(),
            None
        );
    }
}
