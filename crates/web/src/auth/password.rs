//! Password hashing with argon2id. Hashing is slow on purpose, so it runs on the
//! blocking pool and never stalls the async workers.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

use jiekang_domain::password::HISTORY_DEPTH;

use crate::error::AppError;

/// Hash a password (argon2id, default parameters: 19 MiB, 2 passes).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

pub fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Verify a password against a stored hash. With no stored hash (unknown user) a
/// throw-away hash is verified instead, so both cases take the same time.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// Whether a password matches any of the given hashes (the password
/// history). Runs on the blocking pool like every argon2 call.
pub async fn matches_any(password: String, hashes: Vec<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        hashes.iter().any(|h| {
            PasswordHash::new(h)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
    })
    .await
    .unwrap_or(false)
}

/// Whether a new password repeats one of the user's last [`HISTORY_DEPTH`] passwords.
pub async fn reuses_recent(
    store: &dyn jiekang_store::Store,
    user_id: i64,
    password: &str,
) -> Result<bool, AppError> {
    let hashes = store.recent_password_hashes(user_id, HISTORY_DEPTH).await?;
    Ok(matches_any(password.to_owned(), hashes).await)
}

/// A hash of a random secret nobody knows, made once per process.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password_blocking(&super::session::new_token()).unwrap_or_default())
}
