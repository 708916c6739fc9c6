//! Shared state of every request: the store and the web settings.

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta};
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
    /// The largest attachment accepted (default 10 MB).
    pub max_attachment_bytes: usize,
    /// The day rules are computed for: the local date, or a fixed one (tests, demos).
    pub clock: Clock,
    /// How long a break-the-glass grant lasts (default 2 hours).
    pub emergency_ttl: TimeDelta,
    /// Person searches a user may make per minute (default 60).
    pub searches_per_minute: u32,
    // --- `jiekang bench` ---
    /// When set (`serve --bench-baseline`), `GET /bench/baseline` answers this many fixed
    /// bytes through the same layers and session check as a page: the ceiling of the
    /// HTTP stack that `jiekang bench` compares every operation with. `None` otherwise,
    /// and then the route does not exist.
    pub bench_baseline_bytes: Option<usize>,
    /// How long a scope's dashboard is answered from memory
    /// ([`crate::dashboard_cache`]); zero (the default) reads it afresh every time.
    pub dashboard_cache: std::time::Duration,
    /// How long this instance keeps the installation's units ([`crate::unit_cache`]);
    /// zero (the default) reads them afresh every time.
    pub unit_cache: std::time::Duration,
    /// Whether a request that finds the dashboard snapshot stale counts it
    /// again itself (the default, for a server without a background refresher). `serve`
    /// refreshes in the background and turns this off: at 1,000,000 persons on a cold
    /// cache a refresh can outlast the request timeout, and a stale snapshot is shown
    /// marked 正在更新 instead.
    pub refresh_dashboards_inline: bool,
    /// GB/T 22239: the reverse proxies whose `X-Forwarded-For` is believed
    /// (`serve --trusted-proxy`); none by default ([`crate::client_addr`]).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// GB/T 22239: the key TOTP enrolment secrets are derived under (`serve` derives it
    /// from the keyring, so all instances agree; random per process by default).
    pub enrolment_key: crate::auth::totp::EnrolmentKey,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            idle_timeout: TimeDelta::minutes(30),
            session_lifetime: TimeDelta::hours(12),
            secure_cookies: false,
            max_attachment_bytes: 10 * 1024 * 1024,
            clock: Clock::system(),
            emergency_ttl: jiekang_store::emergency::DEFAULT_EMERGENCY_TTL,
            searches_per_minute: 60,
            bench_baseline_bytes: None,
            dashboard_cache: std::time::Duration::ZERO,
            unit_cache: std::time::Duration::ZERO,
            refresh_dashboards_inline: true,
            trusted_proxies: crate::client_addr::TrustedProxies::default(),
            enrolment_key: crate::auth::totp::EnrolmentKey::default(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub searches: Arc<crate::rate_limit::SearchLimiter>,
    pub dashboards: Arc<crate::dashboard_cache::DashboardCache>,
    /// What the dashboard shows beside its figures (staffing, funding, quality), kept as
    /// long as the dashboards themselves.
    pub dashboard_extras:
        Arc<crate::dashboard_cache::ScopeCache<crate::pages::dashboard::DashboardExtras>>,
    pub units: Arc<crate::unit_cache::UnitCache>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self {
            store,
            searches: Arc::new(crate::rate_limit::SearchLimiter::new(
                config.searches_per_minute,
            )),
            config: Arc::new(config),
            dashboards: Arc::default(),
            dashboard_extras: Arc::default(),
            units: Arc::default(),
        }
    }

    /// Every unit of the installation, by id (for full paths and the unit picker; unit
    /// names are no secret), from this instance's copy while it is fresh.
    pub async fn unit_tree(
        &self,
    ) -> Result<Arc<crate::unit_picker::UnitTree>, jiekang_store::StoreError> {
        let now = std::time::Instant::now();
        if let Some(tree) = self.units.get(now, self.config.unit_cache) {
            return Ok(tree);
        }
        let units = self.store.units(&jiekang_store::Scope::system()).await?;
        let tree = Arc::new(crate::unit_picker::UnitTree::new(units));
        if !self.config.unit_cache.is_zero() {
            self.units.put(now, tree.clone());
        }
        Ok(tree)
    }

    /// A unit was created, renamed or retired through this instance.
    pub fn units_changed(&self) {
        self.units.clear();
    }

    /// The day every rule is computed for: the local date (China Standard Time on
    /// the servers this runs on), or the configured fixed day.
    /// Count a person search of this user, refusing one over the limit.
    pub fn search_allowed(&self, user_id: i64) -> Result<(), crate::error::AppError> {
        if self.searches.allow(user_id, std::time::Instant::now()) {
            Ok(())
        } else {
            Err(crate::error::AppError::TooMany(crate::i18n::msg(
                "request-too-many-searches-try",
            )))
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.config.clock.today()
    }

    /// N18: the age in whole years (周岁) shown in lists instead of the birth date, on
    /// Beijing's date (see [`jiekang_domain::age`]); empty when unknown.
    pub fn age_text(&self, birth: Option<NaiveDate>) -> String {
        self.age(birth).map(|a| a.to_string()).unwrap_or_default()
    }

    /// N18: the age in whole years on Beijing's date, if the birth date is known.
    pub fn age(&self, birth: Option<NaiveDate>) -> Option<u32> {
        let today = self.config.clock.beijing_today();
        birth.and_then(|b| jiekang_domain::age::age_in_years(b, today))
    }
}

/// "Today" for the rules: the local date, or a date set by a test or a demonstration
/// (shared by clones, so a test can move it while the server runs).
#[derive(Debug, Clone, Default)]
pub struct Clock(Arc<std::sync::atomic::AtomicI32>);

impl Clock {
    /// The server's local date (China Standard Time where it runs).
    pub fn system() -> Self {
        Self::default()
    }

    pub fn fixed(date: NaiveDate) -> Self {
        let clock = Self::default();
        clock.set(date);
        clock
    }

    /// Fix the date from now on.
    pub fn set(&self, date: NaiveDate) {
        use chrono::Datelike;
        self.0.store(
            date.num_days_from_ce(),
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    /// Today: Beijing's date (every user's day, whatever the server's time zone), or the
    /// fixed day.
    pub fn today(&self) -> NaiveDate {
        self.beijing_today()
    }

    /// Beijing's date (UTC+8 all year), or the fixed day: ages (周岁) are counted on it
    /// whatever the server's time zone.
    pub fn beijing_today(&self) -> NaiveDate {
        self.fixed_day()
            .unwrap_or_else(|| jiekang_domain::clock::beijing_date(chrono::Utc::now()))
    }

    fn fixed_day(&self) -> Option<NaiveDate> {
        match self.0.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            days => NaiveDate::from_num_days_from_ce_opt(days),
        }
    }
}
