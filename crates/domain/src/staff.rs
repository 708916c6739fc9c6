//! STAFF-4 — the staff register's words: the post a worker holds (which of the STAFF-1/2
//! counts they enter) and how they are employed; FUND-1 — the kinds and categories of
//! the work's money. The counts themselves are `crate::staffing` and `crate::funding`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The post a registered worker holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffPost {
    /// 分管干部 — a township's cadre in charge (STAFF-1).
    CadreInCharge,
    /// 专职工作人员 — full-time staff (STAFF-2).
    FullTime,
    /// 兼职工作人员 — part-time staff (counted, not toward STAFF-2).
    PartTime,
}

impl StaffPost {
    pub const ALL: [StaffPost; 3] = [
        StaffPost::CadreInCharge,
        StaffPost::FullTime,
        StaffPost::PartTime,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaffPost::CadreInCharge => "cadre_in_charge",
            StaffPost::FullTime => "full_time",
            StaffPost::PartTime => "part_time",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            StaffPost::CadreInCharge => "cadre in charge",
            StaffPost::FullTime => "full-time staff",
            StaffPost::PartTime => "part-time staff",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            StaffPost::CadreInCharge => "分管干部",
            StaffPost::FullTime => "专职工作人员",
            StaffPost::PartTime => "兼职工作人员",
        }
    }
}

/// STAFF-4 — how a worker is employed (§三(二)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentMode {
    /// 政府购买服务
    PurchasedService,
    /// 公益性岗位
    PublicWelfarePost,
    /// 事业编制
    EstablishedPost,
    /// 行政编制(公务员)
    CivilService,
    /// 其他
    Other,
}

impl EmploymentMode {
    pub const ALL: [EmploymentMode; 5] = [
        EmploymentMode::PurchasedService,
        EmploymentMode::PublicWelfarePost,
        EmploymentMode::EstablishedPost,
        EmploymentMode::CivilService,
        EmploymentMode::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmploymentMode::PurchasedService => "purchased_service",
            EmploymentMode::PublicWelfarePost => "public_welfare_post",
            EmploymentMode::EstablishedPost => "established_post",
            EmploymentMode::CivilService => "civil_service",
            EmploymentMode::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EmploymentMode::PurchasedService => "purchased service",
            EmploymentMode::PublicWelfarePost => "public-welfare post",
            EmploymentMode::EstablishedPost => "established post",
            EmploymentMode::CivilService => "civil service",
            EmploymentMode::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EmploymentMode::PurchasedService => "政府购买服务",
            EmploymentMode::PublicWelfarePost => "公益性岗位",
            EmploymentMode::EstablishedPost => "事业编制",
            EmploymentMode::CivilService => "行政编制",
            EmploymentMode::Other => "其他",
        }
    }
}

/// Most training hours one record may claim (a sanity bound, not a rule).
pub const MAX_TRAINING_HOURS: i64 = 10_000;

/// Why a worker's dates or hours cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffDatesError {
    /// A start or end after today (recorded facts are never in the future).
    InFuture,
    /// The end before the start.
    EndsBeforeStart,
    /// Negative or implausible training hours.
    TrainingHours,
}

/// STAFF-4 — a worker's service from `started_on` to `ended_on` (inclusive; `None`
/// still serving) as recorded on `today`: never in the future, never ending before it
/// began, training hours within 0..=[`MAX_TRAINING_HOURS`].
pub fn staff4_check(
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    training_hours: i64,
    today: NaiveDate,
) -> Result<(), StaffDatesError> {
    if started_on > today || ended_on.is_some_and(|e| e > today) {
        return Err(StaffDatesError::InFuture);
    }
    if ended_on.is_some_and(|e| e < started_on) {
        return Err(StaffDatesError::EndsBeforeStart);
    }
    if !(0..=MAX_TRAINING_HOURS).contains(&training_hours) {
        return Err(StaffDatesError::TrainingHours);
    }
    Ok(())
}

/// STAFF-1..3 — whether a worker counts on `day`: serving from the start to the end day.
pub fn staff4_serving_on(
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    day: NaiveDate,
) -> bool {
    started_on <= day && ended_on.is_none_or(|e| day <= e)
}

/// FUND-1 — what a money entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundKind {
    /// 预算 — the level's budget for the year.
    Budget,
    /// 拨付 — money allocated (handed down) to the unit.
    Allocation,
    /// 支出 — money spent.
    Spending,
}

impl FundKind {
    pub const ALL: [FundKind; 3] = [FundKind::Budget, FundKind::Allocation, FundKind::Spending];

    pub fn code(self) -> &'static str {
        match self {
            FundKind::Budget => "budget",
            FundKind::Allocation => "allocation",
            FundKind::Spending => "spending",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FundKind::Budget => "budget",
            FundKind::Allocation => "allocation",
            FundKind::Spending => "spending",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FundKind::Budget => "预算",
            FundKind::Allocation => "拨付",
            FundKind::Spending => "支出",
        }
    }
}

/// FUND-1 — the categories the work's money is budgeted and spent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundCategory {
    /// 人员经费
    Staff,
    /// 办公经费
    Office,
    /// 检测经费
    Testing,
    /// 培训经费
    Training,
    /// 奖励经费
    Rewards,
}

impl FundCategory {
    pub const ALL: [FundCategory; 5] = [
        FundCategory::Staff,
        FundCategory::Office,
        FundCategory::Testing,
        FundCategory::Training,
        FundCategory::Rewards,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FundCategory::Staff => "staff",
            FundCategory::Office => "office",
            FundCategory::Testing => "testing",
            FundCategory::Training => "training",
            FundCategory::Rewards => "rewards",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FundCategory::Staff => "staff",
            FundCategory::Office => "office",
            FundCategory::Testing => "testing",
            FundCategory::Training => "training",
            FundCategory::Rewards => "rewards",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FundCategory::Staff => "人员经费",
            FundCategory::Office => "办公经费",
            FundCategory::Testing => "检测经费",
            FundCategory::Training => "培训经费",
            FundCategory::Rewards => "奖励经费",
        }
    }

    /// Position in [`Self::ALL`] (the report's column).
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// FUND-1 — parse "1234.5" / "1,234.56" / "1234" yuan into fen: at most two decimals,
/// more than zero, no floating point.
pub fn fund1_parse_yuan(text: &str) -> Option<crate::funding::Fen> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '\u{ff0c}')
        .collect();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 12 {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yuan: u64 = whole.parse().ok()?;
    let fen: u64 = format!("{frac:0<2}").parse().ok()?;
    let total = yuan.checked_mul(100)?.checked_add(fen)?;
    (total > 0).then_some(crate::funding::Fen(total))
}

#[cfg(test)]
mod tests;
