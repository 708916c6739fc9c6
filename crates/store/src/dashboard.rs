//! STAT-1, ui.md "district at a glance" — the supervision dashboards, and how they stay
//! within the budget: ≤ 200 ms p95 for the city at 1,000,000 persons (~25M test
//! windows) on SQLite, with figures at most one minute old.
//!
//! # Design
//! No request groups over the cases or the test windows. Two kinds of figure:
//!
//! * **Orders by state** (and the D5 rates built from them) are exact and current:
//!   `unit_case_counts(unit_id, unit_path, state, served, reported, n)` is maintained
//!   by triggers on `cases` (migration 0010, both engines, like `unit_person_counts`
//!   of 0003), in the transaction of every case change — a decision, a step, a
//!   transfer between townships. The grouping by served/reported is what
//!   [`jiekang_domain::supervision::StateGroup`] needs to apply the D5 rules.
//! * **Figures that depend on the day** — overdue test windows, report-in overdue,
//!   hand-overs not acknowledged in time, orders expiring within 30 days — change when
//!   the date changes as well as when data changes, so no trigger can keep them. They
//!   live in a snapshot, `dashboard_counts(unit_path, figure, n)`, computed with the
//!   very queries of the work queues behind them (so a figure equals the count of the
//!   list it links to) and grouped by unit path. A request that finds the snapshot
//!   older than [`DASHBOARD_MAX_AGE_SECONDS`] (or taken for another day) refreshes
//!   it; `jiekang serve` also refreshes it in the background every 20 seconds, so
//!   requests normally never wait. Only one instance refreshes at a time: the lease
//!   is the row `dashboard_refresh` (compare-and-set on `lease_gen`, with an expiry so a
//!   crashed instance does not block the others) — it lives in the database because
//!   several instances may run against one PostgreSQL. The snapshot is replaced in
//!   one transaction; readers see the old one until it commits.
//!
//! A unit's figure is the sum over the rows of its subtree: for each child of the
//! user's unit, a range on the materialised path (`[path, path-with-'0')`), i.e. an
//! index range over a few hundred rows, not over persons.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::metrics::Ratio;
use jiekang_domain::supervision::{
    DASHBOARD_MAX_AGE_SECONDS, StateGroup, control_rate_of_groups, execution_rate_of_groups,
};
use serde::Serialize;

use crate::cases::QueueKind;
use crate::{Scope, Store, StoreResult};

/// The day-dependent figures of the snapshot, each the count of a work queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFigure {
    /// D4 — open windows past their planned date with no test.
    TestsOverdue,
    /// N3, N11 — notified, report-in deadline passed.
    ReportOverdue,
    /// CASE-2 — police hand-overs not acknowledged by the deadline.
    HandoversLate,
    /// N12 — orders whose term ends within 30 days.
    Expiring,
}

impl DueFigure {
    pub const ALL: [DueFigure; 4] = [
        DueFigure::TestsOverdue,
        DueFigure::ReportOverdue,
        DueFigure::HandoversLate,
        DueFigure::Expiring,
    ];

    /// The work queue listing the rows behind the figure.
    pub fn queue(self) -> QueueKind {
        match self {
            DueFigure::TestsOverdue => QueueKind::TestsOverdue,
            DueFigure::ReportOverdue => QueueKind::ReportOverdue,
            DueFigure::HandoversLate => QueueKind::HandoversLate,
            DueFigure::Expiring => QueueKind::Expiring,
        }
    }

    pub fn code(self) -> &'static str {
        self.queue().code()
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        self.queue().label_zh()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Counts of orders per group, as the engines return them: (group, orders).
pub type GroupCounts = Vec<(StateGroup, i64)>;

/// One line of the dashboard: a child unit, the orders kept at the user's unit itself
/// (本级), or the total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DashboardRow {
    /// The child unit; `None` for the total row.
    pub unit_id: Option<i64>,
    pub unit_name: String,
    /// The orders kept at the user's own unit rather than at one of its children.
    pub own_level: bool,
    pub groups: GroupCounts,
    /// Indexed by [`DueFigure`] order.
    pub due: [i64; 4],
    /// D6 — open orders by risk level (from `unit_risk_counts`, kept by triggers).
    pub risk: crate::risk::RiskCounts,
}

impl DashboardRow {
    pub fn state_count(&self, state: CaseState) -> i64 {
        self.groups
            .iter()
            .filter(|(g, _)| g.state == state)
            .map(|(_, n)| n)
            .sum()
    }

    /// The 12 states with their counts, in ui.md order.
    pub fn states(&self) -> Vec<(CaseState, i64)> {
        CaseState::ALL
            .into_iter()
            .map(|s| (s, self.state_count(s)))
            .collect()
    }

