//! Age in whole years (周岁), shown in person lists instead of the birth date (N18).
//!
//! A list shows the ID number masked (digits 7–14 hidden); those hidden digits are the
//! birth date, so a list that showed the birth date beside the masked number gave the
//! whole number back. Lists, queues and exports show the age instead; only the archive
//! page of an in-scope user (which shows the full number anyway) shows the birth date.
//!
//! 周岁: the number of birthdays passed, counted on the given day (Beijing's date in the
//! application). Someone born on 29 February has their birthday on 1 March in common
//! years — on 28 February they are still the younger age (the way a date comparison by
//! month and day counts, and the usual reading of 周岁 in Chinese practice).

use chrono::{Datelike, NaiveDate};

/// Whole years from `birth` to `today`; `None` when `today` is before `birth`.
pub fn age_in_years(birth: NaiveDate, today: NaiveDate) -> Option<u32> {
    if today < birth {
        return None;
    }
    let years = today.year() - birth.year();
    // The birthday of this year not yet reached: one year less. Comparing (month, day)
    // makes 29 February's birthday fall on 1 March in a common year.
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn whole_years_on_and_around_the_birthday() {
        assert_eq!(age_in_years(d(1990, 3, 15), d(2026, 3, 14)), Some(35));
        assert_eq!(age_in_years(d(1990, 3, 15), d(2026, 3, 15)), Some(36));
        assert_eq!(age_in_years(d(1990, 3, 15), d(2026, 12, 31)), Some(36));
        assert_eq!(age_in_years(d(1990, 3, 15), d(1990, 3, 15)), Some(0));
        assert_eq!(age_in_years(d(1990, 3, 15), d(1991, 3, 14)), Some(0));
        assert_eq!(age_in_years(d(1990, 3, 15), d(1990, 3, 14)), None);
    }

    #[test]
    fn born_on_29_february_counts_on_1_march_in_common_years() {
        let born = d(2000, 2, 29);
        assert_eq!(age_in_years(born, d(2001, 2, 28)), Some(0));
        assert_eq!(age_in_years(born, d(2001, 3, 1)), Some(1));
        assert_eq!(age_in_years(born, d(2004, 2, 28)), Some(3));
        assert_eq!(age_in_years(born, d(2004, 2, 29)), Some(4), "leap year");
        assert_eq!(age_in_years(born, d(2026, 2, 28)), Some(25));
        assert_eq!(age_in_years(born, d(2026, 3, 1)), Some(26));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i32..80_000).prop_map(|n| d(1900, 1, 1) + chrono::TimeDelta::days(i64::from(n)))
    }

    proptest! {
        #[test]
        fn the_age_never_falls_and_grows_by_at_most_one_a_day(birth in any_date(), day in any_date()) {
            let next = day.succ_opt().expect("in range");
            match (age_in_years(birth, day), age_in_years(birth, next)) {
                (Some(a), Some(b)) => prop_assert!(b == a || b == a + 1),
                (None, _) => prop_assert!(day < birth),
                (Some(_), None) => prop_assert!(false, "an age cannot disappear"),
            }
        }

        #[test]
        fn the_age_is_n_from_the_nth_birthday_until_the_next(birth in any_date(), n in 0i32..100) {
            // the nth birthday, or 1 March when it would be 29 February of a common year
            let year = birth.year() + n;
            let birthday = NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
                .unwrap_or_else(|| d(year, 3, 1));
            let n = u32::try_from(n).expect("non-negative");
            prop_assert_eq!(age_in_years(birth, birthday), Some(n));
            if let Some(eve) = birthday.pred_opt().filter(|e| *e >= birth) {
                prop_assert_eq!(age_in_years(birth, eve), n.checked_sub(1));
            }
        }
    }
}
