//! Resolve the acting user once per request, from the session cookie or a bearer
//! token, and put it in the request's extensions for the route guard.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{TimeDelta, Utc};
use jiekang_store::model::Actor;

use super::session::{SESSION_COOKIE, bearer_token, cookie_value, hash_token};
use crate::state::AppState;

/// How the request proved who it is. Cookie requests need a CSRF token on every
/// state change; bearer requests cannot be forged by another site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// The authenticated user of a request.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub actor: Actor,
    pub via: Via,
    pub token_hash: String,
}

pub use crate::client_addr::ClientAddr;

/// Sessions are touched at most this often, to keep reads from turning into writes.
const TOUCH_EVERY: TimeDelta = TimeDelta::seconds(60);

pub async fn resolve_actor(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // GB/T 22239: the one client address of the request, for the address lockout, the
    // session list and every audit record (X-Forwarded-For only from a trusted proxy).
    let client = crate::client_addr::of_request(&req, &state.config.trusted_proxies);
    req.extensions_mut().insert(client.clone());
    let headers = req.headers();
    let found = match bearer_token(headers) {
        Some(t) => Some((t, Via::Bearer)),
        None => cookie_value(headers, SESSION_COOKIE).map(|t| (t, Via::Cookie)),
    };
    if let Some((token, via)) = found {
        let token_hash = hash_token(&token);
        let now = Utc::now();
        match state
            .store
            .session_actor(&token_hash, now, state.config.idle_timeout)
            .await
        {
            Ok(Some(actor)) => {
                if now - actor.last_seen_at > TOUCH_EVERY
                    && let Err(e) = state.store.touch_session(&token_hash, now).await
                {
                    tracing::warn!(error = %e, "could not touch session");
                }
                req.extensions_mut().insert(Authenticated {
                    actor,
                    via,
                    token_hash,
                });
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    jiekang_store::audit_client::scope(client.0, next.run(req)).await
}
