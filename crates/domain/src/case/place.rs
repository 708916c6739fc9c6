//! N2, CASE-3, CASE-5 — where an order is executed, and on what basis.

use serde::{Deserialize, Serialize};

/// N2, CASE-3, CASE-5 — the basis of the execution place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceBasis {
    /// 户籍所在地
    Household,
    /// 现居住地 (only with a fixed home there)
    Residence,
    /// 戒毒康复场所 by agreement (CASE-5)
    RehabCentre,
}

impl PlaceBasis {
    pub const ALL: [PlaceBasis; 3] = [
        PlaceBasis::Household,
        PlaceBasis::Residence,
        PlaceBasis::RehabCentre,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlaceBasis::Household => "household",
            PlaceBasis::Residence => "residence",
            PlaceBasis::RehabCentre => "rehab_centre",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PlaceBasis::Household => "户籍所在地",
            PlaceBasis::Residence => "现居住地(有固定住所)",
            PlaceBasis::RehabCentre => "戒毒康复场所(自愿)",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            PlaceBasis::Household => "place of household registration",
            PlaceBasis::Residence => "current residence (fixed home)",
            PlaceBasis::RehabCentre => "rehabilitation centre (voluntary)",
        }
    }
}

/// N2, CASE-3 — the current residence may be the execution place only where the person
/// has a fixed home there.
pub fn execution_place_allowed(basis: PlaceBasis, fixed_home: bool) -> bool {
    basis != PlaceBasis::Residence || fixed_home
}
