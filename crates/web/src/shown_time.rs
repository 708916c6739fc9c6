//! One clock: how every time a user sees is written — on Beijing's clock (UTC+8,
//! `jiekang_domain::clock`), in pages (the `beijing` and `beijing_day` filters), Excel
//! exports and JSON (ISO 8601 with the offset `+08:00`). Instants are stored in UTC;
//! a template never formats a time itself (the http test `templates_format_no_times`
//! holds them to these filters).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use jiekang_domain::clock::BEIJING;

/// A time that can be shown: an instant (stored in UTC, or already with an offset), or
/// a wall-clock time entered in Beijing (a drug test's time, as typed).
pub trait Shown {
    /// The time on Beijing's clock.
    fn beijing(&self) -> NaiveDateTime;
}

impl Shown for DateTime<Utc> {
    fn beijing(&self) -> NaiveDateTime {
        self.with_timezone(&BEIJING).naive_local()
    }
}

impl Shown for DateTime<FixedOffset> {
    fn beijing(&self) -> NaiveDateTime {
        self.with_timezone(&BEIJING).naive_local()
    }
}

/// Entered in Beijing as a wall-clock time: shown as typed.
impl Shown for NaiveDateTime {
    fn beijing(&self) -> NaiveDateTime {
        *self
    }
}

impl<T: Shown + ?Sized> Shown for &T {
    fn beijing(&self) -> NaiveDateTime {
        (**self).beijing()
    }
}

/// `2026-03-02 00:30`: pages and exports.
pub fn minutes(at: &impl Shown) -> String {
    at.beijing().format("%Y-%m-%d %H:%M").to_string()
}

/// `2026-03-02 00:30:05`: the audit trail.
pub fn seconds(at: &impl Shown) -> String {
    at.beijing().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Beijing's day at that time.
pub fn day(at: &impl Shown) -> NaiveDate {
    at.beijing().date()
}

/// JSON: the instant with Beijing's offset (`2026-03-02T00:30:00+08:00`).
pub fn json(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    jiekang_domain::clock::beijing_time(at)
}

/// JSON: a wall-clock time entered in Beijing, with its offset.
pub fn json_local(at: NaiveDateTime) -> DateTime<FixedOffset> {
    BEIJING
        .from_local_datetime(&at)
        .single()
        .unwrap_or_else(|| BEIJING.from_utc_datetime(&at))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

    use super::*;

    #[test]
    fn an_instant_just_after_midnight_in_beijing_is_shown_on_the_next_day() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 16, 30, 5).unwrap();
        assert_eq!(minutes(&at), "2026-03-02 00:30");
        assert_eq!(seconds(&at), "2026-03-02 00:30:05");
        assert_eq!(day(&at), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(json(at).to_rfc3339(), "2026-03-02T00:30:05+08:00");
    }

    #[test]
    fn a_time_entered_in_beijing_is_shown_as_typed() {
        let typed = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(0, 30, 0)
            .unwrap();
        assert_eq!(minutes(&typed), "2026-03-02 00:30");
        assert_eq!(json_local(typed).to_rfc3339(), "2026-03-02T00:30:00+08:00");
    }
}
