// INFO-2 质量倒查 and N19 — the SQL both engines run, written once. Included (see
// README.md beside this file) by a module that defines `Db` and
// `fn entry_delay_days_sql(entered_at: &str, recorded_on: &str) -> String` (the days
// from a recorded day to the Beijing day of an entry instant, as an SQL expression);
// uses `crate::audit::append` and `crate::EngineStore` with `reader()`/`writer()` (the
// file implements `Quality` itself).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::quality::{
    BATCH_MIN_TESTS, LATE_ENTRY_DAYS, QualityCheck, n19_dynamic_control_cutoff,
    n19_leaves_dynamic_control_on,
};
use jiekang_domain::task::{TaskKind, TaskState};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Quality;
use jiekang_store::quality::*;
use jiekang_store::rows::keyset_page;
use jiekang_store::tasks::{TASK_COLUMNS, TASK_JOINS, Task, TaskRow};
use jiekang_store::{Scope, StoreError, StoreResult};

/// What a check's condition compares with (its `$5`).
#[derive(Clone, Copy)]
enum Cutoff {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

/// The checks over case-id ranges, and over the whole table (entries).
const CASE_CHECKS: [QualityCheck; 4] = [
    QualityCheck::DecidedWithoutHandover,
    QualityCheck::AgreementMissing,
    QualityCheck::WorkGroupMissing,
    QualityCheck::NoContactTwoWindows,
];
const ENTRY_CHECKS: [QualityCheck; 2] = [QualityCheck::BatchEntry, QualityCheck::LateEntry];
/// CASE-1, N16 — the releases from compulsory isolation are few: swept whole with the
/// entries.
const RELEASE_CHECKS: [QualityCheck; 1] = [QualityCheck::ReleasedWithoutRehab];

fn cutoff_of(check: QualityCheck, c: &QualityCutoffs) -> Cutoff {
    match check {
        QualityCheck::AddictedWithoutMeasure => Cutoff::Day(c.addicted),
        QualityCheck::DecidedWithoutHandover => Cutoff::Day(c.handover),
        QualityCheck::AgreementMissing => Cutoff::Day(c.agreement),
        QualityCheck::WorkGroupMissing => Cutoff::Day(c.today),
        QualityCheck::NoContactTwoWindows => Cutoff::Day(c.window_closed),
        QualityCheck::BatchEntry | QualityCheck::LateEntry => Cutoff::Instant(c.recent_from),
        QualityCheck::ReleasedWithoutRehab => Cutoff::Day(c.release),
    }
}

/// A check's condition as a select of (subject_id, person_id, case_id, unit_path,
/// detail). Parameters: `$3`, `$4` the subject-id range, `$5` the check's cutoff.
fn condition(check: QualityCheck) -> String {
    match check {
        // CASE-1: no order decided on or after the addiction assessment
        QualityCheck::AddictedWithoutMeasure => "SELECT p.id AS subject_id, p.id AS person_id,
                CAST(NULL AS BIGINT) AS case_id, p.unit_path,
                CAST(p.addiction_assessed_on AS TEXT) AS detail
             FROM persons p
             WHERE p.id BETWEEN $3 AND $4 AND p.addiction_assessed_on <= $5
               AND p.left_control_on IS NULL
               AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id
                               AND c.decided_on >= p.addiction_assessed_on)"
            .to_string(),
        // CASE-2: still only decided after the police's hand-over deadline
        QualityCheck::DecidedWithoutHandover => "SELECT c.id AS subject_id, c.person_id,
                c.id AS case_id, c.unit_path, CAST(c.handover_deadline AS TEXT) AS detail
             FROM cases c
             WHERE c.id BETWEEN $3 AND $4 AND c.state = 'ordered' AND c.handover_deadline <= $5"
            .to_string(),
        // N5: reported in (or again after a transfer), no agreement a week on
        QualityCheck::AgreementMissing => "SELECT c.id AS subject_id, c.person_id,
                c.id AS case_id, c.unit_path,
                CAST(COALESCE(c.last_reported_on, c.reported_on) AS TEXT) AS detail
             FROM cases c
             WHERE c.id BETWEEN $3 AND $4 AND c.state = 'reported'
               AND COALESCE(c.last_reported_on, c.reported_on) <= $5"
            .to_string(),
        // N6: under execution with no work group on record (`$5` unused but bound)
        QualityCheck::WorkGroupMissing => "SELECT c.id AS subject_id, c.person_id,
                c.id AS case_id, c.unit_path, CAST(c.agreement_on AS TEXT) AS detail
             FROM cases c
             WHERE c.id BETWEEN $3 AND $4 AND c.state = 'executing' AND c.work_group = ''
               AND (c.agreement_on IS NULL OR c.agreement_on <= $5)"
            .to_string(),
        // CASE-8, D4: the two latest closed windows missed, no talk or visit across them
        QualityCheck::NoContactTwoWindows => "SELECT c.id AS subject_id, c.person_id,
                c.id AS case_id, c.unit_path,
                CAST(w1.starts_on AS TEXT) || ' – ' || CAST(w2.ends_on AS TEXT) AS detail
             FROM cases c
             JOIN test_windows w2 ON w2.case_id = c.id
              AND w2.idx = (SELECT MAX(x.idx) FROM test_windows x
                            WHERE x.case_id = c.id AND x.ends_on <= $5)
             JOIN test_windows w1 ON w1.case_id = c.id AND w1.idx = w2.idx - 1
             WHERE c.id BETWEEN $3 AND $4 AND c.state = 'executing'
               AND w1.missed = TRUE AND w2.missed = TRUE
               AND NOT EXISTS (SELECT 1 FROM case_events e
                               WHERE e.case_id = c.id AND e.kind = 'talk'
                                 AND e.occurred_on >= w1.starts_on
                                 AND e.occurred_on <= w2.ends_on)"
            .to_string(),
        // 空转: tests at one minute by one user, BATCH_MIN_TESTS or more
        QualityCheck::BatchEntry => format!(
            "SELECT r.case_id AS subject_id, c.person_id, r.case_id, c.unit_path,
                CAST(MAX(r.n) AS TEXT) || ' @ ' || CAST(MAX(r.tested_at) AS TEXT) AS detail
             FROM (SELECT case_id, tested_at,
                          COUNT(*) OVER (PARTITION BY created_by, tested_at) AS n
                   FROM drug_tests WHERE created_at >= $5) r
             JOIN cases c ON c.id = r.case_id
             WHERE r.n >= {BATCH_MIN_TESTS} AND r.case_id BETWEEN $3 AND $4
             GROUP BY r.case_id, c.person_id, c.unit_path"
        ),
        // INFO-2: tests and case records entered more than LATE_ENTRY_DAYS after their day,
        // of a case already kept here by then (history brought in with a case is not late)
        QualityCheck::LateEntry => format!(
            "SELECT l.case_id AS subject_id, c.person_id, l.case_id, c.unit_path,
                CAST(COUNT(*) AS TEXT) AS detail
             FROM (SELECT case_id, tested_on AS recorded_on FROM drug_tests
                   WHERE created_at >= $5 AND {tests} > {LATE_ENTRY_DAYS}
                   UNION ALL
                   SELECT case_id, occurred_on AS recorded_on FROM case_events
                   WHERE created_at >= $5 AND {events} > {LATE_ENTRY_DAYS}) l
             JOIN cases c ON c.id = l.case_id
             WHERE l.case_id BETWEEN $3 AND $4 AND {kept} <= {LATE_ENTRY_DAYS}
             GROUP BY l.case_id, c.person_id, c.unit_path",
            tests = entry_delay_days_sql("created_at", "tested_on"),
            events = entry_delay_days_sql("created_at", "occurred_on"),
            kept = entry_delay_days_sql("c.created_at", "l.recorded_on"),
        ),
        // CASE-1, N16: the person's latest release with no 社区康复 case opened for it —
        // at once without an order, after the follow-up period with one
        QualityCheck::ReleasedWithoutRehab => "SELECT r.person_id AS subject_id, r.person_id,
                CAST(NULL AS BIGINT) AS case_id, COALESCE(r.to_path, p.unit_path) AS unit_path,
                CAST(r.released_on AS TEXT) AS detail
             FROM isolation_releases r JOIN persons p ON p.id = r.person_id
             WHERE r.person_id BETWEEN $3 AND $4
               AND r.id = (SELECT MAX(x.id) FROM isolation_releases x
                           WHERE x.person_id = r.person_id)
               AND (NOT r.has_order OR r.released_on <= $5)
               AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = r.person_id
                               AND c.measure = 'community_rehab'
                               AND c.decided_on >= COALESCE(r.order_decided_on, r.released_on))"
            .to_string(),
    }
}

