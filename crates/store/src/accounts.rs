//! Records of the account rules (GB/T 22239-2019 8.1.4.1): lockout
//! keys, the second factor, and a user's own sessions. Re-exported from [`crate::model`].

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What failed logins are counted against (per account and per address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginKey {
    /// The typed username, normalised — whether or not such a user exists, so that a
    /// lock reveals nothing about existence.
    Account(String),
    /// The client address the login was made from.
    Address(String),
}

impl LoginKey {
    /// The `(kind, subject)` columns of `login_failures` and `login_locks`.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            LoginKey::Account(s) => ("account", s),
            LoginKey::Address(s) => ("address", s),
        }
    }
}

/// A user's confirmed TOTP secret (RFC 6238).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// Base32 secret.
    pub secret: String,
    /// The last step accepted; a code of this step or an earlier one is a replay.
    pub last_used_step: Option<u64>,
    pub enabled_at: DateTime<Utc>,
}

/// One live session of a user, for the user's own session list.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SessionInfo {
    /// The stored SHA-256 of the token. Never shown: the web layer derives a public id.
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client: String,
    /// Passed the password, waiting for the code.
    pub second_factor_pending: bool,
}
