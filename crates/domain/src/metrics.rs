//! D5, STAT-1 — the supervision indicators as ratios of plain counts, each with the
//! per-person rule that puts a person in its numerator and denominator.
//!
//! A unit's figure is built by classifying each person of its subtree with the
//! `counts_for_*` function and adding the [`Membership`]s into a [`Ratio`]; the same
//! classification gives the lists of persons behind both numbers (D5: every figure links
//! to them).
//!
//! Decisions where D5 is silent:
//! * 执行率: a person whose measure is suspended (中止, N13) is still under execution (the
//!   order runs on after release); a person marked 脱失 is not.
//! * 戒断巩固率: "measure ended" means ended by expiry (解除, N12); a measure ended by
//!   终止 (imprisonment, 强制隔离戒毒) is not an abstinence to consolidate.
//! * "3 or more years ago" counts with month arithmetic: a measure ended on 2025-04-29
//!   counts from 2028-04-29.

use std::cmp::Ordering;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A fraction of two counts. Never divides by zero: [`Ratio::percent`] is `None` then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    pub fn new(numerator: u64, denominator: u64) -> Self {
        Ratio {
            numerator,
            denominator,
        }
    }

    /// The percentage, `None` when the denominator is 0 (never NaN or infinite).
    pub fn percent(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 * 100.0 / self.denominator as f64)
    }

    /// Adds one person's membership.
    pub fn add(&mut self, m: Membership) {
        self.numerator = self.numerator.saturating_add(u64::from(m.numerator));
        self.denominator = self.denominator.saturating_add(u64::from(m.denominator));
    }

    /// Sums memberships into a ratio.
    pub fn from_memberships(members: impl IntoIterator<Item = Membership>) -> Self {
        let mut r = Ratio::default();
        members.into_iter().for_each(|m| r.add(m));
        r
    }

    /// Exact comparison of two ratios (cross-multiplied, no floats); `None` when either
    /// has a zero denominator.
    pub fn compare(&self, other: &Ratio) -> Option<Ordering> {
        if self.denominator == 0 || other.denominator == 0 {
            return None;
        }
        let lhs = u128::from(self.numerator) * u128::from(other.denominator);
        let rhs = u128::from(other.numerator) * u128::from(self.denominator);
        Some(lhs.cmp(&rhs))
    }
}

/// Where one person stands for one indicator. `numerator` implies `denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Membership {
    pub numerator: bool,
    pub denominator: bool,
}

impl Membership {
    /// In the denominator, and in the numerator iff `counts`.
    fn of(in_denominator: bool, counts: bool) -> Self {
        Membership {
            denominator: in_denominator,
            numerator: in_denominator && counts,
        }
    }
}

/// An inclusive date range (a reporting year, a month ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Whether `[start, end]` (end `None` = still running) shares a day with the period.
    pub fn overlaps(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }
}

/// The D5 indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 报到率
    ReportInRate,
    /// 执行率
    ExecutionRate,
    /// 管控率
    ControlRate,
    /// 戒断巩固率
    AbstinenceConsolidationRate,
    /// 复吸率
    RelapseRate,
}

impl Indicator {
    /// STAT-1 — whether a rise is an improvement (only 复吸率 should fall).
    pub fn higher_is_better(self) -> bool {
        self != Indicator::RelapseRate
    }
}

/// STAT-1 — year-on-year movement of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Improved,
    Unchanged,
    Worsened,
    /// One of the years has no denominator.
    NotComparable,
}

/// STAT-1 — compares this year's figure with last year's, in the indicator's direction.
pub fn trend(indicator: Indicator, last_year: &Ratio, this_year: &Ratio) -> Trend {
    match this_year.compare(last_year) {
        None => Trend::NotComparable,
        Some(Ordering::Equal) => Trend::Unchanged,
        Some(o) if (o == Ordering::Greater) == indicator.higher_is_better() => Trend::Improved,
        Some(_) => Trend::Worsened,
    }
}

/// D5 报到率 (report-in rate) — persons who reported within the deadline ÷ persons
/// whose deadline fell in the period.
pub fn report_in_rate(reported_within_deadline: u64, deadline_in_period: u64) -> Ratio {
    Ratio::new(reported_within_deadline, deadline_in_period)
}

