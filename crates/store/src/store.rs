//! The storage trait: what the application may ask of a database engine.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::Role;

use crate::audit_chain::AuditVerification;
use crate::cases::*;
use crate::error::StoreResult;
use crate::model::*;
use crate::scope::Scope;
use crate::tasks::{Task, TaskAnswer, TaskList};

/// Every engine implements this trait with its own SQL. Methods that read or write
/// units, users or persons take the acting user's [`Scope`]; a record outside it is
/// reported as [`crate::StoreError::NotFound`]. Each method is one transaction.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;
    /// The number of the newest applied migration.
    async fn schema_version(&self) -> StoreResult<i64>;

    // --- Units (ORG-1) -------------------------------------------------------
    /// All units of the scope, root first, each parent before its children.
    async fn units(&self, scope: &Scope) -> StoreResult<Vec<Unit>>;
    async fn unit(&self, scope: &Scope, id: i64) -> StoreResult<Unit>;
    async fn unit_by_code(&self, scope: &Scope, code: &str) -> StoreResult<Unit>;
    /// Create the root of the tree (a city, or a province for a larger installation).
    /// Only the operator's command line does this, with [`Scope::system`]; audited
    /// (`unit.created`, no actor).
    ///
    /// The administrative changes below (units and users) take the acting user's id
    /// (`None` for the operator's command line) and write their audit record, with the
    /// values before and after, in the same transaction (`crate::admin_audit`).
    async fn create_root_unit(
        &self,
        scope: &Scope,
        code: &str,
        name: &str,
        valid_from: NaiveDate,
    ) -> StoreResult<Unit>;
    /// Create a unit under a parent in scope. The caller has checked the code's shape.
    async fn create_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUnit,
    ) -> StoreResult<Unit>;
    async fn rename_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        name: &str,
        version: i64,
    ) -> StoreResult<Unit>;
    /// Retire a unit from a date on; refused while it has active children, users or persons.
    async fn retire_unit(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        valid_to: NaiveDate,
        version: i64,
    ) -> StoreResult<Unit>;

    // --- Users (ORG-3) -------------------------------------------------------
    async fn create_user(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        new: &NewUser,
    ) -> StoreResult<User>;
    async fn users(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<User>>;
    async fn user(&self, scope: &Scope, id: i64) -> StoreResult<User>;
    async fn user_by_username(&self, scope: &Scope, username: &str) -> StoreResult<User>;
    /// Disabling also ends the user's sessions.
    async fn set_user_disabled(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        disabled: bool,
    ) -> StoreResult<User>;
    /// Set a new password hash; ends the user's sessions. Audited as
    /// `user.password_changed` when `actor` is the user, else `user.password_reset`.
    async fn set_password(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        id: i64,
        password_hash: &str,
        must_change: bool,
    ) -> StoreResult<()>;
    /// Login lookup, before anyone is authenticated (so it has no scope).
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn record_login(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    // --- Sessions ------------------------------------------------------------
    async fn create_session(&self, new: &NewSession) -> StoreResult<()>;
    /// The actor of a live session: not expired, not idle longer than `idle`, user enabled.
    async fn session_actor(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Option<Actor>>;
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Remove sessions past their expiry or idle limit; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>, idle: TimeDelta) -> StoreResult<u64>;

    // --- Persons (INFO-1) ----------------------------------------------------
    /// Register a person. One person per ID number across the whole system. A number
    /// held inside the scope is refused naming the unit that holds it. A number held
    /// outside the scope is refused naming nothing (registration is no oracle of where
    /// numbers are held), and in one transaction the refusal is audited
    /// (`person.duplicate_refused`, with both units, on the held person) and the holding
    /// unit's office gets a task 他处登记重复证件号码, due by `cal` counted from `today`
    /// (one open task per person and registering unit).
    async fn register_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Person>;
    /// [`Store::register_person`] on Beijing's today with the embedded calendar, for the
    /// command line, demonstrations and tests.
    async fn create_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
    ) -> StoreResult<Person> {
        self.register_person(
            scope,
            actor_user_id,
            new,
            HolidayCalendar::embedded(),
            jiekang_domain::clock::beijing_date(Utc::now()),
        )
        .await
    }
    async fn persons(
        &self,
        scope: &Scope,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> StoreResult<Page<PersonListItem>>;
    /// Open a person's archive; the read is written to the audit trail in the same transaction.
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person>;
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64>;
    /// Set-based load of many persons in one transaction (demo data, imports).
    async fn bulk_insert_persons(&self, rows: &[BulkPerson], created_by: i64) -> StoreResult<u64>;

    // --- Tasks (待办事项) -------------------------------------------------------
    /// The tasks addressed to the units of the scope: open ones oldest first, finished
    /// ones newest first, keyset by id.
    async fn tasks(
        &self,
        scope: &Scope,
        list: TaskList,
        page: PageRequest,
    ) -> StoreResult<Page<Task>>;
    /// One task of the scope.
    async fn task(&self, scope: &Scope, id: i64) -> StoreResult<Task>;
    /// The office answers an open task (at `version`); the kind's rule decides whether the
    /// answer closes it. Audited (`task.answered`) in the same transaction.
    async fn answer_task(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        answer: &TaskAnswer,
        today: NaiveDate,
    ) -> StoreResult<Task>;
    /// How many tasks of the scope are open (the home page's figure).
    async fn count_open_tasks(&self, scope: &Scope) -> StoreResult<i64>;

    // --- Case work (issue #4) -------------------------------------------------
    /// Record a decision (CASE-1): a new case in state 已决定 with its CASE-2 and N3
    /// deadlines. Refused while the person has an open case, and from any role but the
    /// police (N1, `jiekang_domain::case::may_record_decision`).
    async fn create_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        new: &NewCase,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case>;
    /// The cases of a person in scope, newest first.
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>>;
    /// INFO-1 — open a person's archive: the person, the profile and the cases read in
    /// one snapshot, and its audit record (`person.read`; through a grant
    /// `person.read_break_glass`) written before it is handed out. Outside the scope
    /// and without a grant: [`crate::StoreError::NotFound`], nothing recorded.
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive>;
    /// Everything about one case; the read is audited. The receiving township of a
    /// pending transfer may read it too.
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile>;
    /// Apply one command to a case the user saw at `version`; [`crate::StoreError::Stale`]
    /// if someone saved it since.
    #[allow(clippy::too_many_arguments)]
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
    ) -> StoreResult<Case>;
    /// CASE-2 — acknowledge a police hand-over sent to a unit in scope.
    async fn receive_handover(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        handover_id: i64,
        on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<()>;
    /// One page of a work queue.
    async fn queue(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> StoreResult<QueuePage>;
    async fn queue_count(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
    ) -> StoreResult<i64>;
    /// The counts of `kinds` in the scope, in order (the queue page's tabs). The
    /// state-only queues are read from the counts the triggers keep, always current.
    /// The others are counted now ([`Store::queue_count`]) for a scope of one unit;
    /// a scope of several units reads them from today's dashboard snapshot when there
    /// is one (`as_of` says when it was taken), as the dashboards do.
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<crate::cases::QueueCounts>;
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta>;
    /// D2, D4 — re-plan provisionally drawn test dates with the calendar now in force,
    /// up to `limit` cases after case id `after`; returns (cases re-planned, last case
    /// id seen or `None` when done). Call again with the last id until `None`.
    async fn replan_provisional_windows(
        &self,
        cal: &HolidayCalendar,
        after: i64,
        limit: i64,
    ) -> StoreResult<(u64, Option<i64>)>;
    /// INFO-1 — the person's identity and history beyond the registry.
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile>;
    /// Save the profile of a person the user saw at `version`; audited.
    async fn update_person_profile(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: i64,
        version: i64,
        profile: &PersonProfile,
    ) -> StoreResult<()>;
    /// An attachment with its bytes; the read is audited.
    async fn attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Attachment>;

    // --- Break the glass (issue #5 item 2) ----------------------------------------
    /// Grant the user time-limited access to the one person with this exact ID number,
    /// outside their scope, for a written reason; audited. Returns the person id.
    async fn open_emergency_access(
        &self,
        request: &crate::emergency::EmergencyRequest,
    ) -> StoreResult<i64>;
    /// Read a person through an unexpired grant of this user; audited.
    async fn person_via_emergency_access(
        &self,
        user_id: i64,
        person_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Person>;
    /// Grants whose user or person lies in the scope, newest first.
    async fn emergency_grants(
        &self,
        scope: &Scope,
        limit: i64,
    ) -> StoreResult<Vec<crate::emergency::EmergencyGrant>>;

    // --- Working-day calendar (D2) ------------------------------------------
    /// The notice in force for each year entered at run time (newest per year), by year.
    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>>;
    /// Record notices (year, notice text) in one transaction; each replaces its year.
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()>;

    // --- Audit ---------------------------------------------------------------
    /// Append to the hash-chained audit trail (INFO-2; issue #5). `at` is kept to the
    /// microsecond; the username and unit are filled in from `user_id` when known.
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()>;
    async fn audit_count(&self, action: &str) -> StoreResult<i64>;
    /// Audit records of the scope (the unit the record belongs to lies in it),
    /// newest first, keyset-paged on id.
    async fn audit_events(
        &self,
        scope: &Scope,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> StoreResult<Page<AuditRecord>>;
    async fn count_audit_events(&self, scope: &Scope, filter: &AuditFilter) -> StoreResult<i64>;
    /// Walk the whole chain in id order, in batches, and check every link and the head.
    /// `progress(checked, total)` is called after each batch.
    async fn audit_verify(
        &self,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification> {
        self.audit_verify_anchored(&[], progress).await
    }
    /// [`Store::audit_verify`], also looking for each of `anchors` (head hashes the
    /// operator kept outside the database) on the checked records; those not found are
    /// [`AuditVerification::missing_anchors`] (security item 8).
    async fn audit_verify_anchored(
        &self,
        anchors: &[String],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> StoreResult<AuditVerification>;
    /// The chain head as it is now: newest id, its hash and the count (security item 8:
    /// `jiekang serve` writes it out to be kept elsewhere).
    async fn audit_head(&self) -> StoreResult<crate::audit_chain::ChainHead>;

    // ====================================================================================
    // Accounts (issue #5 item 4; GB/T 22239-2019 8.1.4.1): lockout, password history,
    // TOTP second factor, a user's own sessions. Kept together so that merges stay easy.
    // ====================================================================================

    /// The end of the lock on `key` if it is locked at `now`.
    async fn login_lock(
        &self,
        key: &LoginKey,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;
    /// Record a failed login against `key` at `at`, in one transaction that counts the
    /// failures of the window (`jiekang_domain::lockout`) and locks the key when they
    /// reach the limit. Returns the end of the lock this failure started, if any.
    async fn record_login_failure(
        &self,
        key: &LoginKey,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;
    /// Forget the failures of `key` (after a successful login).
    async fn clear_login_failures(&self, key: &LoginKey) -> StoreResult<()>;
    /// The current password hash followed by earlier ones, newest first, at most `n`.
    /// [`Store::set_password`] keeps the history.
    async fn recent_password_hashes(&self, user_id: i64, n: usize) -> StoreResult<Vec<String>>;

    /// The user's confirmed TOTP secret, if any.
    async fn second_factor(&self, user_id: i64) -> StoreResult<Option<SecondFactor>>;
    /// Store a confirmed secret whose code of `step` the user just entered (so that code
    /// cannot be used again). Refused if the user already has one.
    async fn enable_second_factor(
        &self,
        user_id: i64,
        secret: &str,
        step: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Accept the code of `step` once: true if `step` is after the last step used (and
    /// now recorded as used), false for a replay. Atomic across instances.
    async fn use_second_factor_step(&self, user_id: i64, step: u64) -> StoreResult<bool>;
    /// Remove the user's secret; false if there was none.
    async fn disable_second_factor(&self, user_id: i64) -> StoreResult<bool>;
    /// An administrator removes the TOTP secret of a user in scope (a lost phone);
    /// false if there was none. Audited (`totp.reset`) in the same transaction when
    /// one was removed.
    async fn reset_second_factor(
        &self,
        scope: &Scope,
        actor: Option<i64>,
        user_id: i64,
    ) -> StoreResult<bool>;
    /// Mark a pending session as having passed its second factor, set its new expiry and
    /// renew its id: from now on it is found by `new_token_hash` only, the old token no
    /// longer works (GB/T 22239; OWASP ASVS 3.2.1). False if no pending session had
    /// `token_hash`.
    async fn complete_second_factor(
        &self,
        token_hash: &str,
        new_token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// The user's live sessions (not expired, not idle longer than `idle`), newest first.
    async fn user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
    ) -> StoreResult<Vec<SessionInfo>>;
    /// End one of the user's own sessions; false if the user has no such session.
    async fn delete_user_session(&self, user_id: i64, token_hash: &str) -> StoreResult<bool>;
    /// End every session of the user except `keep`; returns how many ended.
    async fn delete_other_sessions(&self, user_id: i64, keep: &str) -> StoreResult<u64>;

    // --- Daily sweep and job leases (issue #6 items 3–4) ----------------------
    /// Claim `period` of `job` for `holder` until `now + ttl`: a new period is claimed
    /// with INSERT … ON CONFLICT DO NOTHING (one claimer wins); an unfinished period
    /// whose lease expired is taken over. `true` when `holder` now holds it.
    async fn try_claim_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Extend the holder's unfinished lease; `false` when it is no longer theirs.
    async fn renew_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        ttl: TimeDelta,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Mark the holder's lease finished (the period is done and never runs again).
    async fn finish_lease(
        &self,
        job: &str,
        period: &str,
        holder: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn lease(&self, job: &str, period: &str) -> StoreResult<Option<crate::sweep::JobLease>>;
    /// The highest case id (0 without cases), for the sweep's key ranges.
    async fn max_case_id(&self) -> StoreResult<i64>;
    /// D4 — settle up to `limit` closed, untested windows (missed or void); returns the
    /// counts and how many windows were settled.
    async fn sweep_windows(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        limit: i64,
    ) -> StoreResult<(crate::sweep::SweepCounts, u64)>;
    /// N3, CASE-2, N12 — raise and clear the flags of cases `from..=to`.
    async fn sweep_cases(
        &self,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<crate::sweep::SweepCounts>;
    /// CASE-2 — flag up to `limit` unacknowledged hand-overs after hand-over id `after`;
    /// returns the counts, how many were looked at and the last id (`None` at the end).
    async fn sweep_handovers(
        &self,
        cal: &HolidayCalendar,
        cutoffs: &jiekang_domain::sweep::SweepCutoffs,
        after: i64,
        limit: i64,
    ) -> StoreResult<(crate::sweep::SweepCounts, u64, Option<i64>)>;
    /// Write the `sweep_runs` row and its audit record and finish the lease, in one
    /// transaction; `false` (nothing written) when `run.holder` no longer holds it.
    async fn finish_sweep(&self, job: &str, run: &crate::sweep::SweepRun) -> StoreResult<bool>;
    async fn sweep_run(&self, period: &str) -> StoreResult<Option<crate::sweep::SweepRun>>;
    /// The flags of one case, oldest first (the operator's and the tests' view).
    async fn case_flags(&self, case_id: i64) -> StoreResult<Vec<crate::sweep::CaseFlag>>;
    // ====================================================================================
    // Bulk histories (issue #6 item 1): realistic data at scale.
    // ====================================================================================

    /// Set-based load of whole case histories built by [`crate::bulk::CaseSim`] (the
    /// same rules as the commands), in one transaction: cases with fresh ids, their
    /// windows, tests, timeline, hand-overs, leave, absences, suspensions, the persons
    /// moved by accepted transfers, and the audit records chained after the head in
    /// batch order. The persons must exist.
    async fn bulk_load_histories(
        &self,
        batch: &crate::bulk::HistoryBatch,
    ) -> StoreResult<crate::bulk::BulkLoadStats>;
    /// Before a bulk load into a database nobody works in yet: drop the secondary
    /// (non-unique) indexes of [`crate::bulk::HISTORY_TABLES`], keeping each definition
    /// in `deferred_indexes`. Rebuilding an index once from sorted keys costs a fraction
    /// of keeping it in step with millions of inserts in random key order. Returns how
    /// many were dropped (0 when they already were). On PostgreSQL the foreign keys of
    /// those tables are deferred the same way: checked by a trigger per row they cost
    /// several times the insert, re-added each is validated by one join. (SQLite checks
    /// a key by one primary-key probe and keeps them.)
    async fn defer_history_indexes(&self) -> StoreResult<u64>;
    /// The deferred indexes not yet rebuilt, by name.
    async fn deferred_indexes(&self) -> StoreResult<Vec<String>>;
    /// Build one deferred index again from its kept definition and forget it (one
    /// transaction). Unknown names are an error. Opening the store for work
    /// (`connect`) rebuilds whatever an interrupted load left deferred.
    async fn restore_deferred_index(&self, name: &str) -> StoreResult<()>;
    /// Refresh the query planner's statistics (after a bulk load).
    async fn analyze(&self) -> StoreResult<()>;
    // ====================================================================================
    // Supervision dashboards (STAT-1, issue #6; design in `crate::dashboard`).
    // ====================================================================================

    /// The dashboard of the scope: one row per child of the scope's unit (the roots for
    /// [`Scope::system`]), a 本级 row when orders are kept at the unit itself, and the
    /// total. Orders by state are current; the day-dependent figures are those of the
    /// last snapshot (use [`crate::dashboard::current`] to keep them fresh).
    async fn dashboard(&self, scope: &Scope) -> StoreResult<crate::dashboard::Dashboard>;
    /// Count the day-dependent figures for `today` again, unless the snapshot is for
    /// `today` and younger than `max_age` or another instance holds the refresh lease.
    /// Returns whether this call refreshed it.
    async fn refresh_dashboard(
        &self,
        now: DateTime<Utc>,
        today: NaiveDate,
        max_age: TimeDelta,
    ) -> StoreResult<bool>;
    // ====================================================================================
    // Personal data sealed at rest (issue #5 item 3): ID numbers, phones, TOTP secrets;
    // profiles' free text, test substances and attachments (security item 6).
    // ====================================================================================

    /// Check `keys` against the database's key checks and use it from now on; a
    /// wrong key is refused (never silent garbage). Records checks for key versions
    /// the database has not seen yet. Until a store is unlocked, every call that
    /// reads or writes a sealed value is refused.
    async fn unlock(&self, keys: crate::sealed::Keyring) -> StoreResult<()>;
    /// Seal under the active key, in one transaction, the rows of `table` with id
    /// above `after` (at most `limit` of them; attachments fewer, see
    /// [`crate::at_rest::SealedTable::batch`]): with `only_plaintext` those still
    /// holding plain text (after an upgrade), otherwise every one not under the active
    /// key (a rotation); the first call on persons (`after == 0`) also does the TOTP
    /// secrets. Returns (rows rewritten, the last id seen, or `None` when there are no
    /// more). Resumable: call again from the last id, or from 0 after an interruption.
    /// Every table of [`crate::at_rest::SealedTable::ALL`] must be worked through.
    async fn reseal(
        &self,
        table: crate::at_rest::SealedTable,
        after: i64,
        limit: i64,
        only_plaintext: bool,
    ) -> StoreResult<(u64, Option<i64>)>;
    /// Sealed values by key version and values still in plain text (a full scan).
    async fn sealing_report(&self) -> StoreResult<crate::sealed::SealingReport>;
}
