//! The two measures a person can be ordered into (requirements.md, terms table).

use serde::{Deserialize, Serialize};

/// 社区戒毒 or 社区康复.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// 社区戒毒 — 3 years from report-in (N4).
    CommunityDetox,
    /// 社区康复 — up to 3 years after release from 强制隔离戒毒 (N16).
    CommunityRehab,
}

impl Measure {
    pub const ALL: [Measure; 2] = [Measure::CommunityDetox, Measure::CommunityRehab];

    /// The code used in URLs, JSON, the database and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Measure::CommunityDetox => "community_detox",
            Measure::CommunityRehab => "community_rehab",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The fixed UI word (ui.md).
    pub fn label_zh(self) -> &'static str {
        match self {
            Measure::CommunityDetox => "社区戒毒",
            Measure::CommunityRehab => "社区康复",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Measure::CommunityDetox => "community detoxification",
            Measure::CommunityRehab => "community rehabilitation",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.code()), Some(m));
        }
        assert_eq!(Measure::parse("detox"), None);
    }
}
