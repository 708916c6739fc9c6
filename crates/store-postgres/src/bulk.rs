//! Set-based load of case histories (realistic data at scale) with `COPY … FROM STDIN` (text
//! format) in one transaction. Case ids are drawn from the identity sequence first
//! (the children name them); the other tables take theirs from their identity
//! default. Audit ids are a block reserved under the chain head's lock, under which
//! every append draws its id, so the chain order is the id order.

use jiekang_domain::records::Sample;
use jiekang_store::StoreResult;
use jiekang_store::at_rest::seal_text;
use jiekang_store::audit_chain::ChainHead;
use jiekang_store::bulk::{BulkLoadStats, HistoryBatch, chain_audits};
use jiekang_store::sealed::{Field, Keyring};
use sqlx::{PgConnection, PgPool};

mod copy;

use copy::copy_in;

pub(crate) async fn load(
    pool: &PgPool,
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
    tx: &mut PgConnection,
    keys: &Keyring,
    batch: &HistoryBatch,
) -> StoreResult<(BulkLoadStats, Vec<i64>)> {
    if batch.cases.is_empty() {
        return Ok((BulkLoadStats::default(), Vec::new()));
    }
    let n = i64::try_from(batch.cases.len()).unwrap_or(i64::MAX);
    let case_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, $1)",
    )
    .bind(n)
    .fetch_all(&mut *tx)
    .await?;
    let cases: Vec<_> = batch.cases.iter().zip(case_ids.iter().copied()).collect();

    copy_in(
        &mut *tx,
        "cases (id, person_id, unit_id, unit_path, measure, state, state_since,
            deciding_organ, decision_number, decided_on, decided_years, served_on,
            family_served_on, place_basis, handover_deadline, notified_on, report_deadline,
            reported_on, last_reported_on, agreement_on, term_end, talk_due_on, suspended_from,
            transfer_to_unit_id, transfer_to_path, refused_or_evaded, breach_level, closed_on,
            work_group, seed, created_at, created_by, updated_at, updated_by, version)",
        &cases,
        |b, (h, id)| {
            let c = &h.case;
            b.int(id)
                .int(c.person_id.get())
                .int(c.unit_id.get())
                .text(&c.unit_path)
                .text(c.measure.code())
                .text(c.state.code())
                .date(c.state_since)
                .text(&c.deciding_organ)
                .text(&c.decision_number)
                .date(c.decided_on)
                .opt_int(c.decided_years)
                .opt_date(c.served_on)
                .opt_date(c.family_served_on)
                .text(c.place_basis.code())
                .date(c.handover_deadline)
                .opt_date(c.notified_on)
                .opt_date(c.report_deadline)
                .opt_date(c.reported_on)
                .opt_date(c.last_reported_on)
                .opt_date(c.agreement_on)
                .opt_date(c.term_end)
                .opt_date(c.talk_due_on)
                .opt_date(c.suspended_from)
                .opt_int(c.transfer_to_unit_id.map(|u| u.get()))
                .opt_text(c.transfer_to_path.as_deref())
                .int(c.refused_or_evaded)
                .text(c.breach_level.code())
                .opt_date(c.closed_on)
                .text(&c.work_group)
                .int(c.seed)
                .at(c.created_at)
                .int(h.created_by)
                .at(c.updated_at)
                .int(h.updated_by)
                .int(c.version);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "test_windows (case_id, idx, unit_path, starts_on, ends_on, planned_on, provisional,
            done_on, missed)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.windows.iter().map(move |w| (*id, &h.case.unit_path, w)))
            .collect::<Vec<_>>(),
        |b, (id, path, w)| {
            b.int(id)
                .int(w.idx)
                .text(path)
                .date(w.starts_on)
                .date(w.ends_on)
                .date(w.planned_on)
                .bool(w.provisional)
                .opt_date(w.done_on)
                .opt_bool(w.missed);
        },
    )
    .await?;

    // the substances sealed at rest (NULL when none), the plain column empty
    let sealed: Vec<Option<Vec<u8>>> = cases
        .iter()
        .flat_map(|(h, _)| h.tests.iter())
        .map(|t| seal_text(keys, Field::TestSubstances, &t.substances))
        .collect();
    copy_in(
        &mut *tx,
        "drug_tests (case_id, tested_at, tested_on, kind, sample, outcome, satisfies_window,
            needs_police, substances, substances_sealed, tester_1, tester_2, sample_a,
            sample_b, planned, note, police_notified_on, created_at, created_by)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.tests.iter().map(move |t| (*id, t)))
            .zip(sealed.iter().map(Option::as_deref))
            .map(|((id, t), s)| (id, t, s))
            .collect::<Vec<_>>(),
        |b, (id, t, substances)| {
            b.int(id)
                .local(t.tested_at)
                .date(t.tested_on)
                .text(t.kind.code())
                .opt_text(t.sample.map(Sample::code))
                .text(t.outcome.code())
                .bool(t.satisfies_window)
                .bool(t.needs_police)
                .text("")
                .opt_bytes(substances)
                .text(&t.tester_1)
                .text(&t.tester_2)
                .text(&t.sample_a)
                .text(&t.sample_b)
                .bool(t.planned)
                .text(&t.note)
                .opt_date(t.police_notified_on)
                .at(t.created_at)
                .int(t.created_by);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "case_events (case_id, kind, occurred_on, summary, note, collected_by, created_at,
            created_by)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.events.iter().map(move |e| (*id, e)))
            .collect::<Vec<_>>(),
        |b, (id, e)| {
            b.int(id)
                .text(e.kind)
                .date(e.occurred_on)
                .text(&e.summary)
                .text(&e.note)
                .text(&e.collected_by)
                .at(e.created_at)
                .int(e.created_by);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "handovers (case_id, kind, to_unit_id, to_path, sent_on, sent_by, received_on,
            received_by, note, from_unit_id, from_path, placed_unit_id)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.handovers.iter().map(move |x| (*id, x)))
            .collect::<Vec<_>>(),
        |b, (id, h)| {
            b.int(id)
                .text(h.kind)
                .int(h.to_unit_id)
                .text(&h.to_path)
                .date(h.sent_on)
                .int(h.sent_by)
                .opt_date(h.received_on)
                .opt_int(h.received_by)
                .text(&h.note)
                .opt_int(h.from_unit_id)
                .opt_text(h.from_path.as_deref())
                .opt_int(h.placed_unit_id);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "case_leaves (case_id, from_on, to_on, destination, reason, state, requested_by,
            created_at, decided_on, decided_by, returned_on, requested_on)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.leaves.iter().map(move |x| (*id, x)))
            .collect::<Vec<_>>(),
        |b, (id, l)| {
            b.int(id)
                .date(l.from_on)
                .date(l.to_on)
                .text(&l.destination)
                .text(&l.reason)
                .text(l.state)
                .int(l.requested_by)
                .at(l.created_at)
                .opt_date(l.decided_on)
                .opt_int(l.decided_by)
                .opt_date(l.returned_on)
                .opt_date(l.requested_on);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "case_absences (case_id, from_on, to_on, note, created_at, created_by)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.absences.iter().map(move |x| (*id, x)))
            .collect::<Vec<_>>(),
        |b, (id, a)| {
            b.int(id)
                .date(a.from_on)
                .date(a.to_on)
                .text(&a.note)
                .at(a.created_at)
                .int(a.created_by);
        },
    )
    .await?;

    copy_in(
        &mut *tx,
        "case_suspensions (case_id, from_on, to_on)",
        &cases
            .iter()
            .flat_map(|(h, id)| h.suspensions.iter().map(move |s| (*id, *s)))
            .collect::<Vec<_>>(),
        |b, (id, (from, to))| {
            b.int(id).date(from).date(to);
        },
    )
    .await?;

    // N11: persons moved with an accepted transfer, in one statement (the statement
    // triggers keep unit_person_counts).
    let moved: Vec<_> = cases
        .iter()
        .filter_map(|(h, _)| h.person_moved.as_ref().map(|m| (h.case.person_id.get(), m)))
        .collect();
    if !moved.is_empty() {
        sqlx::query(
            "UPDATE persons p SET unit_id = m.unit_id, unit_path = m.unit_path,
                updated_at = m.at, updated_by = m.by, version = p.version + m.updates
             FROM UNNEST($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[],
                         $5::bigint[], $6::bigint[])
                  AS m(id, unit_id, unit_path, at, by, updates)
             WHERE p.id = m.id",
        )
        .bind(moved.iter().map(|(id, _)| *id).collect::<Vec<_>>())
        .bind(moved.iter().map(|(_, m)| m.unit_id).collect::<Vec<_>>())
        .bind(
            moved
                .iter()
                .map(|(_, m)| m.unit_path.clone())
                .collect::<Vec<_>>(),
        )
        .bind(moved.iter().map(|(_, m)| m.at).collect::<Vec<_>>())
        .bind(moved.iter().map(|(_, m)| m.by).collect::<Vec<_>>())
        .bind(moved.iter().map(|(_, m)| m.updates).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }

    // INFO-2: the audit records, chained after the locked head, ids a reserved block.
    let head: ChainHead = sqlx::query_as(
        "SELECT last_id, last_hash, entries FROM audit_chain_head WHERE id = 1 FOR UPDATE",
    )
    .fetch_one(&mut *tx)
    .await?;
    let count: i64 = batch.cases.iter().map(|c| c.audits.len() as i64).sum();
    if count > 0 {
        let first_id: i64 =
            sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))")
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), $1)")
            .bind(first_id + count - 1)
            .execute(&mut *tx)
            .await?;
        let (records, new_head) = chain_audits(batch, &case_ids, &head, first_id);
        copy_in(
            &mut *tx,
            "audit_events (id, prev_id, at, user_id, username, action, object_type, object_id,
                person_id, unit_id, unit_path, detail, client, prev_hash, hash)",
            &records.iter().collect::<Vec<_>>(),
            |b, row| {
                let r = &row.record;
                b.int(r.id)
                    .int(r.prev_id)
                    .at(r.at)
                    .opt_int(r.user_id)
                    .text(&r.username)
                    .text(&r.action)
                    .text(&r.object_type)
                    .opt_int(r.object_id)
                    .opt_int(r.person_id)
                    .opt_int(r.unit_id)
                    .text(&r.unit_path)
                    .text(&r.detail)
                    .text(&r.client)
                    .opt_text(row.prev_hash.as_deref())
                    .opt_text(row.hash.as_deref());
            },
        )
        .await?;
        sqlx::query(
            "UPDATE audit_chain_head SET last_id = $1, last_hash = $2, entries = $3 WHERE id = 1",
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
            first_case_id: case_ids.first().copied().unwrap_or(0),
        },
        case_ids,
    ))
}
