// Issue 20 — STAFF-4, the staff register; STAFF-1..3, the staffing report; FUND-1, the
// work's money: the SQL both engines run, written once. Included (see README.md beside
// this file) by a module that defines `Db` and `Conn`; uses `crate::audit::append`,
// `crate::units::get_in` and `crate::EngineStore` with `reader()`/`writer()`.

use async_trait::async_trait;
use chrono::{Datelike, NaiveDate, Utc};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::staff::{FundCategory, FundKind, StaffDatesError, staff4_check};
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::{Funding, Staff};
use jiekang_store::staff::*;
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

const STAFF_SELECT: &str = "SELECT s.id, s.unit_id, n.name AS unit_name, s.name, s.sex, s.post,
        s.employment, s.user_id, a.username, s.started_on, s.ended_on, s.training_hours,
        s.courses, s.awards, s.sanctions,
        CASE WHEN s.user_id IS NULL THEN CAST(0 AS BIGINT) ELSE CAST(
            (SELECT COUNT(*) FROM cases c WHERE c.worker_id = s.user_id AND c.closed_on IS NULL)
          + (SELECT COUNT(*) FROM cases c WHERE c.police_id = s.user_id AND c.closed_on IS NULL)
          AS BIGINT) END AS open_cases,
        s.created_at, cu.display_name AS created_by, s.updated_at, uu.display_name AS updated_by,
        s.version
    FROM staff s JOIN units n ON n.id = s.unit_id
    LEFT JOIN users a ON a.id = s.user_id
    JOIN users cu ON cu.id = s.created_by
    JOIN users uu ON uu.id = s.updated_by";

fn refused(id: &'static str, text: &str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

/// STAFF-4 — what a register entry must satisfy before it is written.
fn check_staff(new: &NewStaff, today: NaiveDate) -> StoreResult<()> {
    if new.name.trim().is_empty() || new.name.chars().count() > 50 {
        return Err(refused(
            "store-staff-name-required",
            "请填写工作人员姓名(不超过50字)",
        ));
    }
    for text in [&new.courses, &new.awards, &new.sanctions] {
        if text.chars().count() > MAX_STAFF_TEXT_CHARS {
            return Err(refused(
                "store-staff-text-too-long",
                "培训、奖励或处分情况过长",
            ));
        }
    }
    staff4_check(new.started_on, new.ended_on, new.training_hours, today).map_err(|e| match e {
        StaffDatesError::InFuture => {
            refused("store-staff-date-in-future", "到岗、离岗日期不能晚于今天")
        }
        StaffDatesError::EndsBeforeStart => {
            refused("store-staff-ends-before-start", "离岗日期不能早于到岗日期")
        }
        StaffDatesError::TrainingHours => refused(
            "store-staff-training-hours",
            "培训学时须为0至10000之间的整数",
        ),
    })
}

/// The account named by `username`, if it is a user of the scope.
async fn account_in_scope(
    conn: &mut Conn,
    scope: &Scope,
    username: Option<&str>,
) -> StoreResult<Option<i64>> {
    let Some(username) = username.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    sqlx::query_scalar::<_, i64>(
        "SELECT id FROM users WHERE username = $1 AND unit_path >= $2 AND unit_path < $3",
    )
    .bind(username)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *conn)
    .await?
    .map(Some)
    .ok_or_else(|| refused("store-staff-account-unknown", "辖区内没有该用户名的账户"))
}

fn account_taken(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            refused("store-staff-account-taken", "该账户已关联一名在岗工作人员")
        }
        e => e.into(),
    }
}

