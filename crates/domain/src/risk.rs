//! CASE-7, D6 — classified management (分类管理): a risk-assessment scheme, the class an
//! assessment's score falls into, and what the class demands (how often the person is
//! talked with and visited at home, and when the class must be assessed again).
//!
//! A scheme is data an administrator edits; each edit is a new version, and an
//! assessment keeps the version it was made under, so a new version never changes a
//! past assessment. The classes map the national levels high / medium / low
//! (禁毒办通〔2016〕37号) to the local labels (红/黄/蓝/绿, A/B/C1/C2 …).
//!
//! Decisions where the rules leave a gap (the default scheme, [`default_scheme`]):
//! * Items follow CASE-7's factors — degree of drug use, history, personal traits,
//!   habits, family environment — scored 0..max each, 100 points in all.
//! * 红 high ≥ 60: talk every 7 days, home visit every 30, reassess after 90 days;
//!   黄 medium ≥ 40: 15 / 60 / 180; 蓝 low ≥ 20: 30 / 90 / 180; 绿 low ≥ 0: 30 / 180 / 365.
//!   No class talks less often than the 30 days every case had before classes.
//! * A case with no class keeps [`crate::records::DEFAULT_TALK_INTERVAL_DAYS`] and owes
//!   no home visit of its own.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

/// D6 — the national levels (高 / 中 / 低风险).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    /// Highest first (as lists and dashboards show them).
    pub const ALL: [RiskLevel; 3] = [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low];

    pub fn code(self) -> &'static str {
        match self {
            RiskLevel::High => "high",
            RiskLevel::Medium => "medium",
            RiskLevel::Low => "low",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RiskLevel::High => "高风险",
            RiskLevel::Medium => "中风险",
            RiskLevel::Low => "低风险",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RiskLevel::High => "high risk",
            RiskLevel::Medium => "medium risk",
            RiskLevel::Low => "low risk",
        }
    }
}

/// One scored item of the assessment form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskItem {
    /// Stable code (`[a-z0-9_]`), the key of the score in a stored assessment.
    pub code: String,
    pub label: String,
    /// The item scores 0..=max_score.
    pub max_score: u32,
}

/// One local class: its label, its level, the lowest total that falls into it, and
/// what it demands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskClass {
    /// Stable code (`[a-z0-9_]`), e.g. `red`.
    pub code: String,
    /// The local label, e.g. 红色 or C1.
    pub label: String,
    pub level: RiskLevel,
    /// Totals from this score up (to the next class's threshold) fall into the class.
    pub min_score: u32,
    /// CASE-8 — a talk or visit at least every this many days.
    pub talk_interval_days: u32,
    /// CASE-8 — a home visit at least every this many days.
    pub visit_interval_days: u32,
    /// D6 — the class is assessed again after this many days.
    pub reassess_days: u32,
}

/// A scheme's content (its version and who made it are the store's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScheme {
    pub name: String,
    pub items: Vec<RiskItem>,
    pub classes: Vec<RiskClass>,
}

/// Most items and classes a scheme may have (the form's rows).
pub const MAX_ITEMS: usize = 20;
pub const MAX_CLASSES: usize = 8;
/// Longest talk or visit interval and reassessment interval a class may set.
pub const MAX_INTERVAL_DAYS: u32 = 366;
pub const MAX_REASSESS_DAYS: u32 = 731;

/// Why a scheme cannot be saved; shown to the administrator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemeError {
    #[error("请填写方案名称")]
    NameMissing,
    #[error("评估项目须有 1 至 20 项")]
    ItemCount,
    #[error("分类须有 2 至 8 类")]
    ClassCount,
    #[error("代码「{0}」须由小写字母、数字或下划线组成,且不能重复")]
    BadCode(String),
    #[error("请填写每个项目和分类的名称")]
    LabelMissing,
    #[error("项目「{0}」的最高分须在 1 至 1000 之间")]
    BadMaxScore(String),
    #[error("分类的起始分数不能重复,且不能超过满分 {0}")]
    BadThreshold(u32),
    #[error("须有一个分类从 0 分起")]
    NoZeroClass,
    #[error("高、中、低三个风险等级各须至少有一个分类")]
    LevelMissing,
    #[error("分数越高,风险等级不能越低")]
    LevelOrder,
    #[error("分类「{0}」的谈话、家访间隔须在 1 至 366 天之间,复评间隔在 1 至 731 天之间")]
    BadInterval(String),
    #[error("风险越高,谈话、家访间隔不能越长")]
    IntervalOrder,
}

fn good_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl RiskScheme {
    /// The highest total an assessment can reach.
    pub fn max_total(&self) -> u32 {
        self.items.iter().map(|i| i.max_score).sum()
    }

    /// The classes, highest threshold first.
    pub fn classes_by_score(&self) -> Vec<&RiskClass> {
        let mut out: Vec<&RiskClass> = self.classes.iter().collect();
        out.sort_by_key(|c| std::cmp::Reverse(c.min_score));
        out
    }

    pub fn class(&self, code: &str) -> Option<&RiskClass> {
        self.classes.iter().find(|c| c.code == code)
    }
}

