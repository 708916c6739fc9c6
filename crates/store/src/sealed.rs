//! Issue #5 item 3 — personal data sealed at rest.
//!
//! ID numbers, phone numbers and TOTP secrets are stored sealed with AES-256-GCM: a
//! random 96-bit nonce per value and the key version in front, so that several data
//! keys can be in use while a rotation re-encrypts the rows:
//!
//! ```text
//! [version: 1 byte][nonce: 12 bytes][ciphertext + 16-byte tag]
//! ```
//!
//! The associated data names the column (`persons.id_number`, …), so a value moved to
//! another column does not open. Exact lookup and the one-person-per-ID uniqueness
//! (INFO-1) use a keyed blind index: HMAC-SHA256 under a separate index key over the
//! ID type and the upper-cased number. The index key never decrypts anything; the data
//! keys never index anything.
//!
//! A [`Keyring`] holds the data keys (one active, the others still readable) and the
//! index key. Its text form (a file written with 0600 permissions, or the environment):
//!
//! ```text
//! active = 2
//! data.1 = <base64 of 32 bytes>
//! data.2 = <base64 of 32 bytes>
//! index = <base64 of 32 bytes>
//! ```
//!
//! Lines may also be separated by `;` (handy in an environment variable); `#` starts a
//! comment line.

use std::collections::BTreeMap;
use std::fmt;

use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, AeadCore, OsRng, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of every key (AES-256, HMAC-SHA256).
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// The shortest sealed value: version, nonce and tag around an empty plaintext.
pub const MIN_SEALED_LEN: usize = 1 + NONCE_LEN + TAG_LEN;

/// What a sealed value is: its column, bound into the ciphertext as associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    IdNumber,
    Phone,
    TotpSecret,
    /// The known value stored per key version to detect a wrong key at start.
    KeyCheck,
    /// Security item 6: a person's free-text profile (former names, addresses,
    /// family contacts, drug-use history), one value (see [`crate::at_rest`]).
    Profile,
    /// Security item 6: the substances a drug test found.
    TestSubstances,
    /// Security item 6: an attachment's bytes.
    AttachmentData,
}

impl Field {
    fn label(self) -> &'static [u8] {
        match self {
            Field::IdNumber => b"jiekang:persons.id_number",
            Field::Phone => b"jiekang:persons.phone",
            Field::TotpSecret => b"jiekang:user_totp.secret",
            Field::KeyCheck => b"jiekang:key_checks",
            Field::Profile => b"jiekang:persons.profile",
            Field::TestSubstances => b"jiekang:drug_tests.substances",
            Field::AttachmentData => b"jiekang:attachments.data",
        }
    }
}

/// Why a sealed value or a keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("密文过短或格式不对 (sealed value truncated or malformed)")]
    Malformed,
    #[error("密钥环中没有第 {0} 版数据密钥 (key version {0} is not in the keyring)")]
    UnknownVersion(u8),
    #[error(
        "密文校验失败:密钥不对或数据被篡改 (authentication failed: wrong key or tampered data)"
    )]
    Tampered,
    #[error("密钥文件格式不对 (bad keyring): {0}")]
    BadKeyring(String),
}

type HmacSha256 = Hmac<Sha256>;

/// The data keys by version (one active) and the blind-index key.
#[derive(Clone)]
pub struct Keyring {
    raw: BTreeMap<u8, [u8; KEY_LEN]>,
    ciphers: BTreeMap<u8, Aes256Gcm>,
    active: u8,
    index_raw: [u8; KEY_LEN],
    index: HmacSha256,
}

