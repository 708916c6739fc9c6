// Case work: the work queues (QUEUE-1) — their rows, pages and counts.

/// Whether the FROM of a queue's rows holds the case (`c`); when it does not, a list
/// joins each row of its page to its case afterwards.
fn case_in_source(kind: QueueKind) -> bool {
    queue_source(kind).2.contains("cases c")
}

/// The rows of a queue: (due date, paging key, FROM, the unit path that scopes them).
pub(crate) fn queue_source(
    kind: QueueKind,
) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        // CROSS JOIN (its condition is in `queue_query`): SQLite then starts from the
        // windows' scoped index; left to itself it walked every case of the nation in
        // a tested state (7 s at 1,000,000 persons). PostgreSQL plans it as any join.
        QueueKind::TestsToday | QueueKind::TestsWeek | QueueKind::TestsOverdue => (
            "w.planned_on",
            "c.id",
            "test_windows w CROSS JOIN cases c",
            "w.unit_path",
        ),
        QueueKind::PoliceTasks => (
            "t.tested_on",
            "t.id",
            "drug_tests t JOIN cases c ON c.id = t.case_id",
            "c.unit_path",
        ),
        // The pending hand-overs alone: a list takes the case of only the rows of its
        // page (at a million persons a township's page joined every pending hand-over's case).
        QueueKind::Handovers => ("h.sent_on", "h.id", "handovers h", "h.to_path"),
        QueueKind::HandoversLate => (
            "h.sent_on",
            "h.id",
            "handovers h CROSS JOIN cases c",
            "h.to_path",
        ),
        QueueKind::Transfers => ("c.state_since", "c.id", "cases c", "c.transfer_to_path"),
        QueueKind::TalksDue => ("c.talk_due_on", "c.id", "cases c", "c.unit_path"),
        QueueKind::ReassessmentDue => ("c.reassess_due_on", "c.id", "cases c", "c.unit_path"),
        QueueKind::Expiring => ("c.term_end", "c.id", "cases c", "c.unit_path"),
        QueueKind::NotReported => (
            // before notification the police's CASE-2 deadline, after it the person's N3 one
            "CASE WHEN c.notified_on IS NULL THEN c.handover_deadline ELSE c.report_deadline END",
            "c.id",
            "cases c",
            "c.unit_path",
        ),
        QueueKind::ReportOverdue => ("c.report_deadline", "c.id", "cases c", "c.unit_path"),
        QueueKind::AgreementMissing
        | QueueKind::Absconded
        | QueueKind::Breaches
        | QueueKind::InState(_) => ("c.state_since", "c.id", "cases c", "c.unit_path"),
    }
}

/// The FROM/WHERE of a queue: which rows, which date is due, which key pages.
///
/// `head` goes before the SELECT: a list wraps the query as a subquery, so that only
/// the rows of its page are joined to the persons' and units' names.
pub(crate) fn queue_query<'a>(
    kind: QueueKind,
    head: &str,
    select: &dyn Fn(&str, &str) -> String,
    scope: &'a Scope,
    today: NaiveDate,
) -> (QueryBuilder<'a, Db>, &'static str, &'static str) {
    let mut q: QueryBuilder<Db> = QueryBuilder::new(head);
    let (due, key) = push_queue_query(&mut q, kind, select, scope, today);
    (q, due, key)
}