/// Clear the open findings of `check` in `from..=to` whose condition no longer holds,
/// then raise those whose condition holds and have none open.
async fn settle(
    tx: &mut <Db as sqlx::Database>::Connection,
    check: QualityCheck,
    cutoffs: &QualityCutoffs,
    from: i64,
    to: i64,
) -> StoreResult<QualitySweep> {
    let cond = condition(check);
    let clear = format!(
        "UPDATE quality_findings SET cleared_on = $2
         WHERE check_code = $1 AND cleared_on IS NULL AND subject_id BETWEEN $3 AND $4
           AND subject_id NOT IN (SELECT s.subject_id FROM ({cond}) s)"
    );
    let raise = format!(
        "INSERT INTO quality_findings
             (check_code, subject_id, person_id, case_id, unit_path, detail, raised_on)
         SELECT $1, s.subject_id, s.person_id, s.case_id, s.unit_path,
                COALESCE(s.detail, ''), $2
         FROM ({cond}) s
         WHERE NOT EXISTS (SELECT 1 FROM quality_findings f
                           WHERE f.check_code = $1 AND f.subject_id = s.subject_id
                             AND f.cleared_on IS NULL)"
    );
    let mut done = QualitySweep::default();
    for (sql, raised) in [(clear, false), (raise, true)] {
        let q = sqlx::query(&sql)
            .bind(check.code())
            .bind(cutoffs.today)
            .bind(from)
            .bind(to);
        let q = match cutoff_of(check, cutoffs) {
            Cutoff::Day(d) => q.bind(d),
            Cutoff::Instant(t) => q.bind(t),
        };
        let n = i64::try_from(q.execute(&mut *tx).await?.rows_affected()).unwrap_or(i64::MAX);
        if raised {
            done.raised += n;
        } else {
            done.cleared += n;
        }
    }
    Ok(done)
}

