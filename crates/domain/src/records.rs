//! N20, CASE-8, N15 — the records kept inside a running case: drug tests, talks and
//! visits, and the exemptions police must weigh before 强制隔离戒毒.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::compliance::TestOutcome;

/// N20 — 现场检测 / 实验室检测 / 实验室复检.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    OnSite,
    Laboratory,
    Retest,
}

impl TestKind {
    pub const ALL: [TestKind; 3] = [TestKind::OnSite, TestKind::Laboratory, TestKind::Retest];
    pub fn code(self) -> &'static str {
        match self {
            TestKind::OnSite => "on_site",
            TestKind::Laboratory => "laboratory",
            TestKind::Retest => "retest",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            TestKind::OnSite => "现场检测",
            TestKind::Laboratory => "实验室检测",
            TestKind::Retest => "实验室复检",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            TestKind::OnSite => "on-site test",
            TestKind::Laboratory => "laboratory test",
            TestKind::Retest => "laboratory retest",
        }
    }
}

/// N20 — the sample taken (saliva kits are used in practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sample {
    Urine,
    Blood,
    Hair,
    Saliva,
}

impl Sample {
    pub const ALL: [Sample; 4] = [Sample::Urine, Sample::Blood, Sample::Hair, Sample::Saliva];
    pub fn code(self) -> &'static str {
        match self {
            Sample::Urine => "urine",
            Sample::Blood => "blood",
            Sample::Hair => "hair",
            Sample::Saliva => "saliva",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Sample::Urine => "尿液",
            Sample::Blood => "血液",
            Sample::Hair => "毛发",
            Sample::Saliva => "唾液",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            Sample::Urine => "urine",
            Sample::Blood => "blood",
            Sample::Hair => "hair",
            Sample::Saliva => "saliva",
        }
    }
}

impl TestOutcome {
    pub const ALL: [TestOutcome; 4] = [
        TestOutcome::Negative,
        TestOutcome::Positive,
        TestOutcome::Refused,
        TestOutcome::Evaded,
    ];
    pub fn code(self) -> &'static str {
        match self {
            TestOutcome::Negative => "negative",
            TestOutcome::Positive => "positive",
            TestOutcome::Refused => "refused",
            TestOutcome::Evaded => "evaded",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    /// ui.md — 阴性 / 阳性 / 拒检 / 逃避检测.
    pub fn label_zh(self) -> &'static str {
        match self {
            TestOutcome::Negative => "阴性",
            TestOutcome::Positive => "阳性",
            TestOutcome::Refused => "拒检",
            TestOutcome::Evaded => "逃避检测",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            TestOutcome::Negative => "negative",
            TestOutcome::Positive => "positive",
            TestOutcome::Refused => "refused",
            TestOutcome::Evaded => "evaded",
        }
    }
    /// N10 — a positive, a refusal or an evasion is reported to police.
    pub fn needs_police_action(self) -> bool {
        self != TestOutcome::Negative
    }
}

/// The facts of a drug test that N20 constrains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFacts<'a> {
    pub kind: TestKind,
    pub sample: Option<Sample>,
    pub outcome: TestOutcome,
    pub tester_1: &'a str,
    pub tester_2: &'a str,
    pub sample_a: &'a str,
    pub sample_b: &'a str,
    /// Substances found (a positive's result).
    pub substances: &'a str,
    /// The person is a woman and the sample is urine: a woman must take it.
    pub female_tester_present: bool,
    pub person_is_female: bool,
}

/// Why a test record breaks N20; the message is shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TestRecordError {
    #[error("检测须有两名工作人员在场,请填写两名不同的检测人员")]
    TwoTestersNeeded,
    #[error("有检测结果时须填写样本种类")]
    SampleNeeded,
    #[error("拒检、逃避检测没有样本也没有检测结果:样本请选「无」,不填检出物质和样本编号")]
    RefusalHasNoSample,
    #[error("现场检测阳性须将样本分为A、B两份并填写编号")]
    SplitSampleNeeded,
    #[error("女性人员的尿样须由女性工作人员采集")]
    FemaleTesterNeeded,
}

