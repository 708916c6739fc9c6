// Case work, reading: a person's cases and a whole case file.

/// The cases of a person in scope, newest first.
pub(crate) async fn of_person(
    pool: &Pool<Db>,
    scope: &Scope,
    person_id: i64,
) -> StoreResult<Vec<CaseSummary>> {
    of_person_in(&mut *pool.acquire().await?, scope, person_id).await
}

/// [`of_person`] on a connection (the archive reads it inside its snapshot).
async fn of_person_in(
    conn: &mut Conn,
    scope: &Scope,
    person_id: i64,
) -> StoreResult<Vec<CaseSummary>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.measure, c.state, u.name AS unit_name, c.decided_on, c.reported_on,
                c.term_end, c.closed_on
         FROM cases c JOIN units u ON u.id = c.unit_id
         WHERE c.person_id = $1 AND c.unit_path >= $2 AND c.unit_path < $3
         ORDER BY c.id DESC",
    )
    .bind(person_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_all(conn)
    .await?)
}

/// The whole case, its read audited in the same transaction (N18).
pub(crate) async fn file(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<CaseFile> {
    let mut tx = pool.begin().await?;
    let file = file_in(&mut tx, keys, scope, id).await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "read", id, file.case.person_id, String::new()),
    )
    .await?;
    tx.commit().await?;
    Ok(file)
}

/// The whole case read on `conn` (inside the caller's transaction), not audited: the
/// caller writes the audit record of what it hands out.
async fn file_in(conn: &mut Conn, keys: &Keyring, scope: &Scope, id: i64) -> StoreResult<CaseFile> {
    let tx = conn;
    let (case, as_receiver) = load_case(&mut *tx, scope, id, false).await?;
    if as_receiver && case.state != CaseState::TransferPending {
        return Err(StoreError::NotFound);
    }
    let windows: Vec<StoredWindow> = sqlx::query_as(
        "SELECT idx, starts_on, ends_on, planned_on, provisional, done_on, missed
         FROM test_windows WHERE case_id = $1 ORDER BY idx",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let tests = sqlx::query_as::<_, SealedTest>(&format!(
        "{TEST_SELECT} WHERE t.case_id = $1 ORDER BY t.tested_at DESC, t.id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|t| t.open(keys))
    .collect::<StoreResult<Vec<DrugTest>>>()?;
    let events: Vec<CaseEvent> = sqlx::query_as(
        "SELECT e.id, e.case_id, e.kind, e.occurred_on, e.summary, e.note, e.collected_by,
                e.created_at, u.display_name AS created_by
         FROM case_events e JOIN users u ON u.id = e.created_by
         WHERE e.case_id = $1 ORDER BY e.occurred_on DESC, e.id DESC",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let handovers: Vec<Handover> = sqlx::query_as(
        "SELECT h.id, h.case_id, h.kind, h.to_unit_id, n.name AS to_unit_name, h.sent_on,
                su.display_name AS sent_by, h.received_on, ru.display_name AS received_by, h.note
         FROM handovers h JOIN units n ON n.id = h.to_unit_id
         JOIN users su ON su.id = h.sent_by LEFT JOIN users ru ON ru.id = h.received_by
         WHERE h.case_id = $1 ORDER BY h.id DESC",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let leaves: Vec<Leave> = sqlx::query_as(&format!(
        "{LEAVE_SELECT} WHERE case_id = $1 ORDER BY id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let attachments: Vec<AttachmentMeta> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(CaseFile {
        case,
        windows,
        tests,
        events,
        handovers,
        leaves,
        attachments,
        as_receiver,
    })
}

/// CASE-4 — the stub a sending office keeps of a case it transferred: found only
/// through a received hand-over of kind `transfer` whose sending path lies in the
/// reader's scope (anyone else: [`StoreError::NotFound`]); the timeline up to and
/// including the acceptance, nothing after. The read is audited like any case read.
pub(crate) async fn transferred(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<TransferredCase> {
    let mut tx = pool.begin().await?;
    // the newest accepted transfer sent from the scope: (hand-over, from unit, its
    // name, placed unit, its name, sent, received, received by)
    type Row = (
        i64,
        UnitId,
        String,
        UnitId,
        String,
        NaiveDate,
        NaiveDate,
        i64,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT h.id, h.from_unit_id, fu.name, h.placed_unit_id, pu.name, h.sent_on,
                h.received_on, h.received_by
         FROM handovers h
         JOIN units fu ON fu.id = h.from_unit_id
         JOIN units pu ON pu.id = h.placed_unit_id
         WHERE h.case_id = $1 AND h.kind = 'transfer' AND h.received_on IS NOT NULL
           AND h.from_path >= $2 AND h.from_path < $3
         ORDER BY h.id DESC LIMIT 1",
    )
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let (
        handover,
        from_unit_id,
        from_unit_name,
        placed_unit_id,
        placed_unit_name,
        sent,
        accepted,
        by,
    ) = row.ok_or(StoreError::NotFound)?;
    type CaseRow = (
        PersonId,
        String,
        jiekang_domain::measure::Measure,
        String,
        String,
        NaiveDate,
    );
    let (person_id, person_name, measure, deciding_organ, decision_number, decided_on): CaseRow =
        sqlx::query_as(
            "SELECT c.person_id, p.name, c.measure, c.deciding_organ, c.decision_number,
                    c.decided_on
             FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    // The acceptance's own entry is the last one shown: entries the receiver made on
    // the same day after it (a report-in, a test) stay hidden.
    let cut: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(id) FROM case_events
         WHERE case_id = $1 AND kind = 'accept_transfer' AND occurred_on = $2
           AND created_by = $3",
    )
    .bind(id)
    .bind(accepted)
    .bind(by)
    .fetch_one(&mut *tx)
    .await?;
    let events: Vec<CaseEvent> = sqlx::query_as(
        "SELECT e.id, e.case_id, e.kind, e.occurred_on, e.summary, e.note, e.collected_by,
                e.created_at, u.display_name AS created_by
         FROM case_events e JOIN users u ON u.id = e.created_by
         WHERE e.case_id = $1 AND e.occurred_on <= $2 AND e.id <= $3
         ORDER BY e.occurred_on DESC, e.id DESC",
    )
    .bind(id)
    .bind(accepted)
    .bind(cut.unwrap_or(i64::MAX))
    .fetch_all(&mut *tx)
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(
            actor,
            "read_transferred",
            id,
            person_id,
            format!("handover {handover}"),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(TransferredCase {
        case_id: CaseId(id),
        person_name,
        measure,
        deciding_organ,
        decision_number,
        decided_on,
        from_unit_id,
        from_unit_name,
        placed_unit_id,
        placed_unit_name,
        requested_on: sent,
        accepted_on: accepted,
        events,
    })
}
