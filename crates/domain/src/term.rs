//! D3, N4, N13, N16 — the term of a measure: its length, its last day, and how
//! 中止 (suspension) days push the last day later.
//!
//! The report-in day is day 1 and the last day is the day before the N-th
//! anniversary of report-in (D3). Anniversaries use chrono's month arithmetic, which
//! clamps to the month's end: a report-in on **29 February** has its anniversary in a
//! common year on 28 February, so its term's nominal last day is **27 February**
//! (e.g. 2024-02-29 → 2027-02-27). This is the same arithmetic the test windows use
//! (D4), so the last window always ends on the term's last day.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::measure::Measure;

/// N4 — 社区戒毒 lasts 3 years.
pub const DETOX_YEARS: u8 = 3;
/// N16 — 社区康复 is decided for at most 3 years (whole years: D4 has windows for 1..=3).
pub const MAX_REHAB_YEARS: u8 = 3;

/// N13 — a 中止 (detention or arrest): its days, `from` and `to` inclusive, do not
/// count toward the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suspension {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Suspension {
    /// The number of days, both ends included; 0 for a reversed range (which
    /// [`Term::new`] rejects anyway).
    pub fn days(&self) -> u64 {
        u64::try_from((self.to - self.from).num_days() + 1).unwrap_or(0)
    }
}

/// Why a term could not be computed. Messages are shown to users: Chinese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("社区戒毒期限为3年,不能决定为{0}年(community detox lasts 3 years)")]
    DetoxYearsNotThree(u8),
    #[error("社区康复期限须为1至3整年,不能为{0}年(community rehab is 1 to 3 whole years)")]
    RehabYearsOutOfRange(u8),
    #[error("社区康复须写明决定期限(community rehab needs its decided years)")]
    RehabYearsMissing,
    #[error("中止期间起日{from}晚于止日{to}(suspension ends before it starts)")]
    SuspensionReversed { from: NaiveDate, to: NaiveDate },
    #[error("中止期间起日{from}早于报到日{report_in}(suspension before report-in)")]
    SuspensionBeforeReportIn {
        from: NaiveDate,
        report_in: NaiveDate,
    },
    #[error("中止期间{first_from}..{first_to}与{second_from}起的中止期间重叠(suspensions overlap)")]
    SuspensionsOverlap {
        first_from: NaiveDate,
        first_to: NaiveDate,
        second_from: NaiveDate,
    },
    #[error("中止期间起日{from}晚于期满日{last_day}(suspension after the term ended)")]
    SuspensionAfterTermEnd {
        from: NaiveDate,
        last_day: NaiveDate,
    },
    #[error("日期超出可计算范围(date out of range)")]
    DateOutOfRange,
}

/// D3, N4, N16 — the decided length in whole years: 社区戒毒 is always 3 (`None` or
/// `Some(3)`); 社区康复 must state 1, 2 or 3.
pub fn term_years(measure: Measure, decided_years: Option<u8>) -> Result<u8, TermError> {
    match (measure, decided_years) {
        (Measure::CommunityDetox, None) => Ok(DETOX_YEARS),
        (Measure::CommunityDetox, Some(y)) if y == DETOX_YEARS => Ok(y),
        (Measure::CommunityDetox, Some(y)) => Err(TermError::DetoxYearsNotThree(y)),
        (Measure::CommunityRehab, None) => Err(TermError::RehabYearsMissing),
        (Measure::CommunityRehab, Some(y)) if (1..=MAX_REHAB_YEARS).contains(&y) => Ok(y),
        (Measure::CommunityRehab, Some(y)) => Err(TermError::RehabYearsOutOfRange(y)),
    }
}

/// D3, N13 — a validated term: report-in (day 1) to the last day, after suspensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    measure: Measure,
    report_in: NaiveDate,
    years: u8,
    suspended_days: u64,
    last_day: NaiveDate,
}

