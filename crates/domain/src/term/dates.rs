//! Date arithmetic for the term and window rules (D3, D4), tuned for batch work.
//!
//! chrono's `checked_add_months` and its cross-year `checked_add_days` are general and
//! comparatively slow (tens of ns); schedules of a million cases call them tens of
//! millions of times. These helpers give identical results (a property test compares
//! them with chrono) on the fast paths and defer to chrono elsewhere.

use chrono::{Datelike, Days, NaiveDate};

/// Days before the first of each month (index = month0), common and leap years.
const DAYS_BEFORE: [[u32; 12]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];
const DAYS_IN: [[u32; 12]; 2] = [
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

#[inline]
fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

#[inline]
fn days_in_year(year: i32) -> u32 {
    if is_leap(year) { 366 } else { 365 }
}

/// A date from which whole months are counted (D3 anniversaries, D4 window starts): its
/// year, month and day taken apart once, not at every step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MonthAnchor {
    year: i32,
    month0: u32,
    day: u32,
}

impl MonthAnchor {
    #[inline]
    pub(crate) fn new(date: NaiveDate) -> Self {
        MonthAnchor {
            year: date.year(),
            month0: date.month0(),
            day: date.day(),
        }
    }

    /// The anchor + `months`, clamped to the month's last day (Jan 31 + 1 month =
    /// Feb 28/29): the same as chrono's `checked_add_months`.
    #[inline]
    pub(crate) fn plus(&self, months: u32) -> Option<NaiveDate> {
        let total = u64::from(self.month0) + u64::from(months);
        let year = self.year.checked_add(i32::try_from(total / 12).ok()?)?;
        let month0 = usize::try_from(total % 12).ok()?;
        let leap = usize::from(is_leap(year));
        let day = self.day.min(*DAYS_IN.get(leap)?.get(month0)?);
        NaiveDate::from_yo_opt(year, DAYS_BEFORE.get(leap)?.get(month0)? + day)
    }
}

/// `date + months`, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29):
/// the same as chrono's `checked_add_months`.
#[inline]
pub(crate) fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    MonthAnchor::new(date).plus(months)
}

/// `date + days`: chrono's own fast path within the year, a cheap one into the next
/// year, chrono's general path beyond.
#[inline]
pub(crate) fn add_days(date: NaiveDate, days: u64) -> Option<NaiveDate> {
    if days == 0 {
        return Some(date);
    }
    if let Ok(small) = u32::try_from(days)
        && small <= 366
    {
        let ordinal = date.ordinal() + small;
        let diy = if date.leap_year() { 366 } else { 365 };
        if ordinal <= diy {
            return date.with_ordinal(ordinal);
        }
        let next = date.year().checked_add(1)?;
        if ordinal - diy <= days_in_year(next) {
            return NaiveDate::from_yo_opt(next, ordinal - diy);
        }
    }
    date.checked_add_days(Days::new(days))
}

/// `to - from` in days (negative when `to` is earlier): direct within a year or into the
/// next, chrono's general subtraction beyond.
#[inline]
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (fy, ty) = (from.year(), to.year());
    let (fo, to_o) = (i64::from(from.ordinal()), i64::from(to.ordinal()));
    if fy == ty {
        to_o - fo
    } else if fy.checked_add(1) == Some(ty) {
        i64::from(days_in_year(fy)) - fo + to_o
    } else {
        (to - from).num_days()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Months;
    use proptest::prelude::*;

    use super::*;

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (-3000i32..3000, 1u32..=366).prop_map(|(y, o)| {
            NaiveDate::from_yo_opt(y, o)
                .or(NaiveDate::from_yo_opt(y, 365))
                .unwrap_or_default()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn add_months_equals_chrono(date in any_date(), months in 0u32..500) {
            prop_assert_eq!(add_months(date, months), date.checked_add_months(Months::new(months)));
        }

        #[test]
        fn days_between_equals_chrono(a in any_date(), b in any_date(), near in 0u64..800) {
            prop_assert_eq!(days_between(a, b), (b - a).num_days());
            let c = a.checked_add_days(Days::new(near)).unwrap_or(a);
            prop_assert_eq!(days_between(a, c), (c - a).num_days());
            prop_assert_eq!(days_between(c, a), (a - c).num_days());
        }

        #[test]
        fn add_days_equals_chrono(date in any_date(), days in 0u64..2000) {
            prop_assert_eq!(add_days(date, days), date.checked_add_days(Days::new(days)));
        }
    }

    #[test]
    fn edges_match_chrono() {
        for date in [NaiveDate::MAX, NaiveDate::MIN, NaiveDate::default()] {
            for m in [0u32, 1, 12, 36, u32::MAX] {
                assert_eq!(
                    add_months(date, m),
                    date.checked_add_months(Months::new(m)),
                    "{date} {m}"
                );
            }
            for n in [0u64, 1, 365, 366, 367, 800, u64::MAX] {
                assert_eq!(
                    add_days(date, n),
                    date.checked_add_days(Days::new(n)),
                    "{date} {n}"
                );
            }
        }
    }
}
