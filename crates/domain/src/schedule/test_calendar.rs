//! A small D2 calendar for tests: Monday–Friday plus listed holidays and make-up
//! workdays, for a few known years (2015 and 2020 hold only the blocks the tests use;
//! 2024–2026 follow the State Council notices).

use chrono::{Datelike, NaiveDate, Weekday};

use crate::calendar::{CalendarUnknown, WorkCalendar};

pub(crate) struct TestCalendar {
    known: Vec<i32>,
    holidays: Vec<NaiveDate>,
    makeup: Vec<NaiveDate>,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn span(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |x| *x <= to)
}

impl TestCalendar {
    /// Known years 2015, 2020, 2024, 2025, 2026.
    pub(crate) fn china() -> Self {
        let blocks = [
            // 2015: 抗战胜利70周年 — 09-03..05 off, Sunday 09-06 worked.
            (d(2015, 9, 3), d(2015, 9, 5)),
            // 2020: Spring Festival 01-24..30, extended to 02-02.
            (d(2020, 1, 24), d(2020, 2, 2)),
            (d(2024, 1, 1), d(2024, 1, 1)),
            (d(2024, 2, 10), d(2024, 2, 17)),
            (d(2024, 4, 4), d(2024, 4, 6)),
            (d(2024, 5, 1), d(2024, 5, 5)),
            (d(2024, 6, 10), d(2024, 6, 10)),
            (d(2024, 9, 15), d(2024, 9, 17)),
            (d(2024, 10, 1), d(2024, 10, 7)),
            (d(2025, 1, 1), d(2025, 1, 1)),
            (d(2025, 1, 28), d(2025, 2, 4)),
            (d(2025, 4, 4), d(2025, 4, 6)),
            (d(2025, 5, 1), d(2025, 5, 5)),
            (d(2025, 5, 31), d(2025, 6, 2)),
            (d(2025, 10, 1), d(2025, 10, 8)),
            (d(2026, 1, 1), d(2026, 1, 3)),
            (d(2026, 2, 15), d(2026, 2, 23)),
            (d(2026, 4, 4), d(2026, 4, 6)),
            (d(2026, 5, 1), d(2026, 5, 5)),
            (d(2026, 6, 19), d(2026, 6, 21)),
            (d(2026, 9, 25), d(2026, 9, 27)),
            (d(2026, 10, 1), d(2026, 10, 7)),
        ];
        let makeup = vec![
            d(2015, 9, 6),
            d(2020, 1, 19),
            d(2024, 2, 4),
            d(2024, 2, 18),
            d(2024, 4, 7),
            d(2024, 4, 28),
            d(2024, 5, 11),
            d(2024, 9, 14),
            d(2024, 9, 29),
            d(2024, 10, 12),
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11),
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ];
        let holidays = blocks.iter().flat_map(|(a, b)| span(*a, *b)).collect();
        TestCalendar {
            known: vec![2015, 2020, 2024, 2025, 2026],
            holidays,
            makeup,
        }
    }

    /// Plain Monday–Friday for the given known years (no holidays).
    pub(crate) fn weekdays(known: Vec<i32>) -> Self {
        TestCalendar {
            known,
            holidays: Vec::new(),
            makeup: Vec::new(),
        }
    }

    /// Adds a known year.
    pub(crate) fn know(mut self, year: i32) -> Self {
        self.known.push(year);
        self
    }

    /// Makes a date a rest day.
    pub(crate) fn rest(mut self, date: NaiveDate) -> Self {
        self.makeup.retain(|m| *m != date);
        self.holidays.push(date);
        self
    }

    /// Makes a date a working day.
    pub(crate) fn work(mut self, date: NaiveDate) -> Self {
        self.makeup.push(date);
        self
    }

    /// Every day a rest day, for the given known years.
    pub(crate) fn no_workdays(known: Vec<i32>) -> Self {
        let holidays = known
            .iter()
            .flat_map(|y| span(d(*y, 1, 1), d(*y, 12, 31)))
            .collect();
        TestCalendar {
            known,
            holidays,
            makeup: Vec::new(),
        }
    }
}

impl WorkCalendar for TestCalendar {
    fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarUnknown> {
        if !self.known.contains(&date.year()) {
            return Err(CalendarUnknown { year: date.year() });
        }
        if self.makeup.contains(&date) {
            return Ok(true);
        }
        if self.holidays.contains(&date) {
            return Ok(false);
        }
        Ok(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
    }
}
