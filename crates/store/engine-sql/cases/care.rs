// Case work — risk assessments (CASE-7, D6) and caseload assignments (N6): what their
// command loads before planning, and what it writes besides the case row.

/// A stored scheme body as the domain reads it.
fn scheme_from_json(body: &str) -> StoreResult<jiekang_domain::risk::RiskScheme> {
    serde_json::from_str(body).map_err(|e| StoreError::Backend(Box::new(e)))
}

/// The path of the township (乡镇/街道) on a unit path: the unit itself or an ancestor.
async fn township_path_of(conn: &mut Conn, unit_path: &str) -> StoreResult<Option<String>> {
    let prefixes: Vec<String> = unit_path
        .trim_matches('/')
        .split('/')
        .scan(String::from("/"), |acc, id| {
            acc.push_str(id);
            acc.push('/');
            Some(acc.clone())
        })
        .collect();
    let mut q: QueryBuilder<Db> =
        QueryBuilder::new("SELECT path FROM units WHERE level = 'township' AND path IN (");
    let mut sep = q.separated(", ");
    for p in &prefixes {
        sep.push_bind(p.clone());
    }
    q.push(")");
    Ok(q.build_query_scalar().fetch_optional(&mut *conn).await?)
}

async fn load_care_context(
    conn: &mut Conn,
    scope: &Scope,
    case: &Case,
    command: &CaseCommand,
    ctx: &mut CaseContext,
) -> StoreResult<()> {
    match command {
        CaseCommand::Assess(a) => {
            let body: Option<String> =
                sqlx::query_scalar("SELECT body FROM risk_schemes WHERE version = $1")
                    .bind(a.scheme_version)
                    .fetch_optional(&mut *conn)
                    .await?;
            ctx.scheme = body.as_deref().map(scheme_from_json).transpose()?;
        }
        CaseCommand::Assign {
            worker_id,
            police_id,
            ..
        } => {
            for id in [worker_id, police_id].into_iter().flatten() {
                let user: Option<Assignee> = sqlx::query_as(
                    "SELECT id, display_name, role, disabled, unit_path FROM users
                     WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
                )
                .bind(id)
                .bind(scope.lower())
                .bind(scope.upper())
                .fetch_optional(&mut *conn)
                .await?;
                ctx.assignees.extend(user);
            }
            ctx.township_path = township_path_of(&mut *conn, &case.unit_path).await?;
        }
        _ => {}
    }
    Ok(())
}

async fn apply_care(
    conn: &mut Conn,
    id: i64,
    actor: i64,
    now: DateTime<Utc>,
    plan: &Plan,
) -> StoreResult<()> {
    if let Some(a) = &plan.assessment {
        sqlx::query(
            "INSERT INTO risk_assessments (case_id, scheme_version, assessed_on, assessor, scores,
                total, risk_level, class_code, class_label, reassess_due_on, note, created_at,
                created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(id)
        .bind(a.scheme_version)
        .bind(a.assessed_on)
        .bind(&a.assessor)
        .bind(&a.scores_json)
        .bind(a.total)
        .bind(a.level)
        .bind(&a.class_code)
        .bind(&a.class_label)
        .bind(a.reassess_due_on)
        .bind(&a.note)
        .bind(now)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    if let Some((worker, police, on)) = plan.assignment {
        sqlx::query(
            "INSERT INTO case_assignments (case_id, worker_id, police_id, assigned_on, created_at,
                created_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(worker)
        .bind(police)
        .bind(on)
        .bind(now)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
