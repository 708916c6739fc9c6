// INFO-1 — a printed document's data: the case file and the person's identity and
// addresses, read in one transaction with the audit record of the read.

/// The case (through its execution place in scope only) and its person (in scope
/// too), with the audit record `case.document` naming the document in `detail`.
pub(crate) async fn document(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
    detail: &str,
) -> StoreResult<CaseDocument> {
    let mut tx = pool.begin().await?;
    let file = file_in(&mut tx, keys, scope, id).await?;
    if file.as_receiver {
        return Err(StoreError::NotFound);
    }
    let row: ArchiveRow = sqlx::query_as(&format!(
        "{ARCHIVE_SELECT} WHERE p.id = $1 AND p.unit_path >= $2 AND p.unit_path < $3"
    ))
    .bind(file.case.person_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    let person = row.person.open(keys)?;
    let profile = row.profile.open(keys)?;
    crate::audit::append(
        &mut tx,
        &audit_entry(
            actor,
            "document",
            id,
            file.case.person_id,
            detail.to_owned(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseDocument {
        file,
        person,
        profile,
    })
}
