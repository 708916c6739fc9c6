//! The login procedure shared by the login page and the API: one generic message
//! for a wrong user or password, a new server-side session on success, and an audit
//! record either way.
//!
//! Account rules (GB/T 22239-2019 8.1.4.1 b, d; OWASP ASVS 2.2.1, 2.8):
//! - lockout: failures are counted per typed username (existing or not) and per client
//!   address; a locked key is refused with one message that says nothing about the
//!   username, without checking the password ([`jiekang_domain::lockout`]);
//! - second factor: a user with TOTP gets a session that owes its code (pages) or must
//!   send the code with the password (API); roles that must use TOTP and have none are
//!   let in only to enrol (the guard sees to that).

use chrono::{DateTime, Utc};
use jiekang_domain::lockout::minutes_left;
use jiekang_domain::second_factor::{PENDING_MINUTES, required_for};
use jiekang_store::model::{AuditEntry, LoginKey, NewSession};

use super::password::verify_password;
use super::session::{hash_token, new_token};
use super::totp::{login_keys, verify_login_code};
use crate::error::AppError;
use crate::i18n::{Msg, msg};
use crate::state::AppState;

/// The one message for every failed login, so that usernames cannot be probed.
pub const LOGIN_FAILED: &str = "login-wrong-username-or-password";
/// API login of a user with TOTP but without a code.
pub const CODE_REQUIRED: &str = "login-code-required";
/// API login of a role that must use TOTP before enrolling.
pub const ENROL_FIRST: &str = "login-account-must-use-two";

/// The message for a locked account or address (the same either way).
pub fn locked_message(until: DateTime<Utc>, now: DateTime<Utc>) -> Msg {
    msg("login-locked").arg("minutes", minutes_left(until, now))
}

/// Where the login comes from: the page (the code is a second step) or the API (the
/// code comes with the password).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel<'a> {
    Page,
    Api { totp_code: Option<&'a str> },
}

pub struct LoggedIn {
    pub token: String,
    pub expires_at: chrono::DateTime<Utc>,
    /// The session still owes its TOTP code (page logins only).
    pub second_factor_pending: bool,
}

fn entry(
    at: DateTime<Utc>,
    user_id: Option<i64>,
    username: &str,
    action: &str,
    detail: String,
    client: &str,
) -> AuditEntry {
    AuditEntry {
        at,
        user_id,
        username: username.to_owned(),
        action: action.to_owned(),
        object_type: "session".to_owned(),
        object_id: None,
        person_id: None,
        detail,
        client: client.to_owned(),
    }
}

/// The latest lock in force on any key of this attempt.
async fn lock_in_force(
    state: &AppState,
    keys: &[LoginKey],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let mut until: Option<DateTime<Utc>> = None;
    for key in keys {
        if let Some(u) = state.store.login_lock(key, now).await? {
            until = Some(until.map_or(u, |x| x.max(u)));
        }
    }
    Ok(until)
}

/// Count a failed login (wrong password or code) against the username and the address;
/// a failure that starts a lock is audited and returns the lock message.
pub async fn count_failure(
    state: &AppState,
    username: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Option<Msg>, AppError> {
    let mut until: Option<DateTime<Utc>> = None;
    for key in login_keys(username, client) {
        if let Some(u) = state.store.record_login_failure(&key, now).await? {
            let (kind, subject) = key.parts();
            state
                .store
                .audit(&entry(
                    now,
                    None,
                    username,
                    "login.lockout",
                    format!("{kind}:{subject}"),
                    client,
                ))
                .await?;
            until = Some(until.map_or(u, |x| x.max(u)));
        }
    }
    Ok(until.map(|u| locked_message(u, now)))
}

pub async fn attempt(
    state: &AppState,
    username: &str,
    password: &str,
    client: &str,
    channel: Channel<'_>,
) -> Result<LoggedIn, AppError> {
    let username: String = username
        .trim()
        .to_ascii_lowercase()
        .chars()
        .take(64)
        .collect();
    let now = Utc::now();
    let keys = login_keys(&username, client);
    if let Some(until) = lock_in_force(state, &keys, now).await? {
        state
            .store
            .audit(&entry(
                now,
                None,
                &username,
                "login.locked",
                String::new(),
                client,
            ))
            .await?;
        return Err(AppError::Locked(locked_message(until, now)));
    }
    let creds = state.store.credentials(&username).await?;
    let (user_id, stored, disabled) = match creds {
        Some(c) => (Some(c.user_id), Some(c.password_hash), c.disabled),
        None => (None, None, false),
    };
    let ok = verify_password(password.to_owned(), stored).await && !disabled;
    let Some(user_id) = user_id.filter(|_| ok) else {
        state
            .store
            .audit(&entry(
                now,
                user_id,
                &username,
                "login.failed",
                String::new(),
                client,
            ))
            .await?;
        if let Some(msg) = count_failure(state, &username, client, now).await? {
            return Err(AppError::Locked(msg));
        }
        return Err(AppError::BadRequest(msg(LOGIN_FAILED)));
    };
    let has_totp = state.store.second_factor(user_id).await?.is_some();
    let mut pending = false;
    match channel {
        Channel::Page => pending = has_totp,
        Channel::Api { totp_code } if has_totp => {
            let Some(code) = totp_code.filter(|c| !c.trim().is_empty()) else {
                return Err(AppError::BadRequest(msg(CODE_REQUIRED)));
            };
            verify_login_code(state, user_id, &username, code, client).await?;
        }
        Channel::Api { .. } => {
            let role = state
                .store
                .user(&jiekang_store::Scope::system(), user_id)
                .await?
                .role;
            if required_for(role) {
                return Err(AppError::BadRequest(msg(ENROL_FIRST)));
            }
        }
    }
    // The password was right: the account's count starts again (the address's does not,
    // so that one good account cannot shield guessing at others from the same place).
    state
        .store
        .clear_login_failures(&LoginKey::Account(username.clone()))
        .await?;
    let token = new_token();
    let expires_at = if pending {
        now + chrono::TimeDelta::minutes(PENDING_MINUTES)
    } else {
        now + state.config.session_lifetime
    };
    state
        .store
        .create_session(&NewSession {
            token_hash: hash_token(&token),
            user_id,
            csrf_token: new_token(),
            created_at: now,
            expires_at,
            client: client.to_owned(),
            second_factor_pending: pending,
        })
        .await?;
    if pending {
        state
            .store
            .audit(&entry(
                now,
                Some(user_id),
                &username,
                "login.password",
                String::new(),
                client,
            ))
            .await?;
    } else {
        state.store.record_login(user_id, now).await?;
        state
            .store
            .audit(&entry(
                now,
                Some(user_id),
                &username,
                "login",
                String::new(),
                client,
            ))
            .await?;
    }
    Ok(LoggedIn {
        token,
        expires_at,
        second_factor_pending: pending,
    })
}
