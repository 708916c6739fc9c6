// BASE-1 — the register of employment placement facilities: the SQL both engines run,
// written once. Included (see README.md beside this file) by a module that defines
// `Db` and `Conn`; uses `crate::audit::append`, `crate::units::get_in` and
// `crate::EngineStore` with `reader()`/`writer()`.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::placement::{PlacementBaseError, base1_check};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::placement::*;
use jiekang_store::prelude::PlacementBases;
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

const BASE_SELECT: &str = "SELECT b.id, b.unit_id, n.name AS unit_name, b.unit_path, b.name,
        b.facility, b.address, b.capacity, b.contact, b.phone, b.opened_on, b.closed_on, b.note,
        CAST((SELECT COUNT(DISTINCT r.person_id) FROM support_records r
              WHERE r.placement_base_id = b.id AND r.ended_on IS NULL) AS BIGINT) AS placed,
        b.created_at, cu.display_name AS created_by, b.updated_at, uu.display_name AS updated_by,
        b.version
    FROM placement_bases b JOIN units n ON n.id = b.unit_id
    JOIN users cu ON cu.id = b.created_by
    JOIN users uu ON uu.id = b.updated_by";

fn refused(id: &'static str, text: &str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

/// BASE-1 — what an entry must satisfy before it is written.
fn check_base(new: &NewPlacementBase, today: NaiveDate) -> StoreResult<()> {
    for text in [&new.address, &new.contact, &new.phone, &new.note] {
        if text.chars().count() > MAX_PLACEMENT_TEXT_CHARS {
            return Err(refused(
                "store-placement-text-too-long",
                "地址、联系人或备注过长",
            ));
        }
    }
    let capacity = u32::try_from(new.capacity).map_err(|_| {
        refused(
            "store-placement-capacity",
            "容纳人数须为0至100000之间的整数",
        )
    })?;
    base1_check(&new.name, capacity, new.opened_on, new.closed_on, today).map_err(|e| match e {
        PlacementBaseError::Name => refused(
            "store-placement-name",
            "请填写安置基地(点)名称(不超过100字)",
        ),
        PlacementBaseError::Capacity => refused(
            "store-placement-capacity",
            "容纳人数须为0至100000之间的整数",
        ),
        PlacementBaseError::InFuture => refused(
            "store-placement-date-in-future",
            "设立、撤销日期不能晚于今天",
        ),
        PlacementBaseError::ClosesBeforeOpening => refused(
            "store-placement-closes-before-opening",
            "撤销日期不能早于设立日期",
        ),
    })
}

async fn base_in(pool: &sqlx::Pool<Db>, scope: &Scope, id: i64) -> StoreResult<PlacementBase> {
    sqlx::query_as(&format!(
        "{BASE_SELECT} WHERE b.id = $1 AND b.unit_path >= $2 AND b.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)
}

/// The keeping unit of an entry: in scope, in use, and a district or below (BASE-1 asks
/// each district for its facility; a city keeps none itself).
async fn keeping_unit(
    conn: &mut Conn,
    scope: &Scope,
    unit_id: i64,
) -> StoreResult<jiekang_store::model::Unit> {
    let unit = crate::units::get_in(conn, scope, unit_id, crate::units::Lock::Share).await?;
    if unit.level == UnitLevel::City || unit.valid_to.is_some() {
        return Err(refused(
            "store-placement-unit-level",
            "安置基地(点)须登记在旗区或其下级单位",
        ));
    }
    Ok(unit)
}

fn audit_detail(new: &NewPlacementBase, unit: &str) -> String {
    format!(
        "{}:{}({},容纳 {} 人{})",
        new.facility.label_zh(),
        new.name.trim(),
        unit,
        new.capacity,
        new.closed_on
            .map(|d| format!(",{d} 撤销"))
            .unwrap_or_default()
    )
}

#[async_trait]
impl PlacementBases for crate::EngineStore {
    async fn placement_bases(
        &self,
        scope: &Scope,
        filter: PlacementFilter,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<PlacementBase>> {
        let path = match filter.unit_id {
            None => scope.lower().to_owned(),
            Some(id) => sqlx::query_scalar::<_, String>(
                "SELECT path FROM units WHERE id = $1 AND path >= $2 AND path < $3",
            )
            .bind(id)
            .bind(scope.lower())
            .bind(scope.upper())
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?,
        };
        let limit = i64::from(page.limit);
        // the page's keys by the scope index (placement_bases_scope), then their rows
        let mut rows: Vec<PlacementBase> = sqlx::query_as(&format!(
            "{BASE_SELECT} WHERE b.id IN (
                SELECT id FROM placement_bases
                WHERE unit_path >= $1 AND unit_path < $2 AND id > $3
                  AND ($4 OR closed_on IS NULL OR closed_on >= $5)
                ORDER BY id LIMIT $6)
             ORDER BY b.id"
        ))
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .bind(page.after.unwrap_or(0))
        .bind(filter.with_closed)
        .bind(today)
        .bind(limit + 1)
        .fetch_all(self.reader())
        .await?;
        let next_after = if rows.len() as i64 > limit {
            rows.truncate(page.limit as usize);
            rows.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page {
            items: rows,
            next_after,
        })
    }

    async fn placement_base(&self, scope: &Scope, id: i64) -> StoreResult<PlacementBase> {
        base_in(self.reader(), scope, id).await
    }

    async fn add_placement_base(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPlacementBase,
        today: NaiveDate,
    ) -> StoreResult<PlacementBase> {
        check_base(new, today)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let unit = keeping_unit(&mut tx, scope, new.unit_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO placement_bases (unit_id, unit_path, name, facility, address, capacity,
                 contact, phone, opened_on, closed_on, note,
                 created_at, created_by, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13)
             RETURNING id",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(new.name.trim())
        .bind(new.facility)
        .bind(new.address.trim())
        .bind(new.capacity)
        .bind(new.contact.trim())
        .bind(new.phone.trim())
        .bind(new.opened_on)
        .bind(new.closed_on)
        .bind(new.note.trim())
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "placement_base.created",
                "placement_base",
                Some(id),
                format!("登记{}", audit_detail(new, &unit.name)),
            ),
        )
        .await?;
        tx.commit().await?;
        base_in(self.writer(), scope, id).await
    }

    async fn update_placement_base(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewPlacementBase,
        today: NaiveDate,
    ) -> StoreResult<PlacementBase> {
        check_base(new, today)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let current: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM placement_bases
             WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        match current {
            None => return Err(StoreError::NotFound),
            Some(v) if v != version => return Err(StoreError::Stale),
            Some(_) => {}
        }
        let unit = keeping_unit(&mut tx, scope, new.unit_id).await?;
        let changed = sqlx::query(
            "UPDATE placement_bases SET unit_id = $1, unit_path = $2, name = $3, facility = $4,
                 address = $5, capacity = $6, contact = $7, phone = $8, opened_on = $9,
                 closed_on = $10, note = $11, updated_at = $12, updated_by = $13,
                 version = version + 1
             WHERE id = $14 AND version = $15",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(new.name.trim())
        .bind(new.facility)
        .bind(new.address.trim())
        .bind(new.capacity)
        .bind(new.contact.trim())
        .bind(new.phone.trim())
        .bind(new.opened_on)
        .bind(new.closed_on)
        .bind(new.note.trim())
        .bind(now)
        .bind(actor_user_id)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::Stale);
        }
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "placement_base.updated",
                "placement_base",
                Some(id),
                format!("修改{}", audit_detail(new, &unit.name)),
            ),
        )
        .await?;
        tx.commit().await?;
        base_in(self.writer(), scope, id).await
    }

    async fn placement_facilities_for_case(
        &self,
        scope: &Scope,
        case_id: i64,
        day: NaiveDate,
    ) -> StoreResult<Vec<PlacementChoice>> {
        let case: Option<String> = sqlx::query_scalar(
            "SELECT unit_path FROM cases WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?;
        let case_path = case.ok_or(StoreError::NotFound)?;
        Ok(sqlx::query_as(
            "SELECT b.id, b.name, b.facility FROM placement_bases b
             JOIN units d ON d.level = 'district' AND $1 >= d.path
                  AND $1 < substr(d.path, 1, length(d.path) - 1) || '0'
             WHERE b.unit_path >= d.path
               AND b.unit_path < substr(d.path, 1, length(d.path) - 1) || '0'
               AND b.opened_on <= $2 AND (b.closed_on IS NULL OR b.closed_on >= $2)
             ORDER BY b.facility, b.name, b.id",
        )
        .bind(&case_path)
        .bind(day)
        .fetch_all(self.reader())
        .await?)
    }
}
