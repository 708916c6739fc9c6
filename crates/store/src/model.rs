//! The records the store hands out and takes in, in domain terms.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiekang_domain::id_number::Sex;
use jiekang_domain::org::{UnitCode, UnitLevel};
use jiekang_domain::permission::Role;
use serde::Serialize;

use crate::scope::Scope;

// Accounts: lockout keys, second factor, session list.
pub use crate::accounts::{LoginKey, SecondFactor, SessionInfo};

/// A unit of the organisation tree (ORG-1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    #[serde(skip)]
    pub path: String,
    pub valid_from: NaiveDate,
    /// The last day the unit was valid; `None` while it is in use.
    pub valid_to: Option<NaiveDate>,
    pub version: i64,
}

impl Unit {
    /// Whether the unit is in use on `date` (codes change over time; old cases keep old codes).
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    /// Depth below the root (0 for the root).
    pub fn depth(&self) -> usize {
        self.path.matches('/').count().saturating_sub(2)
    }
}

/// Depth-first order of a scope's units, siblings sorted by code, so that every parent
/// comes before its children. (Byte order of paths would put /1/10/ before /1/9/.)
pub fn sort_tree(units: &mut [Unit]) {
    let codes: std::collections::HashMap<i64, String> =
        units.iter().map(|u| (u.id, u.code.clone())).collect();
    units.sort_by_cached_key(|u| -> Vec<String> {
        u.path
            .split('/')
            .filter_map(|id| id.parse::<i64>().ok())
            .map(|id| codes.get(&id).cloned().unwrap_or_default())
            .collect()
    });
}

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub parent_id: i64,
    pub code: UnitCode,
    pub name: String,
    pub valid_from: NaiveDate,
}

/// A user account. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_code: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub unit_id: i64,
    pub role: Role,
    pub password_hash: String,
    pub must_change_password: bool,
}

/// What login needs: looked up by username before anyone is authenticated.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub disabled: bool,
}

/// A server-side session; the cookie holds the token, the table only its hash.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client: String,
    /// The password was right, the TOTP code is still due.
    pub second_factor_pending: bool,
}

/// The authenticated user behind a request, with the scope every store call takes.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_level: UnitLevel,
    pub scope: Scope,
    pub csrf_token: String,
    pub must_change_password: bool,
    pub last_seen_at: DateTime<Utc>,
    /// This session still owes its TOTP code.
    pub second_factor_pending: bool,
    /// The user has a confirmed TOTP secret.
    pub second_factor_enabled: bool,
}

/// A person in the registry (INFO-1), as shown on the archive page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub id_type: String,
    /// Full number: only the archive page of an in-scope user shows it.
    pub id_number: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// INFO-2: who entered and who last maintained the record.
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

/// A row of a person list: the ID number comes masked from the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonListItem {
    pub id: i64,
    pub unit_name: String,
    pub name: String,
    pub id_number_masked: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct NewPerson {
    pub unit_id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
}

/// A person row for set-based bulk loading (demo data, imports).
#[derive(Debug, Clone)]
pub struct BulkPerson {
    pub unit_id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
}

/// Filters of the person list; all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Name starts with this text.
    pub name_prefix: Option<String>,
    /// Exact (canonical) ID number.
    pub id_number: Option<String>,
    /// Only this unit's subtree (still inside the actor's scope).
    pub unit_id: Option<i64>,
}

/// Keyset pagination: items after (below) the id `after`, newest first.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub after: Option<i64>,
    pub limit: u32,
}

impl PageRequest {
    pub const MAX_LIMIT: u32 = 500;

    pub fn first(limit: u32) -> Self {
        Self {
            after: None,
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }

    pub fn new(after: Option<i64>, limit: u32) -> Self {
        Self {
            after,
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the next page, if there is one.
    pub next_after: Option<i64>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    /// The person the record concerns, if any (searchable).
    pub person_id: Option<i64>,
    pub detail: String,
    pub client: String,
}

impl AuditEntry {
    /// A record the store writes itself, in the transaction of the change: a user (or the
    /// command line, `None`) acting on one stored object. No username: the user id
    /// identifies them (the store fills in the username). The client address is the one
    /// of the request being served ([`crate::audit_client`]; empty outside a request).
    /// An object of type `person` is also the record's person.
    pub fn of_object(
        at: DateTime<Utc>,
        user_id: Option<i64>,
        action: &str,
        object_type: &str,
        object_id: Option<i64>,
        detail: String,
    ) -> Self {
        Self {
            at,
            user_id,
            username: String::new(),
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id,
            person_id: object_id.filter(|_| object_type == "person"),
            detail,
            client: crate::audit_client::current(),
        }
    }
}

/// Filters of the audit search; all optional and combined with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// Exact username of the actor (lowercase, as stored).
    pub username: Option<String>,
    pub person_id: Option<i64>,
    /// Only records of this unit's subtree (still inside the auditor's scope).
    pub unit_id: Option<i64>,
    /// Exact action code, e.g. `person.read`.
    pub action: Option<String>,
    /// Any of these action codes (empty: no such filter), e.g. the administration of
    /// [`crate::admin_audit::ACTIONS`].
    pub actions: Vec<String>,
    /// At or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (exclusive).
    pub until: Option<DateTime<Utc>>,
}

/// One record of the audit trail as the auditor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub username: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub person_id: Option<i64>,
    /// The unit the record belongs to (the actor's unit; see the migration 0004 notes).
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub detail: String,
    pub client: String,
}

/// A holiday notice entered at run time (D2), in the import file format.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StoredCalendarNotice {
    pub id: i64,
    pub year: i32,
    pub notice: String,
    /// Display name of who entered it; empty when entered on the command line.
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

/// Activity at or before this instant no longer keeps a session alive at `now`. An
/// absurd idle limit saturates at 1970 (inside PostgreSQL's range) instead of panicking.
pub fn idle_cutoff(now: DateTime<Utc>, idle: TimeDelta) -> DateTime<Utc> {
    now.checked_sub_signed(idle)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .max(DateTime::<Utc>::UNIX_EPOCH)
}
