//! Set-based demo histories for everyone beyond the command-driven cases: each person
//! gets an order (some two: an earlier expired one and a current one) in every state with realistic shares, three years of tests following the
//! case's windows (about 5 % missed, 1 % refused, 2 % positive, two testers), monthly
//! talks and visits (CASE-8), leave, transfers, absconding with searches, suspensions,
//! breaches, ended and expired orders. Every step goes through
//! [`jiekang_store::bulk::CaseSim`], i.e. the rules of the real commands, entered on
//! the day it happened by a loader account of the case's township; the rows then go
//! to the store in batches ([`jiekang_store::Store::bulk_load_histories`]).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::records::{Sample, TalkKind, TestKind};
use jiekang_store::bulk::{BulkActor, BulkCasePerson, CaseHistory, CaseSim, add_days};
use jiekang_store::cases::{CaseCommand, NewCase, NewDrugTest, StepInput};
use jiekang_store::model::Unit;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A registered person as the history generator needs them.
#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub id: i64,
    pub community: usize,
    pub name: String,
    pub sex: Option<jiekang_domain::id_number::Sex>,
    pub birth_date: Option<NaiveDate>,
}

/// The loader accounts of one township: its office and its police.
#[derive(Debug, Clone)]
pub struct TownshipActors {
    pub township: Unit,
    pub office: BulkActor,
    pub police: BulkActor,
}

/// Everything the generator thread owns.
pub struct HistoryGen {
    rng: ChaCha8Rng,
    cal: &'static HolidayCalendar,
    today: NaiveDate,
    communities: Vec<Unit>,
    /// Township (index into `townships`) of each community.
    community_township: Vec<usize>,
    townships: Vec<TownshipActors>,
    decisions: u64,
    /// Commands the rules refused (skipped; a sign of a generator bug when many).
    pub refused: u64,
}

fn sub(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(chrono::Days::new(days)).unwrap_or(d)
}

fn step(step: Step, on: NaiveDate) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step,
        on,
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

/// How the current order's story goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Ordered,
    Notified,
    Refused,
    Reported,
    Absconded,
    TransferPending,
    Transferred,
    Suspended,
    Resumed,
    Breach,
    Terminated,
    Leave,
    Normal,
}

