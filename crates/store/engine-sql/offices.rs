// FAC-1 — the offices (work stations) of townships and communities, their photos and
// the offices report: the SQL both engines run, written once. Included (see README.md
// beside this file) by a module that defines `Db` and `Conn`; uses
// `crate::audit::append`, `crate::units::get_in` and `crate::EngineStore` with
// `reader()`/`writer()`.

use async_trait::async_trait;
use chrono::Utc;
use jiekang_domain::facilities::{
    FAC1_MAX_AREA_TENTHS, FAC1_MAX_PHOTOS, PhotoError, Room, fac1_area_text, fac1_check_photo,
    fac1_office_required,
};
use jiekang_domain::org::UnitLevel;
use jiekang_store::inspections::*;
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Offices;
use jiekang_store::rows::keyset_page;
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

const OFFICE_SELECT: &str = "SELECT o.id, o.unit_id, n.name AS unit_name, o.address,
        o.area_tenths, o.rooms AS rooms_stored, o.equipment,
        (SELECT COUNT(*) FROM office_photos ph WHERE ph.office_id = o.id) AS photos,
        (SELECT CAST(CASE WHEN f.passed THEN 1 ELSE 0 END AS BIGINT)
           FROM inspection_findings f WHERE f.unit_id = o.unit_id AND f.item = 'office'
           ORDER BY f.recorded_at DESC LIMIT 1) AS last_inspected,
        o.created_at, cu.display_name AS created_by, o.updated_at,
        uu.display_name AS updated_by, o.version
    FROM offices o JOIN units n ON n.id = o.unit_id
    JOIN users cu ON cu.id = o.created_by
    JOIN users uu ON uu.id = o.updated_by";

const PHOTO_SELECT: &str = "SELECT ph.id, ph.office_id, ph.content_type, ph.size, ph.caption,
        ph.created_at, u.display_name AS created_by
    FROM office_photos ph JOIN users u ON u.id = ph.created_by";

