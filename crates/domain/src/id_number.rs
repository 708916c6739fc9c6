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

    /// The English word (ui.md; issue #7 English switch).
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

/// The kinds of identity document a person may be registered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// 居民身份证
    ResidentId,
    /// 护照
    Passport,
    /// 港澳居民来往内地通行证
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 外国人永久居留身份证
    ForeignerPermanent,
}

impl IdType {
    pub const ALL: [IdType; 5] = [
        IdType::ResidentId,
        IdType::Passport,
        IdType::HkMacaoPermit,
        IdType::TaiwanPermit,
        IdType::ForeignerPermanent,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::Passport => "passport",
            IdType::HkMacaoPermit => "hk_macao_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::ForeignerPermanent => "foreigner_permanent",
        }
    }

    pub fn parse(code: &str) -> Option<IdType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            IdType::ResidentId => "居民身份证",
            IdType::Passport => "护照",
            IdType::HkMacaoPermit => "港澳居民来往内地通行证",
            IdType::TaiwanPermit => "台湾居民来往大陆通行证",
            IdType::ForeignerPermanent => "外国人永久居留身份证",
        }
    }

    /// The English word (ui.md; issue #7 English switch).
    pub fn label_en(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident ID card",
            IdType::Passport => "passport",
            IdType::HkMacaoPermit => "Hong Kong/Macao travel permit",
            IdType::TaiwanPermit => "Taiwan travel permit",
            IdType::ForeignerPermanent => "foreigner permanent residence ID",
        }
    }
}

/// Length bounds for document numbers other than the resident ID.
pub const OTHER_DOCUMENT_CHARS: std::ops::RangeInclusive<usize> = 5..=20;

/// Why a document number was refused. `Display` is the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonIdentifierError {
    #[error(transparent)]
    IdNumber(#[from] IdNumberError),
    #[error("证件号码应为5–20位字母或数字,实为{len}位")]
    DocumentLength { len: usize },
    /// `position` is 1-based.
    #[error("证件号码第{position}位“{found}”不是字母或数字")]
    DocumentCharacter { position: usize, found: char },
}

impl PersonIdentifierError {
    pub fn code(&self) -> &'static str {
        match self {
            PersonIdentifierError::IdNumber(e) => e.code(),
            PersonIdentifierError::DocumentLength { .. } => "document_length",
            PersonIdentifierError::DocumentCharacter { .. } => "document_character",
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PersonIdentifierError::IdNumber(e) => e.message_en(),
            PersonIdentifierError::DocumentLength { len } => {
                format!("a document number has 5 to 20 letters or digits, not {len}")
            }
            PersonIdentifierError::DocumentCharacter { position, found } => {
                format!("character {position} ('{found}') is not a letter or digit")
            }
        }
    }
}

/// A person's identity document: a checked resident ID number, or another document's
/// number (trimmed, uppercased, 5–20 of `A-Z0-9`) with its type.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum PersonIdentifier {
    ResidentId(IdNumber),
    Other(OtherDocument),
}

/// A document number other than a resident ID; only [`PersonIdentifier::parse`] makes one.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OtherDocument {
    id_type: IdType,
    number: String,
}

impl PersonIdentifier {
    pub fn parse(
        id_type: IdType,
        input: &str,
        today: NaiveDate,
    ) -> Result<PersonIdentifier, PersonIdentifierError> {
        if id_type == IdType::ResidentId {
            return Ok(PersonIdentifier::ResidentId(IdNumber::parse(input, today)?));
        }
        let s = input.trim();
        if let Some((i, c)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(PersonIdentifierError::DocumentCharacter {
                position: i + 1,
                found: c,
            });
        }
        if !OTHER_DOCUMENT_CHARS.contains(&s.len()) {
            return Err(PersonIdentifierError::DocumentLength { len: s.len() });
        }
        Ok(PersonIdentifier::Other(OtherDocument {
            id_type,
            number: s.to_ascii_uppercase(),
        }))
    }

    pub fn id_type(&self) -> IdType {
        match self {
            PersonIdentifier::ResidentId(_) => IdType::ResidentId,
            PersonIdentifier::Other(doc) => doc.id_type,
        }
    }