async fn staff_in(pool: &sqlx::Pool<Db>, scope: &Scope, id: i64) -> StoreResult<StaffMember> {
    sqlx::query_as(&format!(
        "{STAFF_SELECT} WHERE s.id = $1 AND s.unit_path >= $2 AND s.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)
}

/// The scope narrowed to `unit_id`'s subtree (the unit must be in the scope).
async fn narrowed(
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
    // the parent only when the user may look there too
    let parent = if Some(id) == scope.unit_id() {
        None
    } else {
        parent
    };
    Ok((id, path, parent))
}

type CountsRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn level_of(code: &str) -> StoreResult<UnitLevel> {
    UnitLevel::parse(code).ok_or_else(|| {
        StoreError::Backend(format!("unexpected unit level in database: {code:?}").into())
    })
}

#[async_trait]
impl Staff for crate::EngineStore {
    async fn staff_list(
        &self,
        scope: &Scope,
        filter: StaffFilter,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<StaffMember>> {
        let (_, path, _) = narrowed(self.reader(), scope, filter.unit_id).await?;
        let limit = i64::from(page.limit);
        // the page's keys by the scope index (staff_scope), then their rows
        let mut rows: Vec<StaffMember> = sqlx::query_as(&format!(
            "{STAFF_SELECT} WHERE s.id IN (
                SELECT id FROM staff
                WHERE unit_path >= $1 AND unit_path < $2 AND id > $3
                  AND ($4 OR ended_on IS NULL OR ended_on >= $5)
                ORDER BY id LIMIT $6)
             ORDER BY s.id"
        ))
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .bind(page.after.unwrap_or(0))
        .bind(filter.with_former)
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

    async fn staff_member(&self, scope: &Scope, id: i64) -> StoreResult<StaffMember> {
        staff_in(self.reader(), scope, id).await
    }

    async fn add_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewStaff,
        account: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<StaffMember> {
        check_staff(new, today)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let unit =
            crate::units::get_in(&mut tx, scope, new.unit_id, crate::units::Lock::Share).await?;
        let user_id = account_in_scope(&mut tx, scope, account).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (unit_id, unit_path, name, sex, post, employment, user_id,
                 started_on, ended_on, training_hours, courses, awards, sanctions,
                 created_at, created_by, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $15)
             RETURNING id",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(new.name.trim())
        .bind(new.sex)
        .bind(new.post)
        .bind(new.employment)
        .bind(user_id)
        .bind(new.started_on)
        .bind(new.ended_on)
        .bind(new.training_hours)
        .bind(new.courses.trim())
        .bind(new.awards.trim())
        .bind(new.sanctions.trim())
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(account_taken)?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "staff.created",
                "staff",
                Some(id),
                format!(
                    "登记工作人员:{}({},{},{})",
                    new.name.trim(),
                    unit.name,
                    new.post.label_zh(),
                    new.employment.label_zh()
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        staff_in(self.writer(), scope, id).await
    }

    // the entry, who, which one at which version, the account and the day
    #[allow(clippy::too_many_arguments)]
    async fn update_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        version: i64,
        new: &NewStaff,
        account: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<StaffMember> {
        check_staff(new, today)?;
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let current: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM staff WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
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
        let unit =
            crate::units::get_in(&mut tx, scope, new.unit_id, crate::units::Lock::Share).await?;
        let user_id = account_in_scope(&mut tx, scope, account).await?;
        let changed = sqlx::query(
            "UPDATE staff SET unit_id = $1, unit_path = $2, name = $3, sex = $4, post = $5,
                 employment = $6, user_id = $7, started_on = $8, ended_on = $9,
                 training_hours = $10, courses = $11, awards = $12, sanctions = $13,
                 updated_at = $14, updated_by = $15, version = version + 1
             WHERE id = $16 AND version = $17",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(new.name.trim())
        .bind(new.sex)
        .bind(new.post)
        .bind(new.employment)
        .bind(user_id)
        .bind(new.started_on)
        .bind(new.ended_on)
        .bind(new.training_hours)
        .bind(new.courses.trim())
        .bind(new.awards.trim())
        .bind(new.sanctions.trim())
        .bind(now)
        .bind(actor_user_id)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(account_taken)?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::Stale);
        }
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "staff.updated",
                "staff",
                Some(id),
                format!(
                    "修改工作人员信息:{}({},{}{})",
                    new.name.trim(),
                    unit.name,
                    new.post.label_zh(),
                    new.ended_on
                        .map(|d| format!(",{d} 离岗"))
                        .unwrap_or_default()
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        staff_in(self.writer(), scope, id).await
    }

    async fn staffing_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        day: NaiveDate,
    ) -> StoreResult<StaffingReport> {
        let (root, path, parent) = narrowed(self.reader(), scope, unit_id).await?;
        // one query: every unit of the subtree with what is registered at it directly
        let rows: Vec<CountsRow> = sqlx::query_as(
            "SELECT u.id, u.parent_id, u.path, u.code, u.name, u.level,
                    COALESCE(p.n, 0), COALESCE(f.n, 0), COALESCE(c.n, 0),
                    COALESCE(s.cadres, 0), COALESCE(s.full_time, 0), COALESCE(s.part_time, 0),
                    COALESCE(s.female, 0)
             FROM units u
             LEFT JOIN (SELECT unit_id, CAST(COUNT(*) AS BIGINT) AS n FROM persons
                        WHERE unit_path >= $1 AND unit_path < $2 AND left_control_on IS NULL
                        GROUP BY unit_id) p ON p.unit_id = u.id
             LEFT JOIN (SELECT c.unit_id, CAST(COUNT(DISTINCT c.person_id) AS BIGINT) AS n
                        FROM cases c JOIN persons q ON q.id = c.person_id
                        WHERE c.unit_path >= $1 AND c.unit_path < $2 AND c.closed_on IS NULL
                          AND q.sex = 'female'
                        GROUP BY c.unit_id) f ON f.unit_id = u.id
             LEFT JOIN (SELECT unit_id, CAST(COUNT(*) AS BIGINT) AS n FROM cases
                        WHERE unit_path >= $1 AND unit_path < $2 AND closed_on IS NULL
                        GROUP BY unit_id) c ON c.unit_id = u.id
             LEFT JOIN (SELECT unit_id,
                          CAST(SUM(CASE WHEN post = 'cadre_in_charge' THEN 1 ELSE 0 END) AS BIGINT) AS cadres,
                          CAST(SUM(CASE WHEN post = 'full_time' THEN 1 ELSE 0 END) AS BIGINT) AS full_time,
                          CAST(SUM(CASE WHEN post = 'part_time' THEN 1 ELSE 0 END) AS BIGINT) AS part_time,
                          CAST(SUM(CASE WHEN sex = 'female' THEN 1 ELSE 0 END) AS BIGINT) AS female
                        FROM staff
                        WHERE unit_path >= $1 AND unit_path < $2 AND started_on <= $3
                          AND (ended_on IS NULL OR ended_on >= $3)
                        GROUP BY unit_id) s ON s.unit_id = u.id
             WHERE u.path >= $1 AND u.path < $2 AND u.valid_to IS NULL",
        )
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .bind(day)
        .fetch_all(self.reader())
        .await?;
        let units = rows
            .into_iter()
            .map(|r| {
                Ok(UnitStaffCounts {
                    unit_id: r.0,
                    parent_id: r.1,
                    path: r.2,
                    code: r.3,
                    name: r.4,
                    level: level_of(&r.5)?,
                    persons: r.6,
                    female_persons: r.7,
                    open_cases: r.8,
                    cadres: r.9,
                    full_time: r.10,
                    part_time: r.11,
                    female_staff: r.12,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        staffing_rollup(root, parent, &units, day).ok_or(StoreError::NotFound)
    }
}

// --- FUND-1 ---

const FUNDING_SELECT: &str = "SELECT e.id, e.unit_id, n.name AS unit_name, e.year, e.kind,
        e.category, e.amount_fen, e.entered_on, e.note, e.created_at, u.display_name AS created_by
    FROM funding_entries e JOIN units n ON n.id = e.unit_id JOIN users u ON u.id = e.created_by";

#[async_trait]
impl Funding for crate::EngineStore {
    async fn add_funding(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewFunding,
        today: NaiveDate,
    ) -> StoreResult<FundingEntry> {
        if new.entered_on > today {
            return Err(refused(
                "store-funding-date-in-future",
                "经费日期不能晚于今天",
            ));
        }
        if !(2000..=today.year() + 1).contains(&new.year) {
            return Err(refused("store-funding-year", "年度须在2000年至明年之间"));
        }
        let amount = i64::try_from(new.amount.0)
            .ok()
            .filter(|a| *a > 0)
            .ok_or_else(|| refused("store-funding-amount", "金额须大于0"))?;
        if new.note.chars().count() > MAX_STAFF_TEXT_CHARS {
            return Err(refused(
                "store-staff-text-too-long",
                "培训、奖励或处分情况过长",
            ));
        }
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let unit =
            crate::units::get_in(&mut tx, scope, new.unit_id, crate::units::Lock::Share).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO funding_entries (unit_id, unit_path, year, kind, category, amount_fen,
                 entered_on, note, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(unit.id)
        .bind(&unit.path)
        .bind(i64::from(new.year))
        .bind(new.kind)
        .bind(new.category)
        .bind(amount)
        .bind(new.entered_on)
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
                "funding.created",
                "funding",
                Some(id),
                format!(
                    "{} {} 年{}{}:{} 元",
                    unit.name,
                    new.year,
                    new.category.label_zh(),
                    new.kind.label_zh(),
                    new.amount
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        sqlx::query_as(&format!("{FUNDING_SELECT} WHERE e.id = $1"))
            .bind(id)
            .fetch_one(self.writer())
            .await
            .map_err(Into::into)
    }

    async fn funding_entries(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        year: i32,
        page: PageRequest,
    ) -> StoreResult<Page<FundingEntry>> {
        let (_, path, _) = narrowed(self.reader(), scope, unit_id).await?;
        let limit = i64::from(page.limit);
        let mut rows: Vec<FundingEntry> = sqlx::query_as(&format!(
            "{FUNDING_SELECT} WHERE e.id IN (
                SELECT id FROM funding_entries
                WHERE year = $1 AND unit_path >= $2 AND unit_path < $3 AND id < $4
                ORDER BY id DESC LIMIT $5)
             ORDER BY e.id DESC"
        ))
        .bind(i64::from(year))
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .bind(page.after.unwrap_or(i64::MAX))
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

    async fn funding_report(
        &self,
        scope: &Scope,
        unit_id: Option<i64>,
        year: i32,
    ) -> StoreResult<FundingReport> {
        let (root, path, parent) = narrowed(self.reader(), scope, unit_id).await?;
        let first = NaiveDate::from_ymd_opt(year, 1, 1)
            .ok_or_else(|| refused("store-funding-year", "年度须在2000年至明年之间"))?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(first);
        // persons under a measure some time in the year, by the unit executing the order
        let units: Vec<(i64, Option<i64>, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.parent_id, u.path, u.code, u.name, u.level, COALESCE(p.n, 0)
             FROM units u
             LEFT JOIN (SELECT unit_id, CAST(COUNT(DISTINCT person_id) AS BIGINT) AS n FROM cases
                        WHERE unit_path >= $1 AND unit_path < $2 AND decided_on <= $4
                          AND (closed_on IS NULL OR closed_on >= $3)
                        GROUP BY unit_id) p ON p.unit_id = u.id
             WHERE u.path >= $1 AND u.path < $2 AND u.valid_to IS NULL",
        )
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .bind(first)
        .bind(last)
        .fetch_all(self.reader())
        .await?;
        let money: Vec<(i64, FundKind, FundCategory, i64)> = sqlx::query_as(
            "SELECT unit_id, kind, category, CAST(SUM(amount_fen) AS BIGINT) FROM funding_entries
             WHERE year = $1 AND unit_path >= $2 AND unit_path < $3
             GROUP BY unit_id, kind, category",
        )
        .bind(i64::from(year))
        .bind(&path)
        .bind(jiekang_store::scope::upper_bound(&path))
        .fetch_all(self.reader())
        .await?;
        let units = units
            .into_iter()
            .map(|r| {
                Ok(UnitFundingCounts {
                    unit_id: r.0,
                    parent_id: r.1,
                    path: r.2,
                    code: r.3,
                    name: r.4,
                    level: level_of(&r.5)?,
                    persons: r.6,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        funding_rollup(root, parent, year, &units, &money).ok_or(StoreError::NotFound)
    }
}
