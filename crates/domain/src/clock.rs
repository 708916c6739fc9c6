//! One clock: every day and time a user sees is Beijing's (Asia/Shanghai, UTC+8 all year;
//! China has kept no daylight saving time since 1991). Instants are stored in UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China Standard Time, UTC+8 (checked when compiling: 8 hours is a valid offset).
pub const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// China Standard Time, UTC+8.
pub fn beijing() -> FixedOffset {
    BEIJING
}

/// The instant `at` on Beijing's clock: what every page, export and JSON answer shows
/// (JSON writes it ISO 8601 with its offset, `2026-03-02T00:30:00+08:00`).
pub fn beijing_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&BEIJING)
}

/// The calendar day in Beijing at the instant `at`.
pub fn beijing_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&beijing()).date_naive()
}

/// The instant Beijing's day `day` begins (00:00 UTC+8), in UTC.
pub fn beijing_midnight_utc(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(BEIJING).single())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn beijing_midnight_is_sixteen_hundred_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let at = beijing_midnight_utc(day);
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 12, 6, 16, 0, 0).unwrap());
        assert_eq!(beijing_date(at), day);
    }

    #[test]
    fn the_day_turns_at_sixteen_hundred_utc() {
        let before = Utc.with_ymd_and_hms(2024, 9, 27, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2024, 9, 27, 16, 0, 0).unwrap();
        assert_eq!(
            beijing_date(before),
            NaiveDate::from_ymd_opt(2024, 9, 27).unwrap()
        );
        assert_eq!(
            beijing_date(after),
            NaiveDate::from_ymd_opt(2024, 9, 28).unwrap()
        );
    }

    #[test]
    fn half_past_four_pm_utc_is_half_past_midnight_in_beijing() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 16, 30, 0).unwrap();
        assert_eq!(beijing_time(at).to_rfc3339(), "2026-03-02T00:30:00+08:00");
    }

    proptest! {
        /// Beijing's day is the UTC day or the next one, never earlier.
        #[test]
        fn beijing_is_never_behind_utc(secs in 0i64..4_000_000_000) {
            let at = Utc.timestamp_opt(secs, 0).unwrap();
            let day = beijing_date(at);
            prop_assert!(day == at.date_naive() || day == at.date_naive().succ_opt().unwrap());
        }
    }
}
