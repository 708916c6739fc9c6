//! A user's own sessions (GB/T 22239-2019 8.1.4.1): list them and end
//! one or all others, for the page and the API alike.
//!
//! A session is named outside the server by a public id derived from its stored hash
//! (SHA-256 again, shortened), so that neither the token nor its stored hash is shown.

use chrono::{DateTime, FixedOffset, Utc};
use jiekang_store::model::SessionInfo;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

/// One session as shown to its owner.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    /// Public id, for revoking.
    pub id: String,
    /// Beijing time with its offset (ISO 8601, `+08:00`), as every time shown.
    pub created_at: DateTime<FixedOffset>,
    pub last_seen_at: DateTime<FixedOffset>,
    pub expires_at: DateTime<FixedOffset>,
    /// Client address recorded at login.
    pub client: String,
    /// The session making this request.
    pub current: bool,
    /// Passed the password, still waiting for the TOTP code.
    pub second_factor_pending: bool,
}

pub fn public_id(token_hash: &str) -> String {
    hex::encode(Sha256::digest(
        format!("session-id:{token_hash}").as_bytes(),
    ))[..32]
        .to_owned()
}

fn view(s: SessionInfo, current: &str) -> SessionView {
    SessionView {
        id: public_id(&s.token_hash),
        current: s.token_hash == current,
        created_at: crate::shown_time::json(s.created_at),
        last_seen_at: crate::shown_time::json(s.last_seen_at),
        expires_at: crate::shown_time::json(s.expires_at),
        client: s.client,
        second_factor_pending: s.second_factor_pending,
    }
}

pub async fn list(state: &AppState, auth: &Authenticated) -> Result<Vec<SessionView>, AppError> {
    let sessions = state
        .store
        .user_sessions(auth.actor.user_id, Utc::now(), state.config.idle_timeout)
        .await?;
    Ok(sessions
        .into_iter()
        .map(|s| view(s, &auth.token_hash))
        .collect())
}

/// End the user's session with this public id. Returns whether it was the current one.
pub async fn revoke(state: &AppState, auth: &Authenticated, id: &str) -> Result<bool, AppError> {
    let sessions = state
        .store
        .user_sessions(auth.actor.user_id, Utc::now(), state.config.idle_timeout)
        .await?;
    let Some(target) = sessions
        .into_iter()
        .find(|s| crate::auth::session::tokens_match(&public_id(&s.token_hash), id))
    else {
        return Err(AppError::NotFound);
    };
    state
        .store
        .delete_user_session(auth.actor.user_id, &target.token_hash)
        .await?;
    Ok(target.token_hash == auth.token_hash)
}

/// End every other session of the user; returns how many ended.
pub async fn revoke_others(state: &AppState, auth: &Authenticated) -> Result<u64, AppError> {
    Ok(state
        .store
        .delete_other_sessions(auth.actor.user_id, &auth.token_hash)
        .await?)
}
