//! The case work along an order's term: tests in every window, surprise tests and
//! monthly talks (CASE-8).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::records::{Sample, TalkKind, TestKind};
use jiekang_store::bulk::{CaseSim, add_days};
use jiekang_store::cases::{CaseCommand, NewDrugTest};
use rand::Rng;

use super::{HistoryGen, TownshipActors};

impl HistoryGen {
    /// Tests in every window and monthly talks on days in `[from, until)`. With
    /// `breach`, three refusals in a row; returns the day of the serious breach then.
    pub(super) fn run(
        &mut self,
        sim: &mut CaseSim,
        actors: &TownshipActors,
        from: NaiveDate,
        until: NaiveDate,
        talks: &mut Talks,
        breach: bool,
    ) -> Option<NaiveDate> {
        let until = until.min(add_days(self.today, 1));
        let windows: Vec<_> = sim
            .windows()
            .iter()
            .filter(|w| w.ends_on >= from && w.starts_on < until)
            .map(|w| (w.idx, w.starts_on, w.ends_on, w.planned_on))
            .collect();
        let refuse_from = breach.then_some(windows.len() / 3);
        let mut refusals = 0;
        let mut actions: Vec<(NaiveDate, Action)> = Vec::new();
        for (i, (idx, start, end, planned)) in windows.into_iter().enumerate() {
            actions.clear();
            if planned >= from && planned < until {
                actions.push((planned, Action::Test { planned: true, idx }));
            }
            // surprise tests: about one a month beyond the first in longer windows
            let months = ((end - start).num_days() / 30).max(1);
            for k in 1..months {
                let d = add_days(start, (30 * k) as u64 + self.rng.random_range(0..20));
                if d >= from && d < until && d <= end && self.rng.random_bool(0.8) {
                    actions.push((
                        d,
                        Action::Test {
                            planned: false,
                            idx,
                        },
                    ));
                }
            }
            while talks.next <= end {
                if talks.next >= from && talks.next < until {
                    actions.push((talks.next, Action::Talk));
                }
                talks.next = add_days(talks.next, self.rng.random_range(25..36));
            }
            actions.sort_by_key(|a| a.0);
            for &(on, action) in &actions {
                match action {
                    Action::Talk => {
                        let kind = match self.rng.random_range(0..4) {
                            0 => TalkKind::HomeVisit,
                            1 => TalkKind::Family,
                            _ => TalkKind::Person,
                        };
                        let talk = CaseCommand::Talk {
                            kind,
                            on,
                            note: TALK_NOTES[self.rng.random_range(0..TALK_NOTES.len())].into(),
                            collected_by: "专职社工".into(),
                        };
                        self.try_apply(sim, &actors.office, &talk, None, on);
                    }
                    Action::Test { planned, idx } => {
                        let outcome = if refuse_from.is_some_and(|f| i >= f) && refusals < 3 {
                            refusals += 1;
                            Some(TestOutcome::Refused)
                        } else {
                            let r: f64 = self.rng.random();
                            match r {
                                r if r < 0.05 => None,
                                r if r < 0.06 => Some(TestOutcome::Refused),
                                r if r < 0.062 => Some(TestOutcome::Evaded),
                                r if r < 0.082 => Some(TestOutcome::Positive),
                                _ => Some(TestOutcome::Negative),
                            }
                        };
                        let Some(outcome) = outcome else { continue };
                        self.test(sim, actors, on, idx, planned, outcome);
                        if sim.case().breach_level == "serious" {
                            return Some(on);
                        }
                    }
                }
            }
        }
        None
    }

    fn test(
        &mut self,
        sim: &mut CaseSim,
        actors: &TownshipActors,
        on: NaiveDate,
        idx: i64,
        planned: bool,
        outcome: TestOutcome,
    ) {
        let positive = outcome == TestOutcome::Positive;
        let case_key = sim.case().decision_number.clone();
        let at = NaiveDateTime::new(
            on,
            NaiveTime::from_hms_opt(
                self.rng.random_range(8..17),
                self.rng.random_range(0..60),
                0,
            )
            .unwrap_or_default(),
        );
        let (t1, t2) = TESTERS[self.rng.random_range(0..TESTERS.len())];
        let test = CaseCommand::Test(NewDrugTest {
            tested_at: at,
            kind: TestKind::OnSite,
            sample: outcome.satisfies_window().then_some(Sample::Urine),
            outcome,
            substances: if positive {
                "甲基苯丙胺".into()
            } else {
                String::new()
            },
            tester_1: t1.into(),
            tester_2: t2.into(),
            sample_a: if positive {
                format!("A{case_key}-{idx}")
            } else {
                String::new()
            },
            sample_b: if positive {
                format!("B{case_key}-{idx}")
            } else {
                String::new()
            },
            planned,
            female_tester_present: true,
            note: String::new(),
        });
        if self.try_apply(sim, &actors.police, &test, None, on)
            && outcome.needs_police_action()
            && self.rng.random_bool(0.9)
        {
            // N10: police are told within days
            let told = add_days(on, self.rng.random_range(0..3));
            let notified = CaseCommand::PoliceNotified {
                test_id: sim.tests().len() as i64,
                on: told,
            };
            self.try_apply(sim, &actors.police, &notified, None, told);
        }
    }
}

pub(super) struct Talks {
    pub next: NaiveDate,
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Test { planned: bool, idx: i64 },
    Talk,
}

const TESTERS: &[(&str, &str)] = &[
    ("李强", "王芳"),
    ("张伟", "刘敏"),
    ("赵磊", "陈静"),
    ("孙涛", "周丽"),
];

const TALK_NOTES: &[&str] = &[
    "情绪稳定,按时报告,在附近务工。",
    "与家人关系和睦,已找到工作。",
    "近期睡眠不好,已建议就医。",
    "家属反映表现良好。",
    "无异常,提醒按时接受检测。",
];
