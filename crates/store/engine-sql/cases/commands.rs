// Case work: one command on one case — load, plan, write every change, audit.

async fn load_context(
    conn: &mut Conn,
    keys: &Keyring,
    scope: &Scope,
    case: &Case,
    command: &CaseCommand,
    as_receiver: bool,
) -> StoreResult<CaseContext> {
    let suspensions = suspensions(conn, case.id.get()).await?;
    let absences = sqlx::query_as::<_, (NaiveDate, NaiveDate)>(
        "SELECT from_on, to_on FROM case_absences WHERE case_id = $1 ORDER BY from_on",
    )
    .bind(case.id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(from, to)| jiekang_domain::breach::Absence { from, to })
    .collect();
    let mut ctx = CaseContext {
        suspensions,
        absences,
        as_receiver,
        ..CaseContext::default()
    };
    match command {
        CaseCommand::Step(StepInput {
            transfer_to_unit_id: Some(unit_id),
            ..
        }) => {
            // The receiving unit may lie outside the sender's scope: any unit in use.
            let row: Option<UnitRow> = sqlx::query_as(
                "SELECT id, parent_id, code, name, level, path, valid_from, valid_to, version
                 FROM units WHERE id = $1 AND valid_to IS NULL",
            )
            .bind(unit_id)
            .fetch_optional(&mut *conn)
            .await?;
            let unit: Option<Unit> = row.map(Unit::try_from).transpose()?;
            ctx.target_unit = match unit {
                Some(u) if matches!(u.level, UnitLevel::Township | UnitLevel::Community) => Some(u),
                Some(_) => {
                    return Err(StoreError::refused("接收单位须为乡镇(街道)或社区"));
                }
                None => return Err(StoreError::refused("接收单位不存在或已撤销")),
            };
        }
        CaseCommand::DecideLeave { leave_id, .. } | CaseCommand::LeaveReturned { leave_id, .. } => {
            ctx.leave = sqlx::query_as(&format!("{LEAVE_SELECT} WHERE id = $1 AND case_id = $2"))
                .bind(leave_id)
                .bind(case.id)
                .fetch_optional(&mut *conn)
                .await?;
        }
        CaseCommand::PoliceNotified { test_id, .. } => {
            ctx.test = sqlx::query_as::<_, SealedTest>(&format!(
                "{TEST_SELECT} WHERE t.id = $1 AND t.case_id = $2"
            ))
            .bind(test_id)
            .bind(case.id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|t| t.open(keys))
            .transpose()?;
        }
        _ => {}
    }
    if let (CaseCommand::Step(input), Some(receiver)) = (command, &case.transfer_to_path)
        && input.step == jiekang_domain::case::Step::AcceptTransfer
    {
        // CASE-4: a receiver with communities in use places the case in one of them.
        let upper = Scope::of_unit(0, receiver.clone());
        ctx.receiver_has_communities = sqlx::query_scalar::<_, i64>(
            "SELECT id FROM units
             WHERE path > $1 AND path < $2 AND level = 'community' AND valid_to IS NULL
             LIMIT 1",
        )
        .bind(receiver)
        .bind(upper.upper())
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    }
    load_care_context(&mut *conn, scope, case, command, &mut ctx).await?;
    Ok(ctx)
}

