//! Password policy (issue: foundation; 等保 accounts): at least 12 characters drawn
//! from at least three of four classes (lower case, upper case, digits, other).

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("密码至少需要{min}个字符")]
    TooShort { min: usize },
    #[error("密码不能超过{max}个字符")]
    TooLong { max: usize },
    #[error("密码需包含大写字母、小写字母、数字、符号中的至少三类")]
    TooFewClasses,
}

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;
pub const MIN_CLASSES: usize = 3;

/// Password history (GB/T 22239-2019 8.1.4.1 a): a new password may
/// not be any of the last this many passwords of the account, the current one included.
pub const HISTORY_DEPTH: usize = 5;

/// Message when a new password repeats one of the last [`HISTORY_DEPTH`].
pub const REUSED_MESSAGE: &str = "新密码不能与最近5次使用过的密码相同";

/// Check a new password against the policy.
pub fn check_password_policy(password: &str) -> Result<(), PasswordPolicyError> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(PasswordPolicyError::TooShort { min: MIN_LEN });
    }
    if n > MAX_LEN {
        return Err(PasswordPolicyError::TooLong { max: MAX_LEN });
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|&&c| c).count() < MIN_CLASSES {
        return Err(PasswordPolicyError::TooFewClasses);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_examples() {
        assert_eq!(
            check_password_policy("Short1!"),
            Err(PasswordPolicyError::TooShort { min: 12 })
        );
        assert_eq!(
            check_password_policy("aaaaaaaaaaaaaaaa"),
            Err(PasswordPolicyError::TooFewClasses)
        );
        assert_eq!(
            check_password_policy("abcdefgh1234"),
            Err(PasswordPolicyError::TooFewClasses)
        );
        assert!(check_password_policy("Abcdefgh1234").is_ok());
        assert!(check_password_policy("戒毒康复工作abc123").is_ok());
    }
}