/// N20 — two different testers; a sample for every result, and none for a refusal or
/// evasion (no sample was taken, so there is no result: no substances, no A/B numbers);
/// a positive on-site sample split into A/B with numbers; a woman's urine sample taken
/// by a woman.
pub fn check_test_record(facts: &TestFacts<'_>) -> Result<(), TestRecordError> {
    let (t1, t2) = (facts.tester_1.trim(), facts.tester_2.trim());
    if t1.is_empty() || t2.is_empty() || t1 == t2 {
        return Err(TestRecordError::TwoTestersNeeded);
    }
    let has_result = facts.outcome.satisfies_window();
    if facts.outcome.counts_toward_breach()
        && (facts.sample.is_some()
            || !facts.substances.trim().is_empty()
            || !facts.sample_a.trim().is_empty()
            || !facts.sample_b.trim().is_empty())
    {
        return Err(TestRecordError::RefusalHasNoSample);
    }
    if has_result && facts.sample.is_none() {
        return Err(TestRecordError::SampleNeeded);
    }
    if facts.outcome == TestOutcome::Positive
        && facts.kind == TestKind::OnSite
        && (facts.sample_a.trim().is_empty() || facts.sample_b.trim().is_empty())
    {
        return Err(TestRecordError::SplitSampleNeeded);
    }
    if facts.person_is_female && facts.sample == Some(Sample::Urine) && !facts.female_tester_present
    {
        return Err(TestRecordError::FemaleTesterNeeded);
    }
    Ok(())
}

/// CASE-8 — 谈心谈话 with the person, with the family, and home visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TalkKind {
    Person,
    Family,
    HomeVisit,
}

impl TalkKind {
    pub const ALL: [TalkKind; 3] = [TalkKind::Person, TalkKind::Family, TalkKind::HomeVisit];
    pub fn code(self) -> &'static str {
        match self {
            TalkKind::Person => "person",
            TalkKind::Family => "family",
            TalkKind::HomeVisit => "home_visit",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            TalkKind::Person => "与本人谈心谈话",
            TalkKind::Family => "与家属谈话",
            TalkKind::HomeVisit => "家访",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            TalkKind::Person => "talk with the person",
            TalkKind::Family => "talk with the family",
            TalkKind::HomeVisit => "home visit",
        }
    }
}

/// CASE-8, D6 — a case with no risk class needs a talk or visit at least every this
/// many days (the monthly practice of township offices); a class sets its own
/// interval ([`crate::risk::case8_talk_interval_days`]).
pub const DEFAULT_TALK_INTERVAL_DAYS: i64 = 30;

/// CASE-8 — the day by which the next talk or visit is due at the default interval.
pub fn next_talk_due(reported_on: NaiveDate, last_talk: Option<NaiveDate>) -> NaiveDate {
    next_talk_due_every(reported_on, last_talk, DEFAULT_TALK_INTERVAL_DAYS)
}

/// CASE-8, D6 — the day by which the next talk or visit is due: `interval_days` after
/// the last one, or after report-in when there has been none.
pub fn next_talk_due_every(
    reported_on: NaiveDate,
    last_talk: Option<NaiveDate>,
    interval_days: i64,
) -> NaiveDate {
    let from = last_talk.map_or(reported_on, |t| t.max(reported_on));
    let days = u64::try_from(interval_days.max(1)).unwrap_or(1);
    from.checked_add_days(chrono::Days::new(days))
        .unwrap_or(from)
}

/// N15 — what police must weigh before deciding 强制隔离戒毒, shown on the referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IsolationExemption {
    /// Under 16: may be exempted (then 社区戒毒 with closer supervision).
    UnderSixteen,
    /// A woman: no 强戒 while pregnant or breastfeeding her own infant under 1 year.
    CheckPregnancyOrBreastfeeding,
}

impl IsolationExemption {
    /// The stable code (the id of its message in the interface catalogue).
    pub fn code(self) -> &'static str {
        match self {
            IsolationExemption::UnderSixteen => "under_sixteen",
            IsolationExemption::CheckPregnancyOrBreastfeeding => "check_pregnancy_or_breastfeeding",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            IsolationExemption::UnderSixteen => "未满16周岁,可以不适用强制隔离戒毒(法39)",
            IsolationExemption::CheckPregnancyOrBreastfeeding => {
                "女性:怀孕或正在哺乳自己不满1周岁婴儿的,不适用强制隔离戒毒(法39)"
            }
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            IsolationExemption::UnderSixteen => {
                "under 16: compulsory isolation may be waived (Law art. 39)"
            }
            IsolationExemption::CheckPregnancyOrBreastfeeding => {
                "woman: no compulsory isolation while pregnant or breastfeeding her own infant under 1 (Law art. 39)"
            }
        }
    }
}

/// N15 — the exemptions that may apply to a person on `today`.
pub fn isolation_exemptions(
    female: bool,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<IsolationExemption> {
    let mut out = Vec::new();
    if let Some(born) = birth_date
        && age_on(born, today) < 16
    {
        out.push(IsolationExemption::UnderSixteen);
    }
    if female {
        out.push(IsolationExemption::CheckPregnancyOrBreastfeeding);
    }
    out
}

/// Full years of age on `today` (0 before birth).
pub fn age_on(born: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
