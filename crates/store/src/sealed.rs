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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trip_and_layout() {
        let k = Keyring::for_tests();
        let s = k.seal_str(Field::IdNumber, "150602199001011238");
        assert_eq!(s[0], 1);
        assert_eq!(s.len(), MIN_SEALED_LEN + 18);
        assert_eq!(
            k.open_str(Field::IdNumber, &s).unwrap(),
            "150602199001011238"
        );
    }

    #[test]
    fn nonces_are_fresh() {
        let k = Keyring::for_tests();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let s = k.seal(Field::Phone, b"13800000000");
            assert!(seen.insert(s[1..1 + NONCE_LEN].to_vec()), "nonce reused");
        }
    }

    #[test]
    fn field_is_bound() {
        let k = Keyring::for_tests();
        let s = k.seal(Field::Phone, b"13800000000");
        assert_eq!(k.open(Field::IdNumber, &s), Err(SealError::Tampered));
    }

    #[test]
    fn wrong_key_and_unknown_version_are_refused() {
        let k = Keyring::for_tests();
        let other = Keyring::generate();
        let s = k.seal(Field::IdNumber, b"x");
        assert_eq!(other.open(Field::IdNumber, &s), Err(SealError::Tampered));
        let mut v9 = s.clone();
        v9[0] = 9;
        assert_eq!(
            k.open(Field::IdNumber, &v9),
            Err(SealError::UnknownVersion(9))
        );
        assert_eq!(k.open(Field::IdNumber, &s[..10]), Err(SealError::Malformed));
    }

    #[test]
    fn rotation_keeps_old_versions_readable_and_retire_drops_them() {
        let k1 = Keyring::for_tests();
        let old = k1.seal(Field::IdNumber, b"A");
        let k2 = k1.rotated().unwrap();
        assert_eq!(k2.active_version(), 2);
        assert!(!k2.is_current(&old));
        assert_eq!(k2.open(Field::IdNumber, &old).unwrap(), b"A");
        let new = k2.seal(Field::IdNumber, b"A");
        assert!(k2.is_current(&new));
        let k3 = k2.retired();
        assert_eq!(k3.versions(), vec![2]);
        assert_eq!(
            k3.open(Field::IdNumber, &old),
            Err(SealError::UnknownVersion(1))
        );
        assert_eq!(k3.open(Field::IdNumber, &new).unwrap(), b"A");
        // the index key survives rotation: lookups keep working
        assert_eq!(
            k3.blind_index("resident_id", "x"),
            k1.blind_index("resident_id", "x")
        );
    }

    #[test]
    fn blind_index_normalises_and_is_type_qualified() {
        let k = Keyring::for_tests();
        let a = k.blind_index("resident_id", "15060219900101123x");
        assert_eq!(a, k.blind_index("resident_id", " 15060219900101123X "));
        assert_ne!(a, k.blind_index("passport", "15060219900101123X"));
        assert_ne!(
            a,
            Keyring::generate().blind_index("resident_id", "15060219900101123X")
        );
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn text_form_round_trips_and_errors_name_no_key() {
        let k = Keyring::generate().rotated().unwrap();
        let back = Keyring::parse(&k.to_text()).unwrap();
        assert_eq!(back.to_text(), k.to_text());
        let env = k.to_text().replace('\n', ";");
        assert_eq!(Keyring::parse(&env).unwrap().to_text(), k.to_text());
        assert!(Keyring::parse("active = 1").is_err());
        assert!(Keyring::parse("data.1 = AAAA; index = AAAA").is_err());
        let e = Keyring::parse("index = c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=; active = 3")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("c2Vj"), "{e}");
        assert!(format!("{k:?}").contains("versions"));
        assert!(!format!("{k:?}").contains(&B64.encode(k.index_raw)));
    }

    /// `cargo test -p jiekang-store --release -- --ignored --nocapture seal_throughput`:
    /// what `bulk_insert_persons` spends on sealing and indexing per million persons.
    #[test]
    #[ignore]
    fn seal_throughput() {
        let k = Keyring::for_tests();
        let n = 200_000;
        let start = std::time::Instant::now();
        for i in 0..n {
            let id = format!("1506021990{i:08}");
            std::hint::black_box(k.seal_str(Field::IdNumber, &id));
            std::hint::black_box(k.blind_index("resident_id", &id));
        }
        let per_million = start.elapsed().as_secs_f64() * 1_000_000.0 / f64::from(n);
        println!("seal + blind index: {per_million:.1} s per million persons");
    }

    proptest! {
        #[test]
        fn any_value_round_trips(v in proptest::collection::vec(any::<u8>(), 0..200)) {
            let k = Keyring::for_tests();
            let s = k.seal(Field::IdNumber, &v);
            prop_assert_eq!(k.open(Field::IdNumber, &s).unwrap(), v);
        }

        #[test]
        fn any_flipped_bit_is_detected(v in proptest::collection::vec(any::<u8>(), 0..64), pos in any::<usize>(), bit in 0u8..8) {
            let k = Keyring::for_tests();
            let mut s = k.seal(Field::IdNumber, &v);
            let i = pos % s.len();
            s[i] ^= 1 << bit;
            prop_assert!(k.open(Field::IdNumber, &s).is_err());
        }

        #[test]
        fn parse_never_panics(text in ".{0,200}") {
            let _ = Keyring::parse(&text);
        }
    }
}

