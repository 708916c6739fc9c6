//! What the report page, its Excel twin and its JSON twin show: the five D5 rates in
//! their order, the counts, and the comparison with the period before and the year
//! before (STAT-1: a rise is better except for 复吸率).

use chrono::NaiveDate;
use jiekang_domain::metrics::{Indicator, Ratio, Trend, trend};
use jiekang_domain::report::{Figure, Figures, PeriodKind, ReportPeriod, periods_to_count};
use jiekang_store::reports::{Report, ReportRow, VersionKind, lists_persons};

use crate::i18n::{Arg, t, ta};
use crate::pages::dashboard::percent;

/// The D5 rates: indicator, numerator, denominator, message id of the column head.
pub const RATES: [(Indicator, Figure, Figure, &str); 5] = [
    (
        Indicator::ReportInRate,
        Figure::ReportInNum,
        Figure::ReportInDen,
        "reports-rate-report-in",
    ),
    (
        Indicator::ExecutionRate,
        Figure::ExecutionNum,
        Figure::ExecutionDen,
        "reports-rate-execution",
    ),
    (
        Indicator::ControlRate,
        Figure::ControlNum,
        Figure::ControlDen,
        "reports-rate-control",
    ),
    (
        Indicator::AbstinenceConsolidationRate,
        Figure::ConsolidationNum,
        Figure::ConsolidationDen,
        "reports-rate-consolidation",
    ),
    (
        Indicator::RelapseRate,
        Figure::RelapseNum,
        Figure::RelapseDen,
        "reports-rate-relapse",
    ),
];

/// The counts, in the order of the table: (figure, message id, Chinese head for Excel).
pub const COUNTS: [(Figure, &str, &str); 19] = [
    (
        Figure::UnderDetox,
        "reports-count-under-detox",
        "在册社区戒毒",
    ),
    (
        Figure::UnderRehab,
        "reports-count-under-rehab",
        "在册社区康复",
    ),
    (Figure::Executing, "reports-count-executing", "执行中"),
    (Figure::Absconded, "reports-count-absconded", "脱失"),
    (
        Figure::ReportOverdue,
        "reports-count-report-overdue",
        "逾期未报到",
    ),
    (Figure::NewOrders, "reports-count-new-orders", "新增决定"),
    (
        Figure::EndedExpired,
        "reports-count-ended-expired",
        "期满解除",
    ),
    (
        Figure::EndedTerminated,
        "reports-count-ended-terminated",
        "终止",
    ),
    (
        Figure::EndedIsolation,
        "reports-count-ended-isolation",
        "转强制隔离戒毒",
    ),
    (
        Figure::TestsRequired,
        "reports-count-tests-required",
        "应检测",
    ),
    (Figure::TestsDone, "reports-count-tests-done", "已检测"),
    (Figure::TestsMissed, "reports-count-tests-missed", "漏检"),
    (
        Figure::TestsPositive,
        "reports-count-tests-positive",
        "阳性",
    ),
    (Figure::Warnings, "reports-count-warnings", "告诫"),
    (Figure::Referrals, "reports-count-referrals", "移交公安"),
    (
        Figure::AbscondedEvents,
        "reports-count-absconded-events",
        "期内脱失",
    ),
    (
        Figure::FoundEvents,
        "reports-count-found-events",
        "期内查找到",
    ),
    (
        Figure::TransfersIn,
        "reports-count-transfers-in",
        "变更执行地转入",
    ),
    (
        Figure::TransfersOut,
        "reports-count-transfers-out",
        "变更执行地转出",
    ),
];

pub fn ratio(f: &Figures, num: Figure, den: Figure) -> Ratio {
    Ratio::new(f[num.index()].max(0) as u64, f[den.index()].max(0) as u64)
}

pub struct RateCell {
    pub percent: String,
    pub numerator: u64,
    pub denominator: u64,
    /// The lists of persons behind the numerator and the denominator (D5).
    pub num_href: Option<String>,
    pub den_href: Option<String>,
}

pub struct CountCell {
    pub n: i64,
    pub href: Option<String>,
}

pub struct RowView {
    pub name: String,
    pub total: bool,
    pub rates: Vec<RateCell>,
    pub counts: Vec<CountCell>,
}

/// The link to the persons behind `figure` of a row: the child unit's, or the whole
/// scope's on the total row; none on the 本级 row or for figures not counted per order.
fn persons_href(period: &str, row: &ReportRow, figure: Figure, total: bool) -> Option<String> {
    if !lists_persons(figure) || row.own_level {
        return None;
    }
    let unit = match (row.unit_id, total) {
        (Some(id), _) => format!("&unit_id={id}"),
        (None, true) => String::new(),
        (None, false) => return None,
    };
    Some(format!(
        "/reports/persons?period={period}&figure={}{unit}",
        figure.code()
    ))
}

/// One rate of the total compared with the period before and the year before.
pub struct Comparison {
    pub label: &'static str,
    pub now: String,
    pub previous: String,
    pub previous_trend: &'static str,
    pub year_before: String,
    pub year_before_trend: &'static str,
}

pub struct CorrectionView {
    pub label: String,
    pub frozen: i64,
    pub corrected: i64,
}