fn refused(id: &'static str, text: &str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

/// FAC-1 — what an office must satisfy before it is written.
fn check_office(new: &NewOffice) -> StoreResult<()> {
    let address = new.address.trim();
    if address.is_empty() || address.chars().count() > 200 {
        return Err(refused(
            "store-office-address-required",
            "请填写办公场所地址(不超过200字)",
        ));
    }
    if new.area_tenths <= 0 || new.area_tenths > FAC1_MAX_AREA_TENTHS {
        return Err(refused(
            "store-office-area",
            "面积须为大于0、不超过10000的平方米数(最多一位小数)",
        ));
    }
    if new.equipment.chars().count() > MAX_INSPECT_TEXT_CHARS {
        return Err(refused("store-office-equipment-too-long", "设备清单过长"));
    }
    Ok(())
}

async fn office_in(pool: &sqlx::Pool<Db>, scope: &Scope, id: i64) -> StoreResult<Office> {
    sqlx::query_as(&format!(
        "{OFFICE_SELECT} WHERE o.id = $1 AND o.unit_path >= $2 AND o.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)
}

/// The scope narrowed to `unit_id`'s subtree: (unit, its path, its parent when the user
/// may look there too).
async fn office_root(
    pool: &sqlx::Pool<Db>,
    scope: &Scope,
    unit_id: Option<i64>,
) -> StoreResult<(i64, String, Option<i64>)> {
    let id = match unit_id.or(scope.unit_id()) {
        Some(id) => id,
        None => {
            sqlx::query_scalar("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
        }
    };
    let (path, parent): (String, Option<i64>) = sqlx::query_as(
        "SELECT path, parent_id FROM units WHERE id = $1 AND path >= $2 AND path < $3",
    )
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)?;
    let parent = if Some(id) == scope.unit_id() {
        None
    } else {
        parent
    };
    Ok((id, path, parent))
}

fn path_upper(path: &str) -> String {
    let mut upper = path.to_owned();
    upper.pop();
    upper.push('0');
    upper
}

fn office_taken(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            refused("store-office-exists", "该单位已登记办公场所,请修改原记录")
        }
        e => e.into(),
    }
}

fn office_summary(unit: &str, new: &NewOffice) -> String {
    format!(
        "{unit}办公场所:{} ㎡,{}",
        fac1_area_text(new.area_tenths),
        new.rooms
            .iter()
            .map(|r| r.label_zh())
            .collect::<Vec<_>>()
            .join("、")
    )
}

#[async_trait]
impl Offices for crate::EngineStore {
    async fn offices(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        page: PageRequest,
    ) -> StoreResult<Page<Office>> {
        let (_, path, _) = office_root(self.reader(), scope, unit_id).await?;
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<Office> = sqlx::query_as(&format!(
            "{OFFICE_SELECT} WHERE o.unit_path >= $1 AND o.unit_path < $2 AND o.id > $3
             ORDER BY o.id LIMIT $4"
        ))
        .bind(&path)
        .bind(path_upper(&path))
        .bind(page.after.unwrap_or(0))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        Ok(keyset_page(rows, limit, |o| o.id))
    }

    async fn office(&self, scope: &Scope, id: i64) -> StoreResult<Office> {
        office_in(self.reader(), scope, id).await
    }

    async fn add_office(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewOffice,
    ) -> StoreResult<Office> {
        check_office(new)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let unit =
            crate::units::get_in(&mut tx, scope, new.unit_id, crate::units::Lock::Share).await?;
        if !fac1_office_required(unit.level) {
            return Err(refused(
                "store-office-level",
                "办公场所登记在乡镇(街道)或社区(村)",
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO offices (unit_id, unit_path, address, area_tenths, rooms, equipment,
                 created_at, created_by, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8) RETURNING id",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(new.address.trim())
        .bind(new.area_tenths)
        .bind(Room::join(&new.rooms))
        .bind(new.equipment.trim())
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(office_taken)?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "office.created",
                "office",
                Some(id),
                office_summary(&unit.name, new),
            ),
        )
        .await?;
        tx.commit().await?;
        office_in(self.writer(), scope, id).await
    }

    async fn update_office(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewOffice,
    ) -> StoreResult<Office> {
        check_office(new)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let current: Option<(i64, String)> = sqlx::query_as(
            "SELECT o.version, n.name FROM offices o JOIN units n ON n.id = o.unit_id
             WHERE o.id = $1 AND o.unit_path >= $2 AND o.unit_path < $3",
        )
        .bind(id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        let unit_name = match current {
            None => return Err(StoreError::NotFound),
            Some((v, _)) if v != version => return Err(StoreError::Stale),
            Some((_, name)) => name,
        };
        let changed = sqlx::query(
            "UPDATE offices SET address = $1, area_tenths = $2, rooms = $3, equipment = $4,
                 updated_at = $5, updated_by = $6, version = version + 1
             WHERE id = $7 AND version = $8",
        )
        .bind(new.address.trim())
        .bind(new.area_tenths)
        .bind(Room::join(&new.rooms))
        .bind(new.equipment.trim())
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
                "office.updated",
                "office",
                Some(id),
                office_summary(&unit_name, new),
            ),
        )
        .await?;
        tx.commit().await?;
        office_in(self.writer(), scope, id).await
    }

    async fn office_photos(&self, scope: &Scope, office_id: i64) -> StoreResult<Vec<OfficePhoto>> {
        office_in(self.reader(), scope, office_id).await?;
        Ok(sqlx::query_as(&format!(
            "{PHOTO_SELECT} WHERE ph.office_id = $1 ORDER BY ph.id"
        ))
        .bind(office_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn add_office_photo(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        office_id: i64,
        caption: &str,
        data: &[u8],
    ) -> StoreResult<OfficePhoto> {
        let content_type = fac1_check_photo(data).map_err(|e| match e {
            PhotoError::Empty => refused("store-photo-empty", "请选择照片文件"),
            PhotoError::TooLarge => refused("store-photo-too-large", "照片不能超过5MB"),
            PhotoError::NotAnImage => refused("store-photo-type", "照片只接受JPEG或PNG格式"),
        })?;
        let caption = caption.trim();
        if caption.chars().count() > 100 {
            return Err(refused("store-photo-caption", "照片说明不能超过100字"));
        }
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let unit_name: String = sqlx::query_scalar(
            "SELECT n.name FROM offices o JOIN units n ON n.id = o.unit_id
             WHERE o.id = $1 AND o.unit_path >= $2 AND o.unit_path < $3",
        )
        .bind(office_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM office_photos WHERE office_id = $1")
                .bind(office_id)
                .fetch_one(&mut *tx)
                .await?;
        if count >= FAC1_MAX_PHOTOS {
            return Err(refused(
                "store-photo-too-many",
                "每个办公场所最多保存20张照片",
            ));
        }
        let size = i64::try_from(data.len()).unwrap_or(i64::MAX);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO office_photos (office_id, content_type, size, caption, data,
                 created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(office_id)
        .bind(content_type)
        .bind(size)
        .bind(caption)
        .bind(data)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "office.photo_added",
                "office",
                Some(office_id),
                format!("{unit_name}办公场所照片({content_type},{size} 字节)"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(sqlx::query_as(&format!("{PHOTO_SELECT} WHERE ph.id = $1"))
            .bind(id)
            .fetch_one(self.writer())
            .await?)
    }

    async fn office_photo(
        &self,
        scope: &Scope,
        photo_id: i64,
    ) -> StoreResult<(OfficePhoto, Vec<u8>)> {
        let photo: OfficePhoto = sqlx::query_as(&format!(
            "{PHOTO_SELECT} JOIN offices o ON o.id = ph.office_id
             WHERE ph.id = $1 AND o.unit_path >= $2 AND o.unit_path < $3"
        ))
        .bind(photo_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let data: Vec<u8> = sqlx::query_scalar("SELECT data FROM office_photos WHERE id = $1")
            .bind(photo_id)
            .fetch_one(self.reader())
            .await?;
        Ok((photo, data))
    }

    async fn facilities_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
    ) -> StoreResult<FacilitiesReport> {
        let (root, path, parent) = office_root(self.reader(), scope, unit_id).await?;
        let rows: Vec<(
            i64,
            Option<i64>,
            String,
            String,
            String,
            Option<i64>,
            Option<i64>,
        )> = sqlx::query_as(
            "SELECT u.id, u.parent_id, u.path, u.name, u.level, o.id, o.area_tenths
                 FROM units u LEFT JOIN offices o ON o.unit_id = u.id
                 WHERE u.path >= $1 AND u.path < $2 AND u.valid_to IS NULL",
        )
        .bind(&path)
        .bind(path_upper(&path))
        .fetch_all(self.reader())
        .await?;
        let units = rows
            .into_iter()
            .map(|r| {
                Ok(UnitOffice {
                    unit_id: r.0,
                    parent_id: r.1,
                    path: r.2,
                    name: r.3,
                    level: UnitLevel::parse(&r.4).ok_or_else(|| {
                        StoreError::Backend(format!("unexpected unit level {:?}", r.4).into())
                    })?,
                    office_id: r.5,
                    area_tenths: r.6,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        facilities_rollup(root, parent, &units).ok_or(StoreError::NotFound)
    }
}