impl fmt::Debug for Keyring {
    // never print a key
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("versions", &self.versions())
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

fn random_key() -> [u8; KEY_LEN] {
    let mut k = [0u8; KEY_LEN];
    OsRng.fill_bytes(&mut k);
    k
}

impl Keyring {
    /// A keyring from its parts; `active` must be one of the data key versions, and
    /// version 0 is reserved (it would look like an empty value).
    pub fn from_parts(
        data: BTreeMap<u8, [u8; KEY_LEN]>,
        active: u8,
        index: [u8; KEY_LEN],
    ) -> Result<Self, SealError> {
        if data.contains_key(&0) {
            return Err(SealError::BadKeyring(
                "数据密钥版本从 1 开始 (versions start at 1)".into(),
            ));
        }
        if !data.contains_key(&active) {
            return Err(SealError::BadKeyring(format!(
                "当前版本 {active} 没有对应的数据密钥 (no data key for the active version)"
            )));
        }
        let ciphers = data
            .iter()
            .map(|(v, k)| (*v, Aes256Gcm::new(k.into())))
            .collect();
        let mac = <HmacSha256 as Mac>::new_from_slice(&index)
            .map_err(|_| SealError::BadKeyring("index key".into()))?;
        Ok(Self {
            raw: data,
            ciphers,
            active,
            index_raw: index,
            index: mac,
        })
    }

    /// A new keyring: data key version 1 (active) and an index key, from the OS's
    /// random source.
    pub fn generate() -> Self {
        let mut data = BTreeMap::new();
        data.insert(1, random_key());
        Self::from_parts(data, 1, random_key()).expect("version 1 is active")
    }

    /// A fixed keyring for tests only (its keys are public: never use it for real data).
    pub fn for_tests() -> Self {
        let mut data = BTreeMap::new();
        data.insert(1, [0x11; KEY_LEN]);
        Self::from_parts(data, 1, [0x22; KEY_LEN]).expect("version 1 is active")
    }

    /// This keyring plus a new random data key, which becomes the active one.
    pub fn rotated(&self) -> Result<Self, SealError> {
        let next = self
            .raw
            .keys()
            .max()
            .copied()
            .unwrap_or(0)
            .checked_add(1)
            .ok_or_else(|| {
                SealError::BadKeyring("已有 255 个版本,请先退役旧版本 (no version left)".into())
            })?;
        let mut data = self.raw.clone();
        data.insert(next, random_key());
        Self::from_parts(data, next, self.index_raw)
    }

    /// This keyring with only the active data key (after every row was re-encrypted).
    pub fn retired(&self) -> Self {
        let mut data = BTreeMap::new();
        data.insert(self.active, self.raw[&self.active]);
        Self::from_parts(data, self.active, self.index_raw).expect("active kept")
    }

    /// The version new values are sealed with.
    pub fn active_version(&self) -> u8 {
        self.active
    }

    /// Every data key version, oldest first.
    pub fn versions(&self) -> Vec<u8> {
        self.raw.keys().copied().collect()
    }

    /// Seal `plaintext` under the active key with a fresh random nonce.
    pub fn seal(&self, field: Field, plaintext: &[u8]) -> Vec<u8> {
        let cipher = &self.ciphers[&self.active];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: field.label(),
                },
            )
            .expect("AES-GCM encrypts any plaintext under 64 GiB");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(self.active);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// [`Keyring::seal`] of a text.
    pub fn seal_str(&self, field: Field, plaintext: &str) -> Vec<u8> {
        self.seal(field, plaintext.as_bytes())
    }

