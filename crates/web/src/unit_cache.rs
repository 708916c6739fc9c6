//! Every unit of the installation, kept for a few seconds ([`crate::state::WebConfig`]'s
//! `unit_cache`): the case, queue and person pages name units by their full paths and
//! offer them in the unit picker, so each would otherwise read the whole unit table on
//! every view. Units change rarely; this instance forgets its copy when it changes one
//! (`AppState::units_changed`), other instances within the time to live. Zero (the
//! default, so tests see every change at once) reads the table afresh every time.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::unit_picker::UnitTree;

#[derive(Default)]
pub struct UnitCache {
    tree: Mutex<Option<(Instant, Arc<UnitTree>)>>,
}

impl UnitCache {
    /// The tree put less than `ttl` ago, if any.
    pub fn get(&self, now: Instant, ttl: Duration) -> Option<Arc<UnitTree>> {
        let held = self.tree.lock().ok()?;
        let (at, tree) = held.as_ref()?;
        (now.saturating_duration_since(*at) < ttl).then(|| tree.clone())
    }

    pub fn put(&self, now: Instant, tree: Arc<UnitTree>) {
        if let Ok(mut held) = self.tree.lock() {
            *held = Some((now, tree));
        }
    }

    /// Forget the copy (a unit was created, renamed or retired here).
    pub fn clear(&self) {
        if let Ok(mut held) = self.tree.lock() {
            *held = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_lives_for_its_time_and_is_forgotten_on_change() {
        let cache = UnitCache::default();
        let t0 = Instant::now();
        let ttl = Duration::from_secs(30);
        assert!(cache.get(t0, ttl).is_none());
        cache.put(t0, Arc::new(UnitTree::new(Vec::new())));
        assert!(cache.get(t0 + Duration::from_secs(29), ttl).is_some());
        assert!(cache.get(t0 + Duration::from_secs(30), ttl).is_none());
        assert!(
            cache.get(t0, Duration::ZERO).is_none(),
            "zero keeps nothing"
        );
        cache.clear();
        assert!(cache.get(t0, ttl).is_none());
    }
}
