// CASE-7, D6 — risk schemes and assessments; N6 — caseloads: the SQL both engines run,
// written once. Included (see README.md beside this file) by a module that defines
// `Db`; uses `crate::audit::append` and `crate::EngineStore` with `reader()`/`writer()`
// (the file implements `Risk` itself).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::case::CaseState;
use jiekang_domain::risk::{RiskLevel, RiskScheme, d6_check_scheme};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Risk;
use jiekang_store::risk::*;
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::Pool;

type SchemeRow = (i64, String, Option<DateTime<Utc>>, Option<String>);

const SCHEME_SELECT: &str = "SELECT s.version, s.body, s.created_at, u.display_name
    FROM risk_schemes s LEFT JOIN users u ON u.id = s.created_by";

fn stored_scheme((version, body, created_at, created_by): SchemeRow) -> StoreResult<StoredScheme> {
    let scheme: RiskScheme =
        serde_json::from_str(&body).map_err(|e| StoreError::Backend(Box::new(e)))?;
    Ok(StoredScheme {
        version,
        scheme,
        created_at,
        created_by,
    })
}

/// The open states, as an SQL list of codes (constants, not input).
fn open_states() -> String {
    CaseState::ALL
        .iter()
        .filter(|s| !s.is_closed())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The case, if in scope (its execution place in the scope's subtree).
async fn case_in_scope(pool: &Pool<Db>, scope: &Scope, case_id: i64) -> StoreResult<()> {
    sqlx::query_scalar::<_, i64>(
        "SELECT id FROM cases WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
    )
    .bind(case_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?
    .map(|_| ())
    .ok_or(StoreError::NotFound)
}

type AssessmentRow = (
    i64,
    i64,
    i64,
    NaiveDate,
    String,
    String,
    i64,
    RiskLevel,
    String,
    String,
    NaiveDate,
    String,
    DateTime<Utc>,
    String,
);

#[async_trait]
impl Risk for crate::EngineStore {
    async fn risk_schemes(&self) -> StoreResult<Vec<StoredScheme>> {
        let rows: Vec<SchemeRow> =
            sqlx::query_as(&format!("{SCHEME_SELECT} ORDER BY s.version DESC"))
                .fetch_all(self.reader())
                .await?;
        rows.into_iter().map(stored_scheme).collect()
    }

    async fn risk_scheme(&self, version: Option<i64>) -> StoreResult<StoredScheme> {
        let row: Option<SchemeRow> = match version {
            Some(v) => {
                sqlx::query_as(&format!("{SCHEME_SELECT} WHERE s.version = $1"))
                    .bind(v)
                    .fetch_optional(self.reader())
                    .await?
            }
            None => {
                sqlx::query_as(&format!("{SCHEME_SELECT} ORDER BY s.version DESC LIMIT 1"))
                    .fetch_optional(self.reader())
                    .await?
            }
        };
        row.map(stored_scheme)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    async fn add_risk_scheme(
        &self,
        actor_user_id: i64,
        scheme: &RiskScheme,
    ) -> StoreResult<StoredScheme> {
        d6_check_scheme(scheme).map_err(|e| StoreError::refused(e.to_string()))?;
        let body = serde_json::to_string(scheme).map_err(|e| StoreError::Backend(Box::new(e)))?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let version: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM risk_schemes",
        )
        .fetch_one(&mut *tx)
        .await?;
        // two administrators saving at once: the second meets the primary key and is
        // told to save again (stale), never overwrites the first
        sqlx::query(
            "INSERT INTO risk_schemes (version, name, body, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version)
        .bind(scheme.name.trim())
        .bind(&body)
        .bind(now)
        .bind(actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Stale,
            e => e.into(),
        })?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "risk_scheme.created",
                "risk_scheme",
                Some(version),
                format!("风险评估方案第 {version} 版:{}", scheme.name.trim()),
            ),
        )
        .await?;
        tx.commit().await?;
        self.risk_scheme(Some(version)).await
    }

    async fn risk_assessments(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<Assessment>> {
        case_in_scope(self.reader(), scope, case_id).await?;
        let rows: Vec<AssessmentRow> = sqlx::query_as(
            "SELECT a.id, a.case_id, a.scheme_version, a.assessed_on, a.assessor, a.scores,
                    a.total, a.risk_level, a.class_code, a.class_label, a.reassess_due_on, a.note,
                    a.created_at, u.display_name
             FROM risk_assessments a JOIN users u ON u.id = a.created_by
             WHERE a.case_id = $1 ORDER BY a.id DESC",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|r| {
                let scores: Vec<(String, u32)> =
                    serde_json::from_str(&r.5).map_err(|e| StoreError::Backend(Box::new(e)))?;
                Ok(Assessment {
                    id: r.0,
                    case_id: r.1,
                    scheme_version: r.2,
                    assessed_on: r.3,
                    assessor: r.4,
                    scores,
                    total: r.6,
                    risk_level: r.7,
                    class_code: r.8,
                    class_label: r.9,
                    reassess_due_on: r.10,
                    note: r.11,
                    created_at: r.12,
                    created_by: r.13,
                })
            })
            .collect()
    }

    async fn case_assignments(&self, scope: &Scope, case_id: i64) -> StoreResult<Vec<Assignment>> {
        case_in_scope(self.reader(), scope, case_id).await?;
        Ok(sqlx::query_as(
            "SELECT a.id, a.case_id, w.display_name AS worker_name, p.display_name AS police_name,
                    a.assigned_on, a.created_at, u.display_name AS created_by
             FROM case_assignments a JOIN users u ON u.id = a.created_by
             LEFT JOIN users w ON w.id = a.worker_id LEFT JOIN users p ON p.id = a.police_id
             WHERE a.case_id = $1 ORDER BY a.id DESC",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn assignment_candidates(&self, scope: &Scope) -> StoreResult<Vec<Candidate>> {
        Ok(sqlx::query_as(
            "SELECT u.id, u.display_name, u.role, n.name AS unit_name
             FROM users u JOIN units n ON n.id = u.unit_id
             WHERE u.unit_path >= $1 AND u.unit_path < $2 AND NOT u.disabled
               AND u.role IN ('community_staff', 'community_police')
             ORDER BY u.role, n.code, u.display_name, u.id
             LIMIT 500",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(self.reader())
        .await?)
    }

    async fn my_cases(
        &self,
        scope: &Scope,
        user_id: i64,
        carer: Carer,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<MyCase>> {
        let column = match carer {
            Carer::Worker => "worker_id",
            Carer::Police => "police_id",
        };
        let limit = i64::from(page.limit);
        // the page's keys first (index cases_worker / cases_police), then their rows
        let mut rows: Vec<MyCase> = sqlx::query_as(&format!(
            "SELECT c.id AS case_id, c.person_id, p.name AS person_name, u.name AS unit_name,
                    c.state, c.risk_level, c.risk_label, c.talk_due_on, c.visit_due_on,
                    c.reassess_due_on,
                    (SELECT MIN(w.planned_on) FROM test_windows w
                     WHERE w.case_id = c.id AND w.done_on IS NULL AND w.missed IS NULL
                       AND w.ends_on >= $5) AS next_test_on
             FROM (SELECT id FROM cases
                   WHERE {column} = $1 AND closed_on IS NULL AND id > $2
                     AND unit_path >= $3 AND unit_path < $4
                   ORDER BY id LIMIT $6) k
             JOIN cases c ON c.id = k.id
             JOIN persons p ON p.id = c.person_id
             JOIN units u ON u.id = c.unit_id
             ORDER BY c.id"
        ))
        .bind(user_id)
        .bind(page.after.unwrap_or(0))
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(today)
        .bind(limit + 1)
        .fetch_all(self.reader())
        .await?;
        let next_after = if rows.len() as i64 > limit {
            rows.truncate(page.limit as usize);
            rows.last().map(|r| r.case_id)
        } else {
            None
        };
        Ok(Page {
            items: rows,
            next_after,
        })
    }

    async fn caseloads(&self, scope: &Scope) -> StoreResult<Vec<Caseload>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.display_name, u.role, n.name AS unit_name,
                    CAST((SELECT COUNT(*) FROM cases c
                          WHERE c.worker_id = u.id AND c.closed_on IS NULL)
                       + (SELECT COUNT(*) FROM cases c
                          WHERE c.police_id = u.id AND c.closed_on IS NULL) AS BIGINT) AS cases
             FROM users u JOIN units n ON n.id = u.unit_id
             WHERE u.unit_path >= $1 AND u.unit_path < $2
               AND u.role IN ('community_staff', 'community_police')
             ORDER BY n.code, u.role, u.display_name, u.id",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(self.reader())
        .await?)
    }

    async fn risk_counts(&self, scope: &Scope) -> StoreResult<RiskCounts> {
        let rows: Vec<(RiskLevel, i64)> = sqlx::query_as(&format!(
            "SELECT risk_level, CAST(SUM(n) AS BIGINT) FROM unit_risk_counts
             WHERE unit_path >= $1 AND unit_path < $2 AND state IN ({})
             GROUP BY risk_level",
            open_states()
        ))
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(self.reader())
        .await?;
        let mut counts = RiskCounts::default();
        for (level, n) in rows {
            counts.add(level, n);
        }
        Ok(counts)
    }
}