    /// Orders not closed: the persons under a measure.
    pub fn open_orders(&self) -> i64 {
        self.groups
            .iter()
            .filter(|(g, _)| !g.state.is_closed())
            .map(|(_, n)| n)
            .sum()
    }

    pub fn due(&self, figure: DueFigure) -> i64 {
        self.due[figure.index()]
    }

    /// D5 执行率 on `today`.
    pub fn execution_rate(&self, today: NaiveDate) -> Ratio {
        execution_rate_of_groups(self.counts(), today)
    }

    /// D5 管控率 (report-in overdue from the snapshot).
    pub fn control_rate(&self) -> Ratio {
        control_rate_of_groups(
            self.counts(),
            u64::try_from(self.due(DueFigure::ReportOverdue)).unwrap_or(0),
        )
    }

    /// Whether every figure is zero.
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|(_, n)| *n == 0) && self.due.iter().all(|n| *n == 0)
    }

    fn counts(&self) -> impl Iterator<Item = (StateGroup, u64)> + '_ {
        self.groups
            .iter()
            .map(|(g, n)| (*g, u64::try_from(*n).unwrap_or(0)))
    }

    fn add(&mut self, other: &DashboardRow) {
        for (g, n) in &other.groups {
            match self.groups.iter_mut().find(|(h, _)| h == g) {
                Some((_, m)) => *m += n,
                None => self.groups.push((*g, *n)),
            }
        }
        for (a, b) in self.due.iter_mut().zip(other.due) {
            *a += b;
        }
        for level in jiekang_domain::risk::RiskLevel::ALL {
            self.risk.add(level, other.risk.of(level));
        }
    }

    /// D6 — open orders not assessed yet.
    pub fn unassessed(&self) -> i64 {
        let r = &self.risk;
        (self.open_orders() - r.high - r.medium - r.low).max(0)
    }
}

/// The dashboard of a scope: one row per child of the user's unit, and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub rows: Vec<DashboardRow>,
    pub total: DashboardRow,
    /// When the day-dependent figures were counted (`None`: never yet).
    pub refreshed_at: Option<DateTime<Utc>>,
    /// The day they were counted for.
    pub refreshed_for: Option<NaiveDate>,
}

impl Dashboard {
    /// Assemble the rows the engine read; the total sums them all.
    pub fn assemble(
        unit_id: Option<i64>,
        unit_name: String,
        rows: Vec<DashboardRow>,
        refreshed: Option<(DateTime<Utc>, NaiveDate)>,
    ) -> Self {
        let mut total = DashboardRow {
            unit_name: "合计".to_owned(),
            ..DashboardRow::default()
        };
        for r in &rows {
            total.add(r);
        }
        total
            .groups
            .sort_by_key(|(g, _)| (g.state as u8, g.served, g.reported));
        Dashboard {
            unit_id,
            unit_name,
            rows,
            total,
            refreshed_at: refreshed.map(|r| r.0),
            refreshed_for: refreshed.map(|r| r.1),
        }
    }

    /// The day-dependent figures are for `today` and at most a minute old.
    pub fn is_fresh(&self, now: DateTime<Utc>, today: NaiveDate) -> bool {
        self.refreshed_for == Some(today)
            && self
                .refreshed_at
                .is_some_and(|at| now - at < TimeDelta::seconds(DASHBOARD_MAX_AGE_SECONDS))
    }
}

/// Build one row from the engine's raw counts.
pub fn row_of(
    unit_id: Option<i64>,
    unit_name: String,
    own_level: bool,
    groups: impl IntoIterator<Item = (CaseState, bool, bool, i64)>,
    due: impl IntoIterator<Item = (String, i64)>,
) -> DashboardRow {
    let mut row = DashboardRow {
        unit_id,
        unit_name,
        own_level,
        ..DashboardRow::default()
    };
    for (state, served, reported, n) in groups {
        row.groups.push((
            StateGroup {
                state,
                served,
                reported,
            },
            n,
        ));
    }
    for (figure, n) in due {
        if let Some(f) = DueFigure::parse(&figure) {
            row.due[f.index()] += n;
        }
    }
    row
}

/// The dashboard of `scope` with day-dependent figures at most a minute old: refreshed
/// here when stale, unless another instance holds the refresh lease (then the figures
/// shown carry their time).
pub async fn current(
    store: &dyn Store,
    scope: &Scope,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> StoreResult<Dashboard> {
    let d = store.dashboard(scope).await?;
    if d.is_fresh(now, today) {
        return Ok(d);
    }
    if store
        .refresh_dashboard(now, today, TimeDelta::seconds(DASHBOARD_MAX_AGE_SECONDS))
        .await?
    {
        store.dashboard(scope).await
    } else {
        Ok(d)
    }
}
