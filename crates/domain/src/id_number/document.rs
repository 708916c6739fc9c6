//! The document a person is registered with: a resident ID number or another document
//! (passport, permit, …), its type and its validation.

use super::*;

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

    /// The English word (ui.md).
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
