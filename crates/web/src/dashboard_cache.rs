//! The dashboards of recent requests, per scope, for a few seconds (the budget:
//! "city dashboard ≤ 200 ms with figures at most one minute old").
//!
//! A city dashboard sums the trigger-kept counts of thousands of units; every
//! supervisor of the city asks for the same figures. The day-dependent figures are a
//! snapshot refreshed once 30 s old by a 20 s tick (so at most 50 s old); keeping a
//! whole dashboard here for at most 10 s keeps every figure within the minute. Each
//! instance keeps its own; `serve --dashboard-cache-seconds 0` turns it off (the
//! default of [`crate::state::WebConfig`], so tests see every change at once).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use jiekang_store::dashboard::Dashboard;

/// More scopes than this (units with a dashboard) and the oldest are dropped first.
const MAX_SCOPES: usize = 4_096;

/// A scope's path and the day its figures are for.
type Key = (String, NaiveDate);

/// What was computed for a scope on a day, kept for a few seconds.
pub struct ScopeCache<T> {
    entries: Mutex<HashMap<Key, (Instant, Arc<T>)>>,
}

impl<T> Default for ScopeCache<T> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

/// The dashboards of recent requests.
pub type DashboardCache = ScopeCache<Dashboard>;

impl<T> ScopeCache<T> {
    /// The value of `scope_path` for `today` if it was put less than `ttl` ago.
    pub fn get(
        &self,
        scope_path: &str,
        today: NaiveDate,
        now: Instant,
        ttl: Duration,
    ) -> Option<Arc<T>> {
        let entries = self.entries.lock().ok()?;
        let (at, d) = entries.get(&(scope_path.to_owned(), today))?;
        (now.saturating_duration_since(*at) < ttl).then(|| d.clone())
    }

    pub fn put(&self, scope_path: &str, today: NaiveDate, now: Instant, d: Arc<T>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_SCOPES {
            // a new day or many scopes: forget the older half
            let mut ages: Vec<Instant> = entries.values().map(|(at, _)| *at).collect();
            ages.sort();
            let cut = ages[ages.len() / 2];
            entries.retain(|_, (at, _)| *at > cut);
        }
        entries.insert((scope_path.to_owned(), today), (now, d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dash(name: &str) -> Arc<Dashboard> {
        Arc::new(Dashboard::assemble(None, name.to_owned(), Vec::new(), None))
    }

    #[test]
    fn an_entry_lives_for_its_ttl_per_scope_and_day() {
        let cache = DashboardCache::default();
        let t0 = Instant::now();
        let ttl = Duration::from_secs(10);
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).expect("day");
        assert!(cache.get("/1/", day, t0, ttl).is_none());
        cache.put("/1/", day, t0, dash("全市"));
        let hit = cache.get("/1/", day, t0 + Duration::from_secs(9), ttl);
        assert_eq!(hit.map(|d| d.unit_name.clone()), Some("全市".to_owned()));
        assert!(cache.get("/1/", day, t0 + ttl, ttl).is_none(), "expired");
        assert!(cache.get("/1/2/", day, t0, ttl).is_none(), "another scope");
        let next = day.succ_opt().expect("day");
        assert!(cache.get("/1/", next, t0, ttl).is_none(), "another day");
        assert!(cache.get("/1/", day, t0, Duration::ZERO).is_none(), "off");
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = DashboardCache::default();
        let t0 = Instant::now();
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).expect("day");
        for i in 0..(MAX_SCOPES + 10) {
            cache.put(
                &format!("/{i}/"),
                day,
                t0 + Duration::from_millis(i as u64),
                dash("x"),
            );
        }
        let n = cache.entries.lock().expect("lock").len();
        assert!(n <= MAX_SCOPES, "{n}");
        let last = format!("/{}/", MAX_SCOPES + 9);
        assert!(
            cache
                .get(
                    &last,
                    day,
                    t0 + Duration::from_secs(1),
                    Duration::from_secs(10)
                )
                .is_some()
        );
    }
}
