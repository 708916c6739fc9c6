//! BASE-1 — which employment placement facility a district must have.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_hundred_drug_users_need_a_base_and_fewer_a_point() {
        assert_eq!(required_placement_facility(500), PlacementFacility::Base);
        assert_eq!(required_placement_facility(12_000), PlacementFacility::Base);
        assert_eq!(required_placement_facility(499), PlacementFacility::Point);
        assert_eq!(required_placement_facility(0), PlacementFacility::Point);
        assert_eq!(PlacementFacility::Base.label_zh(), "就业安置基地");
    }
}