/// D6 — a scheme is usable: items and classes coded and named, every total falls into
/// exactly one class, each national level is used, and a higher score never means a
/// lower level or less frequent talks and visits.
pub fn d6_check_scheme(s: &RiskScheme) -> Result<(), SchemeError> {
    if s.name.trim().is_empty() {
        return Err(SchemeError::NameMissing);
    }
    if s.items.is_empty() || s.items.len() > MAX_ITEMS {
        return Err(SchemeError::ItemCount);
    }
    if s.classes.len() < 2 || s.classes.len() > MAX_CLASSES {
        return Err(SchemeError::ClassCount);
    }
    let mut codes = std::collections::HashSet::new();
    for i in &s.items {
        if !good_code(&i.code) || !codes.insert(("item", i.code.as_str())) {
            return Err(SchemeError::BadCode(i.code.clone()));
        }
        if i.label.trim().is_empty() {
            return Err(SchemeError::LabelMissing);
        }
        if i.max_score == 0 || i.max_score > 1000 {
            return Err(SchemeError::BadMaxScore(i.label.clone()));
        }
    }
    let max = s.max_total();
    let mut thresholds = std::collections::HashSet::new();
    for c in &s.classes {
        if !good_code(&c.code) || !codes.insert(("class", c.code.as_str())) {
            return Err(SchemeError::BadCode(c.code.clone()));
        }
        if c.label.trim().is_empty() {
            return Err(SchemeError::LabelMissing);
        }
        if c.min_score > max || !thresholds.insert(c.min_score) {
            return Err(SchemeError::BadThreshold(max));
        }
        let interval = 1..=MAX_INTERVAL_DAYS;
        if !interval.contains(&c.talk_interval_days)
            || !interval.contains(&c.visit_interval_days)
            || !(1..=MAX_REASSESS_DAYS).contains(&c.reassess_days)
        {
            return Err(SchemeError::BadInterval(c.label.clone()));
        }
    }
    if !thresholds.contains(&0) {
        return Err(SchemeError::NoZeroClass);
    }
    if RiskLevel::ALL
        .iter()
        .any(|l| !s.classes.iter().any(|c| c.level == *l))
    {
        return Err(SchemeError::LevelMissing);
    }
    for pair in s.classes_by_score().windows(2) {
        let (higher, lower) = (pair[0], pair[1]);
        if higher.level < lower.level {
            return Err(SchemeError::LevelOrder);
        }
        if higher.talk_interval_days > lower.talk_interval_days
            || higher.visit_interval_days > lower.visit_interval_days
        {
            return Err(SchemeError::IntervalOrder);
        }
    }
    Ok(())
}

/// Why an assessment cannot be recorded; shown to the assessor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    #[error("请为每个评估项目打分")]
    ItemUnscored,
    #[error("评估项目「{0}」不在该评估方案中")]
    UnknownItem(String),
    #[error("评估项目「{label}」的得分须在 0 至 {max} 之间")]
    ScoreOutOfRange { label: String, max: u32 },
    #[error("评估日期不能晚于今天")]
    InFuture,
    #[error("请填写评估人")]
    AssessorMissing,
}

/// D6 — the class a total falls into: the one with the highest threshold not above it
/// (a checked scheme always has one from 0).
pub fn d6_classify(s: &RiskScheme, total: u32) -> Option<&RiskClass> {
    s.classes
        .iter()
        .filter(|c| c.min_score <= total)
        .max_by_key(|c| c.min_score)
}

/// D6 — the total of one score per item, each within 0..=its maximum.
pub fn d6_total_score(s: &RiskScheme, scores: &[(String, u32)]) -> Result<u32, AssessmentError> {
    for (code, _) in scores {
        if !s.items.iter().any(|i| &i.code == code) {
            return Err(AssessmentError::UnknownItem(code.clone()));
        }
    }
    let mut total = 0u32;
    for item in &s.items {
        let mut given = scores.iter().filter(|(c, _)| *c == item.code);
        let (Some((_, score)), None) = (given.next(), given.next()) else {
            return Err(AssessmentError::ItemUnscored);
        };
        if *score > item.max_score {
            return Err(AssessmentError::ScoreOutOfRange {
                label: item.label.clone(),
                max: item.max_score,
            });
        }
        total = total.saturating_add(*score);
    }
    Ok(total)
}

/// D6 — an assessment's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessed {
    pub total: u32,
    pub class: RiskClass,
    /// The class must be assessed again by this day.
    pub reassess_due: NaiveDate,
}

/// D6 — a class assessed on `on` is due for reassessment this many days later.
pub fn d6_reassessment_due(on: NaiveDate, class: &RiskClass) -> NaiveDate {
    on.checked_add_days(Days::new(u64::from(class.reassess_days)))
        .unwrap_or(on)
}

