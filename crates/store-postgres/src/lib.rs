//! # jiekang-store-postgres — the server engine
//!
//! One PostgreSQL database shared by several application instances (a province, a
//! large city). Every instance runs the migrations at start; sqlx's migrator holds
//! an advisory lock while it does, so concurrent starts apply each migration once.
//!
//! Module layout mirrors the SQLite engine: one module per part of the [`Store`]
//! trait, this file only connects and delegates. Feature `testing` adds
//! [`testing`], throwaway databases for the tests of this and other crates.

mod accounts;
mod audit;
mod bulk;
mod calendar;
mod cases;
mod dashboard;
mod deferred;
mod emergency;
mod lock;
mod persons;
// issue #5 item 3: personal data sealed at rest
mod sealing;
mod sessions;
mod tasks;
mod units;
mod users;
// --- Daily sweep and job leases (issue #6 items 3–4) ---
mod sweep;

#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::Role;
use jiekang_store::audit_chain::AuditVerification;
use jiekang_store::cases::*;
use jiekang_store::model::*;
use jiekang_store::{Scope, Store, StoreError, StoreResult};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use lock::AdvisoryLock;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema version this build migrates to (the newest embedded migration).
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The PostgreSQL implementation of [`Store`].
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Issue #5 item 3: the keyring, once [`Store::unlock`] accepted it.
    keys: jiekang_store::sealed::KeySlot,
}

impl PgStore {
    /// Connections per instance unless told otherwise.
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

