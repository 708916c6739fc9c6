// Issue #5 item 3 — personal data sealed at rest: the SQL both engines run, written
// once (see cases.rs beside this file for how it is included). The including module
// defines `Db` and `fn key_version_sql(column) -> String`, an expression giving the
// first byte of a sealed value (its key version) as two lower-case hex digits.

use jiekang_store::sealed::{Field, Keyring, SealingReport, verify_key_checks};
use jiekang_store::{StoreError, StoreResult};
use sqlx::Pool;

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
    version: i64,
}

/// The new sealed ID number, its index and the new sealed phone of a row that needs
/// them, or `None` when it is already sealed under the active key.
type Resealed = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

fn reseal_row(keys: &Keyring, r: &SealRow) -> StoreResult<Option<Resealed>> {
    let current = |s: &Option<Vec<u8>>| s.as_deref().is_none_or(|s| keys.is_current(s));
    if r.id_number.is_empty()
        && r.phone.is_empty()
        && r.id_number_sealed.is_some()
        && current(&r.id_number_sealed)
        && current(&r.phone_sealed)
    {
        return Ok(None);
    }
    let id_number = if !r.id_number.is_empty() {
        r.id_number.clone()
    } else {
        let sealed = r.id_number_sealed.as_deref().ok_or_else(|| {
            StoreError::Refused(format!(
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
    )))
}

/// One batch of sealing (see `Store::reseal`), one transaction.
pub(crate) async fn reseal(
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
        " AND (id_number <> '' OR phone <> '')"
    } else {
        ""
    };
    let rows: Vec<SealRow> = sqlx::query_as(&format!(
        "SELECT id, id_type, id_number, id_number_sealed, phone, phone_sealed, version
         FROM persons WHERE id > $1{plain} ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit.max(1))
    .fetch_all(&mut *tx)
    .await?;
    let last = rows.last().map(|r| r.id);
    for r in &rows {
        let Some((id_sealed, index, phone_sealed)) = reseal_row(keys, r)? else {
            continue;
        };
        // `version` guards against a profile saved meanwhile (its phone wins; a later
        // pass re-seals it if it was sealed under an older key)
        rewritten += sqlx::query(
            "UPDATE persons SET id_number = '', phone = '', id_number_sealed = $1,
                id_number_index = $2, phone_sealed = $3
             WHERE id = $4 AND version = $5",
        )
        .bind(id_sealed)
        .bind(index)
        .bind(phone_sealed)
        .bind(r.id)
        .bind(r.version)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Refused(format!(
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
    let (persons, secrets): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM persons WHERE id_number <> '' OR phone <> ''),
                (SELECT COUNT(*) FROM user_totp WHERE secret <> '')",
    )
    .fetch_one(pool)
    .await?;
    report.plaintext_persons = persons.max(0) as u64;
    report.plaintext_secrets = secrets.max(0) as u64;
    for (table, column) in [
        ("persons", "id_number_sealed"),
        ("persons", "phone_sealed"),
        ("user_totp", "secret_sealed"),
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
