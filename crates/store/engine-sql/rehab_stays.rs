// CASE-5, N16 — stays in a 戒毒康复场所: the SQL both engines run, written once.
// Included (see README.md beside this file) by a module that defines `Conn`; uses
// `crate::audit::append`, `crate::unique_violation` and `crate::EngineStore` with
// `reader()`/`writer()` (the file implements `RehabStays` itself).

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::rehab_centre::{StayError, case5_check_entry, case5_check_exit};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::RehabStays;
use jiekang_store::rehab_stays::*;
use jiekang_store::rows::keyset_page;
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

/// A stay with its case's person and unit and both sides' recorders.
const STAY_SELECT: &str = "SELECT s.id, s.case_id, p.name AS person_name, n.name AS unit_name,
        s.place, s.agreement, s.entered_on, eu.display_name AS entry_by, s.entry_centre_by,
        s.entry_at, s.exited_on, s.exit_end, xu.display_name AS exit_by, s.exit_centre_by,
        s.exit_at
    FROM rehab_centre_stays s
    JOIN cases c ON c.id = s.case_id
    JOIN persons p ON p.id = c.person_id
    JOIN units n ON n.id = c.unit_id
    JOIN users eu ON eu.id = s.entry_by
    LEFT JOIN users xu ON xu.id = s.exit_by";

fn refused(e: &StayError) -> StoreError {
    StoreError::Refused(Refusal::message(e.code(), e.to_string()))
}

async fn stay_by_id(conn: &mut Conn, id: i64) -> StoreResult<Stay> {
    let row: StayRow = sqlx::query_as(&format!("{STAY_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(row.into())
}

async fn audit_case(
    conn: &mut Conn,
    actor: i64,
    action: &str,
    case_id: i64,
    detail: String,
) -> StoreResult<()> {
    crate::audit::append(
        conn,
        &AuditEntry::of_object(
            Utc::now(),
            Some(actor),
            action,
            "case",
            Some(case_id),
            detail,
        ),
    )
    .await
}

#[async_trait]
impl RehabStays for crate::EngineStore {
    async fn enter_rehab_centre(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewStay,
        today: NaiveDate,
    ) -> StoreResult<Stay> {
        let mut tx = self.writer().begin().await?;
        let case: Option<(NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT decided_on, closed_on FROM cases
             WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        let (decided_on, closed_on) = case.ok_or(StoreError::NotFound)?;
        if closed_on.is_some() {
            return Err(refused(&StayError::CaseClosed));
        }
        case5_check_entry(
            &new.place,
            &new.agreement,
            &new.centre_recorder,
            new.entered_on,
            decided_on,
            today,
        )
        .map_err(|e| refused(&e))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rehab_centre_stays (case_id, place, agreement, entered_on, entry_by,
                                             entry_centre_by, entry_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(new.place.trim())
        .bind(new.agreement.trim())
        .bind(new.entered_on)
        .bind(actor_user_id)
        .bind(new.centre_recorder.trim())
        .bind(Utc::now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| crate::unique_violation(e, "case", &StayError::AlreadyInside.to_string()))?;
        audit_case(
            &mut tx,
            actor_user_id,
            "case.rehab_entry",
            case_id,
            format!(
                "入戒毒康复场所「{}」{},康复场所登记人 {}",
                new.place.trim(),
                new.entered_on,
                new.centre_recorder.trim()
            ),
        )
        .await?;
        let stay = stay_by_id(&mut tx, id).await?;
        tx.commit().await?;
        Ok(stay)
    }

    async fn exit_rehab_centre(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        stay_id: i64,
        exit: &StayExit,
        today: NaiveDate,
    ) -> StoreResult<Stay> {
        let mut tx = self.writer().begin().await?;
        let row: Option<(i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT s.case_id, s.entered_on, s.exited_on FROM rehab_centre_stays s
             JOIN cases c ON c.id = s.case_id
             WHERE s.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3",
        )
        .bind(stay_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        let (case_id, entered_on, exited_on) = row.ok_or(StoreError::NotFound)?;
        if exited_on.is_some() {
            return Err(refused(&StayError::AlreadyExited));
        }
        case5_check_exit(&exit.centre_recorder, entered_on, exit.exited_on, today)
            .map_err(|e| refused(&e))?;
        let done = sqlx::query(
            "UPDATE rehab_centre_stays
             SET exited_on = $2, exit_end = $3, exit_by = $4, exit_centre_by = $5, exit_at = $6
             WHERE id = $1 AND exited_on IS NULL",
        )
        .bind(stay_id)
        .bind(exit.exited_on)
        .bind(exit.end.code())
        .bind(actor_user_id)
        .bind(exit.centre_recorder.trim())
        .bind(Utc::now())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(refused(&StayError::AlreadyExited));
        }
        audit_case(
            &mut tx,
            actor_user_id,
            "case.rehab_exit",
            case_id,
            format!(
                "出戒毒康复场所 {}({}),康复场所登记人 {}",
                exit.exited_on,
                exit.end.label_zh(),
                exit.centre_recorder.trim()
            ),
        )
        .await?;
        let stay = stay_by_id(&mut tx, stay_id).await?;
        tx.commit().await?;
        Ok(stay)
    }

    async fn case_stays(&self, scope: &Scope, case_id: i64) -> StoreResult<CaseStays> {
        let mut conn = self.reader().acquire().await?;
        let case: Option<(String, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT p.name, c.closed_on FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE c.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3",
        )
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *conn)
        .await?;
        let (person_name, closed_on) = case.ok_or(StoreError::NotFound)?;
        let rows: Vec<StayRow> = sqlx::query_as(&format!(
            "{STAY_SELECT} WHERE s.case_id = $1 AND c.unit_path >= $2 AND c.unit_path < $3
             ORDER BY s.id DESC LIMIT 100"
        ))
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(&mut *conn)
        .await?;
        Ok(CaseStays {
            case_id,
            person_name,
            open: closed_on.is_none(),
            stays: rows.into_iter().map(Stay::from).collect(),
        })
    }

    async fn rehab_stays(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Stay>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<StayRow> = sqlx::query_as(&format!(
            "{STAY_SELECT} WHERE c.unit_path >= $1 AND c.unit_path < $2 AND s.id < $3
             ORDER BY s.id DESC LIMIT $4"
        ))
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(page.after.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        Ok(keyset_page(
            rows.into_iter().map(Stay::from).collect(),
            limit,
            |s| s.id,
        ))
    }
}
