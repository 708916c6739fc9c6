//! Login lockout (GB/T 22239-2019 8.1.4.1 b "登录失败处理功能", OWASP ASVS
//! 2.2.1): after [`MAX_FAILURES`] failed logins within [`FAILURE_WINDOW`] the account — and,
//! separately, the source address — is locked for [`LOCK_DURATION`].
//!
//! The counters are kept per *key*: the typed username (whether or not such a user
//! exists, so that a lock says nothing about existence) and the client address. While a
//! key is locked, attempts are refused without checking the password and do not extend
//! the lock, so a lock always ends [`LOCK_DURATION`] after it began.

use chrono::{DateTime, TimeDelta, Utc};

/// Failed logins that lock a key : 5.
pub const MAX_FAILURES: u32 = 5;
/// The window in which failures are counted : 15 minutes.
pub const FAILURE_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// How long a lock lasts : 15 minutes.
pub const LOCK_DURATION: TimeDelta = TimeDelta::minutes(15);

/// The earliest failure instant that still counts at `now`. Saturates at 1970 for
/// absurd clocks instead of overflowing.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_signed(FAILURE_WINDOW)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .max(DateTime::<Utc>::UNIX_EPOCH)
}

/// Whether this many failures inside the window lock the key.
pub fn locks(failures_in_window: u32) -> bool {
    failures_in_window >= MAX_FAILURES
}

/// The end of a lock that begins at `at`. Saturates at the largest instant.
pub fn locked_until(at: DateTime<Utc>) -> DateTime<Utc> {
    at.checked_add_signed(LOCK_DURATION)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// After a failure at `at` that brings the window's count to `failures_in_window`:
/// the end of the lock it starts, if it starts one.
pub fn lock_after_failure(failures_in_window: u32, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    locks(failures_in_window).then(|| locked_until(at))
}

/// Whether a lock ending at `until` is still in force at `now`.
pub fn is_locked(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    until.is_some_and(|u| now < u)
}

/// Minutes (rounded up, at least 1) until a lock ending at `until` is over, for the message.
pub fn minutes_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let secs = (until - now).num_seconds().max(0);
    ((secs + 59) / 60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_700_000_000 + secs, 0).expect("instant")
    }

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        assert_eq!(lock_after_failure(4, t(0)), None);
        assert_eq!(lock_after_failure(5, t(0)), Some(t(15 * 60)));
        assert!(is_locked(Some(t(15 * 60)), t(15 * 60 - 1)));
        assert!(!is_locked(Some(t(15 * 60)), t(15 * 60)));
        assert!(!is_locked(None, t(0)));
    }

    #[test]
    fn the_window_is_fifteen_minutes_and_saturates() {
        assert_eq!(window_start(t(900)), t(0));
        assert_eq!(
            window_start(DateTime::<Utc>::UNIX_EPOCH),
            DateTime::<Utc>::UNIX_EPOCH
        );
        assert_eq!(
            locked_until(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn minutes_left_rounds_up() {
        assert_eq!(minutes_left(t(900), t(0)), 15);
        assert_eq!(minutes_left(t(61), t(0)), 2);
        assert_eq!(minutes_left(t(0), t(10)), 1);
    }

    proptest! {
        #[test]
        fn a_lock_never_outlives_its_duration(secs in 0i64..10_000_000, n in 0u32..50) {
            let at = t(secs);
            match lock_after_failure(n, at) {
                Some(until) => {
                    prop_assert!(n >= MAX_FAILURES);
                    prop_assert!(is_locked(Some(until), at));
                    prop_assert!(!is_locked(Some(until), at + LOCK_DURATION));
                }
                None => prop_assert!(n < MAX_FAILURES),
            }
        }

        #[test]
        fn the_window_contains_exactly_the_last_fifteen_minutes(secs in 0i64..10_000_000, back in 0i64..3_600) {
            let now = t(secs);
            let failure = now - TimeDelta::seconds(back);
            prop_assert_eq!(failure >= window_start(now), back <= FAILURE_WINDOW.num_seconds());
        }
    }
}
