// Personal data sealed at rest (ID numbers, phones, TOTP secrets, free text, files): the SQL both
// engines run, written once (see README.md beside this file for how it is included;
// `sealing_records.rs` follows it in the same module). The including module defines
// `Db` and `fn key_version_sql(column) -> String`, an expression giving the first
// byte of a sealed value (its key version) as two lower-case hex digits.

use jiekang_store::at_rest::{SealedTable, open_profile, seal_profile};
use jiekang_store::cases::PersonProfile;
use jiekang_store::sealed::{Field, Keyring, SealingReport, verify_key_checks};
use jiekang_store::{StoreError, StoreResult};
use sqlx::Pool;

/// Persons still holding plain text: the predicate of the `persons_unsealed` index
/// (migration 0016), written the same so that the planners use it.
const PERSONS_PLAIN: &str = "(id_number <> '' OR phone <> '' OR former_names <> ''
    OR household_address <> '' OR residence_address <> '' OR family_contacts <> ''
    OR substances <> '' OR prior_isolation <> '')";

/// Check the keyring against the stored key checks; record checks for new versions.
pub(crate) async fn check_keys(pool: &Pool<Db>, keys: &Keyring) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let stored: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT name, value FROM key_checks")
        .fetch_all(&mut *tx)
        .await?;
    for (name, value) in verify_key_checks(keys, &stored)? {
        sqlx::query(
            "INSERT INTO key_checks (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SealRow {
    id: i64,
    id_type: String,
    id_number: String,
    id_number_sealed: Option<Vec<u8>>,
    phone: String,
    phone_sealed: Option<Vec<u8>>,
    // The profile's free text, plain (before migration 0016) or sealed
    former_names: String,
    household_address: String,
    residence_address: String,
    family_contacts: String,
    substances: String,
    prior_isolation: String,
    profile_sealed: Option<Vec<u8>>,
    version: i64,
}

impl SealRow {
    /// The free text of the plain columns, `None` when they are all empty.
    fn plain_profile(&self) -> Option<PersonProfile> {
        let p = PersonProfile {
            former_names: self.former_names.clone(),
            household_address: self.household_address.clone(),
            residence_address: self.residence_address.clone(),
            family_contacts: self.family_contacts.clone(),
            substances: self.substances.clone(),
            prior_isolation: self.prior_isolation.clone(),
            ..PersonProfile::default()
        };
        (p != PersonProfile::default()).then_some(p)
    }
}

/// The new sealed ID number, its index, the new sealed phone and the new sealed
/// profile of a row that needs them, or `None` when it is already sealed under the
/// active key.
type Resealed = (Vec<u8>, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);

fn reseal_row(keys: &Keyring, r: &SealRow) -> StoreResult<Option<Resealed>> {
    let current = |s: &Option<Vec<u8>>| s.as_deref().is_none_or(|s| keys.is_current(s));
    let plain_profile = r.plain_profile();
    if r.id_number.is_empty()
        && r.phone.is_empty()
        && plain_profile.is_none()
        && r.id_number_sealed.is_some()
        && current(&r.id_number_sealed)
        && current(&r.phone_sealed)
        && current(&r.profile_sealed)
    {
        return Ok(None);
    }
    // plain text wins, as for the phone (a row from before the sealing)
    let profile = match (plain_profile, &r.profile_sealed) {
        (Some(p), _) => Some(p),
        (None, Some(sealed)) => {
            let mut p = PersonProfile::default();
            open_profile(keys, sealed, &mut p)?;
            Some(p)
        }
        (None, None) => None,
    };
    let id_number = if !r.id_number.is_empty() {
        r.id_number.clone()
    } else {
        let sealed = r.id_number_sealed.as_deref().ok_or_else(|| {
            StoreError::refused(format!(
                "人员 {} 没有证件号码 (person without ID number)",
                r.id
            ))
        })?;
        keys.open_str(Field::IdNumber, sealed)?
    };
    let phone = if !r.phone.is_empty() {
        Some(r.phone.clone())
    } else {
        match &r.phone_sealed {
            Some(s) => Some(keys.open_str(Field::Phone, s)?),
            None => None,
        }
    };
    Ok(Some((
        keys.seal_str(Field::IdNumber, &id_number),
        keys.blind_index(&r.id_type, &id_number),
        phone
            .filter(|p| !p.is_empty())
            .map(|p| keys.seal_str(Field::Phone, &p)),
        profile.and_then(|p| seal_profile(keys, &p)),
    )))
}

/// One batch of sealing of one table (see `Store::reseal`), one transaction.
pub(crate) async fn reseal(
    pool: &Pool<Db>,
    keys: &Keyring,
    table: SealedTable,
    after: i64,
    limit: i64,
    only_plaintext: bool,
) -> StoreResult<(u64, Option<i64>)> {
    let limit = table.batch(limit);
    match table {
        SealedTable::Persons => reseal_persons(pool, keys, after, limit, only_plaintext).await,
        SealedTable::DrugTests => reseal_tests(pool, keys, after, limit, only_plaintext).await,
        SealedTable::Attachments => {
            reseal_attachments(pool, keys, after, limit, only_plaintext).await
        }
    }
}

/// One batch of persons (and, first, the TOTP secrets).
async fn reseal_persons(
    pool: &Pool<Db>,
    keys: &Keyring,
    after: i64,
    limit: i64,
    only_plaintext: bool,
) -> StoreResult<(u64, Option<i64>)> {
    let mut tx = pool.begin().await?;
    let mut rewritten = 0;
    if after == 0 {
        let plain = if only_plaintext {
            " WHERE secret <> ''"
        } else {
            ""
        };
        let secrets: Vec<(i64, String, Option<Vec<u8>>)> = sqlx::query_as(&format!(
            "SELECT user_id, secret, secret_sealed FROM user_totp{plain}"
        ))
        .fetch_all(&mut *tx)
        .await?;
        for (user_id, secret, sealed) in secrets {
            let plain = match (&secret[..], &sealed) {
                ("", Some(s)) if keys.is_current(s) => continue,
                ("", Some(s)) => keys.open_str(Field::TotpSecret, s)?,
                ("", None) => continue,
                (p, _) => p.to_owned(),
            };
            sqlx::query("UPDATE user_totp SET secret = '', secret_sealed = $1 WHERE user_id = $2")
                .bind(keys.seal_str(Field::TotpSecret, &plain))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            rewritten += 1;
        }
    }
    let plain = if only_plaintext {
        format!(" AND {PERSONS_PLAIN}")
    } else {
        String::new()
    };
    let rows: Vec<SealRow> = sqlx::query_as(&format!(
        "SELECT id, id_type, id_number, id_number_sealed, phone, phone_sealed, former_names,
            household_address, residence_address, family_contacts, substances,
            prior_isolation, profile_sealed, version
         FROM persons WHERE id > $1{plain} ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit.max(1))
    .fetch_all(&mut *tx)
    .await?;
    let last = rows.last().map(|r| r.id);
    for r in &rows {
        let Some((id_sealed, index, phone_sealed, profile_sealed)) = reseal_row(keys, r)? else {
            continue;
        };
        // `version` guards against a profile saved meanwhile (its phone and text win; a
        // later pass re-seals them if they were sealed under an older key)
        rewritten += sqlx::query(
            "UPDATE persons SET id_number = '', phone = '', former_names = '',
                household_address = '', residence_address = '', family_contacts = '',
                substances = '', prior_isolation = '', id_number_sealed = $1,
                id_number_index = $2, phone_sealed = $3, profile_sealed = $4
             WHERE id = $5 AND version = $6",
        )
        .bind(id_sealed)
        .bind(index)
        .bind(phone_sealed)
        .bind(profile_sealed)
        .bind(r.id)
        .bind(r.version)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::refused(format!(
                "人员 {} 的证件号码与另一人重复(大小写不同),请先合并 \
                 (person {} duplicates another ID number)",
                r.id, r.id
            )),
            _ => e.into(),
        })?
        .rows_affected();
    }
    tx.commit().await?;
    Ok((rewritten, last))
}

