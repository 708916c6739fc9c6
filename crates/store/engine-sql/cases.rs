// Case work (issue #4) — the SQL both engines run, written once.
//
// This file is not a module of `jiekang-store`: each engine includes it with
// `include!` inside a module that defines `Db` (its sqlx database), `Conn` (its
// connection), `FOR_UPDATE` (row lock on the case, empty on SQLite whose single
// writer already serialises), and provides `crate::audit::append` and
// `crate::units::usable_unit_path`. The SQL uses `$n` placeholders, which both
// SQLite and PostgreSQL accept, and only types both schemas share (dates as
// `NaiveDate`, instants as `DateTime<Utc>`, booleans). Everything that is a rule is
// decided in `jiekang_store::cases::plan` from `jiekang_domain`, never here.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::CaseState;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::Role;
use jiekang_domain::text::mask_identifier;
use jiekang_store::at_rest::{open_bytes, open_profile, open_text, seal_profile, seal_text};
use jiekang_store::cases::*;
use jiekang_store::model::{AuditEntry, Unit};
use jiekang_store::rows::UnitRow;
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::{Pool, QueryBuilder};

const CASE_SELECT: &str = "SELECT c.id, c.person_id, p.name AS person_name, p.sex AS person_sex,
        p.birth_date AS person_birth_date, c.unit_id, u.name AS unit_name, c.unit_path,
        c.measure, c.state, c.state_since, c.deciding_organ, c.decision_number, c.decided_on,
        c.decided_years, c.served_on, c.family_served_on, c.place_basis, c.handover_deadline,
        c.notified_on, c.report_deadline, c.reported_on, c.last_reported_on, c.agreement_on,
        c.term_end, c.talk_due_on, c.suspended_from, c.transfer_to_unit_id,
        tu.name AS transfer_to_name, c.transfer_to_path, c.refused_or_evaded, c.breach_level,
        c.closed_on, c.work_group, c.seed, c.created_at, cu.display_name AS created_by,
        c.updated_at, uu.display_name AS updated_by, c.version
    FROM cases c
    JOIN persons p ON p.id = c.person_id
    JOIN units u ON u.id = c.unit_id
    LEFT JOIN units tu ON tu.id = c.transfer_to_unit_id
    JOIN users cu ON cu.id = c.created_by
    JOIN users uu ON uu.id = c.updated_by";

/// In scope: through the execution place, or as the receiving unit of a pending
/// transfer (N11: the receiver must see what it is asked to accept).
const CASE_IN_SCOPE: &str = "((c.unit_path >= $2 AND c.unit_path < $3)
    OR (c.transfer_to_path >= $2 AND c.transfer_to_path < $3))";

/// A drug test with who entered it (`SealedTest`); callers add WHERE and ORDER BY.
const TEST_SELECT: &str = "SELECT t.id, t.case_id, t.tested_at, t.tested_on, t.kind, t.sample,
        t.outcome, t.substances, t.tester_1, t.tester_2, t.sample_a, t.sample_b, t.planned,
        t.note, t.police_notified_on, t.created_at, u.display_name AS created_by,
        t.substances_sealed
    FROM drug_tests t JOIN users u ON u.id = t.created_by";

/// A drug test as stored: its substances sealed (security item 6), opened by
/// [`SealedTest::open`].
#[derive(sqlx::FromRow)]
struct SealedTest {
    #[sqlx(flatten)]
    test: DrugTest,
    substances_sealed: Option<Vec<u8>>,
}

impl SealedTest {
    fn open(self, keys: &Keyring) -> StoreResult<DrugTest> {
        let mut test = self.test;
        test.substances = open_text(
            keys,
            Field::TestSubstances,
            self.substances_sealed.as_deref(),
            std::mem::take(&mut test.substances),
        )?;
        Ok(test)
    }
}