    /// The canonical number.
    pub fn number(&self) -> &str {
        match self {
            PersonIdentifier::ResidentId(id) => id.as_str(),
            PersonIdentifier::Other(doc) => &doc.number,
        }
    }

    pub fn id_number(&self) -> Option<&IdNumber> {
        match self {
            PersonIdentifier::ResidentId(id) => Some(id),
            PersonIdentifier::Other(_) => None,
        }
    }

    /// For lists and logs (N18): a resident ID as [`IdNumber::masked`]; another document
    /// keeps its first and last 2 characters, e.g. `E1*****78`.
    pub fn masked(&self) -> String {
        match self {
            PersonIdentifier::ResidentId(id) => id.masked(),
            PersonIdentifier::Other(doc) => {
                let n = &doc.number;
                let hidden = n.len().saturating_sub(4);
                format!("{}{}{}", &n[..2], "*".repeat(hidden), &n[n.len() - 2..])
            }
        }
    }
}

impl fmt::Debug for PersonIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PersonIdentifier({}, {})",
            self.id_type().code(),
            self.masked()
        )
    }
}

impl Serialize for PersonIdentifier {
    /// `{"id_type": "passport", "number": "E12345678"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            id_type: IdType,
            number: &'a str,
        }
        Wire {
            id_type: self.id_type(),
            number: self.number(),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2025, 6, 1)
    }

    fn parse(s: &str) -> Result<IdNumber, IdNumberError> {
        IdNumber::parse(s, today())
    }

    fn code(s: &str) -> &'static str {
        parse(s).unwrap_err().code()
    }

    #[test]
    fn journey_numbers_pass() {
        let cases = [
            ("150602199001011238", Sex::Male, d(1990, 1, 1), "150602"),
            ("150621198511204560", Sex::Female, d(1985, 11, 20), "150621"),
            ("152701197807050318", Sex::Male, d(1978, 7, 5), "152701"), // 伊克昭盟 东胜
            ("150622199503150823", Sex::Female, d(1995, 3, 15), "150622"),
        ];
        for (number, sex, birth, address) in cases {
            let id = parse(number).unwrap();
            assert_eq!(id.as_str(), number);
            assert_eq!(id.sex(), sex, "{number}");
            assert_eq!(id.birth_date(), birth);
            assert_eq!(id.address_code(), address);
        }
        assert_eq!(
            parse("150602199001011238").unwrap().masked(),
            "150602********1238"
        );
        assert_eq!(
            parse("150602199001011238").unwrap().age_on(d(2024, 9, 27)),
            34
        );
    }

    #[test]
    fn trims_and_normalises_lowercase_x() {
        // 11010519491231002X is the standard's own example.
        let id = parse("  11010519491231002x\t").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(check_character("1101051949123100"), None);
    }

    #[test]
    fn upgrades_15_digit_numbers() {
        let id = parse("150602900101123").unwrap();
        assert_eq!(id.as_str(), "150602199001011238");
        let id = parse("152701780705031").unwrap();
        assert_eq!(id.as_str(), "152701197807050318");
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(code("152701780230031"), "bad_birth_date");
        assert_eq!(code("15270178070503X"), "non_digit");
    }

    #[test]
    fn rejects_wrong_length() {
        assert_eq!(
            parse("").unwrap_err(),
            IdNumberError::WrongLength { len: 0 }
        );
        assert_eq!(code("15060219900101123"), "wrong_length");
        assert_eq!(code("1506021990010112381"), "wrong_length");
    }

    #[test]
    fn rejects_non_digits_naming_the_position() {
        let e = parse("1506021990-0101-1238").unwrap_err();
        assert_eq!(
            e,
            IdNumberError::NonDigit {
                position: 11,
                found: '-'
            }
        );
        assert_eq!(e.to_string(), "身份证号码第11位“-”不是数字");
        assert_eq!(e.message_en(), "character 11 ('-') is not a digit");
        assert_eq!(code("15060219900101X238"), "non_digit");
        assert_eq!(code("１５０６０２１９９００１０１１２３８"), "non_digit"); // full-width
    }

    #[test]
    fn address_codes_accept_any_province_prefix_including_retired_codes() {
        // 150603 康巴什, 152701 东胜 (伊克昭盟), 810000 Hong Kong residence permit.
        for first17 in [
            "15060319900101123",
            "15270119900101123",
            "81000019900101123",
        ] {
            let number = format!("{first17}{}", check_character(first17).unwrap());
            assert!(parse(&number).is_ok(), "{number}");
        }
        let first17 = "99060219900101123";
        let number = format!("{first17}{}", check_character(first17).unwrap());
        assert_eq!(
            parse(&number).unwrap_err(),
            IdNumberError::BadAddressCode {
                code: "990602".into()
            }
        );
        assert_eq!(code("000000199001011234"), "bad_address_code");
    }

    #[test]
    fn rejects_impossible_early_and_future_birth_dates() {
        let with_check = |first17: &str| format!("{first17}{}", check_character(first17).unwrap());
        assert_eq!(code(&with_check("15060219900230123")), "bad_birth_date");
        assert_eq!(code(&with_check("15060219901301123")), "bad_birth_date");
        assert_eq!(
            code(&with_check("15060218991231123")),
            "birth_date_too_early"
        );
        let future = with_check("15060220250602123");
        assert_eq!(
            parse(&future).unwrap_err(),
            IdNumberError::BirthDateInFuture {
                date: d(2025, 6, 2)
            }
        );
        // Born today is fine.
        assert!(parse(&with_check("15060220250601123")).is_ok());
    }

    #[test]
    fn rejects_a_wrong_check_character_saying_what_it_should_be() {
        let e = parse("150602199001011239").unwrap_err();
        assert_eq!(
            e,
            IdNumberError::BadChecksum {
                expected: '8',
                found: '9'
            }
        );
        assert_eq!(e.code(), "bad_checksum");
        assert_eq!(e.to_string(), "校验码错误:最后一位应为8,实为9");
        assert!(e.message_en().contains("should be 8"));
    }

    #[test]
    fn every_error_has_a_distinct_code_and_both_messages() {
        let errors = [
            IdNumberError::WrongLength { len: 3 },
            IdNumberError::NonDigit {
                position: 1,
                found: 'a',
            },
            IdNumberError::BadAddressCode {
                code: "990000".into(),
            },
            IdNumberError::BadBirthDate {
                text: "19900230".into(),
            },
            IdNumberError::BirthDateInFuture {
                date: d(2030, 1, 1),
            },
            IdNumberError::BirthDateTooEarly {
                date: d(1899, 1, 1),
            },
            IdNumberError::BadChecksum {
                expected: 'X',
                found: '1',
            },
        ];
        let mut codes: Vec<&str> = errors.iter().map(IdNumberError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
        for e in &errors {
            assert!(!e.to_string().is_ascii(), "Chinese message: {e}");
            assert!(
                e.message_en().is_ascii(),
                "English message: {}",
                e.message_en()
            );
        }
    }

    #[test]
    fn debug_is_masked() {
        let id = parse("150602199001011238").unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(150602********1238)");
        assert!(!format!("{:?}", Some(&id)).contains("19900101"));
    }

    #[test]
    fn id_types_round_trip_their_codes() {
        for t in IdType::ALL {
            assert_eq!(IdType::parse(t.code()), Some(t));
        }
        assert_eq!(
            IdType::parse("hk_macao_permit"),
            Some(IdType::HkMacaoPermit)
        );
        assert_eq!(
            IdType::ForeignerPermanent.label_zh(),
            "外国人永久居留身份证"
        );
        assert_eq!(IdType::parse("Passport"), None);
    }

    #[test]
    fn person_identifiers() {
        let resident =
            PersonIdentifier::parse(IdType::ResidentId, "150602900101123", today()).unwrap();
        assert_eq!(resident.number(), "150602199001011238");
        assert_eq!(resident.id_type(), IdType::ResidentId);
        assert!(resident.id_number().is_some());
        let e =
            PersonIdentifier::parse(IdType::ResidentId, "150602199001011239", today()).unwrap_err();
        assert_eq!(e.code(), "bad_checksum");

        let passport = PersonIdentifier::parse(IdType::Passport, " e12345678 ", today()).unwrap();
        assert_eq!(
            (passport.id_type(), passport.number()),
            (IdType::Passport, "E12345678")
        );
        assert_eq!(passport.masked(), "E1*****78");
        assert_eq!(
            format!("{passport:?}"),
            "PersonIdentifier(passport, E1*****78)"
        );
        assert!(passport.id_number().is_none());

        let short = PersonIdentifier::parse(IdType::TaiwanPermit, "1234", today()).unwrap_err();
        assert_eq!(short, PersonIdentifierError::DocumentLength { len: 4 });
        let long = "A".repeat(21);
        assert_eq!(
            PersonIdentifier::parse(IdType::HkMacaoPermit, &long, today())
                .unwrap_err()
                .code(),
            "document_length"
        );
        let bad =
            PersonIdentifier::parse(IdType::ForeignerPermanent, "USA-12345", today()).unwrap_err();
        assert_eq!(
            bad,
            PersonIdentifierError::DocumentCharacter {
                position: 4,
                found: '-'
            }
        );
        assert!(bad.message_en().contains("not a letter or digit"));
        assert_eq!(
            PersonIdentifier::parse(IdType::Passport, "护照12345", today())
                .unwrap_err()
                .code(),
            "document_character"
        );
        // A 5-character number masks all but the ends.
        assert_eq!(
            PersonIdentifier::parse(IdType::Passport, "ab123", today())
                .unwrap()
                .masked(),
            "AB*23"
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// A valid number: a province prefix, any 4 digits, a birth date 1900..=today, any
        /// sequence, and its check character.
        fn valid_number() -> impl Strategy<Value = (String, NaiveDate, u32)> {
            let days = (today() - EARLIEST_BIRTH).num_days() as u64;
            (
                proptest::sample::select(PROVINCES.to_vec()),
                0u32..10_000,
                0u64..=days,
                0u32..1000,
            )
                .prop_map(|(province, rest, offset, seq)| {
                    let birth = EARLIEST_BIRTH + chrono::Days::new(offset);
                    let first17 =
                        format!("{province:02}{rest:04}{}{seq:03}", birth.format("%Y%m%d"));
                    let number = format!("{first17}{}", check_character(&first17).unwrap());
                    (number, birth, seq)
                })
        }

        proptest! {
            #[test]
            fn valid_numbers_round_trip((number, birth, seq) in valid_number()) {
                let id = parse(&number).unwrap();
                prop_assert_eq!(id.as_str(), number.as_str());
                prop_assert_eq!(id.birth_date(), birth);
                prop_assert_eq!(id.sex(), if seq % 2 == 1 { Sex::Male } else { Sex::Female });
                prop_assert_eq!(parse(&number.to_lowercase()).unwrap(), id.clone());
                // The 15-digit form of a 19xx number upgrades to the same number.
                if birth.year() < 2000 {
                    let old = format!("{}{}", &number[..6], &number[8..17]);
                    prop_assert_eq!(parse(&old).unwrap(), id);
                }
            }

            #[test]
            fn any_single_character_change_is_rejected(
                (number, _, _) in valid_number(), position in 0usize..18, replacement in 0u8..11,
            ) {
                let new = char::from(b"0123456789X"[replacement as usize]);
                let mut chars: Vec<char> = number.chars().collect();
                prop_assume!(chars[position] != new && (position == 17 || new != 'X'));
                chars[position] = new;
                let changed: String = chars.into_iter().collect();
                prop_assert!(parse(&changed).is_err(), "{} accepted", changed);
            }

            #[test]
            fn parse_never_panics(input in any::<String>()) {
                let _ = parse(&input);
                let _ = PersonIdentifier::parse(IdType::Passport, &input, today());
            }

            #[test]
            fn parse_never_panics_on_near_misses(input in "[0-9Xx ]{0,20}") {
                if let Ok(id) = parse(&input) {
                    prop_assert_eq!(id.as_str().len(), 18);
                }
            }
        }
    }
}
