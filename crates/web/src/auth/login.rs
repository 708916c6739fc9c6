//! The login procedure shared by the login page and the API: one generic message
//! for a wrong user or password, a new server-side session on success, and an audit
//! record either way.

use chrono::Utc;
use jiekang_store::model::{AuditEntry, NewSession};

use super::password::verify_password;
use super::session::{hash_token, new_token};
use crate::error::AppError;
use crate::state::AppState;

/// The one message for every failed login, so that usernames cannot be probed.
pub const LOGIN_FAILED: &str = "用户名或密码错误";

pub struct LoggedIn {
    pub token: String,
    pub expires_at: chrono::DateTime<Utc>,
}

pub async fn attempt(
    state: &AppState,
    username: &str,
    password: &str,
    client: &str,
) -> Result<LoggedIn, AppError> {
    let username = username.trim().to_ascii_lowercase();
    let creds = state.store.credentials(&username).await?;
    let (user_id, stored, disabled) = match creds {
        Some(c) => (Some(c.user_id), Some(c.password_hash), c.disabled),
        None => (None, None, false),
    };
    let ok = verify_password(password.to_owned(), stored).await && !disabled;
    let now = Utc::now();
    let audit = |action: &str| AuditEntry {
        at: now,
        user_id,
        username: username.clone(),
        action: action.to_owned(),
        object_type: "session".to_owned(),
        object_id: None,
        person_id: None,
        detail: String::new(),
        client: client.to_owned(),
    };
    let Some(user_id) = user_id.filter(|_| ok) else {
        state.store.audit(&audit("login.failed")).await?;
        return Err(AppError::BadRequest(LOGIN_FAILED.to_owned()));
    };
    let token = new_token();
    let expires_at = now + state.config.session_lifetime;
    state
        .store
        .create_session(&NewSession {
            token_hash: hash_token(&token),
            user_id,
            csrf_token: new_token(),
            created_at: now,
            expires_at,
            client: client.to_owned(),
        })
        .await?;
    state.store.record_login(user_id, now).await?;
    state.store.audit(&audit("login")).await?;
    Ok(LoggedIn { token, expires_at })
}