/// D5 报到率 — one person: in the denominator when the report-in `deadline` (N3, as moved
/// by D1) falls in `period`; in the numerator when they reported on or before it.
pub fn counts_for_report_in_rate(
    deadline: NaiveDate,
    reported_on: Option<NaiveDate>,
    period: &Period,
) -> Membership {
    Membership::of(
        period.contains(deadline),
        reported_on.is_some_and(|r| r <= deadline),
    )
}

/// D5 执行率 (execution rate) — persons reported and under execution ÷ persons with a
/// served, unexpired order.
pub fn execution_rate(reported_and_executing: u64, served_unexpired_orders: u64) -> Ratio {
    Ratio::new(reported_and_executing, served_unexpired_orders)
}

/// One person's order at a reference date, for 执行率.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExecutionFacts {
    /// The day the decision was served (N1).
    pub served_on: Option<NaiveDate>,
    /// The report-in day (N3).
    pub reported_on: Option<NaiveDate>,
    /// The day the measure ended, by expiry or 终止; `None` while it runs.
    pub ended_on: Option<NaiveDate>,
    /// Marked 脱失 at the reference date.
    pub absconded: bool,
}

/// D5 执行率 — one person at `at`: in the denominator with an order served on or before
/// `at` that has not ended by then; in the numerator when also reported in by `at` and
/// not 脱失 (a 中止 still counts as executing).
pub fn counts_for_execution_rate(f: &ExecutionFacts, at: NaiveDate) -> Membership {
    let served = f.served_on.is_some_and(|s| s <= at);
    let running = f.ended_on.is_none_or(|e| e > at);
    let reported = f.reported_on.is_some_and(|r| r <= at);
    Membership::of(served && running, reported && !f.absconded)
}

/// D5 管控率 (control rate) — persons under a measure whose whereabouts are known ÷
/// persons under a measure.
pub fn control_rate(whereabouts_known: u64, under_measure: u64) -> Ratio {
    Ratio::new(whereabouts_known, under_measure)
}

/// D5 管控率 — one person: in the denominator when under a measure (ordered and not
/// ended, reported or not); in the numerator unless 脱失 or overdue for report-in.
pub fn counts_for_control_rate(
    under_measure: bool,
    absconded: bool,
    overdue_for_report_in: bool,
) -> Membership {
    Membership::of(under_measure, !absconded && !overdue_for_report_in)
}

/// D5 戒断巩固率 (abstinence consolidation rate) — persons whose measure ended 3+ years
/// ago with no relapse found since ÷ persons whose measure ended 3+ years ago.
pub fn abstinence_consolidation_rate(abstinent: u64, ended_three_years_ago: u64) -> Ratio {
    Ratio::new(abstinent, ended_three_years_ago)
}

/// D5 戒断巩固率, N19 — how long after the end a person is counted.
pub const CONSOLIDATION_YEARS: u32 = 3;

/// D5 戒断巩固率, N19 — one person at `at`: in the denominator when the measure ended by
/// expiry at least 3 years before `at`; in the numerator when no relapse was found since.
pub fn counts_for_abstinence_consolidation_rate(
    expired_on: Option<NaiveDate>,
    relapse_found_since: bool,
    at: NaiveDate,
) -> Membership {
    let three_years_on =
        expired_on.and_then(|e| e.checked_add_months(Months::new(CONSOLIDATION_YEARS * 12)));
    Membership::of(
        three_years_on.is_some_and(|t| t <= at),
        !relapse_found_since,
    )
}

/// D5 复吸率 (relapse rate) — persons under a measure with a positive test or seizure in
/// the period ÷ persons under a measure in the period.
pub fn relapse_rate(relapsed: u64, under_measure_in_period: u64) -> Ratio {
    Ratio::new(relapsed, under_measure_in_period)
}

/// D5 复吸率 — one person: in the denominator when under a measure at some day of the
/// period (see [`Period::overlaps`]); in the numerator with a positive test or a seizure
/// (查获) in the period.
pub fn counts_for_relapse_rate(
    under_measure_in_period: bool,
    positive_or_seizure_in_period: bool,
) -> Membership {
    Membership::of(under_measure_in_period, positive_or_seizure_in_period)
}

#[cfg(test)]
mod tests;