pub struct ReportView {
    pub period_code: String,
    pub period_label: String,
    pub unit_name: String,
    /// Frozen, running or not counted, with its day and time (ui.md words).
    pub status: String,
    pub frozen: bool,
    pub counted: bool,
    pub empty: bool,
    pub rate_labels: Vec<&'static str>,
    pub count_labels: Vec<&'static str>,
    pub rows: Vec<RowView>,
    pub comparisons: Vec<Comparison>,
    pub previous_label: String,
    pub year_before_label: String,
    pub corrections: Vec<CorrectionView>,
    pub corrected_at: String,
}

fn row_view(period: &str, row: &ReportRow, total: bool) -> RowView {
    RowView {
        // the total row's name in the page's language (the store names it in Chinese)
        name: if total {
            t("dashboard-total")
        } else {
            row.unit_name.clone()
        },
        total,
        rates: RATES
            .iter()
            .map(|(_, num, den, _)| {
                let r = row.ratio(*num, *den);
                RateCell {
                    percent: percent(&r),
                    numerator: r.numerator,
                    denominator: r.denominator,
                    num_href: persons_href(period, row, *num, total),
                    den_href: persons_href(period, row, *den, total),
                }
            })
            .collect(),
        counts: COUNTS
            .iter()
            .map(|(f, _, _)| CountCell {
                n: row.get(*f),
                href: persons_href(period, row, *f, total),
            })
            .collect(),
    }
}

fn trend_id(t: Trend) -> &'static str {
    match t {
        Trend::Improved => "reports-trend-improved",
        Trend::Unchanged => "reports-trend-unchanged",
        Trend::Worsened => "reports-trend-worsened",
        Trend::NotComparable => "reports-trend-not-comparable",
    }
}

/// The period's name in the page's language.
pub fn period_label(p: &ReportPeriod) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::En {
        p.label_en()
    } else {
        p.label_zh()
    }
}

pub fn report_view(r: &Report) -> ReportView {
    let last = r.rows.len().saturating_sub(1);
    let code = r.period.code();
    let rows: Vec<RowView> = r
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| row_view(&code, row, i == last))
        .collect();
    let total = r.total().map(|t| t.figures);
    let comparisons = match total {
        Some(now) => RATES
            .iter()
            .map(|(indicator, num, den, label)| {
                let this = ratio(&now, *num, *den);
                let compare = |other: Option<Figures>| match other {
                    Some(o) => {
                        let before = ratio(&o, *num, *den);
                        (
                            percent(&before),
                            trend_id(trend(*indicator, &before, &this)),
                        )
                    }
                    None => ("—".to_owned(), "reports-trend-not-counted"),
                };
                let (previous, previous_trend) = compare(r.previous);
                let (year_before, year_before_trend) = compare(r.year_before);
                Comparison {
                    label,
                    now: percent(&this),
                    previous,
                    previous_trend,
                    year_before,
                    year_before_trend,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let status = match &r.version {
        None => t("reports-not-counted"),
        Some(v) => {
            let args = [
                ("day", Arg::from(v.as_of.to_string())),
                (
                    "time",
                    Arg::from(super::super::audit::local_time(v.counted_at)),
                ),
            ];
            match v.kind {
                VersionKind::Frozen | VersionKind::Correction => ta("reports-status-frozen", &args),
                VersionKind::Running => ta("reports-status-running", &args),
            }
        }
    };
    let empty = total.is_none_or(|t| t.iter().all(|n| *n == 0));
    ReportView {
        period_code: r.period.code(),
        period_label: period_label(&r.period),
        unit_name: r.unit_name.clone(),
        status,
        frozen: r
            .version
            .as_ref()
            .is_some_and(|v| v.kind == VersionKind::Frozen),
        counted: r.version.is_some(),
        empty,
        rate_labels: RATES.iter().map(|(_, _, _, l)| *l).collect(),
        count_labels: COUNTS.iter().map(|(_, l, _)| *l).collect(),
        rows,
        comparisons,
        previous_label: period_label(&r.period.previous()),
        year_before_label: period_label(&r.period.year_before()),
        corrections: r
            .corrections
            .iter()
            .map(|c| CorrectionView {
                label: figure_label(c.figure),
                frozen: c.frozen,
                corrected: c.corrected,
            })
            .collect(),
        corrected_at: r
            .correction
            .as_ref()
            .map(|c| super::super::audit::local_time(c.counted_at))
            .unwrap_or_default(),
    }
}

/// The words of a figure: a count's column head, or a rate's numerator/denominator.
pub fn figure_label(f: Figure) -> String {
    if let Some((_, id, _)) = COUNTS.iter().find(|(c, _, _)| *c == f) {
        return t(id);
    }
    for (_, num, den, id) in RATES {
        if f == num {
            return ta("reports-numerator-of", &[("rate", Arg::from(t(id)))]);
        }
        if f == den {
            return ta("reports-denominator-of", &[("rate", Arg::from(t(id)))]);
        }
    }
    f.code().to_owned()
}

/// The periods offered in the picker: every period the daily count keeps, newest first
/// within months, quarters and years, as (code, label).
pub fn period_choices(today: NaiveDate) -> Vec<(String, String)> {
    let mut periods = periods_to_count(today);
    periods.sort_by(|a, b| {
        let rank = |p: &ReportPeriod| match p.kind {
            PeriodKind::Month => 0,
            PeriodKind::Quarter => 1,
            PeriodKind::Year => 2,
        };
        rank(a).cmp(&rank(b)).then(b.cmp(a))
    });
    periods
        .into_iter()
        .map(|p| (p.code(), period_label(&p)))
        .collect()
}
