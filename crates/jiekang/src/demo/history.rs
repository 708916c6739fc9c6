//! Set-based demo histories for everyone beyond the command-driven cases: each person
//! gets an order (some two: an earlier expired one and a current one) in every state with realistic shares, three years of tests following the
//! case's windows (about 5 % missed, 1 % refused, 2 % positive, two testers), monthly
//! talks and visits (CASE-8), leave, transfers, absconding with searches, suspensions,
//! breaches, ended and expired orders. Every step goes through
//! [`jiekang_store::bulk::CaseSim`], i.e. the rules of the real commands, entered on
//! the day it happened by a loader account of the case's township; the rows then go
//! to the store in batches ([`jiekang_store::Store::bulk_load_histories`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::measure::Measure;
use jiekang_store::bulk::{BulkActor, BulkCasePerson, CaseHistory, CaseSim, add_days};
use jiekang_store::cases::{CaseCommand, NewCase, StepInput};
use jiekang_store::model::Unit;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use fate::EventDays;
use records::Talks;

mod fate;
mod records;

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
        let (mut sim, actors) = self.open_order(p, community, decided)?;
        let Some((reported, agreed)) = self.up_to_agreement(&mut sim, &actors, decided, fate)
        else {
            let closed = sim.case().closed_on;
            return Some((sim.finish().swept(today), closed, None));
        };
        let term_end = sim.case().term_end.unwrap_or(today);
        let span = (term_end.min(today) - agreed).num_days().max(1) as u64;
        let event_day = add_days(agreed, self.rng.random_range(span / 4..=span.max(2) - 1));
        let mut talks = Talks {
            next: add_days(reported, self.rng.random_range(20..35)),
        };
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
            self.refer_serious_breach(&mut sim, &actors, at);
            let closed = sim.case().closed_on;
            return Some((sim.finish().swept(today), closed, None));
        }
        let mut actors = actors;
        let after = self.fate_event(
            &mut sim,
            &mut actors,
            community,
            fate,
            &EventDays {
                event_day,
                end_of_story,
                term_end,
            },
        );
        if let Some(from) = after.go_on_from {
            let term_end = sim.case().term_end.unwrap_or(today);
            let until = add_days(term_end.min(today), 1);
            self.run(&mut sim, &actors, from, until, &mut talks, false);
        }
        self.release_at_term_end(&mut sim, &actors);
        let closed = sim.case().closed_on;
        Some((sim.finish().swept(today), closed, after.moved_to))
    }

    /// The decision on `decided` in `community`'s township, served within days.
    fn open_order(
        &mut self,
        p: &DemoPerson,
        community: usize,
        decided: NaiveDate,
    ) -> Option<(CaseSim, TownshipActors)> {
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
        let sim = CaseSim::new(
            &new,
            &person,
            &unit,
            &actors.police,
            self.cal,
            family.max(served),
        )
        .ok()?;
        Some((sim, actors))
    }

    /// Notification, hand-over, report-in and the agreement, as far as `fate` lets the
    /// order go; returns the days reported and agreed, or `None` when the story ends
    /// before the agreement.
    fn up_to_agreement(
        &mut self,
        sim: &mut CaseSim,
        actors: &TownshipActors,
        decided: NaiveDate,
        fate: Fate,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let today = self.today;
        if fate == Fate::Ordered {
            return None;
        }
        // CASE-2: police notify within a few working days, the township acknowledges.
        let notified = add_days(decided, self.rng.random_range(1..9));
        if !self.try_apply(
            sim,
            &actors.police,
            &step(Step::Notify, notified),
            None,
            notified,
        ) {
            return None;
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
            return None;
        }
        if fate == Fate::Refused {
            let on = add_days(deadline, self.rng.random_range(1..10));
            self.try_apply(sim, &actors.office, &step(Step::MarkRefused, on), None, on);
            return None;
        }
        // N3: most report in time, a few late.
        let reported = if self.rng.random_bool(0.93) {
            add_days(notified, self.rng.random_range(0..10)).min(deadline)
        } else {
            add_days(deadline, self.rng.random_range(1..20))
        };
        if !self.try_apply(
            sim,
            &actors.office,
            &step(Step::ReportIn, reported),
            None,
            reported,
        ) {
            return None;
        }
        if fate == Fate::Reported {
            return None;
        }
        let agreed = add_days(reported, self.rng.random_range(0..3));
        if !self.try_apply(
            sim,
            &actors.office,
            &step(Step::SignAgreement, agreed),
            None,
            agreed,
        ) {
            return None;
        }
        Some((reported, agreed))
    }
}