/// Sealed values by key version and values still in plain text (a full scan).
pub(crate) async fn report(pool: &Pool<Db>) -> StoreResult<SealingReport> {
    let mut report = SealingReport::default();
    let (persons, secrets, tests, attachments): (i64, i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT (SELECT COUNT(*) FROM persons WHERE {PERSONS_PLAIN}),
                (SELECT COUNT(*) FROM user_totp WHERE secret <> ''),
                (SELECT COUNT(*) FROM drug_tests WHERE {TESTS_PLAIN}),
                (SELECT COUNT(*) FROM attachments WHERE {ATTACHMENTS_PLAIN})"
    ))
    .fetch_one(pool)
    .await?;
    report.plaintext_persons = persons.max(0) as u64;
    report.plaintext_secrets = secrets.max(0) as u64;
    report.plaintext_tests = tests.max(0) as u64;
    report.plaintext_attachments = attachments.max(0) as u64;
    for (table, column) in [
        ("persons", "id_number_sealed"),
        ("persons", "phone_sealed"),
        ("user_totp", "secret_sealed"),
        // free text, test substances and attachments
        ("persons", "profile_sealed"),
        ("drug_tests", "substances_sealed"),
        ("attachments", "data_sealed"),
    ] {
        let version = key_version_sql(column);
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT {version} AS v, COUNT(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY 1"
        ))
        .fetch_all(pool)
        .await?;
        for (v, n) in rows {
            let v = u8::from_str_radix(&v, 16).unwrap_or(0);
            *report.by_version.entry(v).or_default() += n.max(0) as u64;
        }
    }
    Ok(report)
}