impl HistoryGen {
    pub fn new(
        seed: u64,
        today: NaiveDate,
        communities: Vec<Unit>,
        townships: Vec<TownshipActors>,
    ) -> Self {
        let index: HashMap<i64, usize> = townships
            .iter()
            .enumerate()
            .map(|(i, t)| (t.township.id, i))
            .collect();
        let community_township = communities
            .iter()
            .map(|c| {
                c.parent_id
                    .and_then(|p| index.get(&p).copied())
                    .unwrap_or(0)
            })
            .collect();
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x0b01_c4a5),
            cal: HolidayCalendar::embedded(),
            today,
            communities,
            community_township,
            townships,
            decisions: 0,
            refused: 0,
        }
    }

    /// The histories of one person (one or two orders), appended to `out`.
    pub fn person(&mut self, p: &DemoPerson, out: &mut Vec<CaseHistory>) {
        let today = self.today;
        let mut community = p.community;
        let mut earliest = None;
        if self.rng.random_bool(0.2) {
            // an earlier order, run to its end
            let decided = sub(today, self.rng.random_range(1_500..2_300));
            if let Some((h, end, moved_to)) = self.order(p, community, decided, Fate::Normal) {
                if let Some(c) = moved_to {
                    community = c;
                }
                out.push(h);
                // one open order per person: the current one only after this one closed
                let Some(end) = end else { return };
                earliest = Some(add_days(end, self.rng.random_range(30..400)));
            }
        }
        let r: f64 = self.rng.random();
        let fate = match r {
            r if r < 0.02 => Fate::Ordered,
            r if r < 0.04 => Fate::Notified,
            r if r < 0.05 => Fate::Refused,
            r if r < 0.06 => Fate::Reported,
            r if r < 0.08 => Fate::Absconded,
            r if r < 0.09 => Fate::TransferPending,
            r if r < 0.11 => Fate::Transferred,
            r if r < 0.13 => Fate::Suspended,
            r if r < 0.16 => Fate::Resumed,
            r if r < 0.175 => Fate::Breach,
            r if r < 0.18 => Fate::Terminated,
            r if r < 0.23 => Fate::Leave,
            _ => Fate::Normal,
        };
        let age: u64 = match fate {
            Fate::Ordered => self.rng.random_range(0..5),
            Fate::Notified => self.rng.random_range(3..25),
            Fate::Reported => self.rng.random_range(5..25),
            Fate::Refused => self.rng.random_range(40..400),
            _ => self.rng.random_range(60..1_400),
        };
        let mut decided = sub(today, age);
        if let Some(e) = earliest {
            if e >= today {
                return;
            }
            decided = decided.max(e);
        }
        if let Some((h, _, _)) = self.order(p, community, decided, fate) {
            out.push(h);
        }
    }

    fn actors(&self, community: usize) -> &TownshipActors {
        &self.townships[self.community_township[community]]
    }

    fn try_apply(
        &mut self,
        sim: &mut CaseSim,
        actor: &BulkActor,
        command: &CaseCommand,
        target: Option<&Unit>,
        on: NaiveDate,
    ) -> bool {
        if on > self.today {
            return false;
        }
        match sim.apply(actor, command, target, self.cal, on) {
            Ok(()) => true,
            Err(_) => {
                self.refused += 1;
                false
            }
        }
    }

    /// One order from its decision on `decided`; returns its rows, the day it closed
    /// (if it did) and the community it ended in, if it moved.
    fn order(
        &mut self,
        p: &DemoPerson,
        community: usize,
        decided: NaiveDate,
        fate: Fate,
    ) -> Option<(CaseHistory, Option<NaiveDate>, Option<usize>)> {
        let today = self.today;
        let unit = self.communities[community].clone();
        let actors = self.actors(community).clone();
        let rehab = self.rng.random_bool(0.3);
        self.decisions += 1;
        let served = add_days(decided, self.rng.random_range(0..2)).min(today);
        let family = add_days(served, self.rng.random_range(0..3)).min(today);
        let new = NewCase {
            person_id: p.id,
            unit_id: unit.id,
            measure: if rehab {
                Measure::CommunityRehab
            } else {
                Measure::CommunityDetox
            },
            decided_years: rehab.then(|| self.rng.random_range(1..=3)),
            deciding_organ: format!("鄂尔多斯市公安局{}分局", &actors.township.name),
            decision_number: format!(
                "鄂公(禁)决字〔{}〕{:06}号",
                decided.format("%Y"),
                self.decisions
            ),
            decided_on: decided,
            served_on: Some(served),
            family_served_on: Some(family),
            place_basis: PlaceBasis::Household,
            work_group: "专职社工\n社区民警\n社区医务人员".into(),
            seed: self.rng.random::<i64>() >> 1,
        };
        let person = BulkCasePerson {
            id: p.id,
            name: p.name.clone(),
            sex: p.sex,
            birth_date: p.birth_date,
            fixed_home: false,
        };
        let mut sim = CaseSim::new(
            &new,
            &person,
            &unit,
            &actors.police,
            self.cal,
            family.max(served),
        )
        .ok()?;
        let finish = |sim: CaseSim| -> (CaseHistory, Option<NaiveDate>, Option<usize>) {
            let closed = sim.case().closed_on;
            (sim.finish().swept(today), closed, None)
        };
        if fate == Fate::Ordered {
            return Some(finish(sim));
        }
        // CASE-2: police notify within a few working days, the township acknowledges.
        let notified = add_days(decided, self.rng.random_range(1..9));
        if !self.try_apply(
            &mut sim,
            &actors.police,
            &step(Step::Notify, notified),
            None,
            notified,
        ) {
            return Some(finish(sim));
        }
        // Most hand-overs are received within days, a few late; none is left for
        // years, so only recent ones wait on the township's queue.
        let delay = if self.rng.random_bool(0.95) {
            self.rng.random_range(0..3)
        } else {
            self.rng.random_range(3..40)
        };
        let on = add_days(notified, delay);
        if on <= today && sim.receive_police_handover(&actors.office, on, on).is_err() {
            self.refused += 1;
        }
        let deadline = sim.case().report_deadline.unwrap_or(notified);
        if fate == Fate::Notified {
            return Some(finish(sim));
        }
        if fate == Fate::Refused {
            let on = add_days(deadline, self.rng.random_range(1..10));
            self.try_apply(
                &mut sim,
                &actors.office,
                &step(Step::MarkRefused, on),
                None,
                on,
            );
            return Some(finish(sim));
        }
        // N3: most report in time, a few late.
        let reported = if self.rng.random_bool(0.93) {
            add_days(notified, self.rng.random_range(0..10)).min(deadline)
        } else {
            add_days(deadline, self.rng.random_range(1..20))
        };
        if !self.try_apply(
            &mut sim,
            &actors.office,
            &step(Step::ReportIn, reported),
            None,
            reported,
        ) {
            return Some(finish(sim));
        }
        if fate == Fate::Reported {
            return Some(finish(sim));
        }
        let agreed = add_days(reported, self.rng.random_range(0..3));
        if !self.try_apply(
            &mut sim,
            &actors.office,
            &step(Step::SignAgreement, agreed),
            None,
            agreed,
        ) {
            return Some(finish(sim));
        }
        let term_end = sim.case().term_end.unwrap_or(today);
        let span = (term_end.min(today) - agreed).num_days().max(1) as u64;
        let event_day = add_days(agreed, self.rng.random_range(span / 4..=span.max(2) - 1));
        let mut talks = Talks {
            next: add_days(reported, self.rng.random_range(20..35)),
        };
        let mut actors = actors;
        let mut moved_to = None;
        let end_of_story = match fate {
            Fate::Absconded
            | Fate::TransferPending
            | Fate::Transferred
            | Fate::Suspended
            | Fate::Resumed
            | Fate::Terminated => event_day.min(today),
            _ => term_end.min(today),
        };
        let breach = fate == Fate::Breach;
        let stopped = self.run(
            &mut sim,
            &actors,
            agreed,
            add_days(end_of_story, 1),
            &mut talks,
            breach,
        );
        if let Some(at) = stopped {
            // N9: a serious breach — referred to police, often isolated.
            let on = add_days(at, self.rng.random_range(1..6));
            if self.try_apply(
                &mut sim,
                &actors.office,
                &step(Step::ReferToPolice, on),
                None,
                on,
            ) && self.rng.random_bool(0.5)
            {
                let on = add_days(on, self.rng.random_range(5..20));
                self.try_apply(
                    &mut sim,
                    &actors.police,
                    &step(Step::DecideIsolation, on),
                    None,
                    on,
                );
            }
            let closed = sim.case().closed_on;
            return Some((sim.finish().swept(today), closed, None));
        }
        let mut go_on_from = None;
        match fate {
            Fate::Leave => {
                let asked = event_day;
                let from = add_days(asked, 3);
                let to = add_days(from, self.rng.random_range(3..15));
                let request = CaseCommand::RequestLeave {
                    from,
                    to,
                    destination: "呼和浩特市".into(),
                    reason: "探望住院的亲属".into(),
                };
                if to < today
                    && to < term_end
                    && self.try_apply(&mut sim, &actors.office, &request, None, asked)
                {
                    let id = sim.leaves().len() as i64;
                    let decide = CaseCommand::DecideLeave {
                        leave_id: id,
                        approve: true,
                        on: add_days(asked, 1),
                    };
                    if self.try_apply(&mut sim, &actors.office, &decide, None, add_days(asked, 1)) {
                        let back = CaseCommand::LeaveReturned {
                            leave_id: id,
                            on: to,
                        };
                        self.try_apply(&mut sim, &actors.office, &back, None, to);
                    }
                }
            }
            Fate::Absconded => {
                let on = end_of_story;
                if self.try_apply(&mut sim, &actors.office, &step(Step::Abscond, on), None, on) {
                    for (d, place) in [(2, "家中、亲属家"), (9, "工作单位、常去场所")]
                    {
                        let s = add_days(on, d);
                        let search = CaseCommand::Search {
                            on: s,
                            place: place.into(),
                            outcome: "未找到".into(),
                            searched_by: "专职社工、社区民警".into(),
                        };
                        self.try_apply(&mut sim, &actors.office, &search, None, s);
                    }
                    let a = add_days(on, 15);
                    let alert = CaseCommand::AlertRequested {
                        on: a,
                        note: "查找未果,提请网上布控".into(),
                    };
                    self.try_apply(&mut sim, &actors.office, &alert, None, a);
                    if self.rng.random_bool(0.4) {
                        let back = add_days(on, self.rng.random_range(20..90));
                        if self.try_apply(
                            &mut sim,
                            &actors.office,
                            &step(Step::Return, back),
                            None,
                            back,
                        ) {
                            go_on_from = Some(back);
                        }
                    }
                }
            }
            Fate::TransferPending | Fate::Transferred => {
                let on = end_of_story;
                let target_community = self.other_township_community(community);
                let target = self.communities[target_community].clone();
                let request = CaseCommand::Step(StepInput {
                    step: Step::RequestTransfer,
                    on,
                    note: "到外地务工,居住地变更".into(),
                    transfer_to_unit_id: Some(target.id),
                    served_on: None,
                });
                if self.try_apply(&mut sim, &actors.office, &request, Some(&target), on)
                    && fate == Fate::Transferred
                {
                    let receiver = self.actors(target_community).clone();
                    let accepted = add_days(on, self.rng.random_range(1..7));
                    if self.try_apply(
                        &mut sim,
                        &receiver.office,
                        &step(Step::AcceptTransfer, accepted),
                        None,
                        accepted,
                    ) {
                        moved_to = Some(target_community);
                        actors = receiver;
                        let r = add_days(accepted, self.rng.random_range(1..10));
                        if self.try_apply(
                            &mut sim,
                            &actors.office,
                            &step(Step::ReportIn, r),
                            None,
                            r,
                        ) && self.try_apply(
                            &mut sim,
                            &actors.office,
                            &step(Step::SignAgreement, r),
                            None,
                            r,
                        ) {
                            go_on_from = Some(r);
                        }
                    }
                }
            }
            Fate::Suspended | Fate::Resumed => {
                let on = end_of_story;
                if self.try_apply(&mut sim, &actors.office, &step(Step::Suspend, on), None, on)
                    && fate == Fate::Resumed
                {
                    let back = add_days(on, self.rng.random_range(30..150));
                    if self.try_apply(
                        &mut sim,
                        &actors.office,
                        &step(Step::Resume, back),
                        None,
                        back,
                    ) {
                        go_on_from = Some(back);
                    }
                }
            }
            Fate::Terminated => {
                let on = end_of_story;
                self.try_apply(
                    &mut sim,
                    &actors.office,
                    &step(Step::Terminate, on),
                    None,
                    on,
                );
            }
            _ => {}
        }
        if let Some(from) = go_on_from {
            let term_end = sim.case().term_end.unwrap_or(today);
            let until = add_days(term_end.min(today), 1);
            self.run(&mut sim, &actors, from, until, &mut talks, false);
        }
        // D3, N12: an order past its term is released.
        if let Some(end) = sim.case().term_end
            && end < today
            && matches!(sim.case().state.code(), "executing" | "absconded")
        {
            let on = add_days(end, self.rng.random_range(1..5)).min(today);
            self.try_apply(&mut sim, &actors.police, &step(Step::Expire, on), None, on);
        }
        let closed = sim.case().closed_on;
        Some((sim.finish().swept(today), closed, moved_to))
    }

    fn other_township_community(&mut self, community: usize) -> usize {
        let own = self.community_township[community];
        for _ in 0..20 {
            let c = self.rng.random_range(0..self.communities.len());
            if self.community_township[c] != own {
                return c;
            }
        }
        (community + 1) % self.communities.len()
    }

    /// Tests in every window and monthly talks on days in `[from, until)`. With
    /// `breach`, three refusals in a row; returns the day of the serious breach then.
    fn run(
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

struct Talks {
    next: NaiveDate,
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
