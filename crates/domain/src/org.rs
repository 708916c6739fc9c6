//! ORG-1 — the organisation tree: levels and official division codes.
//!
//! Codes follow GB/T 2260 (6 digits) for province, city and district, and the
//! statistical division codes below: 9 digits for a township or street, 12 for a
//! village or community. A child's code must extend its parent's.

use serde::{Deserialize, Serialize};

/// The level of a unit. ORG-1 names four (city → community); a province level sits
/// above so that one installation can serve a province or the nation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// 省/自治区
    Province,
    /// 市 (盟)
    City,
    /// 旗区 — banner or district, including 康巴什新区
    District,
    /// 苏木乡镇/街道 — township or street
    Township,
    /// 嘎查村/社区 — village or community
    Community,
}

impl UnitLevel {
    pub const ALL: [UnitLevel; 5] = [
        UnitLevel::Province,
        UnitLevel::City,
        UnitLevel::District,
        UnitLevel::Township,
        UnitLevel::Community,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::City => "city",
            UnitLevel::District => "district",
            UnitLevel::Township => "township",
            UnitLevel::Community => "community",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitLevel::Province => "省(自治区)",
            UnitLevel::City => "市",
            UnitLevel::District => "旗区",
            UnitLevel::Township => "苏木乡镇(街道)",
            UnitLevel::Community => "嘎查村(社区)",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            UnitLevel::Province => "province (autonomous region)",
            UnitLevel::City => "city",
            UnitLevel::District => "district (banner)",
            UnitLevel::Township => "township (sub-district)",
            UnitLevel::Community => "village (community)",
        }
    }

    /// The level directly below, if any.
    pub fn child(self) -> Option<UnitLevel> {
        match self {
            UnitLevel::Province => Some(UnitLevel::City),
            UnitLevel::City => Some(UnitLevel::District),
            UnitLevel::District => Some(UnitLevel::Township),
            UnitLevel::Township => Some(UnitLevel::Community),
            UnitLevel::Community => None,
        }
    }

    /// Infer the level from the shape of a code (ORG-1).
    pub fn of_code(code: &UnitCode) -> UnitLevel {
        let s = code.as_str();
        match s.len() {
            12 => UnitLevel::Community,
            9 => UnitLevel::Township,
            _ if s.ends_with("0000") => UnitLevel::Province,
            _ if s.ends_with("00") => UnitLevel::City,
            _ => UnitLevel::District,
        }
    }
}

/// Why a unit code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitCodeError {
    #[error("单位代码只能由数字组成,长度为6、9或12位")]
    Malformed,
    #[error("单位代码 {child} 不属于上级单位 {parent}")]
    NotUnderParent { parent: String, child: String },
    #[error("{parent_level}下不能再设下级单位")]
    NoChildLevel { parent_level: &'static str },
}

/// An official division code of 6, 9 or 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(input: &str) -> Result<Self, UnitCodeError> {
        let s = input.trim();
        let shape_ok = matches!(s.len(), 6 | 9 | 12) && s.bytes().all(|b| b.is_ascii_digit());
        // A 6-digit code whose province part is 00 is not a division code.
        if !shape_ok || s.starts_with("00") {
            return Err(UnitCodeError::Malformed);
        }
        Ok(UnitCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> UnitLevel {
        UnitLevel::of_code(self)
    }

    /// ORG-1 — whether `child` may be created under `self`: the level below, with a
    /// code that extends this one (e.g. 150602 → 150602001 → 150602001001).
    pub fn check_child(&self, child: &UnitCode) -> Result<(), UnitCodeError> {
        let parent_level = self.level();
        let Some(expected) = parent_level.child() else {
            return Err(UnitCodeError::NoChildLevel {
                parent_level: parent_level.label_zh(),
            });
        };
        let p = self.as_str();
        let c = child.as_str();
        let prefix_ok = match parent_level {
            UnitLevel::Province => c[..2] == p[..2],
            UnitLevel::City => c[..4] == p[..4],
            UnitLevel::District | UnitLevel::Township => c.starts_with(p),
            UnitLevel::Community => false,
        };
        if child.level() != expected || !prefix_ok || c == p {
            return Err(UnitCodeError::NotUnderParent {
                parent: p.to_owned(),
                child: c.to_owned(),
            });
        }
        Ok(())
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        UnitCode::parse(&value)
    }
}

impl From<UnitCode> for String {
    fn from(value: UnitCode) -> Self {
        value.0
    }
}

impl std::fmt::Display for UnitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> UnitCode {
        UnitCode::parse(s).expect("valid code")
    }

    #[test]
    fn levels_follow_the_shape_of_ordos_codes() {
        assert_eq!(code("150000").level(), UnitLevel::Province);
        assert_eq!(code("150600").level(), UnitLevel::City);
        assert_eq!(code("150602").level(), UnitLevel::District);
        assert_eq!(code("150602001").level(), UnitLevel::Township);
        assert_eq!(code("150602001001").level(), UnitLevel::Community);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "",
            "15060",
            "1506021",
            "15060200A",
            "000000",
            "１５０６０２",
        ] {
            assert_eq!(UnitCode::parse(bad), Err(UnitCodeError::Malformed), "{bad}");
        }
    }

    #[test]
    fn a_child_extends_its_parent_one_level_down() {
        assert!(code("150600").check_child(&code("150602")).is_ok());
        assert!(code("150602").check_child(&code("150602001")).is_ok());
        assert!(code("150602001").check_child(&code("150602001003")).is_ok());
        // another district's township
        assert!(code("150602").check_child(&code("150621100")).is_err());
        // skipping a level
        assert!(code("150600").check_child(&code("150602001")).is_err());
        // another city's district
        assert!(code("150600").check_child(&code("150702")).is_err());
        // nothing under a community
        assert!(matches!(
            code("150602001001").check_child(&code("150602001001")),
            Err(UnitCodeError::NoChildLevel { .. })
        ));
    }

    proptest::proptest! {
        /// A division code is exactly 6, 9 or 12 digits, never led by 00.
        #[test]
        fn any_text_is_a_code_only_when_it_has_the_shape(input in proptest::prelude::any::<String>()) {
            let s = input.trim();
            let shaped = matches!(s.len(), 6 | 9 | 12)
                && s.bytes().all(|b| b.is_ascii_digit())
                && !s.starts_with("00");
            proptest::prop_assert_eq!(UnitCode::parse(&input).is_ok(), shaped);
        }
    }
}
