// CASE-1, CASE-2, N16 — releases from compulsory isolation and their hand-over to the
// township: the SQL both engines run, written once. Included (see README.md beside this
// file) by a module that defines `Conn`; uses `crate::audit::append`,
// `crate::units::usable_unit_path`, `crate::unique_violation` and `crate::EngineStore`
// with `reader()`/`writer()` and its keyring (the file implements `Isolation` itself).

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::isolation::{
    ReleaseError, check_receipt, check_release, n16_release_handover_deadline,
};
use jiekang_store::isolation::*;
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Isolation;
use jiekang_store::rows::keyset_page;
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

/// A release with its person (name and sealed number only), its receiving unit, who
/// received it and the 社区康复 case opened for it (N16: the person's first rehabilitation
/// order decided on or after the order's decision date, or the release without one).
const RELEASE_SELECT: &str = "SELECT r.id, r.person_id, p.name AS person_name,
        p.id_number_sealed, r.released_on, r.centre_name, r.has_order, r.order_number,
        r.order_decided_on, tu.name AS to_unit_name, r.handover_deadline, r.received_on,
        ru.display_name AS received_by,
        (SELECT MIN(c.id) FROM cases c
         WHERE c.person_id = r.person_id AND c.measure = 'community_rehab'
           AND c.decided_on >= COALESCE(r.order_decided_on, r.released_on)) AS case_id,
        r.created_at, cu.display_name AS created_by
    FROM isolation_releases r
    JOIN persons p ON p.id = r.person_id
    LEFT JOIN units tu ON tu.id = r.to_unit_id
    LEFT JOIN users ru ON ru.id = r.received_by
    JOIN users cu ON cu.id = r.created_by";

fn refused(e: &ReleaseError) -> StoreError {
    StoreError::Refused(Refusal::message(e.code(), e.to_string()))
}

fn open_all(keys: &Keyring, rows: Vec<ReleaseRow>) -> StoreResult<Vec<Release>> {
    rows.into_iter().map(|r| r.open(keys)).collect()
}

async fn release_by_id(conn: &mut Conn, keys: &Keyring, id: i64) -> StoreResult<Release> {
    let row: ReleaseRow = sqlx::query_as(&format!("{RELEASE_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    row.open(keys)
}

async fn audit_person(
    conn: &mut Conn,
    actor: i64,
    action: &str,
    person_id: i64,
    detail: String,
) -> StoreResult<()> {
    crate::audit::append(
        conn,
        &AuditEntry::of_object(
            Utc::now(),
            Some(actor),
            action,
            "person",
            Some(person_id),
            detail,
        ),
    )
    .await
}

/// The person of the ID number (blind index), or a new one registered at the receiving
/// unit with the name the centre gave (INFO-1: one person per number across the system).
async fn person_of(
    conn: &mut Conn,
    keys: &Keyring,
    actor: i64,
    new: &NewRelease,
    unit_path: &str,
) -> StoreResult<i64> {
    let p = &new.person;
    let index = keys.blind_index(&p.id_type, &p.id_number);
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM persons WHERE id_type = $1 AND id_number_index = $2")
            .bind(&p.id_type)
            .bind(&index)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number_sealed, sex,
                              birth_date, created_at, created_by, updated_at, updated_by,
                              id_number, id_number_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9, '', $10) RETURNING id",
    )
    .bind(p.unit_id)
    .bind(unit_path)
    .bind(&p.name)
    .bind(&p.id_type)
    .bind(keys.seal_str(Field::IdNumber, &p.id_number))
    .bind(p.sex)
    .bind(p.birth_date)
    .bind(now)
    .bind(actor)
    .bind(&index)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| crate::unique_violation(e, "id_number", "该证件号码已登记"))?;
    audit_person(
        conn,
        actor,
        "person.create",
        id,
        "强制隔离戒毒所出所登记".into(),
    )
    .await?;
    Ok(id)
}

