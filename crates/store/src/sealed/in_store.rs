//! The keyring inside a store: the slot it is kept in once the database's key checks
//! accepted it, those checks, and how the sealed values of a database stand.

use std::collections::BTreeMap;

use super::{Field, Keyring, SealError};

/// The keyring a store uses, set once the database's key checks accepted it
/// ([`crate::prelude::Sealing::unlock`]); shared by the clones of a store.
#[derive(Clone, Default)]
pub struct KeySlot(std::sync::Arc<std::sync::RwLock<Option<std::sync::Arc<Keyring>>>>);

impl KeySlot {
    /// The keyring in use, or a refusal when the store was never unlocked.
    pub fn get(&self) -> crate::StoreResult<std::sync::Arc<Keyring>> {
        self.0
            .read()
            .map_err(|_| crate::StoreError::refused("密钥状态异常 (key slot poisoned)"))?
            .clone()
            .ok_or_else(|| {
                crate::StoreError::refused(
                    "未配置数据密钥,无法读写证件号码与电话 (no data key configured)",
                )
            })
    }

    pub fn set(&self, keys: Keyring) -> crate::StoreResult<()> {
        *self
            .0
            .write()
            .map_err(|_| crate::StoreError::refused("密钥状态异常 (key slot poisoned)"))? =
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
        crate::StoreError::refused(format!(
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
    /// Drug tests whose substances are still in plain text.
    pub plaintext_tests: u64,
    /// Attachments whose bytes are still in plain text.
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