/// D6 — a reassessment due on `due` is overdue on `today` (the day itself is in time).
pub fn d6_reassessment_overdue(due: NaiveDate, today: NaiveDate) -> bool {
    due < today
}

/// D6 — score, classify and date an assessment made on `on` (past allowed, never
/// future) by `assessor`.
pub fn d6_assess(
    s: &RiskScheme,
    scores: &[(String, u32)],
    assessor: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Assessed, AssessmentError> {
    if on > today {
        return Err(AssessmentError::InFuture);
    }
    if assessor.trim().is_empty() {
        return Err(AssessmentError::AssessorMissing);
    }
    let total = d6_total_score(s, scores)?;
    // a checked scheme has a class from 0; an unchecked one without is refused as unscored
    let class = d6_classify(s, total)
        .ok_or(AssessmentError::ItemUnscored)?
        .clone();
    let reassess_due = d6_reassessment_due(on, &class);
    Ok(Assessed {
        total,
        class,
        reassess_due,
    })
}

/// CASE-8, D6 — the talk interval of a case: its class's, or the default without one.
pub fn case8_talk_interval_days(class_interval: Option<i64>) -> i64 {
    class_interval
        .filter(|d| *d > 0)
        .unwrap_or(crate::records::DEFAULT_TALK_INTERVAL_DAYS)
}

/// CASE-8, D6 — the day a home visit is next due: the class's visit interval after the
/// later of the last visit and `since` (the assessment or report-in).
pub fn case8_next_visit_due(
    since: NaiveDate,
    last_visit: Option<NaiveDate>,
    visit_interval_days: i64,
) -> NaiveDate {
    let from = last_visit.map_or(since, |v| v.max(since));
    from.checked_add_days(Days::new(u64::try_from(visit_interval_days).unwrap_or(0)))
        .unwrap_or(from)
}

fn item(code: &str, label: &str, max_score: u32) -> RiskItem {
    RiskItem {
        code: code.to_owned(),
        label: label.to_owned(),
        max_score,
    }
}

fn class(code: &str, label: &str, level: RiskLevel, min: u32, t: u32, v: u32, r: u32) -> RiskClass {
    RiskClass {
        code: code.to_owned(),
        label: label.to_owned(),
        level,
        min_score: min,
        talk_interval_days: t,
        visit_interval_days: v,
        reassess_days: r,
    }
}

/// D6 — the scheme a new installation starts with (see the module comment).
pub fn default_scheme() -> RiskScheme {
    RiskScheme {
        name: "吸毒人员风险分类评估(四色)".to_owned(),
        items: vec![
            item("drug_kind", "吸食毒品种类及方式(合成毒品、注射等)", 20),
            item("use_history", "吸毒史年限与频次", 20),
            item("relapse", "复吸及既往强制隔离戒毒、社区戒毒次数", 20),
            item("compliance", "执行协议情况(报到、检测、请假)", 15),
            item("crime", "违法犯罪记录", 10),
            item("mental", "心理、精神状况及肇事肇祸倾向", 5),
            item("livelihood", "就业与生活来源", 5),
            item("family", "家庭支持与居住环境", 5),
        ],
        classes: vec![
            class("red", "红色", RiskLevel::High, 60, 7, 30, 90),
            class("yellow", "黄色", RiskLevel::Medium, 40, 15, 60, 180),
            class("blue", "蓝色", RiskLevel::Low, 20, 30, 90, 180),
            class("green", "绿色", RiskLevel::Low, 0, 30, 180, 365),
        ],
    }
}

/// CASE-8, D6 — the talk due date after a case's talk interval changes from `old` to
/// `new` days: the same last talk (or report-in) plus the new interval.
pub fn case8_talk_due_reclassified(
    talk_due_on: Option<NaiveDate>,
    old_interval_days: i64,
    new_interval_days: i64,
) -> Option<NaiveDate> {
    let base = talk_due_on?.checked_sub_days(Days::new(u64::try_from(old_interval_days).ok()?))?;
    base.checked_add_days(Days::new(u64::try_from(new_interval_days).ok()?))
}

/// CASE-8, D6 — the home-visit due date after a class sets the visit interval to `new`
/// days: the same last visit plus the new interval, or `new` days after the assessment
/// when the case owed no visit before.
pub fn case8_visit_due_reclassified(
    visit_due_on: Option<NaiveDate>,
    old_interval_days: Option<i64>,
    new_interval_days: i64,
    assessed_on: NaiveDate,
) -> NaiveDate {
    let base = match (visit_due_on, old_interval_days) {
        (Some(due), Some(old)) => due
            .checked_sub_days(Days::new(u64::try_from(old).unwrap_or(0)))
            .unwrap_or(assessed_on),
        _ => assessed_on,
    };
    case8_next_visit_due(base, None, new_interval_days)
}
