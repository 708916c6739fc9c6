//! The domain's refusals as messages. `jiekang-domain` stays free of I/O and of the
//! catalogue: its errors are typed (their `Display` is the Chinese the API has always
//! given), and here each variant becomes a message id with its values as arguments.

use jiekang_domain::id_number::{IdNumberError, PersonIdentifierError};
use jiekang_domain::org::{UnitCodeError, UnitLevel};
use jiekang_domain::password::PasswordPolicyError;
use jiekang_domain::text::TextError;

use super::{Msg, msg};

/// A refused text field; `field` is the field's name (a message) when the text names it
/// ("姓名不能为空"), `None` when it stands next to the field alone ("不能为空").
pub fn text_error(e: &TextError, field: Option<Msg>) -> Msg {
    let m = match (e, field.is_some()) {
        (TextError::Empty, false) => msg("domain-text-empty"),
        (TextError::Empty, true) => msg("domain-text-field-empty"),
        (TextError::TooLong { max }, false) => msg("domain-text-too-long").arg("max", *max),
        (TextError::TooLong { max }, true) => msg("domain-text-field-too-long").arg("max", *max),
        (TextError::TooShort { min }, false) => msg("domain-text-too-short").arg("min", *min),
        (TextError::TooShort { min }, true) => msg("domain-text-field-too-short").arg("min", *min),
        (TextError::BadCharacter, false) => msg("domain-text-bad-character"),
        (TextError::BadCharacter, true) => msg("domain-text-field-bad-character"),
    };
    match field {
        Some(f) => m.arg("field", f),
        None => m,
    }
}

/// A refused ID or document number.
pub fn identifier_error(e: &PersonIdentifierError) -> Msg {
    match e {
        PersonIdentifierError::IdNumber(e) => id_number_error(e),
        PersonIdentifierError::DocumentLength { len } => {
            msg("domain-document-length").arg("len", *len)
        }
        PersonIdentifierError::DocumentCharacter { position, found } => {
            msg("domain-document-character")
                .arg("position", *position)
                .arg("found", found.to_string())
        }
    }
}

/// A refused resident ID number (GB 11643).
pub fn id_number_error(e: &IdNumberError) -> Msg {
    match e {
        IdNumberError::WrongLength { len } => msg("domain-id-length").arg("len", *len),
        IdNumberError::NonDigit { position, found } => msg("domain-id-non-digit")
            .arg("position", *position)
            .arg("found", found.to_string()),
        IdNumberError::BadAddressCode { code } => {
            msg("domain-id-address-code").arg("code", code.clone())
        }
        IdNumberError::BadBirthDate { text } => {
            msg("domain-id-birth-date").arg("date", text.clone())
        }
        IdNumberError::BirthDateInFuture { date } => {
            msg("domain-id-birth-date-future").arg("date", *date)
        }
        IdNumberError::BirthDateTooEarly { date } => {
            msg("domain-id-birth-date-early").arg("date", *date)
        }
        IdNumberError::BadChecksum { expected, found } => msg("domain-id-checksum")
            .arg("expected", expected.to_string())
            .arg("found", found.to_string()),
    }
}

/// A refused new password.
pub fn password_error(e: &PasswordPolicyError) -> Msg {
    match e {
        PasswordPolicyError::TooShort { min } => msg("domain-password-too-short").arg("min", *min),
        PasswordPolicyError::TooLong { max } => msg("domain-password-too-long").arg("max", *max),
        PasswordPolicyError::TooFewClasses => msg("domain-password-needs-three-capital"),
    }
}

/// A refused unit code.
pub fn unit_code_error(e: &UnitCodeError) -> Msg {
    match e {
        UnitCodeError::Malformed => msg("domain-unit-code-malformed"),
        UnitCodeError::NotUnderParent { parent, child } => msg("domain-unit-code-not-under")
            .arg("child", child.clone())
            .arg("parent", parent.clone()),
        UnitCodeError::NoChildLevel { parent_level } => {
            let level = UnitLevel::ALL
                .into_iter()
                .find(|l| l.label_zh() == *parent_level)
                .map_or_else(
                    || Msg::recorded(*parent_level),
                    |l| Msg::dynamic(super::labels::label_id("unit-level", l.code())),
                );
            msg("domain-unit-no-child-level").arg("level", level)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_chinese_is_the_domains_own_text() {
        let f = || Some(msg("common-name"));
        for e in [
            TextError::Empty,
            TextError::TooLong { max: 5 },
            TextError::TooShort { min: 2 },
            TextError::BadCharacter,
        ] {
            assert_eq!(text_error(&e, None).render_in(Lang::Zh), e.to_string());
            assert_eq!(text_error(&e, f()).render_in(Lang::Zh), format!("姓名{e}"));
            assert!(
                !text_error(&e, f())
                    .render_in(Lang::En)
                    .chars()
                    .any(crate::i18n::is_cjk)
            );
        }
        let d = chrono::NaiveDate::from_ymd_opt(2030, 1, 2).expect("date");
        for e in [
            IdNumberError::WrongLength { len: 3 },
            IdNumberError::NonDigit {
                position: 2,
                found: 'x',
            },
            IdNumberError::BadAddressCode { code: "99".into() },
            IdNumberError::BadBirthDate {
                text: "19900231".into(),
            },
            IdNumberError::BirthDateInFuture { date: d },
            IdNumberError::BirthDateTooEarly { date: d },
            IdNumberError::BadChecksum {
                expected: '1',
                found: '2',
            },
        ] {
            assert_eq!(id_number_error(&e).render_in(Lang::Zh), e.to_string());
            assert!(
                !id_number_error(&e)
                    .render_in(Lang::En)
                    .chars()
                    .any(crate::i18n::is_cjk)
            );
        }
        for e in [
            PersonIdentifierError::DocumentLength { len: 3 },
            PersonIdentifierError::DocumentCharacter {
                position: 2,
                found: '-',
            },
        ] {
            assert_eq!(identifier_error(&e).render_in(Lang::Zh), e.to_string());
        }
        for e in [
            PasswordPolicyError::TooShort { min: 12 },
            PasswordPolicyError::TooLong { max: 64 },
            PasswordPolicyError::TooFewClasses,
        ] {
            assert_eq!(password_error(&e).render_in(Lang::Zh), e.to_string());
        }
        for e in [
            UnitCodeError::Malformed,
            UnitCodeError::NotUnderParent {
                parent: "150602".into(),
                child: "150603001".into(),
            },
            UnitCodeError::NoChildLevel {
                parent_level: UnitLevel::ALL[UnitLevel::ALL.len() - 1].label_zh(),
            },
        ] {
            assert_eq!(unit_code_error(&e).render_in(Lang::Zh), e.to_string());
            assert!(
                !unit_code_error(&e)
                    .render_in(Lang::En)
                    .chars()
                    .any(crate::i18n::is_cjk)
            );
        }
    }
}
