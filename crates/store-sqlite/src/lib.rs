//! # jiekang-store-sqlite — the embedded engine
//!
//! One file holds a district's data. Writes go through a single connection (SQLite
//! has one writer; queuing them in the pool avoids lock-upgrade failures), reads use
//! a pool of connections in WAL mode so they never wait for a writer. Case commands
//! and the audit records of reads share commits (`group_commit`), and a connection of
//! its own checkpoints the log (`checkpointer`), so the writer never stops for it.

mod accounts;
mod audit;
mod bulk;
mod calendar;
mod cases;
// issue #6: WAL checkpoints in the background, not in the writer's commits
mod checkpointer;
mod dashboard;
mod deferred;
mod emergency;
// security item 6: the database files readable by their owner only
mod files;
// issue #6: changes and audit records committed in groups on the single writer
mod group_commit;
mod persons;
// issue #5 item 3: personal data sealed at rest
mod sealing;
mod sessions;
mod tasks;
mod units;
mod users;
// --- Daily sweep and job leases (issue #6 items 3–4) ---
mod sweep;

use std::path::Path;
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
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema version this build migrates to (the newest embedded migration).
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Reader connections (issue #6). Each statement runs on its connection's own thread,
/// so two per core keep both cores busy; more only added page caches that every
/// commit empties (WAL) and that each filled again from the kernel.
const READERS: u32 = 4;

/// The SQLite implementation of [`Store`].
#[derive(Clone)]
pub struct SqliteStore {
    read: SqlitePool,
    write: SqlitePool,
    /// Issue #6: case commands and audit records of their own, committed in groups on
    /// `write`.
    commits: group_commit::GroupCommit,
    /// Issue #6: the connection of the background WAL checkpoints (not for a file
    /// opened as it is).
    checkpoints: Option<SqlitePool>,
    /// Issue #5 item 3: the keyring, once [`Store::unlock`] accepted it.
    keys: jiekang_store::sealed::KeySlot,
}

impl SqliteStore {
    /// Open (creating if missing) the database at `url` (`sqlite://path` or a plain path)
    /// and apply pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::open(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Open without migrating (for `jiekang migrate` to report what it does).
    pub async fn open(url: &str) -> StoreResult<Self> {
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite://{url}")
        };
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // issue #5 item 3: freed space is zeroed, so plain text replaced by sealed
            // values (the upgrade pass) does not linger in free pages
            .pragma("secure_delete", "ON");
        // security item 6: a new database file is made 0600 before SQLite opens it (its
        // -wal and -shm take that mode), an older 0644 one is narrowed
        let file = (!files::is_memory(&url)).then(|| options.get_filename().to_path_buf());
        if let Some(path) = &file {
            files::create_private(path).map_err(|e| StoreError::Backend(Box::new(e)))?;
            files::restrict(path);
        }
        // A connection to a local file does not go stale: no ping before each use (a
        // ping is a round trip to the connection's thread, issue #6).
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(
                options
                    .clone()
                    .pragma("wal_autocheckpoint", checkpointer::WRITER_AUTOCHECKPOINT),
            )
            .await?;
        let checkpoints = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(READERS)
            .test_before_acquire(false)
            .connect_with(options.read_only(false))
            .await?;
        checkpointer::start(checkpoints.clone());
        if let Some(path) = &file {
            files::restrict(path);
        }
        Ok(Self {
            read,
            commits: group_commit::GroupCommit::start(write.clone()),
            write,
            checkpoints: Some(checkpoints),
            keys: Default::default(),
        })
    }

    /// Apply pending migrations; returns the schema version afterwards.
    pub async fn migrate(&self) -> StoreResult<i64> {
        MIGRATOR.run(&self.write).await?;
        // rows older than the audit chain are chained once (migration 0004; issue #5)
        audit::seal_legacy(&self.write).await?;
        // issue #6 item 1: indexes an interrupted bulk load left deferred
        deferred::restore_all(&self.write).await?;
        self.schema_version().await
    }

    /// Consistent online copy of the whole database into a new file (`VACUUM INTO`): one
    /// read transaction, so writers carry on (WAL) and the copy is a snapshot of the
    /// moment it began. SQLite refuses a target that exists and is not empty.
    /// The copy is 0600 (security item 6): created empty with that mode first, which
    /// `VACUUM INTO` accepts.
    pub async fn backup_to(&self, path: &str) -> StoreResult<()> {
        files::create_private(Path::new(path)).map_err(|e| StoreError::Backend(Box::new(e)))?;
        files::restrict(Path::new(path));
        sqlx::query("VACUUM INTO ?1")
            .bind(path)
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// Open an existing database file as it is: never created, its journal mode left
    /// alone and no migration applied (issue #5 item 8: checking a backup, reading the
    /// chain head of a fresh copy). Read-only unless `writable`.
    pub async fn open_file(path: &Path, writable: bool) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .read_only(!writable)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await?;
        if writable {
            // security item 6: side files written now take the file's mode
            files::restrict(path);
        }
        Ok(Self {
            read,
            commits: group_commit::GroupCommit::start(write.clone()),
            write,
            checkpoints: None,
            keys: Default::default(),
        })
    }

    /// The schema version recorded in this database, or `None` when it has no migration
    /// table (not a Jiekang database).
    pub async fn recorded_schema_version(&self) -> StoreResult<Option<i64>> {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&self.read)
        .await?;
        if has_table == 0 {
            return Ok(None);
        }
        Ok(Some(self.schema_version().await?))
    }

    /// Fold the write-ahead log into the main file and empty it, so the file alone is
    /// the whole database (before it is renamed into place by `jiekang restore`).
    pub async fn checkpoint(&self) -> StoreResult<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        if let Some(checkpoints) = &self.checkpoints {
            checkpoints.close().await;
        }
        self.write.close().await;
        self.read.close().await;
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
impl Store for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.read)
                .await?;
        Ok(v.unwrap_or(0))
    }

    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>> {
        units::list(&self.read, scope).await
    }
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit> {
        units::get(&self.read, scope, id).await
    }
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit> {
        units::get_by_code(&self.read, scope, code).await
    }
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit> {
        units::create_root(&self.write, scope, code, name, valid_from).await
    }
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit> {
        units::create(&self.write, scope, actor, new).await
    }
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit> {
        units::rename(&self.write, scope, actor, id, name, version).await
    }
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit> {
        units::retire(&self.write, scope, actor, id, valid_to, version).await
    }

    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User> {
        users::create(&self.write, scope, actor, new).await
    }
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>> {
        users::list(&self.read, scope, page).await
    }
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User> {
        users::get(&self.read, scope, id).await
    }
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User> {
        users::get_by_username(&self.read, scope, username).await
    }
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User> {
        users::set_disabled(&self.write, scope, actor, id, disabled).await
    }
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()> {
        users::set_password(&self.write, scope, actor, id, password_hash, must_change).await
    }
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        users::credentials(&self.read, username).await
    }
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        users::record_login(&self.write, user_id, at).await
    }

    async fn create_session(&self, new: &NewSession) -> StoreResult<()> {
        sessions::create(&self.write, new).await
    }
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>> {
        sessions::actor(&self.read, token_hash, now, idle).await
    }
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sessions::touch(&self.write, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sessions::delete(&self.write, token_hash).await
    }
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64> {
        sessions::purge(&self.write, now, idle).await
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
            &self.write,
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
        tasks::list(&self.read, scope, list, page).await
    }
    async fn task(&self, scope: &Scope, id: i64) -> StoreResult<jiekang_store::tasks::Task> {
        tasks::get(&self.read, scope, id).await
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
        tasks::answer(
            &self.write,
            scope,
            actor_user_id,
            id,
            version,
            answer,
            today,
        )
        .await
    }
    async fn count_open_tasks(&self, scope: &Scope) -> StoreResult<i64> {
        tasks::count_open(&self.read, scope).await
    }
    async fn persons(
        &self,
        scope: &Scope,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> StoreResult<Page<PersonListItem>> {
        persons::list(&self.read, &*self.keys.get()?, scope, filter, page).await
    }
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person> {
        persons::open(
            &self.read,
            &self.commits,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            id,
        )
        .await
    }
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64> {
        persons::count(&self.read, scope).await
    }
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64> {
        persons::bulk_insert(&self.write, &*self.keys.get()?, rows, created_by).await
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
        cases::create(&self.write, scope, actor_user_id, role, new, cal, today).await
    }
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>> {
        cases::of_person(&self.read, scope, person_id).await
    }
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive> {
        let keys = self.keys.get()?;
        cases::open_archive(
            &self.read,
            &self.commits,
            &keys,
            scope,
            actor_user_id,
            person_id,
            access,
        )
        .await
    }
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile> {
        cases::file(&self.write, &*self.keys.get()?, scope, actor_user_id, id).await
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
        let (scope, command, cal) = (scope.clone(), command.clone(), cal.clone());
        let keys = self.keys.get()?;
        self.commits
            .change(move |conn| {
                Box::pin(async move {
                    cases::apply_in(
                        conn,
                        &keys,
                        &scope,
                        actor_user_id,
                        role,
                        id,
                        version,
                        &command,
                        &cal,
                        today,
                    )
                    .await
                })
            })
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
        cases::receive_handover(&self.write, scope, actor_user_id, handover_id, on, today).await
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
            &self.read,
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
        cases::queue_count(&self.read, scope, kind, today).await
    }
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<QueueCounts> {
        cases::queue_counts(&self.read, scope, kinds, today).await
    }
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta> {
        cases::add_attachment(
            &self.write,
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
        cases::replan_provisional(&self.write, cal, after, limit).await
    }
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile> {
        cases::profile(&self.read, &*self.keys.get()?, scope, person_id).await
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
            &self.write,
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
        cases::attachment(&self.write, &*self.keys.get()?, scope, actor_user_id, id).await
    }

    async fn open_emergency_access(
        &self,
        request: &jiekang_store::emergency::EmergencyRequest,
    ) -> StoreResult<i64> {
        emergency::open(&self.write, &*self.keys.get()?, request).await
    }
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person> {
        emergency::person(&self.write, &*self.keys.get()?, user_id, person_id, now).await
    }
    async fn emergency_grants(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> StoreResult<Vec<jiekang_store::emergency::EmergencyGrant>> {
        emergency::grants(&self.read, scope, limit).await
    }

    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>> {
        calendar::in_force(&self.read).await
    }
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()> {
        calendar::save(&self.write, entered_by, notices).await
    }

    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        self.commits.audit(entry.clone()).await
    }
    async fn audit_count(&self, action: &str) -> StoreResult<i64> {
        audit::count(&self.read, action).await
    }
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>> {
        audit::search(&self.read, scope, filter, page).await
    }
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64> {
        audit::search_count(&self.read, scope, filter).await
    }
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        audit::verify(&self.read, anchors, progress).await
    }
    async fn audit_head(&self) -> StoreResult<jiekang_store::audit_chain::ChainHead> {
        audit::current_head(&self.read).await
    }

    // ====================================================================================
    // Accounts (issue #5 item 4): lockout, password history, second factor, own sessions.
    // ====================================================================================

    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        accounts::lock(&self.read, key, now).await
    }
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        accounts::record_failure(&self.write, key, at).await
    }
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()> {
        accounts::clear_failures(&self.write, key).await
    }
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>> {
        accounts::recent_password_hashes(&self.read, user_id, n).await
    }
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>> {
        accounts::second_factor(&self.read, &*self.keys.get()?, user_id).await
    }
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        accounts::enable_second_factor(&self.write, &*self.keys.get()?, user_id, secret, step, at)
            .await
    }
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool> {
        accounts::use_step(&self.write, user_id, step).await
    }
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool> {
        accounts::disable_second_factor(&self.write, user_id).await
    }
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool> {
        users::reset_second_factor(&self.write, scope, actor, user_id).await
    }
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        accounts::complete_second_factor(&self.write, token_hash, new_token_hash, expires_at).await
    }

    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>> {
        accounts::user_sessions(&self.read, user_id, now, idle).await
    }
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool> {
        accounts::delete_user_session(&self.write, user_id, token_hash).await
    }
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64> {
        accounts::delete_other_sessions(&self.write, user_id, keep).await
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
        sweep::try_claim_lease(&self.write, job, period, holder, ttl, now).await
    }
    async fn renew_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sweep::renew_lease(&self.write, job, period, holder, ttl, now).await
    }
    async fn finish_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sweep::finish_lease(&self.write, job, period, holder, now).await
    }
    async fn lease(
        &self,
        job: &str,
        period: &str,
    ) -> StoreResult<Option<jiekang_store::sweep::JobLease>> {
        sweep::lease(&self.read, job, period).await
    }
    async fn max_case_id(&self) -> StoreResult<i64> {
        sweep::max_case_id(&self.read).await
    }
    async fn sweep_windows(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64)> {
        sweep::sweep_windows(&self.write, cutoffs, limit).await
    }
    async fn sweep_cases(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<jiekang_store::sweep::SweepCounts> {
        sweep::sweep_cases(&self.write, cutoffs, from, to).await
    }
    async fn sweep_handovers(
        &self,
        cal: &HolidayCalendar,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        after: i64,
        limit: i64,
    ) -> StoreResult<(jiekang_store::sweep::SweepCounts, u64, Option<i64>)> {
        sweep::sweep_handovers(&self.write, cal, cutoffs, after, limit).await
    }
    async fn finish_sweep(
        &self,
        job: &str,
        run: &jiekang_store::sweep::SweepRun,
    ) -> StoreResult<bool> {
        sweep::finish_sweep(&self.write, job, run).await
    }
    async fn sweep_run(&self, period: &str) -> StoreResult<Option<jiekang_store::sweep::SweepRun>> {
        sweep::sweep_run(&self.read, period).await
    }
    async fn case_flags(&self, case_id: i64) -> StoreResult<Vec<jiekang_store::sweep::CaseFlag>> {
        sweep::case_flags(&self.read, case_id).await
    }
    // --- Bulk histories (issue #6 item 1) ---
    async fn bulk_load_histories(
        &self,
        batch: &jiekang_store::bulk::HistoryBatch,
    ) -> StoreResult<jiekang_store::bulk::BulkLoadStats> {
        bulk::load(&self.write, &*self.keys.get()?, batch).await
    }

    async fn defer_history_indexes(&self) -> StoreResult<u64> {
        deferred::defer(&self.write).await
    }

    async fn deferred_indexes(&self) -> StoreResult<Vec<String>> {
        deferred::pending(&self.read).await
    }

    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()> {
        deferred::restore(&self.write, name).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        deferred::analyze(&self.write).await
    }
    // --- Supervision dashboards (STAT-1, issue #6) ---
    async fn dashboard(&self, scope: &Scope) -> StoreResult<jiekang_store::dashboard::Dashboard> {
        dashboard::read(&self.read, scope).await
    }

    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool> {
        dashboard::refresh(&self.read, &self.write, now, today, max_age).await
    }
    // Personal data sealed at rest (issue #5 item 3).
    // ====================================================================================

    async fn unlock(&self, keys: jiekang_store::sealed::Keyring) -> StoreResult<()> {
        sealing::check_keys(&self.write, &keys).await?;
        self.keys.set(keys)
    }
    async fn reseal(
        &self,
        table: jiekang_store::at_rest::SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)> {
        let done = sealing::reseal(
            &self.write,
            &*self.keys.get()?,
            table,
            after,
            limit,
            only_plaintext,
        )
        .await?;
        if only_plaintext && done.1.is_none() {
            // the write-ahead log still holds the pages as they were: fold it in and empty it
            let _ = self.checkpoint().await;
        }
        Ok(done)
    }
    async fn sealing_report(&self) -> StoreResult<jiekang_store::sealed::SealingReport> {
        sealing::report(&self.read).await
    }
}
