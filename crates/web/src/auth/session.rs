//! Session tokens and cookies. A token is 32 random bytes; the store keeps its
//! SHA-256 so that a copy of the database does not yield live sessions.

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "jk_session";
/// Double-submit token for the login form (before any session exists).
pub const LOGIN_CSRF_COOKIE: &str = "jk_login_csrf";

/// A fresh random token, hex-encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The value of a named cookie of the request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax (so links into the system keep the
/// session, while cross-site posts do not carry it), Secure under TLS.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age_secs: Option<i64>) -> String {
    let mut c = Cookie::build((name.to_owned(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(secs) = max_age_secs {
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    c.build().to_string()
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    set_cookie(name, "", secure, Some(0))
}

/// Constant-time comparison of two tokens.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
