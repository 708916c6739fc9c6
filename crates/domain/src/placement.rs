//! BASE-1 — which employment placement facility a district must have.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// BASE-1 — districts with this many drug users or more need a placement base.
pub const PLACEMENT_BASE_MIN_DRUG_USERS: u32 = 500;

/// BASE-1 — the facility a district must run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementFacility {
    /// 就业安置基地 — employment placement base.
    Base,
    /// 就业安置点 — employment placement point.
    Point,
}

impl PlacementFacility {
    pub const ALL: [PlacementFacility; 2] = [PlacementFacility::Base, PlacementFacility::Point];

    /// The code in forms and the database.
    pub fn code(self) -> &'static str {
        match self {
            PlacementFacility::Base => "base",
            PlacementFacility::Point => "point",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PlacementFacility::Base => "就业安置基地",
            PlacementFacility::Point => "就业安置点",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            PlacementFacility::Base => "employment placement base",
            PlacementFacility::Point => "employment placement point",
        }
    }
}

/// BASE-1 — a district with 500 or more registered drug users (吸毒人员, not only those
/// under a measure: the document counts drug users) needs a placement base; any other a
/// placement point.
pub fn required_placement_facility(drug_users: u32) -> PlacementFacility {
    if drug_users >= PLACEMENT_BASE_MIN_DRUG_USERS {
        PlacementFacility::Base
    } else {
        PlacementFacility::Point
    }
}

/// BASE-1 — what a district lacks: the facility it must run when it runs none that
/// serves (a base serves where a point is asked for; a point never serves for a base),
/// else nothing. `bases` and `points` count the facilities open on the day.
pub fn base1_missing(drug_users: u32, bases: u32, points: u32) -> Option<PlacementFacility> {
    match required_placement_facility(drug_users) {
        PlacementFacility::Base if bases == 0 => Some(PlacementFacility::Base),
        PlacementFacility::Point if bases == 0 && points == 0 => Some(PlacementFacility::Point),
        _ => None,
    }
}

/// Places a facility offers at most (a register entry above this is a typing error).
pub const MAX_PLACEMENT_CAPACITY: u32 = 100_000;

/// BASE-1 — why a register entry of a placement facility cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementBaseError {
    /// No name, or longer than 100 characters.
    Name,
    /// Capacity above [`MAX_PLACEMENT_CAPACITY`].
    Capacity,
    /// Opened or closed after today.
    InFuture,
    /// Closed before it opened.
    ClosesBeforeOpening,
}

/// BASE-1 — a register entry: named, a plausible capacity, opened and closed in order
/// and not after today (an office enters what exists, late if need be).
pub fn base1_check(
    name: &str,
    capacity: u32,
    opened_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), PlacementBaseError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(PlacementBaseError::Name);
    }
    if capacity > MAX_PLACEMENT_CAPACITY {
        return Err(PlacementBaseError::Capacity);
    }
    if opened_on > today || closed_on.is_some_and(|c| c > today) {
        return Err(PlacementBaseError::InFuture);
    }
    if closed_on.is_some_and(|c| c < opened_on) {
        return Err(PlacementBaseError::ClosesBeforeOpening);
    }
    Ok(())
}

/// BASE-1 — whether a facility is open on `day`.
pub fn base1_open_on(opened_on: NaiveDate, closed_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    opened_on <= day && closed_on.is_none_or(|c| c >= day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn base1_a_big_district_without_a_base_lacks_one_and_a_point_does_not_serve() {
        assert_eq!(base1_missing(500, 0, 3), Some(PlacementFacility::Base));
        assert_eq!(base1_missing(500, 1, 0), None);
        assert_eq!(base1_missing(120, 0, 0), Some(PlacementFacility::Point));
        assert_eq!(base1_missing(120, 0, 1), None);
        // a base serves a small district too
        assert_eq!(base1_missing(120, 1, 0), None);
    }

    #[test]
    fn base1_entries_are_named_plausible_and_dated_in_order() {
        let today = d(2026, 12, 7);
        assert_eq!(
            base1_check("东胜区就业安置基地", 40, d(2020, 3, 1), None, today),
            Ok(())
        );
        assert_eq!(
            base1_check("  ", 40, d(2020, 3, 1), None, today),
            Err(PlacementBaseError::Name)
        );
        assert_eq!(
            base1_check("x", MAX_PLACEMENT_CAPACITY + 1, d(2020, 3, 1), None, today),
            Err(PlacementBaseError::Capacity)
        );
        assert_eq!(
            base1_check("x", 1, d(2026, 12, 8), None, today),
            Err(PlacementBaseError::InFuture)
        );
        assert_eq!(
            base1_check("x", 1, d(2020, 3, 1), Some(d(2020, 2, 1)), today),
            Err(PlacementBaseError::ClosesBeforeOpening)
        );
        assert!(base1_open_on(
            d(2020, 3, 1),
            Some(d(2021, 1, 1)),
            d(2021, 1, 1)
        ));
        assert!(!base1_open_on(
            d(2020, 3, 1),
            Some(d(2021, 1, 1)),
            d(2021, 1, 2)
        ));
        assert!(!base1_open_on(d(2020, 3, 1), None, d(2020, 2, 29)));
        for f in PlacementFacility::ALL {
            assert_eq!(PlacementFacility::parse(f.code()), Some(f));
        }
    }

    proptest! {
        /// Whatever the counts, a district lacks something exactly when none of its open
        /// facilities is of a kind its size asks for.
        #[test]
        fn base1_missing_is_the_required_facility_exactly_when_none_serves(
            users in 0u32..5_000, bases in 0u32..3, points in 0u32..3,
        ) {
            let required = required_placement_facility(users);
            let served = match required {
                PlacementFacility::Base => bases > 0,
                PlacementFacility::Point => bases + points > 0,
            };
            prop_assert_eq!(base1_missing(users, bases, points), (!served).then_some(required));
        }
    }

    #[test]
    fn five_hundred_drug_users_need_a_base_and_fewer_a_point() {
        assert_eq!(required_placement_facility(500), PlacementFacility::Base);
        assert_eq!(required_placement_facility(12_000), PlacementFacility::Base);
        assert_eq!(required_placement_facility(499), PlacementFacility::Point);
        assert_eq!(required_placement_facility(0), PlacementFacility::Point);
        assert_eq!(PlacementFacility::Base.label_zh(), "就业安置基地");
    }
}