#[async_trait]
impl Isolation for crate::EngineStore {
    async fn record_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        centre_unit_id: i64,
        new: &NewRelease,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Release> {
        let order = new.order.as_ref();
        check_release(
            &new.centre_name,
            new.released_on,
            order.map(|o| (o.number.as_str(), o.decided_on)),
            today,
        )
        .map_err(|e| refused(&e))?;
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        let to_path = crate::units::usable_unit_path(&mut tx, scope, new.person.unit_id).await?;
        let level: String = sqlx::query_scalar("SELECT level FROM units WHERE id = $1")
            .bind(new.person.unit_id)
            .fetch_one(&mut *tx)
            .await?;
        if !matches!(level.as_str(), "township" | "community") {
            return Err(StoreError::Refused(Refusal::message(
                "release-unit-level",
                "接收单位须为苏木乡镇(街道)或嘎查村(社区)",
            )));
        }
        let person_id = person_of(&mut tx, &keys, actor_user_id, new, &to_path).await?;
        let deadline = order.map(|_| n16_release_handover_deadline(cal, new.released_on));
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO isolation_releases (person_id, released_on, centre_name,
                 centre_unit_id, has_order, order_number, order_decided_on, to_unit_id,
                 to_path, handover_deadline, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(person_id)
        .bind(new.released_on)
        .bind(new.centre_name.trim())
        .bind(centre_unit_id)
        .bind(order.is_some())
        .bind(order.map(|o| o.number.trim()).unwrap_or(""))
        .bind(order.map(|o| o.decided_on))
        .bind(new.person.unit_id)
        .bind(&to_path)
        .bind(deadline)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        let what = match order {
            Some(o) => format!(
                "出所 {},社区康复决定 {},移交待接收",
                new.released_on,
                o.number.trim()
            ),
            None => format!("出所 {},无社区康复决定", new.released_on),
        };
        audit_person(
            &mut tx,
            actor_user_id,
            "isolation.released",
            person_id,
            what,
        )
        .await?;
        let release = release_by_id(&mut tx, &keys, id).await?;
        tx.commit().await?;
        Ok(release)
    }

    async fn centre_releases(
        &self,
        centre_unit_id: i64,
        page: PageRequest,
    ) -> StoreResult<Page<Release>> {
        let keys = self.keys.get()?;
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<ReleaseRow> = sqlx::query_as(&format!(
            "{RELEASE_SELECT} WHERE r.centre_unit_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3"
        ))
        .bind(centre_unit_id)
        .bind(page.after.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        Ok(keyset_page(open_all(&keys, rows)?, limit, |r| r.id))
    }

    async fn centre_release(
        &self,
        actor_user_id: i64,
        centre_unit_id: i64,
        id: i64,
    ) -> StoreResult<Release> {
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        let row: Option<ReleaseRow> = sqlx::query_as(&format!(
            "{RELEASE_SELECT} WHERE r.id = $1 AND r.centre_unit_id = $2"
        ))
        .bind(id)
        .bind(centre_unit_id)
        .fetch_optional(&mut *tx)
        .await?;
        let release = row.ok_or(StoreError::NotFound)?.open(&keys)?;
        audit_person(
            &mut tx,
            actor_user_id,
            "isolation.read",
            release.person_id,
            format!("查阅出所记录 #{id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(release)
    }

    async fn incoming_releases(
        &self,
        scope: &Scope,
        pending_only: bool,
        page: PageRequest,
    ) -> StoreResult<Page<Release>> {
        let keys = self.keys.get()?;
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<ReleaseRow> = if pending_only {
            // a township has few pending at once: all of them, oldest deadline first
            sqlx::query_as(&format!(
                "{RELEASE_SELECT} WHERE r.to_path >= $1 AND r.to_path < $2
                   AND r.has_order AND r.received_on IS NULL
                 ORDER BY r.handover_deadline, r.id LIMIT $3"
            ))
            .bind(scope.lower())
            .bind(scope.upper())
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?
        } else {
            sqlx::query_as(&format!(
                "{RELEASE_SELECT} WHERE r.to_path >= $1 AND r.to_path < $2 AND r.id < $3
                 ORDER BY r.id DESC LIMIT $4"
            ))
            .bind(scope.lower())
            .bind(scope.upper())
            .bind(page.after.unwrap_or(i64::MAX))
            .bind(i64::from(limit) + 1)
            .fetch_all(self.reader())
            .await?
        };
        Ok(keyset_page(open_all(&keys, rows)?, limit, |r| r.id))
    }

    async fn incoming_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Release> {
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        let row: Option<ReleaseRow> = sqlx::query_as(&format!(
            "{RELEASE_SELECT} WHERE r.id = $1 AND r.to_path >= $2 AND r.to_path < $3"
        ))
        .bind(id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        let release = row.ok_or(StoreError::NotFound)?.open(&keys)?;
        audit_person(
            &mut tx,
            actor_user_id,
            "isolation.read",
            release.person_id,
            format!("查阅出所移交 #{id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(release)
    }

    async fn receive_release(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        received_on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<Release> {
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        let row: Option<(i64, NaiveDate, bool, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT person_id, released_on, has_order, received_on FROM isolation_releases
             WHERE id = $1 AND to_path >= $2 AND to_path < $3",
        )
        .bind(id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        let (person_id, released_on, has_order, received) = row.ok_or(StoreError::NotFound)?;
        check_receipt(
            has_order,
            released_on,
            received.is_some(),
            received_on,
            today,
        )
        .map_err(|e| refused(&e))?;
        // a concurrent acknowledgement got in between: only one writes
        let done = sqlx::query(
            "UPDATE isolation_releases SET received_on = $2, received_by = $3
             WHERE id = $1 AND received_on IS NULL",
        )
        .bind(id)
        .bind(received_on)
        .bind(actor_user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(refused(&ReleaseError::AlreadyReceived));
        }
        audit_person(
            &mut tx,
            actor_user_id,
            "isolation.received",
            person_id,
            format!("接收出所移交 #{id},{received_on}"),
        )
        .await?;
        let release = release_by_id(&mut tx, &keys, id).await?;
        tx.commit().await?;
        Ok(release)
    }

    async fn incoming_release_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<ReleaseCounts> {
        let (pending, overdue): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), SUM(CASE WHEN handover_deadline < $3 THEN 1 ELSE 0 END)
             FROM isolation_releases
             WHERE to_path >= $1 AND to_path < $2 AND has_order AND received_on IS NULL",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(today)
        .fetch_one(self.reader())
        .await?;
        Ok(ReleaseCounts {
            pending,
            overdue: overdue.unwrap_or(0),
        })
    }

    async fn centre_release_counts(
        &self,
        centre_unit_id: i64,
        today: NaiveDate,
    ) -> StoreResult<ReleaseCounts> {
        let (pending, overdue): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), SUM(CASE WHEN handover_deadline < $2 THEN 1 ELSE 0 END)
             FROM isolation_releases
             WHERE centre_unit_id = $1 AND has_order AND received_on IS NULL",
        )
        .bind(centre_unit_id)
        .bind(today)
        .fetch_one(self.reader())
        .await?;
        Ok(ReleaseCounts {
            pending,
            overdue: overdue.unwrap_or(0),
        })
    }
}
