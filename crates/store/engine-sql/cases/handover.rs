// Case work: hand-overs acknowledged (CASE-2) and attachments (CASE-5, INFO-1).

/// CASE-2 — the receiving unit acknowledges a hand-over (必送必接).
pub(crate) async fn receive_handover(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    handover_id: i64,
    on: NaiveDate,
    today: NaiveDate,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i64, String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT h.case_id, c.person_id, h.kind, h.sent_on, h.received_on
         FROM handovers h JOIN cases c ON c.id = h.case_id
         WHERE h.id = $1 AND h.to_path >= $2 AND h.to_path < $3",
    )
    .bind(handover_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let (case_id, person_id, kind, sent_on, received_on) = row.ok_or(StoreError::NotFound)?;
    if received_on.is_some() {
        return Err(StoreError::refused("该移交已接收"));
    }
    if kind == "transfer" {
        return Err(StoreError::refused("变更执行地的移交随接收变更一并确认"));
    }
    if on < sent_on || on > today {
        return Err(StoreError::refused("接收日期须在移交日期与今天之间"));
    }
    sqlx::query("UPDATE handovers SET received_on = $1, received_by = $2 WHERE id = $3")
        .bind(on)
        .bind(actor)
        .bind(handover_id)
        .execute(&mut *tx)
        .await?;
    let summary = format!("接收公安移交的决定书及材料(移交日期 {sent_on})");
    insert_event(
        &mut tx,
        case_id,
        actor,
        &NewEvent {
            kind: "handover_received",
            occurred_on: on,
            summary: summary.clone(),
            note: String::new(),
            collected_by: String::new(),
        },
    )
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "handover_received", case_id, person_id, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn add_attachment(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    case_id: i64,
    new: &NewAttachment,
) -> StoreResult<AttachmentMeta> {
    let mut tx = pool.begin().await?;
    let (case, as_receiver) = load_case(&mut tx, scope, case_id, false).await?;
    if as_receiver {
        return Err(StoreError::NotFound);
    }
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (case_id, kind, file_name, content_type, size, sha256, data,
            data_sealed, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(case.id)
    .bind(&new.kind)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(i64::try_from(new.data.len()).unwrap_or(i64::MAX))
    .bind(&new.sha256)
    // the bytes sealed at rest, the plain column empty
    .bind(Vec::<u8>::new())
    .bind(keys.seal(Field::AttachmentData, &new.data))
    .bind(now)
    .bind(actor)
    .fetch_one(&mut *tx)
    .await?;
    let summary = format!("上传附件:{}({})", new.file_name, new.kind);
    insert_event(
        &mut tx,
        case_id,
        actor,
        &NewEvent {
            kind: "attachment",
            occurred_on: now.date_naive(),
            summary: summary.clone(),
            note: String::new(),
            collected_by: String::new(),
        },
    )
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "attachment_add", case_id, case.person_id, summary),
    )
    .await?;
    let meta = attachment_meta(&mut tx, id).await?;
    tx.commit().await?;
    Ok(meta)
}

async fn attachment_meta(conn: &mut Conn, id: i64) -> StoreResult<AttachmentMeta> {
    Ok(
        sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// An attachment's bytes, only inside the owner's scope; the read is audited (N18).
pub(crate) async fn attachment(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<Attachment> {
    let mut tx = pool.begin().await?;
    // case, person, plain bytes (a row not sealed yet), sealed bytes
    type Row = (i64, i64, Vec<u8>, Option<Vec<u8>>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT a.case_id, c.person_id, a.data, a.data_sealed
         FROM attachments a JOIN cases c ON c.id = a.case_id
         WHERE a.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3",
    )
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let (case_id, person_id, plain, sealed) = row.ok_or(StoreError::NotFound)?;
    let data = open_bytes(keys, Field::AttachmentData, sealed.as_deref(), plain)?;
    let meta = attachment_meta(&mut tx, id).await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(
            actor,
            "attachment_read",
            case_id,
            person_id,
            meta.file_name.clone(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Attachment { meta, data })
}
