//! STAT-1, D5 — periodic reports (报表): the reporting periods (month, quarter, year),
//! the figures a report carries, and how one order counts in them.
//!
//! A report is counted for a period and a reference day `as_of`: the period's last day
//! once it has closed, today while it runs. Every rate applies the D5 rule of
//! [`crate::metrics`] to each order; every count is of dated facts (orders decided or
//! ended in the period, windows closing in it, recorded events), so a past period can be
//! counted again from the records and give the same figures unless the records changed.
//!
//! Decisions where the rules are silent:
//! * 执行率 and 管控率 of a period are taken at its reference day (the last day of a
//!   closed period); 报到率 counts deadlines falling in the period; 复吸率 counts orders
//!   running on some day of the period with a positive test in it; 戒断巩固率 is taken at
//!   the reference day.
//! * 报到率 and 逾期未报到 concern the first report-in: its deadline is the N3 deadline
//!   from the day the decision was served (as moved by D1), recomputed here, because a
//!   transfer replaces the case's deadline with the new township's (N11).
//! * 脱失 at a day is read from the recorded steps: the last 脱失 (abscond) or 查找到
//!   (return) step on or before that day decides.
//! * A period closes at the end of its last day (Beijing time); its report is frozen by
//!   the first count after that.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::case::CaseState;
use crate::deadline::report_in_deadline;
use crate::measure::Measure;
use crate::metrics::{
    ExecutionFacts, Membership, Period, counts_for_abstinence_consolidation_rate,
    counts_for_control_rate, counts_for_execution_rate, counts_for_relapse_rate,
    counts_for_report_in_rate,
};

/// How long a reporting period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// 月报
    Month,
    /// 季报
    Quarter,
    /// 年报
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 3] = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    fn months(self) -> u32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }
}

/// One reporting period: a calendar month, quarter or year. Written `2026-11`,
/// `2026-Q4` or `2026` (its [`ReportPeriod::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReportPeriod {
    pub kind: PeriodKind,
    pub year: i32,
    /// The first month of the period, 1–12.
    first_month: u32,
}

/// The years a period may name: the system's records start in the 2000s; a bound keeps
/// every date computation in range.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2200;

impl ReportPeriod {
    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Self {
        let first_month = (day.month0() / kind.months()) * kind.months() + 1;
        ReportPeriod {
            kind,
            year: day.year(),
            first_month,
        }
    }

    /// Reads `2026-11`, `2026-Q4` (or `2026-q4`) and `2026`; `None` for anything else.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        let (year, rest) = match code.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (code, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok().filter(|y| YEARS.contains(y))?;
        let (kind, first_month) = match rest {
            None => (PeriodKind::Year, 1),
            Some(q) if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
                let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
                (PeriodKind::Quarter, (n - 1) * 3 + 1)
            }
            Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                let n: u32 = m.parse().ok().filter(|n| (1..=12).contains(n))?;
                (PeriodKind::Month, n)
            }
            Some(_) => return None,
        };
        Some(ReportPeriod {
            kind,
            year,
            first_month,
        })
    }

    /// The code the period is written with (and stored under).
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{}-{:02}", self.year, self.first_month),
            PeriodKind::Quarter => format!("{}-Q{}", self.year, self.quarter()),
            PeriodKind::Year => format!("{}", self.year),
        }
    }

    fn quarter(&self) -> u32 {
        (self.first_month - 1) / 3 + 1
    }

    /// The Chinese name of the period: 2026年11月, 2026年第4季度, 2026年.
    pub fn label_zh(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{}年{}月", self.year, self.first_month),
            PeriodKind::Quarter => format!("{}年第{}季度", self.year, self.quarter()),
            PeriodKind::Year => format!("{}年", self.year),
        }
    }

    /// The English name of the period: November 2026, 2026 Q4, 2026.
    pub fn label_en(&self) -> String {
        match self.kind {
            PeriodKind::Month => format!("{}-{:02}", self.year, self.first_month),
            PeriodKind::Quarter => format!("{} Q{}", self.year, self.quarter()),
            PeriodKind::Year => format!("{}", self.year),
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month, 1).expect("a valid period")
    }

    pub fn last_day(&self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a valid period")
    }

    /// The period as an inclusive date range.
    pub fn range(&self) -> Period {
        Period {
            from: self.first_day(),
            to: self.last_day(),
        }
    }

    /// The next period of the same kind.
    pub fn next(&self) -> Self {
        let month0 = self.first_month - 1 + self.kind.months();
        ReportPeriod {
            kind: self.kind,
            year: self.year + (month0 / 12) as i32,
            first_month: month0 % 12 + 1,
        }
    }

    /// STAT-1 环比 — the period of the same kind just before.
    pub fn previous(&self) -> Self {
        let months = self.kind.months() as i32;
        let month0 = self.year * 12 + self.first_month as i32 - 1 - months;
        ReportPeriod {
            kind: self.kind,
            year: month0.div_euclid(12),
            first_month: month0.rem_euclid(12) as u32 + 1,
        }
    }

    /// STAT-1 同比 — the same period a year before.
    pub fn year_before(&self) -> Self {
        ReportPeriod {
            year: self.year - 1,
            ..*self
        }
    }

    /// Whether the period has ended by `today` (its last day is before today).
    pub fn is_closed_on(&self, today: NaiveDate) -> bool {
        self.last_day() < today
    }

    /// The day a report of the period is counted for: its last day once closed, else
    /// `today`.
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.last_day().min(today)
    }
}

