//! STAT-1, D5, ui.md "district at a glance" — what the supervision dashboards count and
//! how a count of orders by state enters the D5 indicators.
//!
//! The dashboards never classify persons one by one at request time (there
//! are a million persons). The store keeps the number of orders per unit for each
//! [`StateGroup`] (state, served or not, reported or not); everything [`metrics`]
//! needs about an order at the reference date follows from its group, so each group
//! is classified once with the `metrics::counts_for_*` function and weighted by its
//! number of orders.
//!
//! Decisions where D5 and CASE-2 are silent:
//! * 执行率 counts at "today": an order whose case is closed (转强戒, 终止, 期满解除)
//!   has ended; an open one runs on even past its term end until 期满解除 is recorded.
//! * 管控率: "overdue for report-in" is an order in 拒绝报到/逾期未报到, or one
//!   notified whose report-in deadline (N3, N11) has passed ([`ReportOverdue`]).
//! * A hand-over (必送必接, CASE-2) from the police is late when it is still not
//!   acknowledged after the case's CASE-2 deadline (7 working days from the decision):
//!   by then the file should be in the township's hands.
//!
//! [`ReportOverdue`]: crate::case::report_in_overdue

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::CaseState;
use crate::metrics::{
    ExecutionFacts, Membership, Ratio, counts_for_control_rate, counts_for_execution_rate,
};

/// The dashboards' figures that depend on the day (overdue windows,
/// report-in overdue, late hand-overs, orders expiring soon) are at most this old.
pub const DASHBOARD_MAX_AGE_SECONDS: i64 = 60;

/// The orders of one unit that share everything the indicators ask of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StateGroup {
    pub state: CaseState,
    /// The decision has been served on the person (N1).
    pub served: bool,
    /// The person has reported in at least once (N3).
    pub reported: bool,
}

impl StateGroup {
    /// The facts of an order of this group as `counts_for_execution_rate` reads them at
    /// `at`: recorded dates lie on or before `at`; a closed case has ended.
    fn execution_facts(&self, at: NaiveDate) -> ExecutionFacts {
        ExecutionFacts {
            served_on: self.served.then_some(at),
            reported_on: self.reported.then_some(at),
            ended_on: self.state.is_closed().then_some(at),
            absconded: self.state == CaseState::Absconded,
        }
    }

    /// D5 执行率 — where one order of this group stands at `at`.
    pub fn execution(&self, at: NaiveDate) -> Membership {
        counts_for_execution_rate(&self.execution_facts(at), at)
    }

    /// D5 管控率 — where one order of this group stands, given whether it is overdue
    /// for report-in.
    pub fn control(&self, overdue_for_report_in: bool) -> Membership {
        counts_for_control_rate(
            !self.state.is_closed(),
            self.state == CaseState::Absconded,
            overdue_for_report_in || self.state == CaseState::Refused,
        )
    }
}

/// Adds `n` orders of the same membership into a ratio.
fn add_n(r: &mut Ratio, m: Membership, n: u64) {
    r.numerator = r.numerator.saturating_add(if m.numerator { n } else { 0 });
    r.denominator = r
        .denominator
        .saturating_add(if m.denominator { n } else { 0 });
}

/// D5 执行率 of a unit from its orders counted by group.
pub fn execution_rate_of_groups(
    groups: impl IntoIterator<Item = (StateGroup, u64)>,
    at: NaiveDate,
) -> Ratio {
    let mut r = Ratio::default();
    for (g, n) in groups {
        add_n(&mut r, g.execution(at), n);
    }
    r
}

/// D5 管控率 of a unit from its orders counted by group, `report_overdue` of the
/// notified ones being past their report-in deadline (at most all of them).
pub fn control_rate_of_groups(
    groups: impl IntoIterator<Item = (StateGroup, u64)>,
    report_overdue: u64,
) -> Ratio {
    let mut r = Ratio::default();
    let mut overdue_left = report_overdue;
    for (g, n) in groups {
        if g.state == CaseState::Notified {
            let overdue = overdue_left.min(n);
            overdue_left -= overdue;
            add_n(&mut r, g.control(true), overdue);
            add_n(&mut r, g.control(false), n - overdue);
        } else {
            add_n(&mut r, g.control(false), n);
        }
    }
    r
}

/// CASE-2, 必送必接 — a police hand-over still not acknowledged on `today` is late once
/// the case's CASE-2 deadline has passed.
pub fn handover_acknowledgement_late(
    handover_deadline: NaiveDate,
    received_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    received_on.is_none() && today > handover_deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn g(state: CaseState, served: bool, reported: bool) -> StateGroup {
        StateGroup {
            state,
            served,
            reported,
        }
    }

    #[test]
    fn execution_rate_follows_d5_by_group() {
        let at = d("2025-01-01");
        let groups = [
            (g(CaseState::Ordered, false, false), 4), // not served: outside
            (g(CaseState::Ordered, true, false), 1),  // served, not reported: den
            (g(CaseState::Notified, true, false), 2), // den
            (g(CaseState::Executing, true, true), 10), // num + den
            (g(CaseState::Suspended, true, true), 1), // 中止 still executing
            (g(CaseState::Absconded, true, true), 3), // den only
            (g(CaseState::Expired, true, true), 7),   // ended: outside
            (g(CaseState::Terminated, true, true), 2), // ended: outside
        ];
        let r = execution_rate_of_groups(groups, at);
        assert_eq!(r, Ratio::new(11, 17));
        // the group rule agrees with the per-person rule
        for (grp, _) in groups {
            assert_eq!(
                grp.execution(at),
                counts_for_execution_rate(&grp.execution_facts(at), at)
            );
        }
    }

    #[test]
    fn control_rate_excludes_absconded_refused_and_overdue_notified() {
        let groups = [
            (g(CaseState::Ordered, false, false), 1),  // num + den
            (g(CaseState::Notified, true, false), 5),  // 2 overdue
            (g(CaseState::Executing, true, true), 10), // num + den
            (g(CaseState::Absconded, true, true), 2),  // den
            (g(CaseState::Refused, true, false), 1),   // den
            (g(CaseState::Expired, true, true), 9),    // outside
        ];
        assert_eq!(control_rate_of_groups(groups, 2), Ratio::new(14, 19));
        // more overdue than notified orders (figures of different ages) never underflows
        assert_eq!(control_rate_of_groups(groups, 50), Ratio::new(11, 19));
        assert_eq!(control_rate_of_groups([], 3).percent(), None);
    }

    #[test]
    fn a_hand_over_is_late_after_the_case_2_deadline_until_acknowledged() {
        let deadline = d("2024-10-10");
        assert!(!handover_acknowledgement_late(deadline, None, deadline));
        assert!(handover_acknowledgement_late(
            deadline,
            None,
            d("2024-10-11")
        ));
        assert!(!handover_acknowledgement_late(
            deadline,
            Some(d("2024-10-12")),
            d("2024-10-20")
        ));
    }
}
