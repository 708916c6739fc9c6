//! INSPECT-1 — inspection rounds (检查) of the units below a district or the city: a
//! checklist built from the standards (bodies ORG-2, staffing STAFF-1..3, office FAC-1,
//! funding FUND-1, and the case work: agreements N5/CASE-6, tests TEST-1, talks CASE-8),
//! each item passed or failed with a note; rectifications (整改) set to the inspected
//! unit with a deadline (a 待办事项, `crate::task::TaskKind::Rectification`); 通报 of
//! praise or criticism; 约谈 of a unit's leaders; and the districts that fall short
//! listed for public notice.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::org::UnitLevel;

/// One item of the checklist: what is looked at, under which requirement, at which
/// levels of unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CheckItem {
    /// Stored code.
    pub code: &'static str,
    /// The requirement it checks.
    pub requirement: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// The levels of unit it applies to.
    pub levels: &'static [UnitLevel],
}

const D: UnitLevel = UnitLevel::District;
const T: UnitLevel = UnitLevel::Township;
const C: UnitLevel = UnitLevel::Community;

/// INSPECT-1 — the checklist, in the order it is shown and printed.
pub const CHECKLIST: &[CheckItem] = &[
    CheckItem {
        code: "bodies",
        requirement: "ORG-2",
        label_zh: "机构健全(领导机构、工作办公室或工作小组已成立并运转)",
        label_en: "bodies set up and working (leading body, office or work group)",
        levels: &[D, T, C],
    },
    CheckItem {
        code: "cadre_in_charge",
        requirement: "STAFF-1",
        label_zh: "乡镇(街道)配备分管干部",
        label_en: "a cadre in charge in the township",
        levels: &[T],
    },
    CheckItem {
        code: "full_time_staff",
        requirement: "STAFF-2",
        label_zh: "社区按在管人数1:30配备专职工作人员(至少1名)",
        label_en: "full-time staff at 1 per 30 persons (at least one)",
        levels: &[C],
    },
    CheckItem {
        code: "female_staff",
        requirement: "STAFF-3",
        label_zh: "有女性在管人员的单位配备女性工作人员",
        label_en: "a female worker where a woman is under a measure",
        levels: &[T, C],
    },
    CheckItem {
        code: "office",
        requirement: "FAC-1",
        label_zh: "工作站(办公室)不少于20平方米,可用于谈话、检测、培训",
        label_en: "a work station of at least 20 m² for talks, testing and training",
        levels: &[T, C],
    },
    CheckItem {
        code: "funding",
        requirement: "FUND-1",
        label_zh: "工作经费按每人每年1200元列入预算并落实",
        label_en: "funding of 1,200 yuan per person per year budgeted and spent",
        levels: &[D],
    },
    CheckItem {
        code: "agreements",
        requirement: "N5",
        label_zh: "报到后及时签订社区戒毒(康复)协议",
        label_en: "agreements signed promptly after report-in",
        levels: &[T, C],
    },
    CheckItem {
        code: "tests",
        requirement: "TEST-1",
        label_zh: "按规定频次开展吸毒检测",
        label_en: "drug tests on the statutory schedule",
        levels: &[T, C],
    },
    CheckItem {
        code: "talks",
        requirement: "CASE-8",
        label_zh: "定期开展谈心谈话",
        label_en: "regular talks with the person and the family",
        levels: &[T, C],
    },
];

/// The checklist item with `code`.
pub fn check_item(code: &str) -> Option<&'static CheckItem> {
    CHECKLIST.iter().find(|i| i.code == code)
}

/// INSPECT-1 — the items that apply to a unit at `level` (empty above the district).
pub fn inspect1_checklist(level: UnitLevel) -> Vec<&'static CheckItem> {
    CHECKLIST
        .iter()
        .filter(|i| i.levels.contains(&level))
        .collect()
}

/// Why a round's dates are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundDatesError {
    /// The last day is before the first.
    EndsBeforeStart,
    /// A round longer than a year is a typing error.
    TooLong,
}

/// INSPECT-1 — a round runs from its first to its last day (a plan may lie in the
/// future; findings are recorded only on days already past, see
/// [`inspect1_finding_day_ok`]).
pub fn inspect1_round_dates(starts: NaiveDate, ends: NaiveDate) -> Result<(), RoundDatesError> {
    if ends < starts {
        return Err(RoundDatesError::EndsBeforeStart);
    }
    if (ends - starts).num_days() > 366 {
        return Err(RoundDatesError::TooLong);
    }
    Ok(())
}

