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

    /// The English word (ui.md; issue #7 English switch).
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

    /// The English word (ui.md; issue #7 English switch).
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

    /// The English word (ui.md; issue #7 English switch).
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
    #[error("现场检测阳性须将样本分为A、B两份并填写编号")]
    SplitSampleNeeded,
    #[error("女性人员的尿样须由女性工作人员采集")]
    FemaleTesterNeeded,
}

/// N20 — two different testers; a sample for every result; a positive on-site sample
/// split into A/B with numbers; a woman's urine sample taken by a woman.
pub fn check_test_record(facts: &TestFacts<'_>) -> Result<(), TestRecordError> {
    let (t1, t2) = (facts.tester_1.trim(), facts.tester_2.trim());
    if t1.is_empty() || t2.is_empty() || t1 == t2 {
        return Err(TestRecordError::TwoTestersNeeded);
    }
    let has_result = facts.outcome.satisfies_window();
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

    /// The English word (ui.md; issue #7 English switch).
    pub fn label_en(self) -> &'static str {
        match self {
            TalkKind::Person => "talk with the person",
            TalkKind::Family => "talk with the family",
            TalkKind::HomeVisit => "home visit",
        }
    }
}

/// CASE-8, D6 — until risk classes are assessed, every running case needs a talk or
/// visit at least every this many days (the monthly practice of township offices).
pub const DEFAULT_TALK_INTERVAL_DAYS: i64 = 30;

/// CASE-8 — the day by which the next talk or visit is due: the interval after the last
/// one, or after report-in when there has been none.
pub fn next_talk_due(reported_on: NaiveDate, last_talk: Option<NaiveDate>) -> NaiveDate {
    let from = last_talk.map_or(reported_on, |t| t.max(reported_on));
    from.checked_add_days(chrono::Days::new(DEFAULT_TALK_INTERVAL_DAYS as u64))
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

    /// The English word (ui.md; issue #7 English switch).
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
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(outcome: TestOutcome) -> TestFacts<'static> {
        TestFacts {
            kind: TestKind::OnSite,
            sample: Some(Sample::Urine),
            outcome,
            tester_1: "王警官",
            tester_2: "李干事",
            sample_a: "",
            sample_b: "",
            female_tester_present: false,
            person_is_female: false,
        }
    }

    #[test]
    fn n20_needs_two_different_testers() {
        assert_eq!(check_test_record(&facts(TestOutcome::Negative)), Ok(()));
        let mut f = facts(TestOutcome::Negative);
        f.tester_2 = " 王警官 ";
        assert_eq!(
            check_test_record(&f),
            Err(TestRecordError::TwoTestersNeeded)
        );
        f.tester_2 = "";
        assert_eq!(
            check_test_record(&f),
            Err(TestRecordError::TwoTestersNeeded)
        );
    }

    #[test]
    fn n20_positive_on_site_is_split_into_a_and_b() {
        let mut f = facts(TestOutcome::Positive);
        assert_eq!(
            check_test_record(&f),
            Err(TestRecordError::SplitSampleNeeded)
        );
        f.sample_a = "A-001";
        f.sample_b = "B-001";
        assert_eq!(check_test_record(&f), Ok(()));
        let mut lab = facts(TestOutcome::Positive);
        lab.kind = TestKind::Laboratory;
        assert_eq!(check_test_record(&lab), Ok(()));
    }

    #[test]
    fn n20_a_womans_urine_sample_is_taken_by_a_woman() {
        let mut f = facts(TestOutcome::Negative);
        f.person_is_female = true;
        assert_eq!(
            check_test_record(&f),
            Err(TestRecordError::FemaleTesterNeeded)
        );
        f.female_tester_present = true;
        assert_eq!(check_test_record(&f), Ok(()));
        f.female_tester_present = false;
        f.sample = Some(Sample::Hair);
        assert_eq!(check_test_record(&f), Ok(()));
    }

    #[test]
    fn refusals_need_no_sample_and_go_to_police() {
        let mut f = facts(TestOutcome::Refused);
        f.sample = None;
        assert_eq!(check_test_record(&f), Ok(()));
        assert!(TestOutcome::Refused.needs_police_action());
        assert!(TestOutcome::Positive.needs_police_action());
        assert!(!TestOutcome::Negative.needs_police_action());
        let mut g = facts(TestOutcome::Negative);
        g.sample = None;
        assert_eq!(check_test_record(&g), Err(TestRecordError::SampleNeeded));
    }

    #[test]
    fn case8_talks_are_due_monthly_from_report_in_or_the_last_talk() {
        assert_eq!(next_talk_due(d(2024, 10, 8), None), d(2024, 11, 7));
        assert_eq!(
            next_talk_due(d(2024, 10, 8), Some(d(2024, 12, 1))),
            d(2024, 12, 31)
        );
        // a talk recorded before report-in does not move the clock back
        assert_eq!(
            next_talk_due(d(2024, 10, 8), Some(d(2024, 9, 1))),
            d(2024, 11, 7)
        );
    }

    #[test]
    fn n15_exemptions() {
        let today = d(2026, 11, 29);
        assert_eq!(age_on(d(2010, 11, 30), today), 15);
        assert_eq!(age_on(d(2010, 11, 29), today), 16);
        assert_eq!(
            isolation_exemptions(false, Some(d(2010, 11, 30)), today),
            vec![IsolationExemption::UnderSixteen]
        );
        assert!(isolation_exemptions(false, Some(d(1990, 1, 1)), today).is_empty());
        assert_eq!(
            isolation_exemptions(true, None, today),
            vec![IsolationExemption::CheckPregnancyOrBreastfeeding]
        );
    }

    #[test]
    fn codes_round_trip() {
        for k in TestKind::ALL {
            assert_eq!(TestKind::parse(k.code()), Some(k));
        }
        for k in Sample::ALL {
            assert_eq!(Sample::parse(k.code()), Some(k));
        }
        for k in TestOutcome::ALL {
            assert_eq!(TestOutcome::parse(k.code()), Some(k));
        }
        for k in TalkKind::ALL {
            assert_eq!(TalkKind::parse(k.code()), Some(k));
        }
    }
}
