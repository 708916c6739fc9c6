//! Set-based load of case histories (realistic data at scale): multi-row prepared INSERTs in
//! one transaction, each statement under SQLite's 32,766 bound-parameter limit. The
//! statements of full chunks have the same text, so each is prepared once and reused.

use jiekang_store::StoreResult;
use jiekang_store::at_rest::seal_text;
use jiekang_store::audit_chain::ChainHead;
use jiekang_store::bulk::{BulkLoadStats, HistoryBatch, chain_audits};
use jiekang_store::sealed::{Field, Keyring};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

/// SQLite's limit on bound parameters in one statement.
const MAX_PARAMS: usize = 32_766;

/// Insert `rows` with `head` ("INSERT INTO t (cols) ") in chunks of at most
/// [`MAX_PARAMS`] parameters.
async fn insert_chunked<'a, T: Copy + 'a>(
    conn: &mut SqliteConnection,
    head: &str,
    cols: usize,
    rows: &[T],
    bind: impl Fn(&mut Separated<'_, 'a, Sqlite, &'static str>, T),
) -> StoreResult<()> {
    for chunk in rows.chunks(MAX_PARAMS / cols) {
        let mut q: QueryBuilder<'a, Sqlite> = QueryBuilder::new(head);
        q.push_values(chunk.iter().copied(), |mut b, row| bind(&mut b, row));
        q.build().persistent(true).execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) async fn load(
    pool: &SqlitePool,
    keys: &Keyring,
    batch: &HistoryBatch,
) -> StoreResult<BulkLoadStats> {
    if batch.cases.is_empty() {
        return Ok(BulkLoadStats::default());
    }
    let mut tx = pool.begin().await?;
    let (stats, _) = load_in(&mut tx, keys, batch).await?;
    tx.commit().await?;
    Ok(stats)
}

/// [`load`] inside the caller's transaction; also returns the case ids given, in
/// batch order (INFO-1 import keys each imported order by its case).
pub(crate) async fn load_in(
    tx: &mut SqliteConnection,
    keys: &Keyring,
    batch: &HistoryBatch,
) -> StoreResult<(BulkLoadStats, Vec<i64>)> {
    if batch.cases.is_empty() {
        return Ok((BulkLoadStats::default(), Vec::new()));
    }
    let first_case: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM cases")
        .fetch_one(&mut *tx)
        .await?;
    let case_ids: Vec<i64> = (first_case..).take(batch.cases.len()).collect();
    let cases: Vec<_> = batch.cases.iter().zip(case_ids.iter().copied()).collect();

    insert_chunked(
        &mut *tx,
        "INSERT INTO cases (id, person_id, unit_id, unit_path, measure, state, state_since,
            deciding_organ, decision_number, decided_on, decided_years, served_on,
            family_served_on, place_basis, handover_deadline, notified_on, report_deadline,
            reported_on, last_reported_on, agreement_on, term_end, talk_due_on, suspended_from,
            transfer_to_unit_id, transfer_to_path, refused_or_evaded, breach_level, closed_on,
            work_group, seed, created_at, created_by, updated_at, updated_by, version) ",
        35,
        &cases,
        |b, (h, id)| {
            let c = &h.case;
            b.push_bind(id)
                .push_bind(c.person_id)
                .push_bind(c.unit_id)
                .push_bind(c.unit_path.as_str())
                .push_bind(c.measure)
                .push_bind(c.state)
                .push_bind(c.state_since)
                .push_bind(c.deciding_organ.as_str())
                .push_bind(c.decision_number.as_str())
                .push_bind(c.decided_on)
                .push_bind(c.decided_years)
                .push_bind(c.served_on)
                .push_bind(c.family_served_on)
                .push_bind(c.place_basis)
                .push_bind(c.handover_deadline)
                .push_bind(c.notified_on)
                .push_bind(c.report_deadline)
                .push_bind(c.reported_on)
                .push_bind(c.last_reported_on)
                .push_bind(c.agreement_on)
                .push_bind(c.term_end)
                .push_bind(c.talk_due_on)
                .push_bind(c.suspended_from)
                .push_bind(c.transfer_to_unit_id)
                .push_bind(c.transfer_to_path.as_deref())
                .push_bind(c.refused_or_evaded)
                .push_bind(c.breach_level)
                .push_bind(c.closed_on)
                .push_bind(c.work_group.as_str())
                .push_bind(c.seed)
                .push_bind(c.created_at)
                .push_bind(h.created_by)
                .push_bind(c.updated_at)
                .push_bind(h.updated_by)
                .push_bind(c.version);
        },
    )
    .await?;

    let windows: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| {
            h.windows
                .iter()
                .map(move |w| (*id, h.case.unit_path.as_str(), w))
        })
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO test_windows (case_id, idx, unit_path, starts_on, ends_on, planned_on,
            provisional, done_on, missed) ",
        9,
        &windows,
        |b, (id, path, w)| {
            b.push_bind(id)
                .push_bind(w.idx)
                .push_bind(path)
                .push_bind(w.starts_on)
                .push_bind(w.ends_on)
                .push_bind(w.planned_on)
                .push_bind(w.provisional)
                .push_bind(w.done_on)
                .push_bind(w.missed);
        },
    )
    .await?;
    drop(windows);

    // the substances sealed at rest (NULL when none), the plain column empty
    let sealed: Vec<Option<Vec<u8>>> = cases
        .iter()
        .flat_map(|(h, _)| h.tests.iter())
        .map(|t| seal_text(keys, Field::TestSubstances, &t.substances))
        .collect();
    let tests: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.tests.iter().map(move |t| (*id, t)))
        .zip(sealed.iter().map(Option::as_deref))
        .map(|((id, t), s)| (id, t, s))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO drug_tests (case_id, tested_at, tested_on, kind, sample, outcome,
            satisfies_window, needs_police, substances, substances_sealed, tester_1, tester_2,
            sample_a, sample_b, planned, note, police_notified_on, created_at, created_by) ",
        19,
        &tests,
        |b, (id, t, substances)| {
            b.push_bind(id)
                .push_bind(t.tested_at)
                .push_bind(t.tested_on)
                .push_bind(t.kind)
                .push_bind(t.sample)
                .push_bind(t.outcome)
                .push_bind(t.satisfies_window)
                .push_bind(t.needs_police)
                .push_bind("")
                .push_bind(substances)
                .push_bind(t.tester_1.as_str())
                .push_bind(t.tester_2.as_str())
                .push_bind(t.sample_a.as_str())
                .push_bind(t.sample_b.as_str())
                .push_bind(t.planned)
                .push_bind(t.note.as_str())
                .push_bind(t.police_notified_on)
                .push_bind(t.created_at)
                .push_bind(t.created_by);
        },
    )
    .await?;
    drop(tests);
    drop(sealed);

    let events: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.events.iter().map(move |e| (*id, e)))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO case_events (case_id, kind, occurred_on, summary, note, collected_by,
            created_at, created_by) ",
        8,
        &events,
        |b, (id, e)| {
            b.push_bind(id)
                .push_bind(e.kind)
                .push_bind(e.occurred_on)
                .push_bind(e.summary.as_str())
                .push_bind(e.note.as_str())
                .push_bind(e.collected_by.as_str())
                .push_bind(e.created_at)
                .push_bind(e.created_by);
        },
    )
    .await?;
    drop(events);

    let handovers: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.handovers.iter().map(move |x| (*id, x)))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO handovers (case_id, kind, to_unit_id, to_path, sent_on, sent_by,
            received_on, received_by, note, from_unit_id, from_path, placed_unit_id) ",
        12,
        &handovers,
        |b, (id, h)| {
            b.push_bind(id)
                .push_bind(h.kind)
                .push_bind(h.to_unit_id)
                .push_bind(h.to_path.as_str())
                .push_bind(h.sent_on)
                .push_bind(h.sent_by)
                .push_bind(h.received_on)
                .push_bind(h.received_by)
                .push_bind(h.note.as_str())
                .push_bind(h.from_unit_id)
                .push_bind(h.from_path.as_deref())
                .push_bind(h.placed_unit_id);
        },
    )
    .await?;

    let leaves: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.leaves.iter().map(move |x| (*id, x)))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO case_leaves (case_id, from_on, to_on, destination, reason, state,
            requested_by, created_at, decided_on, decided_by, returned_on, requested_on) ",
        12,
        &leaves,
        |b, (id, l)| {
            b.push_bind(id)
                .push_bind(l.from_on)
                .push_bind(l.to_on)
                .push_bind(l.destination.as_str())
                .push_bind(l.reason.as_str())
                .push_bind(l.state)
                .push_bind(l.requested_by)
                .push_bind(l.created_at)
                .push_bind(l.decided_on)
                .push_bind(l.decided_by)
                .push_bind(l.returned_on)
                .push_bind(l.requested_on);
        },
    )
    .await?;

    let absences: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.absences.iter().map(move |x| (*id, x)))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO case_absences (case_id, from_on, to_on, note, created_at, created_by) ",
        6,
        &absences,
        |b, (id, a)| {
            b.push_bind(id)
                .push_bind(a.from_on)
                .push_bind(a.to_on)
                .push_bind(a.note.as_str())
                .push_bind(a.created_at)
                .push_bind(a.created_by);
        },
    )
    .await?;

    let suspensions: Vec<_> = cases
        .iter()
        .flat_map(|(h, id)| h.suspensions.iter().map(move |s| (*id, *s)))
        .collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO case_suspensions (case_id, from_on, to_on) ",
        3,
        &suspensions,
        |b, (id, (from, to))| {
            b.push_bind(id).push_bind(from).push_bind(to);
        },
    )
    .await?;

    // N11: persons moved with an accepted transfer (the count triggers follow).
    for (h, _) in &cases {
        if let Some(m) = &h.person_moved {
            sqlx::query(
                "UPDATE persons SET unit_id = ?1, unit_path = ?2, updated_at = ?3, updated_by = ?4,
                    version = version + ?5
                 WHERE id = ?6",
            )
            .bind(m.unit_id)
            .bind(&m.unit_path)
            .bind(m.at)
            .bind(m.by)
            .bind(m.updates)
            .bind(h.case.person_id)
            .execute(&mut *tx)
            .await?;
        }
    }

    // INFO-2: the audit records, chained after the head in batch order.
    let head: ChainHead =
        sqlx::query_as("SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
    let max_id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_events")
        .fetch_one(&mut *tx)
        .await?;
    let first_id = max_id.unwrap_or(0).max(head.last_id) + 1;
    let (records, new_head) = chain_audits(batch, &case_ids, &head, first_id);
    let refs: Vec<_> = records.iter().collect();
    insert_chunked(
        &mut *tx,
        "INSERT INTO audit_events (id, prev_id, at, user_id, username, action, object_type,
            object_id, person_id, unit_id, unit_path, detail, client, prev_hash, hash) ",
        15,
        &refs,
        |b, row| {
            let r = &row.record;
            b.push_bind(r.id)
                .push_bind(r.prev_id)
                .push_bind(r.at)
                .push_bind(r.user_id)
                .push_bind(r.username.as_str())
                .push_bind(r.action.as_str())
                .push_bind(r.object_type.as_str())
                .push_bind(r.object_id)
                .push_bind(r.person_id)
                .push_bind(r.unit_id)
                .push_bind(r.unit_path.as_str())
                .push_bind(r.detail.as_str())
                .push_bind(r.client.as_str())
                .push_bind(row.prev_hash.as_deref())
                .push_bind(row.hash.as_deref());
        },
    )
    .await?;
    if !records.is_empty() {
        sqlx::query(
            "UPDATE audit_chain_head SET last_id = ?1, last_hash = ?2, entries = ?3 WHERE id = 1",
        )
        .bind(new_head.last_id)
        .bind(&new_head.last_hash)
        .bind(new_head.entries)
        .execute(&mut *tx)
        .await?;
    }
    Ok((
        BulkLoadStats {
            cases: batch.cases.len() as u64,
            rows: batch.rows(),
            first_case_id: first_case,
        },
        case_ids,
    ))
}
