// WEL-1..7, JOB-1, N7 — the partner departments' and the community's records on a case:
// the SQL both engines run, written once. Included (see README.md beside this file) by a
// module (it needs no `Db`); uses `crate::audit::append` and `crate::EngineStore` with
// `reader()`/`writer()` and its `keys` (the file implements `Support` itself).

use async_trait::async_trait;
use chrono::{DateTime, Days, NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::permission::Role;
use jiekang_domain::support::{
    Department, ServiceKind, SupportKind, SupportStatus, check_dates, check_decision_date,
    initial_status, may_decide, may_record,
};
use jiekang_domain::welfare::rehabilitation_year_completes_on;
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Support;
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::support::*;
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

/// The minimal person columns (`p`, `c`, `u` = persons, cases, the case's unit).
const PERSON_COLUMNS: &str = "c.id, c.person_id, p.name, p.id_number_sealed, c.state, u.name,
    c.reported_on, c.closed_on";

type PersonRow = (
    i64,
    i64,
    String,
    Vec<u8>,
    CaseState,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

fn person_of(keys: &Keyring, r: PersonRow) -> StoreResult<SupportPerson> {
    Ok(SupportPerson {
        case_id: r.0,
        person_id: r.1,
        name: r.2,
        id_number_masked: jiekang_domain::text::mask_identifier(
            &keys.open_str(Field::IdNumber, &r.3)?,
        ),
        state: r.4,
        unit_name: r.5,
        reported_on: r.6,
        closed: r.7.is_some(),
    })
}

const RECORD_SELECT: &str = "SELECT r.id, r.case_id, r.kind, r.subkind, r.title, r.started_on,
        r.ended_on, r.hours, r.certificate, r.amount_fen, r.income_fen, r.line_fen,
        r.fixed_income, r.status, r.decided_on, r.outcome, r.created_at,
        cu.display_name AS created_by, du.display_name AS decided_by
    FROM support_records r JOIN users cu ON cu.id = r.created_by
    LEFT JOIN users du ON du.id = r.decided_by";

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    case_id: i64,
    kind: String,
    subkind: String,
    title: String,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    hours: Option<i64>,
    certificate: String,
    amount_fen: Option<i64>,
    income_fen: Option<i64>,
    line_fen: Option<i64>,
    fixed_income: Option<bool>,
    status: String,
    decided_on: Option<NaiveDate>,
    outcome: String,
    created_at: DateTime<Utc>,
    created_by: String,
    decided_by: Option<String>,
}

fn bad_code(code: &str) -> StoreError {
    StoreError::Backend(format!("support_records: unknown code {code}").into())
}

fn record_of(r: RecordRow) -> StoreResult<SupportRecord> {
    Ok(SupportRecord {
        id: r.id,
        case_id: r.case_id,
        kind: SupportKind::parse(&r.kind).ok_or_else(|| bad_code(&r.kind))?,
        subkind: r.subkind,
        title: r.title,
        started_on: r.started_on,
        ended_on: r.ended_on,
        hours: r.hours,
        certificate: r.certificate,
        amount_fen: r.amount_fen,
        income_fen: r.income_fen,
        line_fen: r.line_fen,
        fixed_income: r.fixed_income,
        status: SupportStatus::parse(&r.status).ok_or_else(|| bad_code(&r.status))?,
        decided_on: r.decided_on,
        outcome: r.outcome,
        created_at: r.created_at,
        created_by: r.created_by,
        decided_by: r.decided_by,
    })
}

/// SQL list of the codes of `kinds` (constants, not input).
fn codes(kinds: impl Iterator<Item = SupportKind>) -> String {
    kinds
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn welfare_codes() -> String {
    codes(
        SupportKind::ALL
            .into_iter()
            .filter(|k| k.department() == Department::Welfare),
    )
}

fn refused(id: &'static str, text: &'static str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

fn date_refusal(bar: jiekang_domain::support::DateBar) -> StoreError {
    match bar {
        jiekang_domain::support::DateBar::InFuture => {
            refused("support-refused-future", bar.message_zh())
        }
        jiekang_domain::support::DateBar::BeforeStart => {
            refused("support-refused-before-start", bar.message_zh())
        }
    }
}

const NOT_YOURS: &str = "本部门不办理此类事项";

fn audit_of(
    now: DateTime<Utc>,
    actor: i64,
    action: &str,
    case_id: i64,
    person_id: i64,
    detail: String,
) -> AuditEntry {
    let mut e = AuditEntry::of_object(now, Some(actor), action, "case", Some(case_id), detail);
    e.person_id = Some(person_id);
    e
}

impl crate::EngineStore {
    /// The minimal person of a case in scope.
    async fn support_person(
        &self,
        keys: &Keyring,
        scope: &Scope,
        case_id: i64,
    ) -> StoreResult<SupportPerson> {
        let row: Option<PersonRow> = sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} FROM cases c JOIN persons p ON p.id = c.person_id
             JOIN units u ON u.id = c.unit_id
             WHERE c.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3"
        ))
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?;
        person_of(keys, row.ok_or(StoreError::NotFound)?)
    }

    async fn support_record(&self, id: i64) -> StoreResult<SupportRecord> {
        let row: Option<RecordRow> = sqlx::query_as(&format!("{RECORD_SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.writer())
            .await?;
        record_of(row.ok_or(StoreError::NotFound)?)
    }
}

/// WEL-3, WEL-7 — the person meets what the kind asks first: a granted 低保 (low-rent
/// housing), or a methadone treatment running now (hardship support during it).
async fn precondition_met(
    conn: &mut Conn,
    person_id: i64,
    needs: jiekang_domain::support::Precondition,
) -> StoreResult<()> {
    use jiekang_domain::support::Precondition;
    let (sql, id, text) = match needs {
        Precondition::GrantedDibao => (
            "SELECT COUNT(*) FROM support_records
             WHERE person_id = $1 AND kind = 'dibao' AND status = 'granted'",
            "support-refused-needs-dibao",
            "廉租住房保障须先享受低保",
        ),
        Precondition::InMethadoneTreatment => (
            "SELECT COUNT(*) FROM clinic_enrolments WHERE person_id = $1 AND ended_on IS NULL",
            "support-refused-needs-methadone",
            "该人员目前不在美沙酮维持治疗中",
        ),
    };
    let n: i64 = sqlx::query_scalar(sql)
        .bind(person_id)
        .fetch_one(&mut *conn)
        .await?;
    if n == 0 {
        return Err(refused(id, text));
    }
    Ok(())
}

/// BASE-1 — the facility a placement names: one of the case's district, open on the
/// placement's first day; its name is the record's title.
async fn placement_facility(
    conn: &mut Conn,
    base: i64,
    case_id: i64,
    new: &NewSupport,
) -> StoreResult<String> {
    if new.kind != SupportKind::Placement {
        return Err(refused(
            "support-refused-base-not-placement",
            "只有安置就业记录可以选择安置基地(点)",
        ));
    }
    let found: Option<(String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT b.name, b.opened_on, b.closed_on
         FROM placement_bases b
         JOIN cases c ON c.id = $2
         JOIN units d ON d.level = 'district' AND c.unit_path >= d.path
              AND c.unit_path < substr(d.path, 1, length(d.path) - 1) || '0'
         WHERE b.id = $1 AND b.unit_path >= d.path
           AND b.unit_path < substr(d.path, 1, length(d.path) - 1) || '0'",
    )
    .bind(base)
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    match found {
        Some((name, opened, closed))
            if jiekang_domain::placement::base1_open_on(opened, closed, new.started_on) =>
        {
            Ok(name)
        }
        Some(_) => Err(refused(
            "support-refused-base-closed",
            "该安置基地(点)在安置之日未设立或已撤销",
        )),
        None => Err(refused(
            "support-refused-base-elsewhere",
            "请选择本旗区的安置基地(点)",
        )),
    }
}

#[async_trait]
impl Support for crate::EngineStore {
    async fn support_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
    ) -> StoreResult<SupportCase> {
        let keys = self.keys.get()?;
        let person = self.support_person(&keys, scope, case_id).await?;
        let rows: Vec<RecordRow> = sqlx::query_as(&format!(
            "{RECORD_SELECT} WHERE r.case_id = $1 ORDER BY r.id DESC LIMIT 500"
        ))
        .bind(case_id)
        .fetch_all(self.writer())
        .await?;
        let records = rows
            .into_iter()
            .map(record_of)
            .collect::<StoreResult<Vec<_>>>()?;
        let mut tx = self.writer().begin().await?;
        crate::audit::append(
            &mut tx,
            &audit_of(
                Utc::now(),
                actor_user_id,
                "support.read",
                case_id,
                person.person_id,
                String::new(),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(SupportCase { person, records })
    }

    async fn add_support(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        case_id: i64,
        new: &NewSupport,
        today: NaiveDate,
    ) -> StoreResult<SupportRecord> {
        let service = ServiceKind::parse(&new.subkind);
        if !may_record(role, new.kind, service) {
            return Err(refused("support-refused-not-yours", NOT_YOURS));
        }
        if new.kind == SupportKind::Service && service.is_none() {
            return Err(refused("support-refused-service-kind", "请选择服务类别"));
        }
        if new.kind == SupportKind::Employment
            && jiekang_domain::support::EmploymentKind::parse(&new.subkind).is_none()
        {
            return Err(refused("support-refused-employment-kind", "请选择就业方式"));
        }
        check_dates(new.started_on, new.ended_on, today).map_err(date_refusal)?;
        if [new.hours, new.amount_fen, new.income_fen, new.line_fen]
            .iter()
            .any(|v| v.is_some_and(|v| v < 0))
        {
            return Err(refused("support-refused-negative", "数额不能为负数"));
        }
        let keys = self.keys.get()?;
        let person = self.support_person(&keys, scope, case_id).await?;
        let now = Utc::now();
        let status = initial_status(new.kind);
        let mut tx = self.writer().begin().await?;
        if let Some(needs) = jiekang_domain::support::precondition(new.kind) {
            precondition_met(&mut tx, person.person_id, needs).await?;
        }
        let title = match new.placement_base_id {
            Some(base) => placement_facility(&mut tx, base, case_id, new).await?,
            None => new.title.trim().to_owned(),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO support_records (case_id, person_id, kind, subkind, title, started_on,
                 ended_on, hours, certificate, amount_fen, income_fen, line_fen, fixed_income,
                 status, outcome, created_at, created_by, placement_base_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18)
             RETURNING id",
        )
        .bind(case_id)
        .bind(person.person_id)
        .bind(new.kind.code())
        .bind(new.subkind.trim())
        .bind(&title)
        .bind(new.started_on)
        .bind(new.ended_on)
        .bind(new.hours)
        .bind(new.certificate.trim())
        .bind(new.amount_fen)
        .bind(new.income_fen)
        .bind(new.line_fen)
        .bind(new.fixed_income)
        .bind(status.code())
        .bind(new.outcome.trim())
        .bind(now)
        .bind(actor_user_id)
        .bind(new.placement_base_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &audit_of(
                now,
                actor_user_id,
                "support.recorded",
                case_id,
                person.person_id,
                format!("{} #{id}({})", new.kind.label_zh(), new.started_on),
            ),
        )
        .await?;
        tx.commit().await?;
        self.support_record(id).await
    }

    async fn decide_support(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        record_id: i64,
        decision: &SupportDecision,
        today: NaiveDate,
    ) -> StoreResult<SupportRecord> {
        // in scope through its case
        let found: Option<(i64, i64, String, NaiveDate, String)> = sqlx::query_as(
            "SELECT r.case_id, r.person_id, r.kind, r.started_on, r.status
             FROM support_records r JOIN cases c ON c.id = r.case_id
             WHERE r.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3",
        )
        .bind(record_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.writer())
        .await?;
        let (case_id, person_id, kind, started_on, status) = found.ok_or(StoreError::NotFound)?;
        let kind = SupportKind::parse(&kind).ok_or_else(|| bad_code(&kind))?;
        if !may_record(role, kind, None) || kind == SupportKind::Service {
            return Err(refused("support-refused-not-yours", NOT_YOURS));
        }
        if status != SupportStatus::Pending.code() {
            return Err(StoreError::Stale);
        }
        if !may_decide(kind, decision.status) {
            return Err(refused(
                "support-refused-decision",
                "此类事项不能作出该决定",
            ));
        }
        check_decision_date(started_on, decision.decided_on, today).map_err(date_refusal)?;
        if decision.amount_fen.is_some_and(|a| a < 0) {
            return Err(refused("support-refused-negative", "数额不能为负数"));
        }
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        // only a record still pending: two decisions at once, the second is stale
        let done = sqlx::query(
            "UPDATE support_records SET status = $1, decided_on = $2,
                 amount_fen = COALESCE($3, amount_fen), outcome = $4, decided_at = $5,
                 decided_by = $6
             WHERE id = $7 AND status = 'pending'",
        )
        .bind(decision.status.code())
        .bind(decision.decided_on)
        .bind(decision.amount_fen)
        .bind(decision.outcome.trim())
        .bind(now)
        .bind(actor_user_id)
        .bind(record_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Stale);
        }
        crate::audit::append(
            &mut tx,
            &audit_of(
                now,
                actor_user_id,
                "support.decided",
                case_id,
                person_id,
                format!(
                    "{} #{record_id}:{}({})",
                    kind.label_zh(),
                    decision.status.label_zh(),
                    decision.decided_on
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        self.support_record(record_id).await
    }

    async fn support_queue(
        &self,
        scope: &Scope,
        queue: SupportQueue,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<SupportQueueRow>> {
        let keys = self.keys.get()?;
        let limit = i64::from(page.limit);
        let after = page.after.unwrap_or(0);
        let joins = "JOIN persons p ON p.id = c.person_id JOIN units u ON u.id = c.unit_id";
        let mut rows: Vec<SupportQueueRow> = match queue {
            SupportQueue::WelfarePending | SupportQueue::UnemploymentPending => {
                let kinds = if queue == SupportQueue::WelfarePending {
                    welfare_codes()
                } else {
                    codes(std::iter::once(SupportKind::Unemployment))
                };
                let found: Vec<(i64, String, NaiveDate, Option<i64>, PersonRow)> =
                    sqlx::query_as::<
                        _,
                        (
                            i64,
                            String,
                            NaiveDate,
                            Option<i64>,
                            i64,
                            i64,
                            String,
                            Vec<u8>,
                            CaseState,
                            String,
                            Option<NaiveDate>,
                            Option<NaiveDate>,
                        ),
                    >(&format!(
                        "SELECT r.id, r.kind, r.started_on, r.amount_fen, {PERSON_COLUMNS}
                         FROM support_records r JOIN cases c ON c.id = r.case_id {joins}
                         WHERE r.status = 'pending' AND r.kind IN ({kinds}) AND r.id > $1
                           AND c.unit_path >= $2 AND c.unit_path < $3
                         ORDER BY r.id LIMIT $4"
                    ))
                    .bind(after)
                    .bind(scope.lower())
                    .bind(scope.upper())
                    .bind(limit + 1)
                    .fetch_all(self.reader())
                    .await?
                    .into_iter()
                    .map(|r| {
                        (
                            r.0,
                            r.1,
                            r.2,
                            r.3,
                            (r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11),
                        )
                    })
                    .collect();
                found
                    .into_iter()
                    .map(|(id, kind, on, amount, p)| {
                        Ok(SupportQueueRow {
                            person: person_of(&keys, p)?,
                            record_id: Some(id),
                            kind: Some(SupportKind::parse(&kind).ok_or_else(|| bad_code(&kind))?),
                            on: Some(on),
                            amount_fen: amount,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?
            }
            SupportQueue::DibaoYearSoon | SupportQueue::WithoutJob => {
                // $5 and $6: the dates the condition compares with
                let (condition, p5, p6) = if queue == SupportQueue::DibaoYearSoon {
                    // WEL-1: the year completes within DIBAO_SOON_DAYS or completed
                    // during the last year (report-in between two years and a year less
                    // DIBAO_SOON_DAYS ago; days of suspension only delay it), and no 低保
                    // application yet
                    let year_ago =
                        |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap_or(d);
                    let until = year_ago(
                        today
                            .checked_add_days(Days::new(DIBAO_SOON_DAYS))
                            .unwrap_or(today),
                    );
                    (
                        "c.reported_on IS NOT NULL AND c.reported_on <= $5
                         AND c.reported_on > $6
                         AND NOT EXISTS (SELECT 1 FROM support_records r
                             WHERE r.case_id = c.id AND r.kind = 'dibao')",
                        until,
                        year_ago(year_ago(today)),
                    )
                } else {
                    // JOB-1: no job running today and no training ever
                    (
                        "NOT EXISTS (SELECT 1 FROM support_records r
                             WHERE r.case_id = c.id
                               AND (r.kind = 'training'
                                    OR (r.kind IN ('employment', 'placement')
                                        AND r.started_on <= $5
                                        AND (r.ended_on IS NULL OR r.ended_on >= $6))))",
                        today,
                        today,
                    )
                };
                let found: Vec<PersonRow> = sqlx::query_as(&format!(
                    "SELECT {PERSON_COLUMNS} FROM cases c {joins}
                     WHERE c.closed_on IS NULL AND c.id > $1
                       AND c.unit_path >= $2 AND c.unit_path < $3 AND {condition}
                     ORDER BY c.id LIMIT $4"
                ))
                .bind(after)
                .bind(scope.lower())
                .bind(scope.upper())
                .bind(limit + 1)
                .bind(p5)
                .bind(p6)
                .fetch_all(self.reader())
                .await?;
                found
                    .into_iter()
                    .map(|p| {
                        let person = person_of(&keys, p)?;
                        let on = match queue {
                            SupportQueue::DibaoYearSoon => person
                                .reported_on
                                .and_then(|r| rehabilitation_year_completes_on(r, 0)),
                            _ => None,
                        };
                        Ok(SupportQueueRow {
                            person,
                            record_id: None,
                            kind: None,
                            on,
                            amount_fen: None,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?
            }
        };
        let next_after = if rows.len() as i64 > limit {
            rows.truncate(page.limit as usize);
            rows.last().map(|r| r.record_id.unwrap_or(r.person.case_id))
        } else {
            None
        };
        Ok(Page {
            items: rows,
            next_after,
        })
    }

    async fn employment_figures(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<EmploymentFigures> {
        let (under_measure, employed, trained): (i64, i64, i64) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM support_records r
                        WHERE r.case_id = c.id AND r.kind IN ('employment', 'placement')
                          AND r.started_on <= $3 AND (r.ended_on IS NULL OR r.ended_on >= $3))
                        THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM support_records r
                        WHERE r.case_id = c.id AND r.kind = 'training')
                        THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM cases c
             WHERE c.closed_on IS NULL AND c.unit_path >= $1 AND c.unit_path < $2",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(today)
        .fetch_one(self.reader())
        .await?;
        Ok(EmploymentFigures {
            under_measure,
            employed,
            trained,
        })
    }
}