impl fmt::Display for ReportPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// STAT-1 — the closed periods a count freezes on `today` when it finds them unfrozen:
/// the last 13 months, 5 quarters and 2 years (a year's comparisons, month on month
/// and year on year, all exist once the system has run a year), then the open ones.
pub fn periods_to_count(today: NaiveDate) -> Vec<ReportPeriod> {
    let mut out = Vec::new();
    for (kind, back) in [
        (PeriodKind::Month, 13),
        (PeriodKind::Quarter, 5),
        (PeriodKind::Year, 2),
    ] {
        let open = ReportPeriod::containing(kind, today);
        let mut p = open;
        for _ in 0..back {
            p = p.previous();
            out.push(p);
        }
        out.push(open);
    }
    out
}

/// The figures of a report. Rates are kept as numerator and denominator (D5: both link
/// to their persons); everything is a plain count, so a unit's figure is the sum of its
/// communities'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    ReportInNum,
    ReportInDen,
    ExecutionNum,
    ExecutionDen,
    ControlNum,
    ControlDen,
    ConsolidationNum,
    ConsolidationDen,
    RelapseNum,
    RelapseDen,
    /// Orders running at the reference day, by measure.
    UnderDetox,
    UnderRehab,
    /// Reported in and not 脱失 at the reference day.
    Executing,
    /// 脱失 at the reference day.
    Absconded,
    /// Notified, deadline passed, not reported at the reference day (N3, N11).
    ReportOverdue,
    /// Orders decided in the period.
    NewOrders,
    /// Orders ended in the period, by how they ended.
    EndedExpired,
    EndedTerminated,
    EndedIsolation,
    /// Test windows closing in the period (up to the reference day), tested, untested.
    TestsRequired,
    TestsDone,
    TestsMissed,
    /// Tests with a positive result in the period.
    TestsPositive,
    /// 告诫 given in the period.
    Warnings,
    /// Serious breaches reported to the police in the period.
    Referrals,
    /// Marked 脱失 in the period, and found again.
    AbscondedEvents,
    FoundEvents,
    /// Transfers of the execution place accepted in the period, into and out of the unit.
    TransfersIn,
    TransfersOut,
}

impl Figure {
    pub const ALL: [Figure; 29] = [
        Figure::ReportInNum,
        Figure::ReportInDen,
        Figure::ExecutionNum,
        Figure::ExecutionDen,
        Figure::ControlNum,
        Figure::ControlDen,
        Figure::ConsolidationNum,
        Figure::ConsolidationDen,
        Figure::RelapseNum,
        Figure::RelapseDen,
        Figure::UnderDetox,
        Figure::UnderRehab,
        Figure::Executing,
        Figure::Absconded,
        Figure::ReportOverdue,
        Figure::NewOrders,
        Figure::EndedExpired,
        Figure::EndedTerminated,
        Figure::EndedIsolation,
        Figure::TestsRequired,
        Figure::TestsDone,
        Figure::TestsMissed,
        Figure::TestsPositive,
        Figure::Warnings,
        Figure::Referrals,
        Figure::AbscondedEvents,
        Figure::FoundEvents,
        Figure::TransfersIn,
        Figure::TransfersOut,
    ];