/// One command on one case: load under lock, check the version the user saw, plan,
/// apply every write, audit — one transaction. (SQLite runs [`apply_in`] in its group
/// commit instead.)
#[allow(clippy::too_many_arguments, dead_code)]
pub(crate) async fn apply(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    role: Role,
    id: i64,
    version: i64,
    command: &CaseCommand,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<Case> {
    let mut tx = pool.begin().await?;
    let case = apply_in(
        &mut tx, keys, scope, actor, role, id, version, command, cal, today,
    )
    .await?;
    tx.commit().await?;
    Ok(case)
}

/// [`apply`] inside a transaction the caller commits (SQLite's group commit);
/// on an error the caller rolls back everything this wrote.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply_in(
    conn: &mut Conn,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    role: Role,
    id: i64,
    version: i64,
    command: &CaseCommand,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<Case> {
    let (case, as_receiver) = load_case(&mut *conn, scope, id, true).await?;
    if case.version != version {
        return Err(StoreError::Stale);
    }
    let ctx = load_context(&mut *conn, keys, scope, &case, command, as_receiver).await?;
    let plan = plan(&case, &ctx, command, role, cal, today)?;
    let c = &plan.case;
    let now = Utc::now();
    let updated = sqlx::query(
        "UPDATE cases SET unit_id = $1, unit_path = $2, state = $3, state_since = $4,
            served_on = $5, notified_on = $6, report_deadline = $7, reported_on = $8,
            last_reported_on = $9, agreement_on = $10, term_end = $11, talk_due_on = $12,
            suspended_from = $13, transfer_to_unit_id = $14, transfer_to_path = $15,
            refused_or_evaded = $16, breach_level = $17, closed_on = $18, work_group = $19,
            updated_at = $20, updated_by = $21, version = version + 1,
            risk_level = $24, risk_label = $25, talk_interval_days = $26,
            visit_interval_days = $27, visit_due_on = $28, reassess_due_on = $29,
            worker_id = $30, police_id = $31
         WHERE id = $22 AND version = $23",
    )
    .bind(c.unit_id)
    .bind(&c.unit_path)
    .bind(c.state)
    .bind(c.state_since)
    .bind(c.served_on)
    .bind(c.notified_on)
    .bind(c.report_deadline)
    .bind(c.reported_on)
    .bind(c.last_reported_on)
    .bind(c.agreement_on)
    .bind(c.term_end)
    .bind(c.talk_due_on)
    .bind(c.suspended_from)
    .bind(c.transfer_to_unit_id)
    .bind(&c.transfer_to_path)
    .bind(c.refused_or_evaded)
    .bind(c.breach_level)
    .bind(c.closed_on)
    .bind(&c.work_group)
    .bind(now)
    .bind(actor)
    .bind(id)
    .bind(version)
    .bind(c.care.risk_level)
    .bind(&c.care.risk_label)
    .bind(c.care.talk_interval_days)
    .bind(c.care.visit_interval_days)
    .bind(c.care.visit_due_on)
    .bind(c.care.reassess_due_on)
    .bind(c.care.worker_id)
    .bind(c.care.police_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StoreError::Stale);
    }
    insert_event(&mut *conn, id, actor, &plan.event).await?;
    apply_care(&mut *conn, id, actor, now, &plan).await?;
    if let Some(t) = &plan.test {
        sqlx::query(
            "INSERT INTO drug_tests (case_id, tested_at, tested_on, kind, sample, outcome,
                satisfies_window, needs_police, substances, substances_sealed, tester_1,
                tester_2, sample_a, sample_b, planned, note, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10, $11, $12, $13, $14, $15,
                $16, $17)",
        )
        .bind(id)
        .bind(t.tested_at)
        .bind(t.tested_at.date())
        .bind(t.kind.code())
        .bind(t.sample.map(|s| s.code()))
        .bind(t.outcome.code())
        .bind(t.outcome.satisfies_window())
        .bind(t.outcome.needs_police_action())
        // the free text sealed at rest, NULL when none
        .bind(seal_text(keys, Field::TestSubstances, &t.substances))
        .bind(&t.tester_1)
        .bind(&t.tester_2)
        .bind(&t.sample_a)
        .bind(&t.sample_b)
        .bind(t.planned)
        .bind(&t.note)
        .bind(now)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(windows) = &plan.windows {
        sqlx::query("DELETE FROM test_windows WHERE case_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        if !windows.is_empty() {
            let mut q: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO test_windows (case_id, idx, unit_path, starts_on, ends_on, planned_on, provisional) ",
            );
            q.push_values(windows, |mut b, w| {
                b.push_bind(id)
                    .push_bind(i64::from(w.index))
                    .push_bind(&c.unit_path)
                    .push_bind(w.start)
                    .push_bind(w.end)
                    .push_bind(w.planned)
                    .push_bind(w.provisional);
            });
            q.build().execute(&mut *conn).await?;
        }
    }
    if plan.windows.is_some() || plan.test.is_some() {
        // D4: a window is done by its first test with a result. New windows are all
        // settled again; a new test can change only the windows around its day, so only
        // those are rewritten (at a million persons the single writer rewrote all ~36 per test).
        let around = match (&plan.windows, &plan.test) {
            (None, Some(t)) => Some(t.tested_at.date()),
            _ => None,
        };
        sqlx::query(
            "UPDATE test_windows SET done_on = (
                SELECT MIN(t.tested_on) FROM drug_tests t
                WHERE t.case_id = test_windows.case_id AND t.satisfies_window
                  AND t.tested_on >= test_windows.starts_on AND t.tested_on <= test_windows.ends_on)
             WHERE case_id = $1 AND ($2 IS NULL OR (starts_on <= $2 AND ends_on >= $2))",
        )
        .bind(id)
        .bind(around)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(h) = &plan.handover {
        sqlx::query(
            "INSERT INTO handovers (case_id, kind, to_unit_id, to_path, sent_on, sent_by, note,
                from_unit_id, from_path)
             VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8)",
        )
        .bind(id)
        .bind(h.kind)
        .bind(h.to_unit_id)
        .bind(&h.to_path)
        .bind(h.sent_on)
        .bind(actor)
        .bind(h.from.as_ref().map(|(unit, _)| *unit))
        .bind(h.from.as_ref().map(|(_, path)| path.as_str()))
        .execute(&mut *conn)
        .await?;
    }
    if let Some(received) = plan.close_transfer_handover {
        // CASE-4: an accepted transfer records where the case was placed.
        sqlx::query(
            "UPDATE handovers SET received_on = $1, received_by = $2, note = $3,
                placed_unit_id = $5
             WHERE case_id = $4 AND kind = 'transfer' AND received_on IS NULL",
        )
        .bind(plan.event.occurred_on)
        .bind(actor)
        .bind(if received {
            "已接收"
        } else {
            "拒绝接收"
        })
        .bind(id)
        .bind(received.then_some(c.unit_id))
        .execute(&mut *conn)
        .await?;
    }
    if plan.move_person {
        // N11: the archive and the planned tests move with the case.
        sqlx::query(
            "UPDATE persons SET unit_id = $1, unit_path = $2, updated_at = $3, updated_by = $4,
                version = version + 1
             WHERE id = $5",
        )
        .bind(c.unit_id)
        .bind(&c.unit_path)
        .bind(now)
        .bind(actor)
        .bind(case.person_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE test_windows SET unit_path = $1 WHERE case_id = $2")
            .bind(&c.unit_path)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    if let Some((from, to)) = plan.close_suspension {
        sqlx::query("INSERT INTO case_suspensions (case_id, from_on, to_on) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(from)
            .bind(to)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(a) = &plan.absence {
        sqlx::query(
            "INSERT INTO case_absences (case_id, from_on, to_on, note, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(a.from)
        .bind(a.to)
        .bind(&plan.event.note)
        .bind(now)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    match &plan.leave {
        Some(LeaveWrite::Insert {
            on,
            from,
            to,
            destination,
            reason,
        }) => {
            sqlx::query(
                "INSERT INTO case_leaves (case_id, from_on, to_on, destination, reason, state,
                    requested_by, created_at, requested_on)
                 VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7, $8)",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(destination)
            .bind(reason)
            .bind(actor)
            .bind(now)
            .bind(on)
            .execute(&mut *conn)
            .await?;
        }
        Some(LeaveWrite::Decide {
            id: leave,
            state,
            on,
        }) => {
            sqlx::query(
                "UPDATE case_leaves SET state = $1, decided_on = $2, decided_by = $3
                 WHERE id = $4 AND case_id = $5",
            )
            .bind(state)
            .bind(on)
            .bind(actor)
            .bind(leave)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
        Some(LeaveWrite::Returned { id: leave, on }) => {
            sqlx::query(
                "UPDATE case_leaves SET state = 'returned', returned_on = $1
                 WHERE id = $2 AND case_id = $3",
            )
            .bind(on)
            .bind(leave)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
        None => {}
    }
    if let Some((test, on)) = plan.police_notified {
        sqlx::query("UPDATE drug_tests SET police_notified_on = $1 WHERE id = $2 AND case_id = $3")
            .bind(on)
            .bind(test)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    crate::audit::append(
        &mut *conn,
        &audit_entry(
            actor,
            plan.event.kind,
            id,
            case.person_id,
            plan.event.summary.clone(),
        ),
    )
    .await?;
    // The receiver that accepted now holds the case; one that refused no longer sees it.
    let reload_scope = if as_receiver && plan.move_person {
        scope.clone()
    } else if as_receiver {
        Scope::system()
    } else {
        scope.clone()
    };
    let (case, _) = load_case(&mut *conn, &reload_scope, id, false).await?;
    Ok(case)
}