/// [`queue_query`] pushed onto a statement being built (several queues' counts are
/// one statement of scalar subqueries).
pub(crate) fn push_queue_query<'a>(
    q: &mut QueryBuilder<'a, Db>,
    kind: QueueKind,
    select: &dyn Fn(&str, &str) -> String,
    scope: &'a Scope,
    today: NaiveDate,
) -> (&'static str, &'static str) {
    let (due, key, from, path) = queue_source(kind);
    let select = select(due, key);
    let link = match kind {
        QueueKind::TestsToday | QueueKind::TestsWeek | QueueKind::TestsOverdue => {
            "c.id = w.case_id AND "
        }
        QueueKind::HandoversLate => "c.id = h.case_id AND ",
        _ => "",
    };
    // The scope as the list of its units' paths, not as a range of paths: each path
    // is then one seek into a (path, date) or (path, state) index, where a range over
    // a township's or a city's paths read every open window or case in it (0.1–0.9 s
    // per queue at 1,000,000 persons). Every stored path is a unit's path.
    q.push(format!(
        "SELECT {select} FROM {from}
         WHERE {link}{path} IN (SELECT path FROM units WHERE path >= "
    ));
    q.push_bind(scope.lower())
        .push(" AND path < ")
        .push_bind(scope.upper())
        .push(")");
    let states = |q: &mut QueryBuilder<'a, Db>, states: &[CaseState]| {
        q.push(" AND c.state IN (");
        let mut sep = q.separated(", ");
        for s in states {
            sep.push_bind(s.code());
        }
        q.push(")");
    };
    match kind {
        QueueKind::TestsToday | QueueKind::TestsWeek | QueueKind::TestsOverdue => {
            // `missed IS NULL` adds nothing (a settled window ended before today) but
            // lets the partial index of open windows serve the query
            q.push(" AND w.done_on IS NULL AND w.missed IS NULL AND w.ends_on >= ")
                .push_bind(today);
            states(q, &CaseState::TESTED);
        }
        QueueKind::TalksDue | QueueKind::ReassessmentDue => states(q, &CaseState::COUNSELLED),
        QueueKind::PoliceTasks => {
            q.push(" AND t.needs_police AND t.police_notified_on IS NULL");
        }
        QueueKind::NotReported
        | QueueKind::AgreementMissing
        | QueueKind::Absconded
        | QueueKind::InState(_) => states(q, &kind.only_states().unwrap_or_default()),
        QueueKind::Handovers => {
            q.push(" AND h.received_on IS NULL");
        }
        QueueKind::Transfers => states(q, &[CaseState::TransferPending]),
        QueueKind::Expiring => states(q, &[CaseState::Executing, CaseState::Absconded]),
        QueueKind::Breaches => {
            // (serious and referrable) or refused, written with the states first so
            // that each (path, state) is one index seek; an OR of the two read the
            // whole table (10 s at 1,000,000 persons)
            let mut candidates = CaseState::BREACH_REFERRABLE.to_vec();
            candidates.push(CaseState::Refused);
            states(q, &candidates);
            q.push(" AND (c.breach_level = ")
                .push_bind(jiekang_domain::breach::BreachLevel::Serious.code())
                .push(" OR c.state = ")
                .push_bind(CaseState::Refused.code())
                .push(")");
        }
        QueueKind::ReportOverdue => states(q, &[CaseState::Notified]),
        QueueKind::HandoversLate => {
            // supervision::handover_acknowledgement_late: police hand-overs only
            q.push(" AND h.received_on IS NULL AND h.kind = 'police' AND c.handover_deadline < ")
                .push_bind(today);
        }
    }
    let (lo, hi) = kind.due_range(today);
    if let Some(lo) = lo {
        q.push(format!(" AND {due} >= ")).push_bind(lo);
    }
    if let Some(hi) = hi {
        q.push(format!(" AND {due} <= ")).push_bind(hi);
    }
    (due, key)
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    key: i64,
    case_id: i64,
    person_id: i64,
    person_name: String,
    id_number_sealed: Vec<u8>,
    birth_date: Option<NaiveDate>,
    unit_name: String,
    state: CaseState,
    due_on: NaiveDate,
}

