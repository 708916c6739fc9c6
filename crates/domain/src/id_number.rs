//! Identity documents: the resident ID number (GB 11643-1999, national-rules "Data facts")
//! and the other document types a person may be registered with.
//!
//! An [`IdNumber`] is always the canonical 18-character form with an uppercase `X`; old
//! 15-digit numbers are upgraded on parsing. Its `Debug` output is masked, because ID
//! numbers are confidential (N18) and `Debug` ends up in logs.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

/// ISO 7064 MOD 11-2 weights for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder 0..=10.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// Province-level parts (first two digits) of GB/T 2260 address codes. Any code under one
/// of these is accepted: the address code is where the number was first issued, and
/// retired codes such as 伊克昭盟 1527xx must pass (national-rules "Data facts"). 71 is
/// Taiwan, 81/82 Hong Kong/Macao and 83 Taiwan residents' residence permits, which use the
/// GB 11643 format.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// The earliest birth date accepted.
pub const EARLIEST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Sex as encoded in the ID number's sequence code (odd = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn parse(code: &str) -> Option<Sex> {
        match code {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// The English word (ui.md).
    pub fn label_en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// Why an ID number was refused. `Display` is the Chinese message shown on the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号码应为18位(或旧式15位),实为{len}位")]
    WrongLength { len: usize },
    /// `position` is 1-based.
    #[error("身份证号码第{position}位“{found}”不是数字")]
    NonDigit { position: usize, found: char },
    #[error("地址码{code}无效(前两位不是省级行政区划代码)")]
    BadAddressCode { code: String },
    #[error("出生日期{text}不存在")]
    BadBirthDate { text: String },
    #[error("出生日期{date}晚于今天")]
    BirthDateInFuture { date: NaiveDate },
    #[error("出生日期{date}早于1900年")]
    BirthDateTooEarly { date: NaiveDate },
    #[error("校验码错误:最后一位应为{expected},实为{found}")]
    BadChecksum { expected: char, found: char },
}

impl IdNumberError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::WrongLength { .. } => "wrong_length",
            IdNumberError::NonDigit { .. } => "non_digit",
            IdNumberError::BadAddressCode { .. } => "bad_address_code",
            IdNumberError::BadBirthDate { .. } => "bad_birth_date",
            IdNumberError::BirthDateInFuture { .. } => "birth_date_in_future",
            IdNumberError::BirthDateTooEarly { .. } => "birth_date_too_early",
            IdNumberError::BadChecksum { .. } => "bad_checksum",
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            IdNumberError::WrongLength { len } => {
                format!("an ID number has 18 characters (old numbers 15), not {len}")
            }
            IdNumberError::NonDigit { position, found } => {
                format!("character {position} ('{found}') is not a digit")
            }
            IdNumberError::BadAddressCode { code } => {
                format!("address code {code} does not start with a province code")
            }
            IdNumberError::BadBirthDate { text } => format!("birth date {text} does not exist"),
            IdNumberError::BirthDateInFuture { date } => {
                format!("birth date {date} is after today")
            }
            IdNumberError::BirthDateTooEarly { date } => {
                format!("birth date {date} is before 1900")
            }
            IdNumberError::BadChecksum { expected, found } => {
                format!(
                    "wrong check character: the last character should be {expected}, not {found}"
                )
            }
        }
    }
}

/// A resident ID number (居民身份证号码), GB 11643-1999, in canonical 18-character form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber {
    /// Invariant: 17 ASCII digits and a check character in `0-9X`.
    number: String,
    birth: NaiveDate,
}

impl IdNumber {
    /// Parses an 18-character number (lowercase `x` accepted) or an old 15-digit one
    /// (upgraded by inserting "19" before the birth year and appending the check
    /// character). Surrounding whitespace is ignored. `today` bounds the birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
        let s = input.trim();
        if let Some((i, c)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !matches!(c, '0'..='9' | 'X' | 'x'))
        {
            return Err(IdNumberError::NonDigit {
                position: i + 1,
                found: c,
            });
        }
        // Only ASCII is left, so bytes are characters from here on.
        let len = s.len();
        if len != 15 && len != 18 {
            return Err(IdNumberError::WrongLength { len });
        }
        if let Some(i) = s.bytes().position(|b| b == b'X' || b == b'x')
            && i != 17
        {
            return Err(IdNumberError::NonDigit {
                position: i + 1,
                found: char::from(s.as_bytes()[i]),
            });
        }
        let body: String = if len == 18 {
            s[..17].to_owned()
        } else {
            format!("{}19{}", &s[..6], &s[6..])
        };

        let province = (body.as_bytes()[0] - b'0') * 10 + (body.as_bytes()[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(IdNumberError::BadAddressCode {
                code: body[..6].to_owned(),
            });
        }

        let birth_text = &body[6..14];
        let (y, m, d) = (
            digits(&birth_text[..4]),
            digits(&birth_text[4..6]),
            digits(&birth_text[6..]),
        );
        let birth = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .ok_or_else(|| IdNumberError::BadBirthDate {
                text: birth_text.to_owned(),
            })?;
        if birth < EARLIEST_BIRTH {
            return Err(IdNumberError::BirthDateTooEarly { date: birth });
        }
        if birth > today {
            return Err(IdNumberError::BirthDateInFuture { date: birth });
        }

        let expected = check_char(body.as_bytes());
        if len == 18 {
            let found = char::from(s.as_bytes()[17].to_ascii_uppercase());
            if found != expected {
                return Err(IdNumberError::BadChecksum { expected, found });
            }
        }
        let mut number = body;
        number.push(expected);
        Ok(IdNumber { number, birth })
    }

    /// The canonical 18-character form.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// Odd sequence code (17th digit) = male.
    pub fn sex(&self) -> Sex {
        if (self.number.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The 6-digit address code of the place of first issue (GB/T 2260, possibly retired).
    pub fn address_code(&self) -> &str {
        &self.number[..6]
    }

    /// For lists and logs (N18): the address code, 8 asterisks for the birth date and
    /// the last 4 characters, e.g. `150602********1238`.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.number[..6], &self.number[14..])
    }

    /// Age in whole years on `on` (0 before the first birthday).
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        on.years_since(self.birth).unwrap_or(0)
    }
}

/// The GB 11643 check character for 17 leading digits, or `None` unless `first17` is
/// exactly 17 ASCII digits. (For generating test and demo numbers.)
pub fn check_character(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    (b.len() == 17 && b.iter().all(u8::is_ascii_digit)).then(|| check_char(b))
}

/// ISO 7064 MOD 11-2 over the first 17 bytes (ASCII digits).
fn check_char(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    char::from(CHECK_CHARS[(sum % 11) as usize])
}

/// Value of a run of ASCII digits (already checked by the caller).
fn digits(s: &str) -> u32 {
    s.bytes().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.number)
    }
}

mod document;
pub use document::*;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
