// 台账 — a unit's monthly register: the orders running in the month with the month's
// tests, talks and leave, one page in (unit path, case id) order.

#[derive(sqlx::FromRow)]
struct LedgerDbRow {
    case_id: i64,
    person_id: i64,
    person_name: String,
    id_number_sealed: Vec<u8>,
    birth_date: Option<NaiveDate>,
    unit_name: String,
    unit_path: String,
    measure: Measure,
    state: CaseState,
    decided_on: NaiveDate,
    reported_on: Option<NaiveDate>,
    agreement_on: Option<NaiveDate>,
    term_end: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    tests_due: i64,
    tests_done: i64,
    tests_recorded: i64,
    tests_positive: i64,
    talks: i64,
    leaves: i64,
}

pub(crate) async fn ledger(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    month: ReportPeriod,
    after: Option<ReportPersonsCursor>,
    limit: u32,
) -> StoreResult<LedgerPage> {
    let range = month.range();
    let after = after.unwrap_or(ReportPersonsCursor {
        unit_path: String::new(),
        case_id: 0,
    });
    // the page's orders first (by the scope's index), then their month's counts
    let rows: Vec<LedgerDbRow> = sqlx::query_as(
        "SELECT c.id AS case_id, c.person_id, p.name AS person_name, p.id_number_sealed,
                p.birth_date, u.name AS unit_name, c.unit_path, c.measure, c.state, c.decided_on,
                c.reported_on, c.agreement_on, c.term_end, c.closed_on,
                (SELECT COUNT(*) FROM test_windows w
                 WHERE w.case_id = c.id AND w.ends_on >= $1 AND w.ends_on <= $2) AS tests_due,
                (SELECT COUNT(*) FROM test_windows w
                 WHERE w.case_id = c.id AND w.ends_on >= $1 AND w.ends_on <= $2
                   AND w.done_on IS NOT NULL) AS tests_done,
                (SELECT COUNT(*) FROM drug_tests t
                 WHERE t.case_id = c.id AND t.tested_on >= $1 AND t.tested_on <= $2) AS tests_recorded,
                (SELECT COUNT(*) FROM drug_tests t
                 WHERE t.case_id = c.id AND t.tested_on >= $1 AND t.tested_on <= $2
                   AND t.outcome = 'positive') AS tests_positive,
                (SELECT COUNT(*) FROM case_events e
                 WHERE e.case_id = c.id AND e.kind = 'talk'
                   AND e.occurred_on >= $1 AND e.occurred_on <= $2) AS talks,
                (SELECT COUNT(*) FROM case_leaves l
                 WHERE l.case_id = c.id AND l.from_on <= $2 AND l.to_on >= $1
                   AND l.state <> 'refused') AS leaves
         FROM (SELECT id FROM cases
               WHERE unit_path >= $3 AND unit_path < $4
                 AND (unit_path > $5 OR (unit_path = $5 AND id > $6))
                 AND decided_on <= $2 AND (closed_on IS NULL OR closed_on >= $1)
               ORDER BY unit_path, id LIMIT $7) k
         JOIN cases c ON c.id = k.id
         JOIN persons p ON p.id = c.person_id
         JOIN units u ON u.id = c.unit_id
         ORDER BY c.unit_path, c.id",
    )
    .bind(range.from)
    .bind(range.to)
    .bind(scope.lower())
    .bind(scope.upper())
    .bind(&after.unit_path)
    .bind(after.case_id)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let mut items = rows
        .into_iter()
        .map(|r| {
            Ok(LedgerRow {
                case_id: r.case_id,
                person_id: r.person_id,
                person_name: r.person_name,
                // opened only to be masked (personal data sealed at rest)
                id_number_masked: mask_identifier(
                    &keys.open_str(Field::IdNumber, &r.id_number_sealed)?,
                ),
                birth_date: r.birth_date,
                unit_name: r.unit_name,
                unit_path: r.unit_path,
                measure: r.measure,
                state: r.state,
                decided_on: r.decided_on,
                reported_on: r.reported_on,
                agreement_on: r.agreement_on,
                term_end: r.term_end,
                closed_on: r.closed_on,
                tests_due: r.tests_due,
                tests_done: r.tests_done,
                tests_recorded: r.tests_recorded,
                tests_positive: r.tests_positive,
                talks: r.talks,
                leaves: r.leaves,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|r| ReportPersonsCursor {
            unit_path: r.unit_path.clone(),
            case_id: r.case_id,
        })
    } else {
        None
    };
    Ok(LedgerPage { items, next })
}
