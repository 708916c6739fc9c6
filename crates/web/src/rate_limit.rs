//! A limit on person searches per user (name or ID-number queries,
//! break-the-glass requests, and every export of a person list: `/persons/export.xlsx`
//! and `/queues/export.xlsx`), so that a stolen session cannot page through the
//! registry. Logins have their own limit (the lockout). The window is kept per app
//! instance: with several instances a user gets the limit once per instance.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window the limit counts over.
const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct SearchLimiter {
    per_window: usize,
    hits: Mutex<HashMap<i64, VecDeque<Instant>>>,
}

impl SearchLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_window: per_minute.max(1) as usize,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Count one search by `user_id` at `now`; false when the user has already made
    /// the allowed number within the last minute (the refused one is not counted).
    pub fn allow(&self, user_id: i64, now: Instant) -> bool {
        let mut hits = match self.hits.lock() {
            Ok(h) => h,
            // a poisoned lock only means another request panicked mid-update
            Err(poisoned) => poisoned.into_inner(),
        };
        let recent = hits.entry(user_id).or_default();
        while recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() >= self.per_window {
            return false;
        }
        recent.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_a_sliding_minute_per_user() {
        let limiter = SearchLimiter::new(3);
        let t0 = Instant::now();
        assert!(limiter.allow(1, t0));
        assert!(limiter.allow(1, t0 + Duration::from_secs(10)));
        assert!(limiter.allow(1, t0 + Duration::from_secs(20)));
        assert!(
            !limiter.allow(1, t0 + Duration::from_secs(30)),
            "fourth in a minute"
        );
        assert!(
            limiter.allow(2, t0 + Duration::from_secs(30)),
            "another user"
        );
        assert!(
            limiter.allow(1, t0 + Duration::from_secs(61)),
            "the first fell out"
        );
        assert!(!limiter.allow(1, t0 + Duration::from_secs(62)));
    }
}
