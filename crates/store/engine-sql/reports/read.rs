// STAT-1 — a unit's report of a period, summed from the stored figures (see count.rs).

/// The version a report of `period` shows: the running one while open, the frozen one
/// once closed.
async fn shown_version(
    conn: &mut Conn,
    period: ReportPeriod,
) -> StoreResult<Option<ReportVersion>> {
    match version_of(conn, period, VersionKind::Frozen).await? {
        Some(v) => Ok(Some(v)),
        None => version_of(conn, period, VersionKind::Running).await,
    }
}

/// The sums of a version per child of the scope, keyed by child id.
async fn child_sums(
    conn: &mut Conn,
    scope: &Scope,
    version_id: i64,
) -> StoreResult<BTreeMap<i64, Figures>> {
    let parent_filter = match scope.unit_id() {
        Some(_) => "ch.parent_id = $2",
        None => "ch.parent_id IS NULL AND $2 = $2",
    };
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT ch.id, f.figure, CAST(SUM(f.n) AS BIGINT)
         FROM units ch JOIN report_figures f
           ON f.version_id = $1 AND f.unit_path >= ch.path AND f.unit_path < {REPORT_CHILD_UPPER}
         WHERE {parent_filter}
         GROUP BY ch.id, f.figure"
    ))
    .bind(version_id)
    .bind(scope.unit_id().unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = BTreeMap::new();
    for (id, figure, n) in rows {
        if let Some(f) = Figure::parse(&figure) {
            out.entry(id).or_insert_with(zero)[f.index()] += n;
        }
    }
    Ok(out)
}

/// The sums of a version over the scope's whole subtree (or at its own path only).
async fn scope_sum(
    conn: &mut Conn,
    scope: &Scope,
    version_id: i64,
    own_only: bool,
) -> StoreResult<Figures> {
    let rows: Vec<(String, i64)> = if own_only {
        sqlx::query_as(
            "SELECT figure, n FROM report_figures WHERE version_id = $1 AND unit_path = $2",
        )
        .bind(version_id)
        .bind(scope.path())
        .fetch_all(&mut *conn)
        .await?
    } else {
        sqlx::query_as(
            "SELECT figure, CAST(SUM(n) AS BIGINT) FROM report_figures
             WHERE version_id = $1 AND unit_path >= $2 AND unit_path < $3 GROUP BY figure",
        )
        .bind(version_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(&mut *conn)
        .await?
    };
    let mut out = zero();
    for (figure, n) in rows {
        if let Some(f) = Figure::parse(&figure) {
            out[f.index()] += n;
        }
    }
    Ok(out)
}

pub(crate) async fn read(
    pool: &Pool<Db>,
    scope: &Scope,
    period: ReportPeriod,
) -> StoreResult<Report> {
    let mut conn = pool.acquire().await?;
    let unit_name: String = match scope.unit_id() {
        Some(id) => sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)?,
        None => "全部".to_owned(),
    };
    let mut report = Report {
        period,
        unit_name: unit_name.clone(),
        version: shown_version(&mut conn, period).await?,
        rows: Vec::new(),
        previous: None,
        year_before: None,
        correction: None,
        corrections: Vec::new(),
    };
    let Some(version) = report.version.clone() else {
        return Ok(report);
    };
    let children: Vec<(i64, String)> = match scope.unit_id() {
        Some(id) => {
            sqlx::query_as("SELECT id, name FROM units WHERE parent_id = $1 ORDER BY code, id")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_as("SELECT id, name FROM units WHERE parent_id IS NULL ORDER BY code, id")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let sums = child_sums(&mut conn, scope, version.id).await?;
    for (id, name) in children {
        report.rows.push(ReportRow {
            unit_id: Some(id),
            unit_name: name,
            own_level: false,
            figures: sums.get(&id).copied().unwrap_or_else(zero),
        });
    }
    if scope.unit_id().is_some() {
        let own = scope_sum(&mut conn, scope, version.id, true).await?;
        if own.iter().any(|n| *n != 0) {
            report.rows.push(ReportRow {
                unit_id: None,
                unit_name: format!("{unit_name}(本级)"),
                own_level: true,
                figures: own,
            });
        }
    }
    let total = scope_sum(&mut conn, scope, version.id, false).await?;
    report.rows.push(ReportRow {
        unit_id: None,
        unit_name: "合计".to_owned(),
        own_level: false,
        figures: total,
    });
    for (target, other) in [
        (&mut report.previous, period.previous()),
        (&mut report.year_before, period.year_before()),
    ] {
        if let Some(v) = shown_version(&mut conn, other).await? {
            *target = Some(scope_sum(&mut conn, scope, v.id, false).await?);
        }
    }
    if version.kind == VersionKind::Frozen
        && let Some(c) = version_of(&mut conn, period, VersionKind::Correction).await?
    {
        let corrected = scope_sum(&mut conn, scope, c.id, false).await?;
        report.corrections = Figure::ALL
            .into_iter()
            .filter(|f| corrected[f.index()] != total[f.index()])
            .map(|f| Correction {
                figure: f,
                frozen: total[f.index()],
                corrected: corrected[f.index()],
            })
            .collect();
        if !report.corrections.is_empty() {
            report.correction = Some(c);
        }
    }
    Ok(report)
}