type FindingRow = (
    i64,
    String,
    i64,
    String,
    Option<i64>,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

const FINDING_SELECT: &str = "SELECT f.id, f.check_code, f.person_id, p.name, f.case_id,
        u.name, f.detail, f.raised_on, f.cleared_on
    FROM quality_findings f
    JOIN persons p ON p.id = f.person_id
    LEFT JOIN cases c ON c.id = f.case_id
    JOIN units u ON u.id = COALESCE(c.unit_id, p.unit_id)";

fn finding(
    (id, code, person_id, person_name, case_id, unit_name, detail, raised_on, cleared_on): FindingRow,
) -> StoreResult<QualityFinding> {
    Ok(QualityFinding {
        id,
        check: QualityCheck::parse(&code).ok_or_else(|| {
            StoreError::Backend(format!("quality finding {id}: unknown check {code:?}").into())
        })?,
        person_id,
        person_name,
        case_id,
        unit_name,
        detail,
        raised_on,
        cleared_on,
    })
}

async fn task_by_id(conn: &mut <Db as sqlx::Database>::Connection, id: i64) -> StoreResult<Task> {
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS} WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

/// A 倒查 addressed to a unit of the scope; any other task answers as missing.
async fn trace_back_in(
    conn: &mut <Db as sqlx::Database>::Connection,
    scope: &Scope,
    id: i64,
) -> StoreResult<Task> {
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS}
         WHERE t.id = $1 AND t.kind = $2
           AND t.unit_path >= $3 AND t.unit_path < $4"
    ))
    .bind(id)
    .bind(TaskKind::TraceBack.code())
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

#[async_trait]
impl Quality for crate::EngineStore {
    async fn sweep_quality_cases(
        &self,
        cutoffs: &QualityCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<QualitySweep> {
        let mut tx = self.writer().begin().await?;
        let mut done = QualitySweep::default();
        for check in CASE_CHECKS {
            done.add(settle(&mut tx, check, cutoffs, from, to).await?);
        }
        tx.commit().await?;
        Ok(done)
    }

    async fn sweep_quality_persons(
        &self,
        cutoffs: &QualityCutoffs,
        from: i64,
        to: i64,
    ) -> StoreResult<QualitySweep> {
        let mut tx = self.writer().begin().await?;
        let done = settle(
            &mut tx,
            QualityCheck::AddictedWithoutMeasure,
            cutoffs,
            from,
            to,
        )
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn sweep_quality_entries(&self, cutoffs: &QualityCutoffs) -> StoreResult<QualitySweep> {
        let mut tx = self.writer().begin().await?;
        let mut done = QualitySweep::default();
        for check in ENTRY_CHECKS.into_iter().chain(RELEASE_CHECKS) {
            done.add(settle(&mut tx, check, cutoffs, 0, i64::MAX).await?);
        }
        tx.commit().await?;
        Ok(done)
    }

    async fn max_person_id(&self) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM persons")
                .fetch_one(self.reader())
                .await?
                .unwrap_or(0),
        )
    }