impl Term {
    /// D3, N4, N13, N16 — the term of a case. Suspensions may come in any order; each
    /// must satisfy `from <= to`, start on or after report-in, overlap no other, and
    /// start on or before the last day as moved by the earlier ones.
    pub fn new(
        measure: Measure,
        report_in: NaiveDate,
        decided_years: Option<u8>,
        suspensions: &[Suspension],
    ) -> Result<Self, TermError> {
        Self::with_sorted(measure, report_in, decided_years, suspensions).map(|(term, _)| term)
    }

    /// [`Term::new`], also handing back the suspensions in date order (borrowed when
    /// they already were, so the common case allocates nothing).
    pub(crate) fn with_sorted<'a>(
        measure: Measure,
        report_in: NaiveDate,
        decided_years: Option<u8>,
        suspensions: &'a [Suspension],
    ) -> Result<(Self, Cow<'a, [Suspension]>), TermError> {
        let years = term_years(measure, decided_years)?;
        let nominal_last = anniversary_eve(report_in, u32::from(years) * 12)?;
        let sorted = sorted(suspensions);
        let mut last_day = nominal_last;
        let mut suspended_days = 0u64;
        let mut previous: Option<&Suspension> = None;
        for s in sorted.iter() {
            if s.from > s.to {
                return Err(TermError::SuspensionReversed {
                    from: s.from,
                    to: s.to,
                });
            }
            if s.from < report_in {
                return Err(TermError::SuspensionBeforeReportIn {
                    from: s.from,
                    report_in,
                });
            }
            if let Some(p) = previous
                && s.from <= p.to
            {
                return Err(TermError::SuspensionsOverlap {
                    first_from: p.from,
                    first_to: p.to,
                    second_from: s.from,
                });
            }
            // Checked against the end as already moved by earlier suspensions: a
            // detention that starts on the (moved) last day still suspends the term.
            if s.from > last_day {
                return Err(TermError::SuspensionAfterTermEnd {
                    from: s.from,
                    last_day,
                });
            }
            last_day = add_days(last_day, s.days())?;
            suspended_days += s.days();
            previous = Some(s);
        }
        let term = Term {
            measure,
            report_in,
            years,
            suspended_days,
            last_day,
        };
        Ok((term, sorted))
    }

    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// Day 1 of the term.
    pub fn report_in(&self) -> NaiveDate {
        self.report_in
    }

    /// The decided length in whole years.
    pub fn years(&self) -> u8 {
        self.years
    }

    /// The total number of suspended days (N13).
    pub fn suspended_days(&self) -> u64 {
        self.suspended_days
    }

    /// D3 — the last day with no suspension: the day before the N-th anniversary.
    pub fn nominal_last_day(&self) -> NaiveDate {
        // Cannot fail: `new` computed it already, and moved it later from there.
        anniversary_eve(self.report_in, u32::from(self.years) * 12).unwrap_or(self.last_day)
    }

    /// D3, N13 — the last day, moved later by every suspended day.
    pub fn last_day(&self) -> NaiveDate {
        self.last_day
    }

    /// Whether `date` lies in the term (report-in to last day, both included).
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.report_in <= date && date <= self.last_day
    }
}

/// The day before `start + months` (month arithmetic clamps to the month's end).
pub(crate) fn anniversary_eve(start: NaiveDate, months: u32) -> Result<NaiveDate, TermError> {
    dates::add_months(start, months)
        .and_then(|d| d.pred_opt())
        .ok_or(TermError::DateOutOfRange)
}

pub(crate) fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate, TermError> {
    dates::add_days(date, days).ok_or(TermError::DateOutOfRange)
}

/// Suspensions in date order, borrowing when they already are.
fn sorted(suspensions: &[Suspension]) -> Cow<'_, [Suspension]> {
    if suspensions.windows(2).all(|p| p[0].from <= p[1].from) {
        Cow::Borrowed(suspensions)
    } else {
        let mut owned = suspensions.to_vec();
        owned.sort_by_key(|s| (s.from, s.to));
        Cow::Owned(owned)
    }
}

pub(crate) mod dates;
#[cfg(test)]
mod tests;
