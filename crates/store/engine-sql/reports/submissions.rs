// STAT-1 — townships submit their frozen reports, supervising offices review them.

pub(crate) async fn submit(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    period: ReportPeriod,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(unit_id) = scope.unit_id() else {
        return Err(StoreError::NotFound);
    };
    let mut tx = pool.begin().await?;
    let frozen = version_of(&mut tx, period, VersionKind::Frozen)
        .await?
        .ok_or_else(|| {
            StoreError::Refused(Refusal::message(
                "store-report-not-frozen",
                NOT_FROZEN_MESSAGE,
            ))
        })?;
    let state: Option<String> = sqlx::query_scalar(
        "SELECT state FROM report_submissions WHERE period = $1 AND unit_id = $2",
    )
    .bind(period.code())
    .bind(unit_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(SubmissionState::Submitted | SubmissionState::Accepted) =
        state.as_deref().and_then(SubmissionState::parse)
    {
        return Err(StoreError::Refused(Refusal::message(
            "store-report-already-submitted",
            ALREADY_SUBMITTED_MESSAGE,
        )));
    }
    sqlx::query(
        "INSERT INTO report_submissions (period, unit_id, unit_path, state, version_id,
                                         submitted_at, submitted_by, note)
         VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7)
         ON CONFLICT (period, unit_id) DO UPDATE SET
             state = 'submitted', version_id = $4, submitted_at = $5, submitted_by = $6,
             note = $7, reviewed_at = NULL, reviewed_by = NULL",
    )
    .bind(period.code())
    .bind(unit_id)
    .bind(scope.path())
    .bind(frozen.id)
    .bind(now)
    .bind(actor)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    crate::audit::append(
        &mut tx,
        &AuditEntry::of_object(
            now,
            Some(actor),
            "report.submitted",
            "unit",
            Some(unit_id),
            format!("period={} version={}", period.code(), frozen.id),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn review(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    unit_id: i64,
    period: ReportPeriod,
    decision: Review,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if decision == Review::Return && note.trim().is_empty() {
        return Err(StoreError::Refused(Refusal::message(
            "store-report-return-needs-note",
            RETURN_NEEDS_NOTE_MESSAGE,
        )));
    }
    let mut tx = pool.begin().await?;
    // a unit strictly below the reviewer's own, in scope
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT s.state, s.unit_path FROM report_submissions s
         WHERE s.period = $1 AND s.unit_id = $2 AND s.unit_path >= $3 AND s.unit_path < $4
           AND s.unit_path <> $5",
    )
    .bind(period.code())
    .bind(unit_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .bind(scope.path())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((state, _)) = row else {
        return Err(StoreError::NotFound);
    };
    if SubmissionState::parse(&state) != Some(SubmissionState::Submitted) {
        return Err(StoreError::Refused(Refusal::message(
            "store-report-not-awaiting-review",
            NOT_AWAITING_REVIEW_MESSAGE,
        )));
    }
    let (new_state, action) = match decision {
        Review::Accept => (SubmissionState::Accepted, "report.accepted"),
        Review::Return => (SubmissionState::Returned, "report.returned"),
    };
    sqlx::query(
        "UPDATE report_submissions SET state = $1, reviewed_at = $2, reviewed_by = $3,
                review_note = $4
         WHERE period = $5 AND unit_id = $6",
    )
    .bind(new_state.code())
    .bind(now)
    .bind(actor)
    .bind(note)
    .bind(period.code())
    .bind(unit_id)
    .execute(&mut *tx)
    .await?;
    crate::audit::append(
        &mut tx,
        &AuditEntry::of_object(
            now,
            Some(actor),
            action,
            "unit",
            Some(unit_id),
            format!("period={}", period.code()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

type SubmissionDbRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
);

pub(crate) async fn submissions(
    pool: &Pool<Db>,
    scope: &Scope,
    period: ReportPeriod,
) -> StoreResult<Vec<SubmissionRow>> {
    let rows: Vec<SubmissionDbRow> = sqlx::query_as(
        "SELECT t.id, t.name, p.name, s.state, s.submitted_at, su.display_name, s.note,
                s.reviewed_at, ru.display_name, s.review_note
         FROM units t
         JOIN units p ON p.id = t.parent_id
         LEFT JOIN report_submissions s ON s.unit_id = t.id AND s.period = $1
         LEFT JOIN users su ON su.id = s.submitted_by
         LEFT JOIN users ru ON ru.id = s.reviewed_by
         WHERE t.level = 'township' AND t.path >= $2 AND t.path < $3
         ORDER BY t.path",
    )
    .bind(period.code())
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SubmissionRow {
            unit_id: r.0,
            unit_name: r.1,
            parent_name: r.2,
            state: r.3.as_deref().and_then(SubmissionState::parse),
            submitted_at: r.4,
            submitted_by: r.5,
            note: r.6.unwrap_or_default(),
            reviewed_at: r.7,
            reviewed_by: r.8,
            review_note: r.9.unwrap_or_default(),
        })
        .collect())
}