    /// Connect to `url` (`postgres://user@host:port/db`) and apply pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// [`PgStore::connect`] with a pool of at most `max_connections` (at least 1).
    pub async fn connect_with(url: &str, max_connections: u32) -> StoreResult<Self> {
        let store = Self::open_with(url, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connect without migrating (for `jiekang migrate` to report what it does).
    pub async fn open(url: &str) -> StoreResult<Self> {
        Self::open_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// [`PgStore::open`] with a pool of at most `max_connections` (at least 1).
    pub async fn open_with(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?.application_name("jiekang");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            keys: Default::default(),
        })
    }

    /// Apply pending migrations; returns the schema version afterwards.
    pub async fn migrate(&self) -> StoreResult<i64> {
        MIGRATOR.run(&self.pool).await?;
        // rows older than the audit chain are chained once (migration 0004; issue #5)
        audit::seal_legacy(&self.pool).await?;
        // issue #6 item 1: indexes an interrupted bulk load left deferred
        deferred::restore_all(&self.pool).await?;
        self.schema_version().await
    }

    /// The pool, for maintenance commands that need plain SQL.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Try to take the session-level advisory lock `key` without waiting, e.g. so that
    /// only one of several instances runs a periodic job. `None` if another holds it.
    pub async fn try_advisory_lock(&self, key: i64) -> StoreResult<Option<AdvisoryLock>> {
        lock::try_lock(&self.pool, key).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Map a unique-constraint violation to a field conflict; pass anything else through.
pub(crate) fn unique_violation(e: sqlx::Error, field: &'static str, message: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict {
            field,
            message: message.to_owned(),
        },
        _ => e.into(),
    }
}

#[async_trait]
impl Store for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok(v.unwrap_or(0))
    }

    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        units::list(&self.pool, scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        units::get(&self.pool, scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        units::get_by_code(&self.pool, scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        units::create_root(&self.pool, scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        units::create(&self.pool, scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        units::rename(&self.pool, scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        units::retire(&self.pool, scope, actor, id, valid_to, version).await
    }

    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User> {
        users::create(&self.pool, scope, actor, new).await
    }
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>> {
        users::list(&self.pool, scope, page).await
    }
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User> {
        users::get(&self.pool, scope, id).await
    }
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User> {
        users::get_by_username(&self.pool, scope, username).await
    }
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User> {
        users::set_disabled(&self.pool, scope, actor, id, disabled).await
    }
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        users::set_password(&self.pool, scope, actor, id, password_hash, must_change).await
    }
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        users::credentials(&self.pool, username).await
    }
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        users::record_login(&self.pool, user_id, at).await
    }

    async fn create_session(&self, new: &NewSession) -> StoreResult<()> {
        sessions::create(&self.pool, new).await
    }
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>> {
        sessions::actor(&self.pool, token_hash, now, idle).await
    }
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sessions::touch(&self.pool, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sessions::delete(&self.pool, token_hash).await
    }
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64> {
        sessions::purge(&self.pool, now, idle).await
    }

    async fn register_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Person> {
        persons::create(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            new,
            cal,
            today,
        )
        .await
    }
    async fn tasks(
        &self,
        scope: &Scope,
        list: jiekang_store::tasks::TaskList,
        page: PageRequest,
    ) -> StoreResult<Page<jiekang_store::tasks::Task>> {
        tasks::list(&self.pool, scope, list, page).await
    }
    async fn task(&self, scope: &Scope, id: i64) -> StoreResult<jiekang_store::tasks::Task> {
        tasks::get(&self.pool, scope, id).await
    }
    async fn answer_task(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        answer: &jiekang_store::tasks::TaskAnswer,
        today: NaiveDate,
    ) -> StoreResult<jiekang_store::tasks::Task> {
        tasks::answer(&self.pool, scope, actor_user_id, id, version, answer, today).await
    }
    async fn count_open_tasks(&self, scope: &Scope) -> StoreResult<i64> {
        tasks::count_open(&self.pool, scope).await
    }
    async fn persons(
        &self,
        scope: &Scope,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> StoreResult<Page<PersonListItem>> {
        persons::list(&self.pool, &*self.keys.get()?, scope, filter, page).await
    }
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person> {
        persons::open(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64> {
        persons::count(&self.pool, scope).await
    }
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64> {
        persons::bulk_insert(&self.pool, &*self.keys.get()?, rows, created_by).await
    }

    async fn create_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        new: &NewCase,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case> {
        cases::create(&self.pool, scope, actor_user_id, role, new, cal, today).await
    }
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>> {
        cases::of_person(&self.pool, scope, person_id).await
    }
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive> {
        let keys = self.keys.get()?;
        cases::open_archive(&self.pool, &keys, scope, actor_user_id, person_id, access).await
    }
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile> {
        cases::file(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn apply_case_command(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        id: i64,
        version: i64,
        command: &CaseCommand,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case> {
        cases::apply(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            role,
            id,
            version,
            command,
            cal,
            today,
        )
        .await
    }
    async fn receive_handover(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        handover_id: i64,
        on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<()> {
        cases::receive_handover(&self.pool, scope, actor_user_id, handover_id, on, today).await
    }
    async fn queue(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> StoreResult<QueuePage> {
        cases::queue(
            &self.pool,
            &*self.keys.get()?,
            scope,
            kind,
            today,
            after,
            limit,
        )
        .await
    }
    async fn queue_count(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
    ) -> StoreResult<i64> {
        cases::queue_count(&self.pool, scope, kind, today).await
    }
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<QueueCounts> {
        cases::queue_counts(&self.pool, scope, kinds, today).await
    }
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta> {
        cases::add_attachment(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            case_id,
            new,
        )
        .await
    }
    async fn replan_provisional_windows(
        &self,
        cal: &HolidayCalendar,
        after: i64,
        limit: i64,
    ) -> StoreResult<(u64, Option<i64>)> {
        cases::replan_provisional(&self.pool, cal, after, limit).await
    }
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile> {
        cases::profile(&self.pool, &*self.keys.get()?, scope, person_id).await
    }
    async fn update_person_profile(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: i64,
        version: i64,
        profile: &PersonProfile,
    ) -> StoreResult<()> {
        cases::update_profile(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            person_id,
            version,
            profile,
        )
        .await
    }
    async fn attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Attachment> {
        cases::attachment(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }

    async fn open_emergency_access(
        &self,
        request: &jiekang_store::emergency::EmergencyRequest,
    ) -> StoreResult<i64> {
        emergency::open(&self.pool, &*self.keys.get()?, request).await
    }
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        emergency::person(&self.pool, &*self.keys.get()?, user_id, person_id, now).await
    }
    async fn emergency_grants(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> StoreResult<Vec<jiekang_store::emergency::EmergencyGrant>> {
        emergency::grants(&self.pool, scope, limit).await
    }

    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>> {
        calendar::in_force(&self.pool).await
    }
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()> {
        calendar::save(&self.pool, entered_by, notices).await
    }

    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        audit::append(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }
    async fn audit_count(&self, action: &str) -> StoreResult<i64> {
        audit::count(&self.pool, action).await
    }
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        audit::search(&self.pool, scope, filter, page).await
    }
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64> {
        audit::search_count(&self.pool, scope, filter).await
    }
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        audit::verify(&self.pool, anchors, progress).await
    }
    async fn audit_head(&self) -> StoreResult<jiekang_store::audit_chain::ChainHead> {
        audit::current_head(&self.pool).await
    }

    // ====================================================================================
    // Accounts (issue #5 item 4): lockout, password history, second factor, own sessions.
    // ====================================================================================

    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        accounts::lock(&self.pool, key, now).await
    }
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        accounts::record_failure(&self.pool, key, at).await
    }
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()> {
        accounts::clear_failures(&self.pool, key).await
    }
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>> {
        accounts::recent_password_hashes(&self.pool, user_id, n).await
    }
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>> {
        accounts::second_factor(&self.pool, &*self.keys.get()?, user_id).await
    }
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        accounts::enable_second_factor(&self.pool, &*self.keys.get()?, user_id, secret, step, at)
            .await
    }
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool> {
        accounts::use_step(&self.pool, user_id, step).await
    }
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool> {
        accounts::disable_second_factor(&self.pool, user_id).await
    }
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool> {
        users::reset_second_factor(&self.pool, scope, actor, user_id).await
    }
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        accounts::complete_second_factor(&self.pool, token_hash, new_token_hash, expires_at).await
    }

    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>> {
        accounts::user_sessions(&self.pool, user_id, now, idle).await
    }
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool> {
        accounts::delete_user_session(&self.pool, user_id, token_hash).await
    }
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        accounts::delete_other_sessions(&self.pool, user_id, keep).await
    }

    // ====================================================================================
    // Daily sweep and job leases (issue #6 items 3–4).
    // ====================================================================================

    async fn try_claim_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sweep::try_claim_lease(&self.pool, job, period, holder, ttl, now).await
    }
    async fn renew_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sweep::renew_lease(&self.pool, job, period, holder, ttl, now).await
    }
    async fn finish_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sweep::finish_lease(&self.pool, job, period, holder, now).await
    }
    async fn lease(
        &self,
        job: &str,
        period: &str,
    ) -> StoreResult<Option<jiekang_store::sweep::JobLease>> {
        sweep::lease(&self.pool, job, period).await
    }
    async fn max_case_id(&self) -> StoreResult<i64> {
        sweep::max_case_id(&self.pool).await
    }
    async fn sweep_windows(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64)> {
        sweep::sweep_windows(&self.pool, cutoffs, limit).await
    }
    async fn sweep_cases(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<jiekang_store::sweep::SweepCounts> {
        sweep::sweep_cases(&self.pool, cutoffs, from, to).await
    }
    async fn sweep_handovers(
        &self,
        cal: &HolidayCalendar,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        after: i64,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64, Option<i64>)> {
        sweep::sweep_handovers(&self.pool, cal, cutoffs, after, limit).await
    }
    async fn finish_sweep(
        &self,
        job: &str,
        run: &jiekang_store::sweep::SweepRun,
    ) -> StoreResult<bool> {
        sweep::finish_sweep(&self.pool, job, run).await
    }
    async fn sweep_run(&self, period: &str) -> StoreResult<Option<jiekang_store::sweep::SweepRun>> {
        sweep::sweep_run(&self.pool, period).await
    }
    async fn case_flags(&self, case_id: i64) -> StoreResult<Vec<jiekang_store::sweep::CaseFlag>> {
        sweep::case_flags(&self.pool, case_id).await
    }
    // --- Bulk histories (issue #6 item 1) ---
    async fn bulk_load_histories(
        &self,
        batch: &jiekang_store::bulk::HistoryBatch,
    ) -> StoreResult<jiekang_store::bulk::BulkLoadStats> {
        bulk::load(&self.pool, &*self.keys.get()?, batch).await
    }

    async fn defer_history_indexes(&self) -> StoreResult<u64> {
        deferred::defer(&self.pool).await
    }

    async fn deferred_indexes(&self) -> StoreResult<Vec<String>> {
        deferred::pending(&self.pool).await
    }

    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()> {
        deferred::restore(&self.pool, name).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        deferred::analyze(&self.pool).await
    }
    // --- Supervision dashboards (STAT-1, issue #6) ---
    async fn dashboard(&self, scope: &Scope) -> StoreResult<jiekang_store::dashboard::Dashboard> {
        dashboard::read(&self.pool, scope).await
    }

    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool> {
        dashboard::refresh(&self.pool, &self.pool, now, today, max_age).await
    }
    // Personal data sealed at rest (issue #5 item 3).
    // ====================================================================================

    async fn unlock(&self, keys: jiekang_store::sealed::Keyring) -> StoreResult<()> {
        sealing::check_keys(&self.pool, &keys).await?;
        self.keys.set(keys)
    }
    async fn reseal(
        &self,
        table: jiekang_store::at_rest::SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)> {
        sealing::reseal(
            &self.pool,
            &*self.keys.get()?,
            table,
            after,
            limit,
            only_plaintext,
        )
        .await
    }
    async fn sealing_report(&self) -> StoreResult<jiekang_store::sealed::SealingReport> {
        sealing::report(&self.pool).await
    }
}
