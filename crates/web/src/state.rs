//! Shared state of every request: the store and the web settings.

use std::sync::Arc;

use chrono::TimeDelta;
use jiekang_store::Store;

/// Settings of the web layer (from flags and environment in the binary).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Sessions end after this long without a request.
    pub idle_timeout: TimeDelta,
    /// Sessions end this long after login whatever the activity.
    pub session_lifetime: TimeDelta,
    /// Mark cookies `Secure` (served over TLS).
    pub secure_cookies: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            idle_timeout: TimeDelta::minutes(30),
            session_lifetime: TimeDelta::hours(12),
            secure_cookies: false,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
        }
    }
}
