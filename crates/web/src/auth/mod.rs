//! Authentication and authorisation at the HTTP edge.
//!
//! - [`password`]: argon2id hashing, run off the async runtime.
//! - [`session`]: random tokens; the cookie holds the token, the store only its hash.
//! - [`resolve`]: one middleware that turns the cookie or bearer token into an actor.
//! - [`guard`]: the per-route check of [`crate::routes::Access`], CSRF included.
//! - [`totp`]: the TOTP second factor.

pub mod guard;
pub mod login;
pub mod password;
pub mod resolve;
pub mod session;
pub mod totp;

pub use resolve::{Authenticated, Via};
