// Security item 6 — the substances of drug tests and attachments' bytes sealed at
// rest: their batches of `Store::reseal` and what `sealing_report` counts of them.
// Included after `sealing.rs`, in the same module (its imports are shared).

use jiekang_store::at_rest::seal_text;

/// Drug tests whose substances are still in plain text (the `drug_tests_unsealed`
/// index, migration 0016).
const TESTS_PLAIN: &str = "substances <> ''";
/// Attachments whose bytes are still in plain text (the `attachments_unsealed` index).
const ATTACHMENTS_PLAIN: &str = "length(data) > 0";

/// The rows a batch visits: those with plain text left, and for a rotation also
/// those sealed under another key than the active one (skipped in SQL, so a resumed
/// rotation does not read again what it already did).
fn to_reseal(plain: &str, sealed: &str, keys: &Keyring, only_plaintext: bool) -> String {
    if only_plaintext {
        format!("({plain})")
    } else {
        format!(
            "({plain} OR ({sealed} IS NOT NULL AND {} <> '{:02x}'))",
            key_version_sql(sealed),
            keys.active_version()
        )
    }
}

#[derive(sqlx::FromRow)]
struct TestSealRow {
    id: i64,
    substances: String,
    substances_sealed: Option<Vec<u8>>,
}

/// One batch of drug tests, one transaction.
async fn reseal_tests(
    pool: &Pool<Db>,
    keys: &Keyring,
    after: i64,
    limit: i64,
    only_plaintext: bool,
) -> StoreResult<(u64, Option<i64>)> {
    let mut tx = pool.begin().await?;
    let which = to_reseal(TESTS_PLAIN, "substances_sealed", keys, only_plaintext);
    let rows: Vec<TestSealRow> = sqlx::query_as(&format!(
        "SELECT id, substances, substances_sealed FROM drug_tests
         WHERE id > $1 AND {which} ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut rewritten = 0;
    for r in &rows {
        // plain text wins (a row from before the sealing)
        let text = match (&r.substances[..], &r.substances_sealed) {
            ("", Some(s)) => keys.open_str(Field::TestSubstances, s)?,
            ("", None) => continue,
            (plain, _) => plain.to_owned(),
        };
        rewritten += sqlx::query(
            "UPDATE drug_tests SET substances = '', substances_sealed = $1 WHERE id = $2",
        )
        .bind(seal_text(keys, Field::TestSubstances, &text))
        .bind(r.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok((rewritten, rows.last().map(|r| r.id)))
}

#[derive(sqlx::FromRow)]
struct AttachmentSealRow {
    id: i64,
    data: Vec<u8>,
    data_sealed: Option<Vec<u8>>,
}

/// One batch of attachments, one transaction.
async fn reseal_attachments(
    pool: &Pool<Db>,
    keys: &Keyring,
    after: i64,
    limit: i64,
    only_plaintext: bool,
) -> StoreResult<(u64, Option<i64>)> {
    let mut tx = pool.begin().await?;
    let which = to_reseal(ATTACHMENTS_PLAIN, "data_sealed", keys, only_plaintext);
    let rows: Vec<AttachmentSealRow> = sqlx::query_as(&format!(
        "SELECT id, data, data_sealed FROM attachments
         WHERE id > $1 AND {which} ORDER BY id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut rewritten = 0;
    for r in &rows {
        let bytes = match (r.data.is_empty(), &r.data_sealed) {
            (true, Some(s)) => keys.open(Field::AttachmentData, s)?,
            (true, None) => continue,
            (false, _) => r.data.clone(),
        };
        rewritten +=
            sqlx::query("UPDATE attachments SET data = $1, data_sealed = $2 WHERE id = $3")
                .bind(Vec::<u8>::new())
                .bind(keys.seal(Field::AttachmentData, &bytes))
                .bind(r.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
    }
    tx.commit().await?;
    Ok((rewritten, rows.last().map(|r| r.id)))
}
