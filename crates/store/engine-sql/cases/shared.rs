// Case work — the SQL both engines run, written once.
//
// These files are not modules of `jiekang-store`: each engine's `cases` module
// includes all of them, in the order of its `include!`s, with `include!` inside a
// module that defines `Db` (its sqlx database), `Conn` (its connection), `FOR_UPDATE`
// (row lock on the case, empty on SQLite whose single writer already serialises), and
// provides `crate::audit::append` and `crate::units::usable_unit_path`. The SQL uses
// `$n` placeholders, which both SQLite and PostgreSQL accept, and only types both
// schemas share (dates as `NaiveDate`, instants as `DateTime<Utc>`, booleans, and the
// domain's enums as their TEXT codes). Everything that is a rule is decided in
// `jiekang_store::cases::plan` from `jiekang_domain`, never here.
//
// This file: the imports and the selects and helpers the others share.

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
        c.updated_at, uu.display_name AS updated_by, c.version,
        c.risk_level, c.risk_label, c.talk_interval_days, c.visit_interval_days,
        c.visit_due_on, c.reassess_due_on, c.worker_id, wu.display_name AS worker_name,
        c.police_id, pu.display_name AS police_name
    FROM cases c
    JOIN persons p ON p.id = c.person_id
    JOIN units u ON u.id = c.unit_id
    LEFT JOIN units tu ON tu.id = c.transfer_to_unit_id
    LEFT JOIN users wu ON wu.id = c.worker_id
    LEFT JOIN users pu ON pu.id = c.police_id
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

/// A drug test as stored: its substances sealed at rest, opened by
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
        requested_on, decided_on, returned_on
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
    case_id: impl Into<i64>,
    person_id: impl Into<i64>,
    detail: String,
) -> AuditEntry {
    let (case_id, person_id) = (case_id.into(), person_id.into());
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