/// INSPECT-1 — a unit is inspected on a day of the round that is not in the future.
pub fn inspect1_finding_day_ok(
    day: NaiveDate,
    starts: NaiveDate,
    ends: NaiveDate,
    today: NaiveDate,
) -> bool {
    day <= today && day >= starts && day <= ends
}

/// Where an inspected unit stands in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitVerdict {
    /// 未检查 — no finding recorded yet.
    NotInspected,
    /// 合格 — every item passed.
    Compliant,
    /// 整改中 — an item failed and a rectification is still open.
    Rectifying,
    /// 不合格 — an item failed and nothing (left) open corrects it.
    NonCompliant,
    /// 已整改 — an item failed and every rectification set was closed by the inspector.
    Rectified,
}

impl UnitVerdict {
    pub const ALL: [UnitVerdict; 5] = [
        UnitVerdict::NotInspected,
        UnitVerdict::Compliant,
        UnitVerdict::Rectifying,
        UnitVerdict::NonCompliant,
        UnitVerdict::Rectified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitVerdict::NotInspected => "not_inspected",
            UnitVerdict::Compliant => "compliant",
            UnitVerdict::Rectifying => "rectifying",
            UnitVerdict::NonCompliant => "non_compliant",
            UnitVerdict::Rectified => "rectified",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitVerdict::NotInspected => "未检查",
            UnitVerdict::Compliant => "合格",
            UnitVerdict::Rectifying => "整改中",
            UnitVerdict::NonCompliant => "不合格",
            UnitVerdict::Rectified => "已整改",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            UnitVerdict::NotInspected => "not inspected",
            UnitVerdict::Compliant => "compliant",
            UnitVerdict::Rectifying => "rectifying",
            UnitVerdict::NonCompliant => "non-compliant",
            UnitVerdict::Rectified => "rectified",
        }
    }

    /// Whether the unit counts against its district for the public notice.
    pub fn falls_short(self) -> bool {
        matches!(self, UnitVerdict::Rectifying | UnitVerdict::NonCompliant)
    }
}

/// INSPECT-1 — the verdict on a unit from its findings (items recorded, items failed)
/// and its rectifications (set, still open).
pub fn inspect1_verdict(recorded: u32, failed: u32, set: u32, open: u32) -> UnitVerdict {
    if recorded == 0 {
        UnitVerdict::NotInspected
    } else if failed == 0 {
        UnitVerdict::Compliant
    } else if open > 0 {
        UnitVerdict::Rectifying
    } else if set > 0 {
        UnitVerdict::Rectified
    } else {
        UnitVerdict::NonCompliant
    }
}

/// INSPECT-1 — a district is listed for public notice when any unit of it inspected in
/// the round falls short (failed and not rectified).
pub fn inspect1_district_listed(verdicts: &[UnitVerdict]) -> bool {
    verdicts.iter().any(|v| v.falls_short())
}

/// 通报 — praise or criticism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 通报表扬
    Praise,
    /// 通报批评
    Criticism,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 2] = [NoticeKind::Praise, NoticeKind::Criticism];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Praise => "praise",
            NoticeKind::Criticism => "criticism",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            NoticeKind::Praise => "通报表扬",
            NoticeKind::Criticism => "通报批评",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            NoticeKind::Praise => "commendation",
            NoticeKind::Criticism => "criticism",
        }
    }

    /// The notice's document number: `〔2026〕表3号` style, by kind, year and the
    /// round's running number.
    pub fn number(self, year: i32, seq: i64) -> String {
        let k = match self {
            NoticeKind::Praise => "表",
            NoticeKind::Criticism => "批",
        };
        format!("检通〔{year}〕{k}{seq}号")
    }
}

/// INSPECT-1 — a criticism needs a unit that fell short in the round; praise needs one
/// found compliant (or rectified). A notice never contradicts the findings.
pub fn inspect1_notice_fits(kind: NoticeKind, verdict: UnitVerdict) -> bool {
    match kind {
        NoticeKind::Praise => matches!(verdict, UnitVerdict::Compliant | UnitVerdict::Rectified),
        NoticeKind::Criticism => verdict.falls_short(),
    }
}

#[cfg(test)]
mod tests;
