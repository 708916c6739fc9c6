//! Security item 6 — sensitive data at rest beyond ID numbers, phones and TOTP
//! secrets (issue #5 item 3, [`crate::sealed`]): a person's free-text profile, the
//! substances a drug test found and attachments' bytes are sealed with the same data
//! keys, the same format and the column bound as associated data.
//!
//! - `persons.profile_sealed`: former names, 户籍地 and 现居住地 addresses, family
//!   contacts, substances used and earlier isolation, as one JSON object ([`Field::Profile`]);
//!   NULL when all six are empty. Nothing lists or searches by them.
//! - `drug_tests.substances_sealed` ([`Field::TestSubstances`]); NULL when none.
//! - `attachments.data_sealed` ([`Field::AttachmentData`]); the plain `data` is empty.
//!
//! The plain columns stay (empty) so that migration 0016 needs no key; rows written
//! before it are sealed in batches at the first start with a key, and every rotation
//! re-encrypts them, table by table ([`SealedTable`]). Names, birth dates, sex, unit,
//! the test outcome and dates stay in clear: lists, searches, queues and dashboards
//! work on them (README, Security).

use serde::{Deserialize, Serialize};

use crate::StoreResult;
use crate::cases::PersonProfile;
use crate::sealed::{Field, Keyring, SealError};

/// The tables with sealed values; each is re-encrypted in batches of its own
/// ([`crate::prelude::Sealing::reseal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealedTable {
    /// ID numbers, phones and profiles (and, on the first batch, TOTP secrets).
    Persons,
    /// The substances of drug tests.
    DrugTests,
    /// Attachments' bytes.
    Attachments,
}

impl SealedTable {
    /// Every table, in the order a rotation works through them.
    pub const ALL: [SealedTable; 3] = [
        SealedTable::Persons,
        SealedTable::DrugTests,
        SealedTable::Attachments,
    ];

    /// What a progress line calls it.
    pub fn label(self) -> &'static str {
        match self {
            SealedTable::Persons => "人员 (persons)",
            SealedTable::DrugTests => "检测记录 (drug tests)",
            SealedTable::Attachments => "附件 (attachments)",
        }
    }

    /// Rows per transaction for a requested `limit`: attachments are whole files (up
    /// to the upload limit each), so at most 16 of them are held at once.
    pub fn batch(self, limit: i64) -> i64 {
        match self {
            SealedTable::Attachments => limit.min(16),
            _ => limit,
        }
        .max(1)
    }
}

/// The sealed part of [`PersonProfile`]; fields missing from an older value read
/// as empty.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct ProfileText {
    former_names: String,
    household_address: String,
    residence_address: String,
    family_contacts: String,
    substances: String,
    prior_isolation: String,
}

impl ProfileText {
    fn of(p: &PersonProfile) -> Self {
        Self {
            former_names: p.former_names.clone(),
            household_address: p.household_address.clone(),
            residence_address: p.residence_address.clone(),
            family_contacts: p.family_contacts.clone(),
            substances: p.substances.clone(),
            prior_isolation: p.prior_isolation.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The profile's free text sealed under the active key, or `None` when it has none.
pub fn seal_profile(keys: &Keyring, p: &PersonProfile) -> Option<Vec<u8>> {
    let text = ProfileText::of(p);
    if text.is_empty() {
        return None;
    }
    let json = serde_json::to_vec(&text).expect("strings serialise");
    Some(keys.seal(Field::Profile, &json))
}

/// Fill the free-text fields of `p` from a sealed profile.
pub fn open_profile(keys: &Keyring, sealed: &[u8], p: &mut PersonProfile) -> StoreResult<()> {
    let json = keys.open(Field::Profile, sealed)?;
    let text: ProfileText = serde_json::from_slice(&json).map_err(|_| SealError::Malformed)?;
    p.former_names = text.former_names;
    p.household_address = text.household_address;
    p.residence_address = text.residence_address;
    p.family_contacts = text.family_contacts;
    p.substances = text.substances;
    p.prior_isolation = text.prior_isolation;
    Ok(())
}

/// `text` sealed under the active key, or `None` when it is empty.
pub fn seal_text(keys: &Keyring, field: Field, text: &str) -> Option<Vec<u8>> {
    (!text.is_empty()).then(|| keys.seal_str(field, text))
}

/// The value of a column pair: the sealed value when there is one, else the plain
/// text (a row written before migration 0016 and not sealed yet).
pub fn open_text(
    keys: &Keyring,
    field: Field,
    sealed: Option<&[u8]>,
    plain: String,
) -> StoreResult<String> {
    match sealed {
        Some(s) => Ok(keys.open_str(field, s)?),
        None => Ok(plain),
    }
}

/// [`open_text`] for bytes (attachments).
pub fn open_bytes(
    keys: &Keyring,
    field: Field,
    sealed: Option<&[u8]>,
    plain: Vec<u8>,
) -> StoreResult<Vec<u8>> {
    match sealed {
        Some(s) => Ok(keys.open(field, s)?),
        None => Ok(plain),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn profile() -> PersonProfile {
        PersonProfile {
            former_names: "张三丰".into(),
            ethnicity: "汉族".into(),
            household_address: "东胜区某街 1 号".into(),
            family_contacts: "母亲 李某 13800000000".into(),
            prior_isolation: "2019 年 某所".into(),
            ..PersonProfile::default()
        }
    }

    #[test]
    fn a_profile_round_trips_and_only_its_free_text_is_sealed() {
        let k = Keyring::for_tests();
        let p = profile();
        let sealed = seal_profile(&k, &p).unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("李某"));
        let mut back = PersonProfile {
            ethnicity: "汉族".into(),
            ..PersonProfile::default()
        };
        open_profile(&k, &sealed, &mut back).unwrap();
        assert_eq!(back, p);
        // nothing to seal: no value at all
        let empty = PersonProfile {
            ethnicity: "汉族".into(),
            fixed_home: true,
            ..PersonProfile::default()
        };
        assert_eq!(seal_profile(&k, &empty), None);
    }

    #[test]
    fn each_column_is_bound_and_empty_text_is_no_value() {
        let k = Keyring::for_tests();
        let s = seal_text(&k, Field::TestSubstances, "吗啡").unwrap();
        assert_eq!(
            open_text(&k, Field::TestSubstances, Some(&s), String::new()).unwrap(),
            "吗啡"
        );
        assert!(open_text(&k, Field::Profile, Some(&s), String::new()).is_err());
        assert_eq!(seal_text(&k, Field::TestSubstances, ""), None);
        assert_eq!(
            open_text(&k, Field::TestSubstances, None, "旧值".into()).unwrap(),
            "旧值"
        );
        let bytes = k.seal(Field::AttachmentData, b"%PDF");
        assert!(open_bytes(&k, Field::Profile, Some(&bytes), Vec::new()).is_err());
        assert_eq!(
            open_bytes(&k, Field::AttachmentData, Some(&bytes), Vec::new()).unwrap(),
            b"%PDF"
        );
    }

    #[test]
    fn attachments_are_resealed_a_few_at_a_time() {
        assert_eq!(SealedTable::Attachments.batch(1_000), 16);
        assert_eq!(SealedTable::DrugTests.batch(1_000), 1_000);
        assert_eq!(SealedTable::Persons.batch(0), 1);
    }
}
