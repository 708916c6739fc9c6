// D5 — the orders behind one figure of a report: the scope's orders in (unit path, id)
// order, classified by the same rule as the count, a bounded number per request.

/// Orders read per statement while looking for a page.
const PERSONS_CHUNK: i64 = 1_000;

/// An [`OrderRow`] followed by the case id.
type ScanRow = (
    String,
    Measure,
    CaseState,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    bool,
    bool,
    bool,
    i64,
);

type PersonRow = (
    i64,
    i64,
    String,
    Vec<u8>,
    Option<NaiveDate>,
    String,
    Measure,
    CaseState,
    NaiveDate,
);

#[allow(clippy::too_many_arguments)]
pub(crate) async fn persons(
    pool: &Pool<Db>,
    keys: &Keyring,
    cal: &HolidayCalendar,
    scope: &Scope,
    period: ReportPeriod,
    figure: Figure,
    today: NaiveDate,
    after: Option<ReportPersonsCursor>,
    limit: u32,
) -> StoreResult<ReportPersonsPage> {
    let as_of = period.as_of(today);
    let range = period.range();
    let limit = limit as usize;
    let mut conn = pool.acquire().await?;
    let sql = format!(
        "SELECT c.unit_path, {ORDER_COLUMNS}, c.id FROM cases c
         WHERE {ORDER_FILTER} AND c.unit_path >= $3 AND c.unit_path < $4
           AND (c.unit_path > $5 OR (c.unit_path = $5 AND c.id > $6))
         ORDER BY c.unit_path, c.id LIMIT $7"
    );
    let mut cursor = after.unwrap_or(ReportPersonsCursor {
        unit_path: String::new(),
        case_id: 0,
    });
    let mut matched: Vec<(String, i64)> = Vec::new();
    let mut scanned = 0usize;
    let mut next = None;
    let mut filled = true;
    'scan: loop {
        let rows: Vec<ScanRow> = sqlx::query_as(&sql)
            .bind(range.from)
            .bind(as_of)
            .bind(scope.lower())
            .bind(scope.upper())
            .bind(&cursor.unit_path)
            .bind(cursor.case_id)
            .bind(PERSONS_CHUNK)
            .fetch_all(&mut *conn)
            .await?;
        let exhausted = (rows.len() as i64) < PERSONS_CHUNK;
        for row in rows {
            let id = row.11;
            let order: OrderRow = (
                row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10,
            );
            let mut figures = zero();
            count_order(cal, &mut figures, &order_facts(&order), &range, as_of);
            cursor = ReportPersonsCursor {
                unit_path: order.0.clone(),
                case_id: id,
            };
            scanned += 1;
            if figures[figure.index()] > 0 {
                if matched.len() == limit {
                    // one more exists: the page ends at the last one kept
                    next = matched.last().map(|(path, id)| ReportPersonsCursor {
                        unit_path: path.clone(),
                        case_id: *id,
                    });
                    break 'scan;
                }
                matched.push((order.0, id));
            }
            if scanned >= REPORT_PERSONS_SCAN_LIMIT && matched.len() < limit {
                next = Some(cursor.clone());
                filled = false;
                break 'scan;
            }
        }
        if exhausted {
            break;
        }
    }
    let mut items = Vec::with_capacity(matched.len());
    if !matched.is_empty() {
        let mut q = QueryBuilder::<Db>::new(
            "SELECT c.id, c.person_id, p.name, p.id_number_sealed, p.birth_date, u.name,
                    c.measure, c.state, c.decided_on
             FROM cases c JOIN persons p ON p.id = c.person_id JOIN units u ON u.id = c.unit_id
             WHERE c.id IN (",
        );
        let mut ids = q.separated(", ");
        for (_, id) in &matched {
            ids.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<PersonRow> = q.build_query_as().fetch_all(&mut *conn).await?;
        let mut by_id: BTreeMap<i64, PersonRow> = rows.into_iter().map(|r| (r.0, r)).collect();
        for (_, id) in &matched {
            if let Some(r) = by_id.remove(id) {
                items.push(ReportPerson {
                    case_id: r.0,
                    person_id: r.1,
                    person_name: r.2,
                    // opened only to be masked (personal data sealed at rest)
                    id_number_masked: mask_identifier(&keys.open_str(Field::IdNumber, &r.3)?),
                    birth_date: r.4,
                    unit_name: r.5,
                    measure: r.6,
                    state: r.7,
                    decided_on: r.8,
                });
            }
        }
    }
    Ok(ReportPersonsPage {
        items,
        next,
        filled,
    })
}
