//! The event that gives an order its fate (leave, absconding, transfer, suspension,
//! termination), and the release of an order past its term.

use chrono::NaiveDate;
use jiekang_domain::case::Step;
use jiekang_store::bulk::{CaseSim, add_days};
use jiekang_store::cases::{CaseCommand, StepInput};
use rand::Rng;

use super::{Fate, HistoryGen, TownshipActors, step};

/// Where the fate's event left the order.
pub(super) struct AfterEvent {
    /// The day the order runs on again (after a return, a transfer, a resumption).
    pub go_on_from: Option<NaiveDate>,
    /// The community the order moved to, if it was transferred.
    pub moved_to: Option<usize>,
}

/// The days that place the fate's event in the order's term.
#[derive(Clone, Copy)]
pub(super) struct EventDays {
    /// The day a leave is asked for.
    pub event_day: NaiveDate,
    /// The day the order's regular course ended (absconding, transfer, suspension,
    /// termination happen on it).
    pub end_of_story: NaiveDate,
    pub term_end: NaiveDate,
}

impl HistoryGen {
    /// The fate's event on the order, by the township that keeps it; `actors` become
    /// the receiving township's when a transfer is accepted.
    pub(super) fn fate_event(
        &mut self,
        sim: &mut CaseSim,
        actors: &mut TownshipActors,
        community: usize,
        fate: Fate,
        days: &EventDays,
    ) -> AfterEvent {
        let today = self.today;
        let EventDays {
            event_day,
            end_of_story,
            term_end,
        } = *days;
        let mut go_on_from = None;
        let mut moved_to = None;
        match fate {
            Fate::Leave => {
                let asked = event_day;
                let from = add_days(asked, 3);
                let to = add_days(from, self.rng.random_range(3..15));
                let request = CaseCommand::RequestLeave {
                    on: asked,
                    from,
                    to,
                    destination: "呼和浩特市".into(),
                    reason: "探望住院的亲属".into(),
                };
                if to < today
                    && to < term_end
                    && self.try_apply(sim, &actors.office, &request, None, asked)
                {
                    let id = sim.leaves().len() as i64;
                    let decide = CaseCommand::DecideLeave {
                        leave_id: id,
                        approve: true,
                        on: add_days(asked, 1),
                    };
                    if self.try_apply(sim, &actors.office, &decide, None, add_days(asked, 1)) {
                        let back = CaseCommand::LeaveReturned {
                            leave_id: id,
                            on: to,
                        };
                        self.try_apply(sim, &actors.office, &back, None, to);
                    }
                }
            }
            Fate::Absconded => {
                let on = end_of_story;
                if self.try_apply(sim, &actors.office, &step(Step::Abscond, on), None, on) {
                    for (d, place) in [(2, "家中、亲属家"), (9, "工作单位、常去场所")]
                    {
                        let s = add_days(on, d);
                        let search = CaseCommand::Search {
                            on: s,
                            place: place.into(),
                            outcome: "未找到".into(),
                            searched_by: "专职社工、社区民警".into(),
                        };
                        self.try_apply(sim, &actors.office, &search, None, s);
                    }
                    let a = add_days(on, 15);
                    let alert = CaseCommand::AlertRequested {
                        on: a,
                        note: "查找未果,提请网上布控".into(),
                    };
                    self.try_apply(sim, &actors.office, &alert, None, a);
                    if self.rng.random_bool(0.4) {
                        let back = add_days(on, self.rng.random_range(20..90));
                        if self.try_apply(
                            sim,
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
                if self.try_apply(sim, &actors.office, &request, Some(&target), on)
                    && fate == Fate::Transferred
                {
                    let receiver = self.actors(target_community).clone();
                    let accepted = add_days(on, self.rng.random_range(1..7));
                    if self.try_apply(
                        sim,
                        &receiver.office,
                        &step(Step::AcceptTransfer, accepted),
                        None,
                        accepted,
                    ) {
                        moved_to = Some(target_community);
                        *actors = receiver;
                        let r = add_days(accepted, self.rng.random_range(1..10));
                        if self.try_apply(sim, &actors.office, &step(Step::ReportIn, r), None, r)
                            && self.try_apply(
                                sim,
                                &actors.office,
                                &step(Step::SignAgreement, r),
                                None,
                                r,
                            )
                        {
                            go_on_from = Some(r);
                        }
                    }
                }
            }
            Fate::Suspended | Fate::Resumed => {
                let on = end_of_story;
                if self.try_apply(sim, &actors.office, &step(Step::Suspend, on), None, on)
                    && fate == Fate::Resumed
                {
                    let back = add_days(on, self.rng.random_range(30..150));
                    if self.try_apply(sim, &actors.office, &step(Step::Resume, back), None, back) {
                        go_on_from = Some(back);
                    }
                }
            }
            Fate::Terminated => {
                let on = end_of_story;
                self.try_apply(sim, &actors.office, &step(Step::Terminate, on), None, on);
            }
            _ => {}
        }
        AfterEvent {
            go_on_from,
            moved_to,
        }
    }

    /// N9: a serious breach on `at` — referred to police, often isolated.
    pub(super) fn refer_serious_breach(
        &mut self,
        sim: &mut CaseSim,
        actors: &TownshipActors,
        at: NaiveDate,
    ) {
        let on = add_days(at, self.rng.random_range(1..6));
        if self.try_apply(
            sim,
            &actors.office,
            &step(Step::ReferToPolice, on),
            None,
            on,
        ) && self.rng.random_bool(0.5)
        {
            let on = add_days(on, self.rng.random_range(5..20));
            self.try_apply(
                sim,
                &actors.police,
                &step(Step::DecideIsolation, on),
                None,
                on,
            );
        }
    }

    /// D3, N12: an order past its term is released.
    pub(super) fn release_at_term_end(&mut self, sim: &mut CaseSim, actors: &TownshipActors) {
        let today = self.today;
        if let Some(end) = sim.case().term_end
            && end < today
            && matches!(sim.case().state.code(), "executing" | "absconded")
        {
            let on = add_days(end, self.rng.random_range(1..5)).min(today);
            self.try_apply(sim, &actors.police, &step(Step::Expire, on), None, on);
        }
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
}