/// The keyring a store uses, set once the database's key checks accepted it
/// ([`crate::Store::unlock`]); shared by the clones of a store.
#[derive(Clone, Default)]
pub struct KeySlot(std::sync::Arc<std::sync::RwLock<Option<std::sync::Arc<Keyring>>>>);

impl KeySlot {
    /// The keyring in use, or a refusal when the store was never unlocked.
    pub fn get(&self) -> crate::StoreResult<std::sync::Arc<Keyring>> {
        self.0
            .read()
            .map_err(|_| crate::StoreError::Refused("密钥状态异常 (key slot poisoned)".into()))?
            .clone()
            .ok_or_else(|| {
                crate::StoreError::Refused(
                    "未配置数据密钥,无法读写证件号码与电话 (no data key configured)".into(),
                )
            })
    }

    pub fn set(&self, keys: Keyring) -> crate::StoreResult<()> {
        *self
            .0
            .write()
            .map_err(|_| crate::StoreError::Refused("密钥状态异常 (key slot poisoned)".into()))? =
            Some(std::sync::Arc::new(keys));
        Ok(())
    }
}

/// A value that failed to open is a fault of the key or the data, never shown as text.
impl From<SealError> for crate::StoreError {
    fn from(e: SealError) -> Self {
        crate::StoreError::Backend(Box::new(e))
    }
}

/// The key checks of a database (`key_checks` rows: `index`, `data.N`) against a
/// keyring: `Ok` with the check rows to add for versions the database has not seen,
/// or a refusal naming what does not match.
pub fn verify_key_checks(
    keys: &Keyring,
    stored: &[(String, Vec<u8>)],
) -> crate::StoreResult<Vec<(String, Vec<u8>)>> {
    let refuse = |what: String| {
        crate::StoreError::Refused(format!(
            "密钥与数据库不匹配:{what}。请使用加密该数据库时的密钥文件 \
             (the keyring does not match this database: {what})"
        ))
    };
    let mut missing = Vec::new();
    match stored.iter().find(|(n, _)| n == "index") {
        Some((_, v)) if *v != keys.index_check() => {
            return Err(refuse("索引密钥不对 (wrong index key)".into()));
        }
        Some(_) => {}
        None => missing.push(("index".to_owned(), keys.index_check())),
    }
    let newest_in_db = stored
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("data.")?.parse::<u8>().ok())
        .max();
    for version in keys.versions() {
        let name = format!("data.{version}");
        match stored.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => match keys.open(Field::KeyCheck, v) {
                Ok(p) if p == Keyring::CHECK_PLAINTEXT => {}
                _ => {
                    return Err(refuse(format!(
                        "第 {version} 版数据密钥不对 (wrong data key version {version})"
                    )));
                }
            },
            None => missing.push((name, keys.seal(Field::KeyCheck, Keyring::CHECK_PLAINTEXT))),
        }
    }
    if let Some(newest) = newest_in_db
        && newest > keys.active_version()
    {
        return Err(refuse(format!(
            "数据库已使用第 {newest} 版数据密钥,该密钥文件较旧 \
             (the database uses key version {newest}; this keyring is older)"
        )));
    }
    Ok(missing)
}

/// How the sealed values of a database stand (`jiekang keys status`, and the proof
/// that no row still needs a key before `jiekang keys retire` drops it).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SealingReport {
    /// Persons whose ID number, phone or free-text profile is still in plain text
    /// (before the first start with a key, after an upgrade).
    pub plaintext_persons: u64,
    /// TOTP secrets still in plain text.
    pub plaintext_secrets: u64,
    /// Security item 6: drug tests whose substances are still in plain text.
    pub plaintext_tests: u64,
    /// Security item 6: attachments whose bytes are still in plain text.
    pub plaintext_attachments: u64,
    /// Sealed values (ID numbers, phones, TOTP secrets, profiles, test substances,
    /// attachments) by key version.
    pub by_version: BTreeMap<u8, u64>,
}

impl SealingReport {
    /// Whether every value is sealed under `version`.
    pub fn all_under(&self, version: u8) -> bool {
        self.plaintext_persons == 0
            && self.plaintext_secrets == 0
            && self.plaintext_tests == 0
            && self.plaintext_attachments == 0
            && self.by_version.keys().all(|v| *v == version)
    }
}