    pub const COUNT: usize = Self::ALL.len();

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Figure::ReportInNum => "report_in_num",
            Figure::ReportInDen => "report_in_den",
            Figure::ExecutionNum => "execution_num",
            Figure::ExecutionDen => "execution_den",
            Figure::ControlNum => "control_num",
            Figure::ControlDen => "control_den",
            Figure::ConsolidationNum => "consolidation_num",
            Figure::ConsolidationDen => "consolidation_den",
            Figure::RelapseNum => "relapse_num",
            Figure::RelapseDen => "relapse_den",
            Figure::UnderDetox => "under_detox",
            Figure::UnderRehab => "under_rehab",
            Figure::Executing => "executing",
            Figure::Absconded => "absconded",
            Figure::ReportOverdue => "report_overdue",
            Figure::NewOrders => "new_orders",
            Figure::EndedExpired => "ended_expired",
            Figure::EndedTerminated => "ended_terminated",
            Figure::EndedIsolation => "ended_isolation",
            Figure::TestsRequired => "tests_required",
            Figure::TestsDone => "tests_done",
            Figure::TestsMissed => "tests_missed",
            Figure::TestsPositive => "tests_positive",
            Figure::Warnings => "warnings",
            Figure::Referrals => "referrals",
            Figure::AbscondedEvents => "absconded_events",
            Figure::FoundEvents => "found_events",
            Figure::TransfersIn => "transfers_in",
            Figure::TransfersOut => "transfers_out",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One order as a report sees it at a reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub measure: Measure,
    /// The state the order ended in (only read when `closed_on` is set).
    pub state: CaseState,
    pub decided_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    /// The first report-in (N3).
    pub reported_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// 脱失 at the reference day.
    pub absconded: bool,
    /// A positive test in the period (up to the reference day).
    pub positive_in_period: bool,
    /// A later order for the same person decided by the reference day (relapse found).
    pub relapse_since: bool,
}

/// A report's figures, indexed by [`Figure::index`].
pub type Figures = [i64; Figure::COUNT];

fn add(figures: &mut Figures, f: Figure, yes: bool) {
    if yes {
        figures[f.index()] += 1;
    }
}

fn add_membership(figures: &mut Figures, num: Figure, den: Figure, m: Membership) {
    add(figures, num, m.numerator);
    add(figures, den, m.denominator);
}

/// STAT-1, D5 — adds one order to the figures of `period` counted at `as_of`: the five
/// rates by their D5 rules, the orders running and ended, new orders. (Tests, events and
/// transfers are counted from their own records, not per order.)
pub fn count_order<C: WorkCalendar + ?Sized>(
    cal: &C,
    figures: &mut Figures,
    o: &OrderFacts,
    period: &Period,
    as_of: NaiveDate,
) {
    if o.decided_on > as_of {
        return;
    }
    // the first report-in's deadline, once the person was notified
    let report_deadline = match (o.served_on, o.notified_on) {
        (Some(served), Some(notified)) if notified <= as_of => {
            Some(report_in_deadline(cal, served).value)
        }
        _ => None,
    };
    let ended_by = |day: NaiveDate| o.closed_on.is_some_and(|c| c <= day);
    let running = !ended_by(as_of);
    if let Some(deadline) = report_deadline.filter(|d| *d <= as_of) {
        let reported = o.reported_on.filter(|r| *r <= as_of);
        add_membership(
            figures,
            Figure::ReportInNum,
            Figure::ReportInDen,
            counts_for_report_in_rate(deadline, reported, period),
        );
    }
    let facts = ExecutionFacts {
        served_on: o.served_on,
        reported_on: o.reported_on,
        ended_on: o.closed_on,
        absconded: o.absconded,
    };
    add_membership(
        figures,
        Figure::ExecutionNum,
        Figure::ExecutionDen,
        counts_for_execution_rate(&facts, as_of),
    );
    let reported = o.reported_on.is_some_and(|r| r <= as_of);
    let overdue = running && !reported && report_deadline.is_some_and(|d| d < as_of);
    add_membership(
        figures,
        Figure::ControlNum,
        Figure::ControlDen,
        counts_for_control_rate(running, o.absconded, overdue),
    );
    let expired_on = o.closed_on.filter(|_| o.state == CaseState::Expired);
    add_membership(
        figures,
        Figure::ConsolidationNum,
        Figure::ConsolidationDen,
        counts_for_abstinence_consolidation_rate(expired_on, o.relapse_since, as_of),
    );
    let in_period = period.overlaps(o.decided_on, o.closed_on);
    add_membership(
        figures,
        Figure::RelapseNum,
        Figure::RelapseDen,
        counts_for_relapse_rate(in_period, o.positive_in_period),
    );
    add(
        figures,
        Figure::UnderDetox,
        running && o.measure == Measure::CommunityDetox,
    );
    add(
        figures,
        Figure::UnderRehab,
        running && o.measure == Measure::CommunityRehab,
    );
    add(
        figures,
        Figure::Executing,
        running && reported && !o.absconded,
    );
    add(figures, Figure::Absconded, running && o.absconded);
    add(figures, Figure::ReportOverdue, overdue);
    add(figures, Figure::NewOrders, period.contains(o.decided_on));
    if o.closed_on
        .is_some_and(|c| period.contains(c) && c <= as_of)
    {
        add(figures, Figure::EndedExpired, o.state == CaseState::Expired);
        add(
            figures,
            Figure::EndedTerminated,
            o.state == CaseState::Terminated,
        );
        add(
            figures,
            Figure::EndedIsolation,
            o.state == CaseState::CompulsoryIsolation,
        );
    }
}

#[cfg(test)]
mod tests;