    async fn sweep_dynamic_control(&self, today: NaiveDate) -> StoreResult<i64> {
        // a new order after leaving: back under dynamic control
        sqlx::query(
            "UPDATE persons SET left_control_on = NULL
             WHERE left_control_on IS NOT NULL
               AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = persons.id
                           AND c.decided_on >= persons.left_control_on)",
        )
        .execute(self.writer())
        .await?;
        let cutoff = n19_dynamic_control_cutoff(today);
        let mut after = 0i64;
        let mut left = 0i64;
        loop {
            // the latest order expired 3+ years ago; nothing decided or open since; no
            // addiction assessed after it (a relapse found)
            let rows: Vec<(i64, NaiveDate)> = sqlx::query_as(
                "SELECT c.person_id, c.closed_on FROM cases c
                 JOIN persons p ON p.id = c.person_id
                 WHERE c.state = 'expired' AND c.closed_on <= $1 AND c.person_id > $2
                   AND p.left_control_on IS NULL
                   AND (p.addiction_assessed_on IS NULL
                        OR p.addiction_assessed_on <= c.closed_on)
                   AND NOT EXISTS (SELECT 1 FROM cases o
                                   WHERE o.person_id = c.person_id AND o.id <> c.id
                                     AND (o.closed_on IS NULL OR o.decided_on >= c.closed_on
                                          OR o.closed_on > c.closed_on))
                 ORDER BY c.person_id LIMIT 500",
            )
            .bind(cutoff)
            .bind(after)
            .fetch_all(self.reader())
            .await?;
            let Some(&(last, _)) = rows.last() else {
                break;
            };
            after = last;
            let mut tx = self.writer().begin().await?;
            let now = Utc::now();
            for (person_id, expired_on) in &rows {
                let on = n19_leaves_dynamic_control_on(*expired_on);
                let changed = sqlx::query(
                    "UPDATE persons SET left_control_on = $1
                     WHERE id = $2 AND left_control_on IS NULL",
                )
                .bind(on)
                .bind(person_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 1 {
                    left += 1;
                    let mut entry = AuditEntry::of_object(
                        now,
                        None,
                        "person.left_control",
                        "person",
                        Some(*person_id),
                        format!("期满解除({expired_on})三年未发现复吸,{on} 解除动态管控(N19)"),
                    );
                    entry.person_id = Some(*person_id);
                    crate::audit::append(&mut tx, &entry).await?;
                }
            }
            tx.commit().await?;
        }
        Ok(left)
    }