/// A leave request (`Leave`); callers add WHERE and ORDER BY.
const LEAVE_SELECT: &str = "SELECT id, case_id, from_on, to_on, destination, reason, state,
        decided_on, returned_on
    FROM case_leaves";

/// An attachment's metadata (`AttachmentMeta`); callers add WHERE and ORDER BY.
const ATTACHMENT_SELECT: &str = "SELECT a.id, a.case_id, a.kind, a.file_name, a.content_type,
        a.size, a.sha256, a.created_at, u.display_name AS created_by
    FROM attachments a JOIN users u ON u.id = a.created_by";

/// The closed suspensions of a case, in date order (D3, N13).
async fn suspensions(
    conn: &mut Conn,
    case_id: i64,
) -> StoreResult<Vec<jiekang_domain::term::Suspension>> {
    Ok(sqlx::query_as::<_, (NaiveDate, NaiveDate)>(
        "SELECT from_on, to_on FROM case_suspensions WHERE case_id = $1 ORDER BY from_on",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(from, to)| jiekang_domain::term::Suspension { from, to })
    .collect())
}

async fn load_case(
    conn: &mut Conn,
    scope: &Scope,
    id: i64,
    lock: bool,
) -> StoreResult<(Case, bool)> {
    if lock && !FOR_UPDATE.is_empty() {
        // The case's row alone, locked before the joined read: locked inside the join,
        // a row another transaction changed meanwhile was checked again against the
        // joined rows read before the wait (PostgreSQL's EvalPlanQual), so a new
        // `updated_by` no longer matched and the case answered as missing, not stale.
        sqlx::query(&format!("SELECT id FROM cases WHERE id = $1{FOR_UPDATE}"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    }
    let sql = format!("{CASE_SELECT} WHERE c.id = $1 AND {CASE_IN_SCOPE}");
    let case: Case = sqlx::query_as(&sql)
        .bind(id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let as_receiver = !scope.contains(&case.unit_path);
    Ok((case, as_receiver))
}

/// A case's audit record names its person too, so an auditor finds it by person.
fn audit_entry(
    actor: i64,
    action: &str,
    case_id: i64,
    person_id: i64,
    detail: String,
) -> AuditEntry {
    let mut entry = AuditEntry::of_object(
        Utc::now(),
        Some(actor),
        &format!("case.{action}"),
        "case",
        Some(case_id),
        detail,
    );
    entry.person_id = Some(person_id);
    entry
}

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
        return Err(StoreError::Refused(
            "您的角色不能录入决定(决定由公安机关作出)".to_owned(),
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
    .bind(new.measure.code())
    .bind(CaseState::Ordered.code())
    .bind(new.decided_on)
    .bind(&new.deciding_organ)
    .bind(&new.decision_number)
    .bind(new.decided_on)
    .bind(new.decided_years.map(i64::from))
    .bind(new.served_on)
    .bind(new.family_served_on)
    .bind(new.place_basis.code())
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

pub(crate) async fn of_person(
    pool: &Pool<Db>,
    scope: &Scope,
    person_id: i64,
) -> StoreResult<Vec<CaseSummary>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.measure, c.state, u.name AS unit_name, c.decided_on, c.reported_on,
                c.term_end, c.closed_on
         FROM cases c JOIN units u ON u.id = c.unit_id
         WHERE c.person_id = $1 AND c.unit_path >= $2 AND c.unit_path < $3
         ORDER BY c.id DESC",
    )
    .bind(person_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_all(pool)
    .await?)
}

/// The whole case, its read audited in the same transaction (N18).
pub(crate) async fn file(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<CaseFile> {
    let mut tx = pool.begin().await?;
    let (case, as_receiver) = load_case(&mut tx, scope, id, false).await?;
    if as_receiver && case.state != CaseState::TransferPending.code() {
        return Err(StoreError::NotFound);
    }
    let windows: Vec<StoredWindow> = sqlx::query_as(
        "SELECT idx, starts_on, ends_on, planned_on, provisional, done_on, missed
         FROM test_windows WHERE case_id = $1 ORDER BY idx",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let tests = sqlx::query_as::<_, SealedTest>(&format!(
        "{TEST_SELECT} WHERE t.case_id = $1 ORDER BY t.tested_at DESC, t.id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|t| t.open(keys))
    .collect::<StoreResult<Vec<DrugTest>>>()?;
    let events: Vec<CaseEvent> = sqlx::query_as(
        "SELECT e.id, e.case_id, e.kind, e.occurred_on, e.summary, e.note, e.collected_by,
                e.created_at, u.display_name AS created_by
         FROM case_events e JOIN users u ON u.id = e.created_by
         WHERE e.case_id = $1 ORDER BY e.occurred_on DESC, e.id DESC",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let handovers: Vec<Handover> = sqlx::query_as(
        "SELECT h.id, h.case_id, h.kind, h.to_unit_id, n.name AS to_unit_name, h.sent_on,
                su.display_name AS sent_by, h.received_on, ru.display_name AS received_by, h.note
         FROM handovers h JOIN units n ON n.id = h.to_unit_id
         JOIN users su ON su.id = h.sent_by LEFT JOIN users ru ON ru.id = h.received_by
         WHERE h.case_id = $1 ORDER BY h.id DESC",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let leaves: Vec<Leave> = sqlx::query_as(&format!(
        "{LEAVE_SELECT} WHERE case_id = $1 ORDER BY id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let attachments: Vec<AttachmentMeta> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC"
    ))
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "read", id, case.person_id, String::new()),
    )
    .await?;
    tx.commit().await?;
    Ok(CaseFile {
        case,
        windows,
        tests,
        events,
        handovers,
        leaves,
        attachments,
        as_receiver,
    })
}

async fn load_context(
    conn: &mut Conn,
    keys: &Keyring,
    scope: &Scope,
    case: &Case,
    command: &CaseCommand,
    as_receiver: bool,
) -> StoreResult<CaseContext> {
    let suspensions = suspensions(conn, case.id).await?;
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
                    return Err(StoreError::Refused(
                        "接收单位须为乡镇(街道)或社区".to_owned(),
                    ));
                }
                None => return Err(StoreError::Refused("接收单位不存在或已撤销".to_owned())),
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
    let _ = scope;
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

/// [`apply`] inside a transaction the caller commits (SQLite's group commit, issue #6);
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
    let c = &plan.change;
    let now = Utc::now();
    let updated = sqlx::query(
        "UPDATE cases SET unit_id = $1, unit_path = $2, state = $3, state_since = $4,
            served_on = $5, notified_on = $6, report_deadline = $7, reported_on = $8,
            last_reported_on = $9, agreement_on = $10, term_end = $11, talk_due_on = $12,
            suspended_from = $13, transfer_to_unit_id = $14, transfer_to_path = $15,
            refused_or_evaded = $16, breach_level = $17, closed_on = $18, work_group = $19,
            updated_at = $20, updated_by = $21, version = version + 1
         WHERE id = $22 AND version = $23",
    )
    .bind(c.unit_id)
    .bind(&c.unit_path)
    .bind(&c.state)
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
    .bind(&c.breach_level)
    .bind(c.closed_on)
    .bind(&c.work_group)
    .bind(now)
    .bind(actor)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StoreError::Stale);
    }
    insert_event(&mut *conn, id, actor, &plan.event).await?;
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
        // security item 6: sealed, NULL when none
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
        // those are rewritten (issue #6: the single writer rewrote all ~36 per test).
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
            "INSERT INTO handovers (case_id, kind, to_unit_id, to_path, sent_on, sent_by, note)
             VALUES ($1, $2, $3, $4, $5, $6, '')",
        )
        .bind(id)
        .bind(h.kind)
        .bind(h.to_unit_id)
        .bind(&h.to_path)
        .bind(h.sent_on)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(received) = plan.close_transfer_handover {
        sqlx::query(
            "UPDATE handovers SET received_on = $1, received_by = $2, note = $3
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
            from,
            to,
            destination,
            reason,
        }) => {
            sqlx::query(
                "INSERT INTO case_leaves (case_id, from_on, to_on, destination, reason, state,
                    requested_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7)",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(destination)
            .bind(reason)
            .bind(actor)
            .bind(now)
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

/// CASE-2 — the receiving unit acknowledges a hand-over (必送必接).
pub(crate) async fn receive_handover(
    pool: &Pool<Db>,
    scope: &Scope,
    actor: i64,
    handover_id: i64,
    on: NaiveDate,
    today: NaiveDate,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i64, String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT h.case_id, c.person_id, h.kind, h.sent_on, h.received_on
         FROM handovers h JOIN cases c ON c.id = h.case_id
         WHERE h.id = $1 AND h.to_path >= $2 AND h.to_path < $3",
    )
    .bind(handover_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let (case_id, person_id, kind, sent_on, received_on) = row.ok_or(StoreError::NotFound)?;
    if received_on.is_some() {
        return Err(StoreError::Refused("该移交已接收".to_owned()));
    }
    if kind == "transfer" {
        return Err(StoreError::Refused(
            "变更执行地的移交随接收变更一并确认".to_owned(),
        ));
    }
    if on < sent_on || on > today {
        return Err(StoreError::Refused(
            "接收日期须在移交日期与今天之间".to_owned(),
        ));
    }
    sqlx::query("UPDATE handovers SET received_on = $1, received_by = $2 WHERE id = $3")
        .bind(on)
        .bind(actor)
        .bind(handover_id)
        .execute(&mut *tx)
        .await?;
    let summary = format!("接收公安移交的决定书及材料(移交日期 {sent_on})");
    insert_event(
        &mut tx,
        case_id,
        actor,
        &NewEvent {
            kind: "handover_received",
            occurred_on: on,
            summary: summary.clone(),
            note: String::new(),
            collected_by: String::new(),
        },
    )
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "handover_received", case_id, person_id, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

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
        // page (issue #6: a township's page joined every pending hand-over's case).
        QueueKind::Handovers => ("h.sent_on", "h.id", "handovers h", "h.to_path"),
        QueueKind::HandoversLate => (
            "h.sent_on",
            "h.id",
            "handovers h CROSS JOIN cases c",
            "h.to_path",
        ),
        QueueKind::Transfers => ("c.state_since", "c.id", "cases c", "c.transfer_to_path"),
        QueueKind::TalksDue => ("c.talk_due_on", "c.id", "cases c", "c.unit_path"),
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
        QueueKind::TalksDue => states(q, &CaseState::COUNSELLED),
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
    state: String,
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
    // whole township's persons for one page (issue #6).
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
                // opened only to be masked (issue #5 item 3)
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
/// today's dashboard snapshot for a scope of several units (issue #6: counting a
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

pub(crate) async fn add_attachment(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    case_id: i64,
    new: &NewAttachment,
) -> StoreResult<AttachmentMeta> {
    let mut tx = pool.begin().await?;
    let (case, as_receiver) = load_case(&mut tx, scope, case_id, false).await?;
    if as_receiver {
        return Err(StoreError::NotFound);
    }
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (case_id, kind, file_name, content_type, size, sha256, data,
            data_sealed, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(case.id)
    .bind(&new.kind)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(i64::try_from(new.data.len()).unwrap_or(i64::MAX))
    .bind(&new.sha256)
    // security item 6: the bytes sealed, the plain column empty
    .bind(Vec::<u8>::new())
    .bind(keys.seal(Field::AttachmentData, &new.data))
    .bind(now)
    .bind(actor)
    .fetch_one(&mut *tx)
    .await?;
    let summary = format!("上传附件:{}({})", new.file_name, new.kind);
    insert_event(
        &mut tx,
        case_id,
        actor,
        &NewEvent {
            kind: "attachment",
            occurred_on: now.date_naive(),
            summary: summary.clone(),
            note: String::new(),
            collected_by: String::new(),
        },
    )
    .await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(actor, "attachment_add", case_id, case.person_id, summary),
    )
    .await?;
    let meta = attachment_meta(&mut tx, id).await?;
    tx.commit().await?;
    Ok(meta)
}

async fn attachment_meta(conn: &mut Conn, id: i64) -> StoreResult<AttachmentMeta> {
    Ok(
        sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// An attachment's bytes, only inside the owner's scope; the read is audited (N18).
pub(crate) async fn attachment(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<Attachment> {
    let mut tx = pool.begin().await?;
    // case, person, plain bytes (a row not sealed yet), sealed bytes
    type Row = (i64, i64, Vec<u8>, Option<Vec<u8>>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT a.case_id, c.person_id, a.data, a.data_sealed
         FROM attachments a JOIN cases c ON c.id = a.case_id
         WHERE a.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3",
    )
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *tx)
    .await?;
    let (case_id, person_id, plain, sealed) = row.ok_or(StoreError::NotFound)?;
    let data = open_bytes(keys, Field::AttachmentData, sealed.as_deref(), plain)?;
    let meta = attachment_meta(&mut tx, id).await?;
    crate::audit::append(
        &mut tx,
        &audit_entry(
            actor,
            "attachment_read",
            case_id,
            person_id,
            meta.file_name.clone(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Attachment { meta, data })
}

/// The phone is sealed (issue #5 item 3): selected as `phone_sealed` beside an empty
/// `phone`; so is the free text (security item 6): `profile_sealed` beside empty
/// columns (or, in a row not sealed yet, the plain text). [`ProfileRow::open`] opens them.
const PROFILE_COLUMNS: &str = "former_names, ethnicity, '' AS phone, household_address,
    residence_address, fixed_home, family_contacts, substances, first_use_on,
    addiction_assessed_on, prior_isolation, phone_sealed, profile_sealed";

#[derive(sqlx::FromRow)]
struct ProfileRow {
    #[sqlx(flatten)]
    profile: PersonProfile,
    phone_sealed: Option<Vec<u8>>,
    profile_sealed: Option<Vec<u8>>,
}

impl ProfileRow {
    fn open(self, keys: &Keyring) -> StoreResult<PersonProfile> {
        let mut profile = self.profile;
        if let Some(sealed) = &self.phone_sealed {
            profile.phone = keys.open_str(Field::Phone, sealed)?;
        }
        if let Some(sealed) = &self.profile_sealed {
            open_profile(keys, sealed, &mut profile)?;
        }
        Ok(profile)
    }
}

/// INFO-1 — the person's profile, in scope.
pub(crate) async fn profile(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    person_id: i64,
) -> StoreResult<PersonProfile> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM persons WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"
    );
    sqlx::query_as::<_, ProfileRow>(&sql)
        .bind(person_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?
        .open(keys)
}

/// INFO-1, INFO-2 — save the profile the user saw at `version`; audited with the
/// fields' old and new values.
pub(crate) async fn update_profile(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: i64,
    version: i64,
    p: &PersonProfile,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM persons WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"
    );
    let before: PersonProfile = sqlx::query_as::<_, ProfileRow>(&sql)
        .bind(person_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?
        .open(keys)?;
    let updated = sqlx::query(
        "UPDATE persons SET former_names = '', ethnicity = $1, phone = '', phone_sealed = $2,
            household_address = '', residence_address = '', fixed_home = $3,
            family_contacts = '', substances = '', first_use_on = $4,
            addiction_assessed_on = $5, prior_isolation = '', profile_sealed = $6,
            updated_at = $7, updated_by = $8, version = version + 1
         WHERE id = $9 AND version = $10",
    )
    .bind(&p.ethnicity)
    // sealed (issue #5 item 3); no phone is NULL
    .bind((!p.phone.is_empty()).then(|| keys.seal_str(Field::Phone, &p.phone)))
    .bind(p.fixed_home)
    .bind(p.first_use_on)
    .bind(p.addiction_assessed_on)
    // security item 6: the free text sealed as one value; none is NULL
    .bind(seal_profile(keys, p))
    .bind(Utc::now())
    .bind(actor)
    .bind(person_id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StoreError::Stale);
    }
    // What changed; before and after only of what is not sealed (INFO-2): the trail
    // is not sealed, so the phone and the free text (security item 6) are named only.
    let mut changed = Vec::new();
    if before.ethnicity != p.ethnicity {
        changed.push(format!(
            "ethnicity: {:?} → {:?}",
            before.ethnicity, p.ethnicity
        ));
    }
    let sealed_pairs = [
        ("former_names", &before.former_names, &p.former_names),
        (
            "household_address",
            &before.household_address,
            &p.household_address,
        ),
        (
            "residence_address",
            &before.residence_address,
            &p.residence_address,
        ),
        (
            "family_contacts",
            &before.family_contacts,
            &p.family_contacts,
        ),
        ("substances", &before.substances, &p.substances),
        (
            "prior_isolation",
            &before.prior_isolation,
            &p.prior_isolation,
        ),
    ];
    for (field, old, new) in sealed_pairs {
        if old != new {
            changed.push(format!("{field}: (changed)"));
        }
    }
    if before.phone != p.phone {
        changed.push("phone: (changed)".to_owned());
    }
    if before.fixed_home != p.fixed_home {
        changed.push(format!(
            "fixed_home: {} → {}",
            before.fixed_home, p.fixed_home
        ));
    }
    if before.first_use_on != p.first_use_on
        || before.addiction_assessed_on != p.addiction_assessed_on
    {
        changed.push("dates changed".to_owned());
    }
    let mut entry = AuditEntry::of_object(
        Utc::now(),
        Some(actor),
        "person.update",
        "person",
        Some(person_id),
        changed.join("; "),
    );
    entry.person_id = Some(person_id);
    crate::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// D2, D4 — draw again, from each case's own seed, the planned dates that were drawn
/// provisionally, with the calendar now in force. Works through up to `limit` cases
/// after case id `after`; returns how many cases it re-planned and the last case id
/// (`None` when no case is left). Windows already done keep their dates.
pub(crate) async fn replan_provisional(
    pool: &Pool<Db>,
    cal: &HolidayCalendar,
    after: i64,
    limit: i64,
) -> StoreResult<(u64, Option<i64>)> {
    let mut tx = pool.begin().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT case_id FROM test_windows WHERE provisional AND case_id > $1
         ORDER BY case_id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut done = 0;
    for id in &ids {
        let (case, _) = load_case(&mut tx, &Scope::system(), *id, true).await?;
        let Some(reported_on) = case.reported_on else {
            continue;
        };
        let suspensions = suspensions(&mut tx, *id).await?;
        let Ok(schedule) = jiekang_domain::schedule::schedule(
            cal,
            case.measure()?,
            reported_on,
            case.years(),
            &suspensions,
            case.seed as u64,
        ) else {
            continue;
        };
        for w in schedule.windows.iter() {
            sqlx::query(
                "UPDATE test_windows SET planned_on = $1, provisional = $2
                 WHERE case_id = $3 AND idx = $4 AND provisional",
            )
            .bind(w.planned)
            .bind(w.provisional)
            .bind(id)
            .bind(i64::from(w.index))
            .execute(&mut *tx)
            .await?;
        }
        done += 1;
    }
    tx.commit().await?;
    Ok((done, ids.last().copied()))
}
