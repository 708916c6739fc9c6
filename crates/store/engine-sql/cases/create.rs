// Case work: a new decision (CASE-1) and the timeline lines every change adds.

pub(crate) async fn create(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    role: Role,
    new: &NewCase,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<Case> {
    let mut tx = pool.begin().await?;
    let fixed_home: Option<bool> = sqlx::query_scalar(
        "SELECT fixed_home FROM persons WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
    )
    .bind(new.person_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let fixed_home = fixed_home.ok_or(StoreError::NotFound)?;
    // N1: after the scope (an out-of-scope person answers like a missing one)
    if !jiekang_domain::case::may_record_decision(role) {
        return Err(StoreError::refused(
            "您的角色不能录入决定(决定由公安机关作出)",
        ));
    }
    let unit_path = crate::units::usable_unit_path(&mut tx, scope, new.unit_id).await?;
    let level: String = sqlx::query_scalar("SELECT level FROM units WHERE id = $1")
        .bind(new.unit_id)
        .fetch_one(&mut *tx)
        .await?;
    let execution_level = matches!(
        UnitLevel::parse(&level),
        Some(UnitLevel::Township | UnitLevel::Community)
    );
    let planned = plan_new_case(new, fixed_home, execution_level, cal, today)?;
    let open: Option<i64> =
        sqlx::query_scalar("SELECT id FROM cases WHERE person_id = $1 AND closed_on IS NULL")
            .bind(new.person_id)
            .fetch_optional(&mut *tx)
            .await?;
    if open.is_some() {
        return Err(StoreError::Conflict {
            field: "person_id",
            message: "该人员已有未结束的决定,须先结束原决定".to_owned(),
        });
    }
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (person_id, unit_id, unit_path, measure, state, state_since,
            deciding_organ, decision_number, decided_on, decided_years, served_on,
            family_served_on, place_basis, handover_deadline, report_deadline, work_group, seed,
            created_at, created_by, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $18, $19, $20, $21)
         RETURNING id",
    )
    .bind(new.person_id)
    .bind(new.unit_id)
    .bind(&unit_path)
    .bind(new.measure)
    .bind(CaseState::Ordered)
    .bind(new.decided_on)
    .bind(&new.deciding_organ)
    .bind(&new.decision_number)
    .bind(new.decided_on)
    .bind(new.decided_years.map(i64::from))
    .bind(new.served_on)
    .bind(new.family_served_on)
    .bind(new.place_basis)
    .bind(planned.handover_deadline)
    .bind(planned.report_deadline)
    .bind(&new.work_group)
    .bind(new.seed)
    .bind(now)
    .bind(actor)
    .bind(now)
    .bind(actor)
    .fetch_one(&mut *tx)
    .await?;
    insert_event(
        &mut tx,
        id,
        actor,
        &NewEvent {
            kind: "decided",
            occurred_on: new.decided_on,
            summary: planned.summary.clone(),
            note: String::new(),
            collected_by: new.deciding_organ.clone(),
        },
    )
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "create", id, new.person_id, planned.summary),
    )
    .await?;
    let (case, _) = load_case(&mut tx, scope, id, false).await?;
    tx.commit().await?;
    Ok(case)
}

async fn insert_event(conn: &mut Conn, case_id: i64, actor: i64, e: &NewEvent) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, kind, occurred_on, summary, note, collected_by,
            created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(case_id)
    .bind(e.kind)
    .bind(e.occurred_on)
    .bind(&e.summary)
    .bind(&e.note)
    .bind(&e.collected_by)
    .bind(Utc::now())
    .bind(actor)
    .execute(conn)
    .await?;
    Ok(())
}