    async fn count_in_control(&self, scope: &Scope) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM persons
             WHERE left_control_on IS NULL AND unit_path >= $1 AND unit_path < $2",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_one(self.reader())
        .await?)
    }

    async fn quality_counts(&self, scope: &Scope) -> StoreResult<Vec<QualityCount>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT check_code, COUNT(*) FROM quality_findings
             WHERE cleared_on IS NULL AND unit_path >= $1 AND unit_path < $2
             GROUP BY check_code",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(self.reader())
        .await?;
        Ok(QualityCheck::ALL
            .into_iter()
            .map(|check| QualityCount {
                check,
                open: rows
                    .iter()
                    .find(|(code, _)| code == check.code())
                    .map_or(0, |(_, n)| *n),
            })
            .collect())
    }

    async fn quality_findings(
        &self,
        scope: &Scope,
        check: QualityCheck,
        page: PageRequest,
    ) -> StoreResult<Page<QualityFinding>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<FindingRow> = sqlx::query_as(&format!(
            "{FINDING_SELECT}
             WHERE f.check_code = $1 AND f.cleared_on IS NULL
               AND f.unit_path >= $2 AND f.unit_path < $3 AND f.id > $4
             ORDER BY f.id LIMIT $5"
        ))
        .bind(check.code())
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(page.after.unwrap_or(0))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        let items = rows
            .into_iter()
            .map(finding)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(keyset_page(items, limit, |f| f.id))
    }

    async fn case_quality(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<QualityFinding>> {
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM cases WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let rows: Vec<FindingRow> = sqlx::query_as(&format!(
            "{FINDING_SELECT} WHERE f.case_id = $1 ORDER BY f.id DESC LIMIT 100"
        ))
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(finding).collect()
    }

    async fn open_trace_back(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        trace: &NewTraceBack,
        today: NaiveDate,
    ) -> StoreResult<Task> {
        let mut tx = self.writer().begin().await?;
        let (person_id, case_path): (i64, String) = sqlx::query_as(
            "SELECT person_id, unit_path FROM cases
             WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(trace.case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let question = trace.question.trim();
        if question.is_empty() {
            return Err(StoreError::refused("请写明倒查的问题"));
        }
        if question.chars().count() > 1000 {
            return Err(StoreError::refused("倒查的问题不能超过 1000 字"));
        }
        if trace.due_on < today {
            return Err(StoreError::refused("办理期限不能早于今天"));
        }
        let Some(opener) = scope.unit_id() else {
            return Err(StoreError::refused("倒查须由督导单位发起"));
        };
        // the township office that keeps the case: the township on the case's path
        let township: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, path FROM units
             WHERE level = 'township' AND substr($1, 1, length(path)) = path",
        )
        .bind(&case_path)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((township_id, township_path)) = township else {
            return Err(StoreError::refused("该案件不在乡镇(街道)之下,无法倒查"));
        };
        if !scope.contains(&township_path) || township_path == scope.path() {
            return Err(StoreError::refused("只能对下级乡镇(街道)的案件发起倒查"));
        }
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM tasks WHERE kind = $1 AND case_id = $2 AND state <> 'closed'",
        )
        .bind(TaskKind::TraceBack.code())
        .bind(trace.case_id)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Err(StoreError::refused("该案件已有未办结的倒查"));
        }
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (kind, state, unit_id, unit_path, person_id, from_unit_id,
                                opened_on, due_on, opened_at, opened_by, case_id, question)
             VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(TaskKind::TraceBack.code())
        .bind(township_id)
        .bind(&township_path)
        .bind(person_id)
        .bind(opener)
        .bind(today)
        .bind(trace.due_on)
        .bind(now)
        .bind(actor_user_id)
        .bind(trace.case_id)
        .bind(question)
        .fetch_one(&mut *tx)
        .await?;
        let mut entry = AuditEntry::of_object(
            now,
            Some(actor_user_id),
            "task.trace_back",
            "task",
            Some(id),
            format!("案件 {} 质量倒查,期限 {}", trace.case_id, trace.due_on),
        );
        entry.person_id = Some(person_id);
        crate::audit::append(&mut tx, &entry).await?;
        let task = task_by_id(&mut tx, id).await?;
        tx.commit().await?;
        Ok(task)
    }

    async fn trace_backs(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Task>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<TaskRow> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} {TASK_JOINS}
             WHERE t.kind = $1
               AND t.unit_path >= $2 AND t.unit_path < $3 AND t.id < $4
             ORDER BY t.id DESC LIMIT $5"
        ))
        .bind(TaskKind::TraceBack.code())
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(page.after.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        let tasks = rows
            .into_iter()
            .map(Task::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(keyset_page(tasks, limit, |t| t.id))
    }

    async fn trace_back(&self, scope: &Scope, id: i64) -> StoreResult<Task> {
        trace_back_in(&mut *self.reader().acquire().await?, scope, id).await
    }

    async fn close_trace_back(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        task_id: i64,
        version: i64,
        accept: bool,
        note: &str,
    ) -> StoreResult<Task> {
        let note = note.trim();
        if note.chars().count() > 1000 {
            return Err(StoreError::refused("意见不能超过 1000 字"));
        }
        let mut tx = self.writer().begin().await?;
        let task = trace_back_in(&mut tx, scope, task_id).await?;
        // only the opening office judges its answer (others in scope are refused)
        if task.from_unit_id != scope.unit_id() {
            return Err(StoreError::refused("只有发起倒查的单位可以审核"));
        }
        if task.state != TaskState::Answered {
            return Err(StoreError::refused("该倒查尚未答复,不能审核"));
        }
        if task.version != version {
            return Err(StoreError::Stale);
        }
        if !accept && note.is_empty() {
            return Err(StoreError::refused("退回须写明理由"));
        }
        let now = Utc::now();
        let (state, question, action) = if accept {
            (TaskState::Closed, task.question.clone(), "task.closed")
        } else {
            let today = jiekang_domain::clock::beijing_date(now);
            (
                TaskState::Open,
                format!("{}\n【{today} 退回】{note}", task.question),
                "task.returned",
            )
        };
        sqlx::query(
            "UPDATE tasks SET state = $1, question = $2, version = version + 1
             WHERE id = $3 AND version = $4",
        )
        .bind(state.code())
        .bind(&question)
        .bind(task_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        let mut entry = AuditEntry::of_object(
            now,
            Some(actor_user_id),
            action,
            "task",
            Some(task_id),
            format!("{} → {}", task.kind.label_zh(), state.label_zh()),
        );
        entry.person_id = task.person_id;
        crate::audit::append(&mut tx, &entry).await?;
        let task = task_by_id(&mut tx, task_id).await?;
        tx.commit().await?;
        Ok(task)
    }
}
