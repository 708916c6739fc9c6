//! Typed text values parsed at the edge: names, usernames, free text.
//!
//! Parse, don't validate: a value of these types is known to be well-formed,
//! and every refusal carries a Chinese message for the form.

use serde::Serialize;

/// Why a text field was refused. The message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("不能为空")]
    Empty,
    #[error("不能超过{max}个字符")]
    TooLong { max: usize },
    #[error("不能少于{min}个字符")]
    TooShort { min: usize },
    #[error("含有不允许的字符")]
    BadCharacter,
}

/// Trim, refuse control characters, and bound the length in characters.
pub fn clean_text(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() && min > 0 {
        return Err(TextError::Empty);
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(TextError::BadCharacter);
    }
    let n = s.chars().count();
    if n < min {
        return Err(TextError::TooShort { min });
    }
    if n > max {
        return Err(TextError::TooLong { max });
    }
    Ok(s.to_owned())
}

/// Like [`clean_text`] but for a multi-line note: newlines and tabs are kept.
pub fn clean_note(input: &str, max: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(TextError::BadCharacter);
    }
    if s.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(s.replace("\r\n", "\n"))
}

/// A person's name as written on their ID document: Chinese, letters, the
/// middle dot of minority and foreign names (·), spaces and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 40;

    pub fn parse(input: &str) -> Result<Self, TextError> {
        let s = clean_text(input, 1, Self::MAX)?;
        let ok = s
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | '.' | ' ' | '-' | '\u{30FB}'));
        if !ok {
            return Err(TextError::BadCharacter);
        }
        Ok(PersonName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A login name: 3–32 characters of lowercase ASCII letters, digits, `_`, `.` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, TextError> {
        let s = clean_text(input, 3, 32)?.to_ascii_lowercase();
        let ok = s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
        });
        if !ok {
            return Err(TextError::BadCharacter);
        }
        Ok(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_of_every_kind_are_accepted() {
        for ok in ["张三", "阿依古丽·买买提", "Smith John", "巴特尔"] {
            assert!(PersonName::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            PersonName::parse("  ").expect_err("refused"),
            TextError::Empty
        );
        assert_eq!(
            PersonName::parse("张<script>").expect_err("refused"),
            TextError::BadCharacter
        );
        assert!(matches!(
            PersonName::parse(&"张".repeat(41)).expect_err("refused"),
            TextError::TooLong { max: 40 }
        ));
    }

    #[test]
    fn usernames_are_lowercased_and_restricted() {
        assert_eq!(
            Username::parse(" Zhang.San ").map(|u| u.0),
            Ok("zhang.san".into())
        );
        assert_eq!(
            Username::parse("张三丰").expect_err("refused"),
            TextError::BadCharacter
        );
        assert_eq!(
            Username::parse("ab").expect_err("refused"),
            TextError::TooShort { min: 3 }
        );
    }

    proptest! {
        #[test]
        fn clean_text_never_panics_and_respects_bounds(s in ".{0,80}") {
            if let Ok(t) = clean_text(&s, 1, 40) {
                prop_assert!(!t.is_empty() && t.chars().count() <= 40);
                prop_assert!(!t.chars().any(char::is_control));
            }
        }
    }
}

/// Mask an identifier for lists and exports (ui.md): an 18-digit number keeps its
/// first 6 and last 4 characters (`150602********1238`); shorter ones keep one
/// character at each end.
pub fn mask_identifier(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 15 {
        (6, 4)
    } else if n >= 3 {
        (1, 1)
    } else {
        (0, 0)
    };
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(chars[n - tail..].iter());
    out
}

#[cfg(test)]
mod mask_tests {
    use super::mask_identifier;

    #[test]
    fn masks_like_the_ui_guide() {
        assert_eq!(mask_identifier("150602199001011238"), "150602********1238");
        assert_eq!(mask_identifier("E12345678"), "E*******8");
        assert_eq!(mask_identifier("AB"), "**");
    }
}