    /// Open a sealed value with the key of the version it names.
    pub fn open(&self, field: Field, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < MIN_SEALED_LEN {
            return Err(SealError::Malformed);
        }
        let version = sealed[0];
        let cipher = self
            .ciphers
            .get(&version)
            .ok_or(SealError::UnknownVersion(version))?;
        let nonce = Nonce::from_slice(&sealed[1..1 + NONCE_LEN]);
        cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed[1 + NONCE_LEN..],
                    aad: field.label(),
                },
            )
            .map_err(|_| SealError::Tampered)
    }

    /// [`Keyring::open`] of a text.
    pub fn open_str(&self, field: Field, sealed: &[u8]) -> Result<String, SealError> {
        String::from_utf8(self.open(field, sealed)?).map_err(|_| SealError::Malformed)
    }

    /// Whether a sealed value is under the active key (a rotation skips it).
    pub fn is_current(&self, sealed: &[u8]) -> bool {
        sealed.first() == Some(&self.active)
    }

    /// The keyed blind index of an identifier: HMAC-SHA256 over the ID type and the
    /// number, trimmed and upper-cased (the `X` of a resident ID, letters of passports).
    pub fn blind_index(&self, id_type: &str, id_number: &str) -> Vec<u8> {
        let mut mac = self.index.clone();
        mac.update(b"jiekang:id:");
        mac.update(id_type.as_bytes());
        mac.update(&[0]);
        mac.update(id_number.trim().to_uppercase().as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The value stored once per database to recognise the index key at start.
    pub fn index_check(&self) -> Vec<u8> {
        let mut mac = self.index.clone();
        mac.update(b"jiekang:key-check");
        mac.finalize().into_bytes().to_vec()
    }

    /// A key for another purpose, derived from the index key as HMAC-SHA256 over a
    /// label (prefix `jiekang:derive:`, apart from the blind index's `jiekang:id:` and
    /// the key check's), so that every instance with the same keyring derives the same
    /// key and nothing derived from it reveals the index key. Used to sign TOTP
    /// enrolments (GB/T 22239; `jiekang_web::pages::totp`).
    pub fn derived_key(&self, label: &str) -> [u8; KEY_LEN] {
        let mut mac = self.index.clone();
        mac.update(b"jiekang:derive:");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The plaintext sealed once per data key version to recognise it at start.
    pub const CHECK_PLAINTEXT: &'static [u8] = b"jiekang key check";

    /// Parse the text form (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, SealError> {
        let mut data = BTreeMap::new();
        let mut active = None;
        let mut index = None;
        for line in text.split(['\n', ';']) {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line.split_once('=').ok_or_else(|| {
                SealError::BadKeyring(format!("缺少 “=” (missing '='): {}", first_word(line)))
            })?;
            let (name, value) = (name.trim(), value.trim());
            match name {
                "active" => {
                    active = Some(value.parse::<u8>().map_err(|_| {
                        SealError::BadKeyring(
                            "active 须为 1–255 的版本号 (active must be a version)".into(),
                        )
                    })?)
                }
                "index" => index = Some(decode_key(name, value)?),
                _ => {
                    let version = name
                        .strip_prefix("data.")
                        .and_then(|v| v.parse::<u8>().ok())
                        .ok_or_else(|| {
                            SealError::BadKeyring(format!("未知条目 (unknown entry) {name}"))
                        })?;
                    if data.insert(version, decode_key(name, value)?).is_some() {
                        return Err(SealError::BadKeyring(format!(
                            "重复条目 (duplicate entry) {name}"
                        )));
                    }
                }
            }
        }
        let index =
            index.ok_or_else(|| SealError::BadKeyring("缺少 index 密钥 (no index key)".into()))?;
        let active = match active {
            Some(a) => a,
            None => *data
                .keys()
                .max()
                .ok_or_else(|| SealError::BadKeyring("没有数据密钥 (no data key)".into()))?,
        };
        Self::from_parts(data, active, index)
    }

    /// The text form, with a header saying what it is.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# 戒康数据密钥 (Jiekang keyring): 请妥善保管,与数据库备份分开存放。\n\
             # Keep it secret and back it up apart from the database backups.\n",
        );
        out.push_str(&format!("active = {}\n", self.active));
        for (v, k) in &self.raw {
            out.push_str(&format!("data.{v} = {}\n", B64.encode(k)));
        }
        out.push_str(&format!("index = {}\n", B64.encode(self.index_raw)));
        out
    }
}

fn first_word(line: &str) -> String {
    // name what is wrong without echoing a key
    line.chars().take(12).collect()
}

fn decode_key(name: &str, value: &str) -> Result<[u8; KEY_LEN], SealError> {
    let bytes = B64
        .decode(value)
        .map_err(|_| SealError::BadKeyring(format!("{name} 不是 base64 (not base64)")))?;
    bytes
        .try_into()
        .map_err(|_| SealError::BadKeyring(format!("{name} 须为 32 字节 (must be 32 bytes)")))
}

// The keyring inside a store: its slot, the database's key checks, the sealing report.
mod in_store;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use in_store::{KeySlot, SealingReport, verify_key_checks};
