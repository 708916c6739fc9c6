//! Second factor (GB/T 22239-2019 8.1.4.1 d "两种或两种以上组合的鉴别技术",
//! OWASP ASVS 2.8): time-based one-time passwords of RFC 6238.
//!
//! The parameters here are the ones every authenticator app understands (SHA-1, 6
//! digits, 30 s). A code is accepted one step either side of now, and never twice: a
//! step not after the last used one is a replay.

use crate::permission::Role;

/// Seconds per step (RFC 6238 default).
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: u8 = 6;
/// Steps accepted either side of the current one (clock skew).
pub const SKEW_STEPS: u8 = 1;
/// Bytes of a new secret (160 bits, RFC 4226 recommendation).
pub const SECRET_BYTES: usize = 20;
/// A session that passed the password but not yet the code lives this long.
pub const PENDING_MINUTES: i64 = 5;
/// Name shown in authenticator apps.
pub const ISSUER: &str = "Jiekang";

/// Roles that must use a second factor : the administrator, city supervision and the auditor.
pub fn required_for(role: Role) -> bool {
    matches!(role, Role::Admin | Role::CitySupervisor | Role::Auditor)
}

/// The step of a Unix time.
pub fn step_of(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// Whether a code that matched `step` may be accepted, given the last step already used.
pub fn is_fresh(step: u64, last_used: Option<u64>) -> bool {
    last_used.is_none_or(|last| step > last)
}

/// Whether `step` is within the skew of `now_step`.
pub fn within_skew(step: u64, now_step: u64) -> bool {
    step.abs_diff(now_step) <= u64::from(SKEW_STEPS)
}

/// Normalise what a user typed: spaces and hyphens dropped; `None` unless it is
/// exactly [`DIGITS`] ASCII digits.
pub fn normalise_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (code.len() == usize::from(DIGITS) && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mandatory_roles() {
        let required: Vec<Role> = Role::ALL.into_iter().filter(|r| required_for(*r)).collect();
        assert_eq!(
            required,
            vec![Role::Admin, Role::CitySupervisor, Role::Auditor]
        );
    }

    #[test]
    fn replays_and_skew() {
        assert!(is_fresh(10, None));
        assert!(is_fresh(11, Some(10)));
        assert!(!is_fresh(10, Some(10)));
        assert!(!is_fresh(9, Some(10)));
        assert!(within_skew(9, 10) && within_skew(11, 10) && within_skew(10, 10));
        assert!(!within_skew(8, 10) && !within_skew(12, 10));
        assert_eq!(step_of(59), 1);
    }

    #[test]
    fn codes_are_normalised() {
        assert_eq!(normalise_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalise_code("123-456").as_deref(), Some("123456"));
        assert_eq!(normalise_code("12345"), None);
        assert_eq!(normalise_code("12345a"), None);
        assert_eq!(normalise_code("١٢٣٤٥٦"), None);
    }

    proptest! {
        #[test]
        fn a_used_step_is_never_fresh_again(last in 0u64..u64::MAX, back in 0u64..1000) {
            prop_assert!(!is_fresh(last.saturating_sub(back), Some(last)));
        }

        #[test]
        fn normalised_codes_are_six_digits(s in ".{0,20}") {
            if let Some(c) = normalise_code(&s) {
                prop_assert_eq!(c.len(), 6);
                prop_assert!(c.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
