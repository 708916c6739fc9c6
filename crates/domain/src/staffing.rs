//! STAFF-1, STAFF-2, STAFF-3 — how many staff a unit must have, and its shortfalls.

use serde::{Deserialize, Serialize};

use crate::org::UnitLevel;

/// STAFF-1 — cadres in charge (full- or part-time) each township needs.
pub const MIN_TOWNSHIP_CADRES: u32 = 1;
/// STAFF-2 — persons under a measure per full-time community staff member.
pub const PERSONS_PER_FULL_TIME_STAFF: u32 = 30;
/// STAFF-2 — never fewer full-time staff than this in a community.
pub const MIN_COMMUNITY_FULL_TIME_STAFF: u32 = 1;

/// STAFF-1 — cadres in charge a unit needs: 1 for a township or street, else none.
pub fn cadres_in_charge_required(level: UnitLevel) -> u32 {
    if level == UnitLevel::Township {
        MIN_TOWNSHIP_CADRES
    } else {
        0
    }
}

/// STAFF-2 — full-time staff a community needs: max(1, ceil(persons / 30))
/// (J8: 61 → 3, 12 → 1, 0 → 1).
pub fn full_time_staff_required(persons: u32) -> u32 {
    persons
        .div_ceil(PERSONS_PER_FULL_TIME_STAFF)
        .max(MIN_COMMUNITY_FULL_TIME_STAFF)
}

/// STAFF-3 — female staff a unit needs: 1 when any woman is under a measure there.
pub fn female_staff_required(female_persons: u32) -> u32 {
    u32::from(female_persons > 0)
}

/// What a unit has, at the level it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitStaffing {
    pub level: UnitLevel,
    /// Persons under a measure executed by the unit.
    pub persons: u32,
    pub female_persons: u32,
    /// Full- or part-time cadres in charge (分管干部).
    pub cadres_in_charge: u32,
    /// Full-time staff (专职工作人员).
    pub full_time_staff: u32,
    pub female_staff: u32,
}

/// The rule a shortfall breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRule {
    /// STAFF-1 — a cadre in charge per township.
    CadreInCharge,
    /// STAFF-2 — full-time staff per community.
    FullTimeStaff,
    /// STAFF-3 — a female staff member where a woman is under a measure.
    FemaleStaff,
}

impl StaffRule {
    /// The requirement ID, as the staffing report shows it.
    pub fn requirement(self) -> &'static str {
        match self {
            StaffRule::CadreInCharge => "STAFF-1",
            StaffRule::FullTimeStaff => "STAFF-2",
            StaffRule::FemaleStaff => "STAFF-3",
        }
    }
}

/// One rule a unit does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shortfall {
    pub rule: StaffRule,
    pub required: u32,
    pub actual: u32,
    /// `required - actual`.
    pub missing: u32,
}

/// STAFF-1..3 — the rules a unit does not meet (empty when fully staffed). STAFF-1
/// applies to townships, STAFF-2 to communities, STAFF-3 to any unit.
pub fn staffing_gap(unit: &UnitStaffing) -> Vec<Shortfall> {
    let full_time = if unit.level == UnitLevel::Community {
        full_time_staff_required(unit.persons)
    } else {
        0
    };
    [
        (
            StaffRule::CadreInCharge,
            cadres_in_charge_required(unit.level),
            unit.cadres_in_charge,
        ),
        (StaffRule::FullTimeStaff, full_time, unit.full_time_staff),
        (
            StaffRule::FemaleStaff,
            female_staff_required(unit.female_persons),
            unit.female_staff,
        ),
    ]
    .into_iter()
    .filter(|&(_, required, actual)| actual < required)
    .map(|(rule, required, actual)| Shortfall {
        rule,
        required,
        actual,
        missing: required - actual,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn community(persons: u32, full_time_staff: u32) -> UnitStaffing {
        UnitStaffing {
            level: UnitLevel::Community,
            persons,
            female_persons: 0,
            cadres_in_charge: 0,
            full_time_staff,
            female_staff: 0,
        }
    }

    #[test]
    fn j8_community_staff_is_one_per_thirty_persons_and_at_least_one() {
        assert_eq!(full_time_staff_required(61), 3);
        assert_eq!(full_time_staff_required(60), 2);
        assert_eq!(full_time_staff_required(12), 1);
        assert_eq!(full_time_staff_required(0), 1);
        assert_eq!(full_time_staff_required(u32::MAX), u32::MAX.div_ceil(30));
    }

    #[test]
    fn j8_community_of_61_with_2_staff_is_one_short() {
        let gap = staffing_gap(&community(61, 2));
        assert_eq!(
            gap,
            [Shortfall {
                rule: StaffRule::FullTimeStaff,
                required: 3,
                actual: 2,
                missing: 1
            }]
        );
        assert!(staffing_gap(&community(61, 3)).is_empty());
        assert_eq!(staffing_gap(&community(0, 0))[0].required, 1);
    }

    #[test]
    fn j3_a_township_with_a_woman_under_a_measure_needs_a_female_staff_member() {
        let township = UnitStaffing {
            level: UnitLevel::Township,
            persons: 40,
            female_persons: 1,
            cadres_in_charge: 1,
            full_time_staff: 0,
            female_staff: 0,
        };
        let gap = staffing_gap(&township);
        assert_eq!(gap.len(), 1, "STAFF-2 is a community rule: {gap:?}");
        assert_eq!(gap[0].rule, StaffRule::FemaleStaff);
        assert_eq!(gap[0].rule.requirement(), "STAFF-3");
        assert!(
            staffing_gap(&UnitStaffing {
                female_staff: 1,
                ..township
            })
            .is_empty()
        );
    }

    #[test]
    fn every_township_needs_a_cadre_in_charge() {
        assert_eq!(cadres_in_charge_required(UnitLevel::Township), 1);
        assert_eq!(cadres_in_charge_required(UnitLevel::District), 0);
        let bare = UnitStaffing {
            level: UnitLevel::Township,
            persons: 0,
            female_persons: 0,
            cadres_in_charge: 0,
            full_time_staff: 0,
            female_staff: 0,
        };
        assert_eq!(staffing_gap(&bare)[0].rule, StaffRule::CadreInCharge);
    }
}
