//! D4, TEST-1 — where the test windows of a term lie.
//!
//! Window k starts at report-in + (months of all earlier windows), always counted from
//! report-in (not chained from the previous window, so a Jan 31 report-in gives
//! windows starting Feb 28/29, Mar 31, Apr 30 ...), clamped to the month's end. A window
//! ends the day before the next starts; the last ends on the term's last day. A
//! suspension lengthens the window in which it starts and moves every later window
//! by its number of days — the same shift that moves the term's end (D3), so the last
//! window still ends on [`Term::last_day`].

use super::TestWindow;
use crate::measure::Measure;
use crate::term::dates::MonthAnchor;
use crate::term::{Suspension, Term, TermError, add_days};

/// TEST-1 — 社区戒毒: 12 windows of 1 month, 6 of 2, 4 of 3 (36 months, 22 windows).
const DETOX: [u8; 22] = [
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3,
];
/// TEST-1 — 社区康复 for 3 years: 6 windows of 2 months, 4 of 3, 2 of 6 (36 months, 12).
const REHAB_THREE_YEARS: [u8; 12] = [2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 6, 6];
/// D4 — 社区康复 for less than 3 years: 2-month windows through the term (6 a year).
const REHAB_SHORT: [u8; 12] = [2; 12];

/// D4, TEST-1 — the length in months of each window of a term, in order. The lengths
/// always add up to the term's years × 12.
pub fn window_months(term: &Term) -> &'static [u8] {
    match (term.measure(), term.years()) {
        (Measure::CommunityDetox, _) => &DETOX,
        (Measure::CommunityRehab, 3) => &REHAB_THREE_YEARS,
        (Measure::CommunityRehab, years) => {
            // A validated term has 1 or 2 years here; `get` keeps any other value safe.
            REHAB_SHORT
                .get(..usize::from(years) * 6)
                .unwrap_or(&REHAB_SHORT)
        }
    }
}

/// D4 — calls `f` with each window in order. `sorted` are the term's suspensions in
/// date order, as validated by [`Term::with_sorted`].
pub(crate) fn for_each_window(
    term: &Term,
    sorted: &[Suspension],
    mut f: impl FnMut(TestWindow),
) -> Result<(), TermError> {
    let report_in = term.report_in();
    let anchor = MonthAnchor::new(report_in);
    let mut months_before = 0u32;
    let mut shift = 0u64; // days of suspensions already passed
    let mut pending = sorted.iter().peekable();
    let mut nominal_start = report_in;
    for (i, &len) in window_months(term).iter().enumerate() {
        months_before += u32::from(len);
        let nominal_next = anchor
            .plus(months_before)
            .ok_or(TermError::DateOutOfRange)?;
        let start = add_days(nominal_start, shift)?;
        let mut end = add_days(
            nominal_next.pred_opt().ok_or(TermError::DateOutOfRange)?,
            shift,
        )?;
        // Every suspension starting inside this window (as already lengthened) adds
        // its days to this window and to the shift of all later ones.
        while let Some(s) = pending.next_if(|s| s.from <= end) {
            end = add_days(end, s.days())?;
            shift += s.days();
        }
        let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
        f(TestWindow { index, start, end });
        nominal_start = nominal_next;
    }
    Ok(())
}