pub(crate) async fn queue(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    kind: QueueKind,
    today: NaiveDate,
    after: Option<QueueCursor>,
    limit: u32,
) -> StoreResult<QueuePage> {
    // The page's keys first (sorted and cut in the subquery), then the names of only
    // those rows: joining every matching case to its person before the LIMIT read a
    // whole township's persons for one page (at a million persons).
    // The page's case columns: from the subquery when its rows hold the case, else
    // from one join of each row of the page to its case (`c`).
    let (case_columns, join_case, case) = if case_in_source(kind) {
        ("c.id AS case_id, c.person_id, c.unit_id, c.state", "", "k")
    } else {
        (
            "h.case_id AS case_id",
            " JOIN cases c ON c.id = k.case_id",
            "c",
        )
    };
    let columns = |due: &str, key: &str| format!("{key} AS key, {case_columns}, {due} AS due_on");
    let head = format!(
        "SELECT k.key, k.case_id, {case}.person_id, p.name AS person_name, p.id_number_sealed,
                p.birth_date, u.name AS unit_name, {case}.state, k.due_on FROM ("
    );
    let (mut q, due, key) = queue_query(kind, &head, &columns, scope, today);
    if let Some(after) = after {
        q.push(format!(" AND ({due} > "))
            .push_bind(after.due_on)
            .push(format!(" OR ({due} = "))
            .push_bind(after.due_on)
            .push(format!(" AND {key} > "))
            .push_bind(after.key)
            .push("))");
    }
    q.push(format!(" ORDER BY {due}, {key} LIMIT "))
        .push_bind(i64::from(limit) + 1)
        .push(format!(
            ") k{join_case} JOIN persons p ON p.id = {case}.person_id
             JOIN units u ON u.id = {case}.unit_id ORDER BY k.due_on, k.key"
        ));
    let rows: Vec<QueueRow> = q.build_query_as().fetch_all(pool).await?;
    let mut items: Vec<QueueItem> = rows
        .into_iter()
        .map(|r| {
            Ok(QueueItem {
                key: r.key,
                case_id: r.case_id,
                person_id: r.person_id,
                person_name: r.person_name,
                // opened only to be masked (personal data sealed at rest)
                id_number_masked: mask_identifier(
                    &keys.open_str(Field::IdNumber, &r.id_number_sealed)?,
                ),
                birth_date: r.birth_date,
                unit_name: r.unit_name,
                state: r.state,
                due_on: r.due_on,
            })
        })
        .collect::<StoreResult<_>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|i| {
            QueueCursor {
                due_on: i.due_on,
                key: i.key,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(QueuePage { items, next })
}

pub(crate) async fn queue_count(
    pool: &Pool<Db>,
    scope: &Scope,
    kind: QueueKind,
    today: NaiveDate,
) -> StoreResult<i64> {
    let (mut q, _, _) = queue_query(kind, "", &|_, _| "COUNT(*)".to_owned(), scope, today);
    Ok(q.build_query_scalar::<i64>().fetch_one(pool).await?)
}

/// The counts of several queues at once (the tabs of the queue page): the queues of
/// cases in given states from the per-unit counts the triggers keep (one read for
/// all of them); the others counted one by one for a single unit, or read from
/// today's dashboard snapshot for a scope of several units (at a million persons, counting a
/// township's ten day-dependent queues on every view cost 50 ms at 1,000,000
/// persons; the snapshot counts them for the whole nation once a minute).
pub(crate) async fn queue_counts(
    pool: &Pool<Db>,
    scope: &Scope,
    kinds: &[QueueKind],
    today: NaiveDate,
) -> StoreResult<QueueCounts> {
    // one connection, no transaction: counts need no snapshot isolation, and BEGIN
    // and COMMIT would be two more round trips on every queue page
    let mut conn = pool.acquire().await?;
    let by_state: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, CAST(SUM(n) AS BIGINT) FROM unit_case_counts
         WHERE unit_path >= $1 AND unit_path < $2 GROUP BY state",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_all(&mut *conn)
    .await?;
    type Refresh = (i64, Option<DateTime<Utc>>, Option<NaiveDate>);
    let refresh: Option<Refresh> = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM
                    (SELECT 1 FROM units WHERE path >= $1 AND path < $2 LIMIT 2) s),
                r.refreshed_at, r.refreshed_for
         FROM dashboard_refresh r WHERE r.id = 1",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *conn)
    .await?;
    let snapshot: Option<DateTime<Utc>> = refresh
        .filter(|(units, _, _)| *units > 1)
        .and_then(|(_, at, day)| at.filter(|_| day == Some(today)));
    let figures: Vec<(String, i64)> = match snapshot {
        Some(_) => {
            sqlx::query_as(
                "SELECT figure, CAST(SUM(n) AS BIGINT) FROM dashboard_counts
                 WHERE unit_path >= $1 AND unit_path < $2 GROUP BY figure",
            )
            .bind(scope.lower())
            .bind(scope.upper())
            .fetch_all(&mut *conn)
            .await?
        }
        None => Vec::new(),
    };
    // counted now: all in one statement of scalar subqueries (one round trip)
    let live: Vec<QueueKind> = match snapshot {
        Some(_) => Vec::new(),
        None => kinds
            .iter()
            .filter(|k| k.only_states().is_none())
            .copied()
            .collect(),
    };
    let mut counted: Vec<i64> = Vec::with_capacity(live.len());
    if !live.is_empty() {
        let mut q: QueryBuilder<Db> = QueryBuilder::new("SELECT ");
        for (i, kind) in live.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            push_queue_query(&mut q, *kind, &|_, _| "COUNT(*)".to_owned(), scope, today);
            q.push(format!(") AS n{i}"));
        }
        let row = q.build().fetch_one(&mut *conn).await?;
        for i in 0..live.len() {
            counted.push(sqlx::Row::try_get::<i64, _>(&row, i)?);
        }
    }
    let mut counts = Vec::with_capacity(kinds.len());
    for kind in kinds {
        counts.push(match (kind.only_states(), snapshot) {
            (Some(states), _) => by_state
                .iter()
                .filter(|(s, _)| states.iter().any(|x| x.code() == s))
                .map(|(_, n)| n)
                .sum(),
            (None, Some(_)) => figures
                .iter()
                .filter(|(f, _)| f == kind.code())
                .map(|(_, n)| n)
                .sum(),
            (None, None) => live
                .iter()
                .position(|k| k == kind)
                .and_then(|i| counted.get(i).copied())
                .unwrap_or_default(),
        });
    }
    Ok(QueueCounts {
        counts,
        as_of: snapshot,
    })
}
