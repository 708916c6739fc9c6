//! D2 — `HolidayCalendar`: the working-day calendar built from yearly notices.
//!
//! Each covered year is precomputed into a 366-bit table of working days, so a lookup is
//! an index and a bit test: it is called tens of millions of times when schedules are
//! generated and metrics recomputed.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};

use super::notice::{CalendarEntry, CalendarYearNotice, DayKind, NOTICE_YEARS};
use super::{CalendarUnknown, WorkCalendar};

/// Bit `ordinal0` is set iff that day of the year is a working day.
type YearBits = [u64; 6];

/// Index 0 of the per-year table; every notice year is at or after it.
const FIRST_YEAR: i32 = *NOTICE_YEARS.start();

/// D2 — working days from the State Council notices: a date is a working day iff it is a
/// make-up workday, or Monday–Friday and not a holiday; a year without a notice is unknown.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    /// `years[y - FIRST_YEAR]` is `Some` iff year `y` is covered.
    years: Vec<Option<YearBits>>,
    /// The notices the table was built from, for names, sources and export.
    notices: BTreeMap<i32, Arc<CalendarYearNotice>>,
}

impl HolidayCalendar {
    /// A calendar from notices; a later notice for the same year replaces an earlier one.
    pub fn from_notices(notices: impl IntoIterator<Item = CalendarYearNotice>) -> Self {
        let mut calendar = Self::default();
        for notice in notices {
            calendar.insert(Arc::new(notice));
        }
        calendar
    }

    /// D2 — run-time overrides: each notice replaces its whole year (and makes the year
    /// known), taking precedence over `self`. Later notices in the slice win.
    pub fn with_overrides(&self, notices: &[CalendarYearNotice]) -> HolidayCalendar {
        let mut calendar = self.clone();
        for notice in notices {
            calendar.insert(Arc::new(notice.clone()));
        }
        calendar
    }

    fn insert(&mut self, notice: Arc<CalendarYearNotice>) {
        // `CalendarYearNotice` guarantees its year lies in NOTICE_YEARS, so the index is small.
        let Ok(index) = usize::try_from(notice.year() - FIRST_YEAR) else {
            return;
        };
        if self.years.len() <= index {
            self.years.resize(index + 1, None);
        }
        self.years[index] = Some(year_bits(&notice));
        self.notices.insert(notice.year(), notice);
    }

    /// The covered years, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.notices.keys().copied().collect()
    }

    pub fn is_year_known(&self, year: i32) -> bool {
        self.bits(year).is_some()
    }

    /// The notice for `year`, if covered.
    pub fn notice(&self, year: i32) -> Option<&CalendarYearNotice> {
        self.notices.get(&year).map(|n| n.as_ref())
    }

    /// All notices, by year (for export with [`super::to_notice_file`]).
    pub fn notices(&self) -> impl Iterator<Item = &CalendarYearNotice> {
        self.notices.values().map(|n| n.as_ref())
    }

    /// The special-date entry for `date` (holiday name and source), `Ok(None)` for an
    /// ordinary day of a covered year.
    pub fn entry(&self, date: NaiveDate) -> Result<Option<&CalendarEntry>, CalendarUnknown> {
        match self.notices.get(&date.year()) {
            Some(notice) => Ok(notice.entry(date)),
            None => Err(CalendarUnknown { year: date.year() }),
        }
    }

    #[inline]
    fn bits(&self, year: i32) -> Option<&YearBits> {
        let index = usize::try_from(year - FIRST_YEAR).ok()?;
        self.years.get(index)?.as_ref()
    }
}

impl WorkCalendar for HolidayCalendar {
    /// D2 — the strict answer; `Err(CalendarUnknown)` for a year without a notice.
    #[inline]
    fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarUnknown> {
        let year = date.year();
        match self.bits(year) {
            Some(bits) => {
                let day = date.ordinal0() as usize;
                Ok(bits
                    .get(day / 64)
                    .is_some_and(|word| word >> (day % 64) & 1 == 1))
            }
            None => Err(CalendarUnknown { year }),
        }
    }
}

/// D2 applied to one year: Monday–Friday, minus holidays, plus make-up workdays.
fn year_bits(notice: &CalendarYearNotice) -> YearBits {
    let mut bits: YearBits = [0; 6];
    let mut set = |ordinal0: u32, on: bool| {
        let (word, bit) = ((ordinal0 / 64) as usize, ordinal0 % 64);
        if let Some(w) = bits.get_mut(word) {
            if on {
                *w |= 1 << bit;
            } else {
                *w &= !(1 << bit);
            }
        }
    };
    let mut day = NaiveDate::from_yo_opt(notice.year(), 1);
    while let Some(date) = day.filter(|d| d.year() == notice.year()) {
        set(
            date.ordinal0(),
            !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        );
        day = date.succ_opt();
    }
    for entry in notice.entries() {
        set(entry.date.ordinal0(), entry.kind == DayKind::Workday);
    }
    bits
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::calendar::parse_notice_file;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal(text: &str) -> HolidayCalendar {
        HolidayCalendar::from_notices(parse_notice_file(text).unwrap())
    }

    #[test]
    fn applies_the_d2_rule() {
        let c = cal(
            "#year 2027\n2027-01-01\tholiday\t元旦\n2027-01-02\tholiday\t元旦\n2027-01-09\tworkday\t元旦\n",
        );
        assert_eq!(c.is_workday(d(2027, 1, 1)), Ok(false)); // Friday holiday
        assert_eq!(c.is_workday(d(2027, 1, 2)), Ok(false)); // Saturday holiday
        assert_eq!(c.is_workday(d(2027, 1, 3)), Ok(false)); // ordinary Sunday
        assert_eq!(c.is_workday(d(2027, 1, 4)), Ok(true)); // ordinary Monday
        assert_eq!(c.is_workday(d(2027, 1, 9)), Ok(true)); // make-up Saturday
        assert_eq!(c.is_workday(d(2027, 12, 31)), Ok(true)); // last day of the year
        assert_eq!(
            c.is_workday(d(2026, 12, 31)),
            Err(CalendarUnknown { year: 2026 })
        );
        assert_eq!(
            c.is_workday(d(2028, 1, 3)),
            Err(CalendarUnknown { year: 2028 })
        );
        assert_eq!(
            c.is_workday(NaiveDate::MIN),
            Err(CalendarUnknown {
                year: NaiveDate::MIN.year()
            })
        );
        assert_eq!(
            c.is_workday(NaiveDate::MAX),
            Err(CalendarUnknown {
                year: NaiveDate::MAX.year()
            })
        );
    }

    #[test]
    fn leap_day_and_day_366_are_addressable() {
        let c = cal("#year 2028\n2028-12-31\tworkday\t元旦\n");
        assert_eq!(c.is_workday(d(2028, 2, 29)), Ok(true)); // Tuesday
        assert_eq!(c.is_workday(d(2028, 12, 31)), Ok(true)); // Sunday, day 366, make-up
        assert_eq!(c.is_workday(d(2028, 12, 30)), Ok(false)); // Saturday
    }

    #[test]
    fn overrides_replace_a_whole_year_and_add_new_years() {
        let base = cal("2027-10-01\tholiday\t国庆节\n2027-10-04\tholiday\t国庆节\n");
        let correction =
            parse_notice_file("#year 2027\n2027-10-05\tholiday\t国庆节\n#year 2029\n").unwrap();
        let c = base.with_overrides(&correction);
        // 10-04 is no longer a holiday: the year was replaced, not merged.
        assert_eq!(c.is_workday(d(2027, 10, 4)), Ok(true));
        assert_eq!(c.is_workday(d(2027, 10, 5)), Ok(false));
        assert_eq!(c.is_workday(d(2027, 10, 1)), Ok(true));
        assert_eq!(c.is_workday(d(2029, 1, 1)), Ok(true)); // known now, no special dates
        assert_eq!(c.covered_years(), vec![2027, 2029]);
        // The original is untouched.
        assert_eq!(base.is_workday(d(2027, 10, 4)), Ok(false));
        assert!(!base.is_year_known(2029));
    }

    #[test]
    fn entries_give_names_and_unknown_years_stay_unknown() {
        let c = cal("2027-10-01\tholiday\t国庆节\thttps://x\n");
        let e = c.entry(d(2027, 10, 1)).unwrap().unwrap();
        assert_eq!(
            (e.name.as_str(), e.source.as_deref()),
            ("国庆节", Some("https://x"))
        );
        assert_eq!(c.entry(d(2027, 10, 8)), Ok(None));
        assert_eq!(c.entry(d(2026, 10, 1)), Err(CalendarUnknown { year: 2026 }));
        assert_eq!(c.notice(2027).unwrap().entries().len(), 1);
    }

    #[test]
    fn empty_calendar_knows_nothing_and_falls_back_provisionally() {
        let c = HolidayCalendar::default();
        assert!(c.covered_years().is_empty());
        let p = c.is_workday_or_provisional(d(2024, 10, 1));
        assert_eq!((p.value, p.provisional), (true, true)); // a Tuesday, provisionally working
    }
}
