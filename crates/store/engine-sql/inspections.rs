// INSPECT-1 — inspection rounds, findings, rectifications (tasks of kind
// `rectification`), 通报 and 约谈: the SQL both engines run, written once. Included
// (see README.md beside this file) by a module that defines `Db` and `Conn`; uses
// `crate::audit::append` and `crate::EngineStore` with `reader()`/`writer()`.

use async_trait::async_trait;
use chrono::{Datelike, NaiveDate, Utc};
use jiekang_domain::inspection::{
    RoundDatesError, inspect1_checklist, inspect1_finding_day_ok, inspect1_notice_fits,
    inspect1_round_dates,
};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::task::{TaskKind, TaskState};
use jiekang_store::inspections::*;
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Inspections;
use jiekang_store::rows::keyset_page;
use jiekang_store::tasks::{TASK_COLUMNS, TASK_JOINS, Task, TaskRow};
use jiekang_store::{Refusal, Scope, StoreError, StoreResult};

const INSPECTION_SELECT: &str = "SELECT i.id, i.unit_id, n.name AS unit_name, i.name,
        i.starts_on, i.ends_on,
        (SELECT COUNT(*) FROM inspection_units iu WHERE iu.inspection_id = i.id) AS units,
        (SELECT COUNT(*) FROM inspection_units iu
           WHERE iu.inspection_id = i.id AND iu.inspected_on IS NOT NULL) AS inspected,
        (SELECT COUNT(*) FROM tasks t
           WHERE t.inspection_id = i.id AND t.state <> 'closed') AS open_rectifications,
        i.created_at, u.display_name AS created_by
    FROM inspections i JOIN units n ON n.id = i.unit_id JOIN users u ON u.id = i.created_by";

/// The units of a round ($1) with their counts on a day ($2).
const UNITS_SELECT: &str = "SELECT iu.unit_id, n.name AS unit_name, n.level,
        COALESCE((SELECT d.name FROM units d WHERE d.level = 'district'
                  AND substr(iu.unit_path, 1, length(d.path)) = d.path), n.name) AS district_name,
        iu.inspected_on,
        (SELECT COUNT(*) FROM inspection_findings f
           WHERE f.inspection_id = iu.inspection_id AND f.unit_id = iu.unit_id) AS recorded,
        (SELECT COUNT(*) FROM inspection_findings f
           WHERE f.inspection_id = iu.inspection_id AND f.unit_id = iu.unit_id
             AND NOT f.passed) AS failed,
        (SELECT COUNT(*) FROM tasks t
           WHERE t.inspection_id = iu.inspection_id AND t.unit_id = iu.unit_id) AS rectifications,
        (SELECT COUNT(*) FROM tasks t
           WHERE t.inspection_id = iu.inspection_id AND t.unit_id = iu.unit_id
             AND t.state <> 'closed') AS open_rectifications,
        (SELECT COUNT(*) FROM tasks t
           WHERE t.inspection_id = iu.inspection_id AND t.unit_id = iu.unit_id
             AND t.state = 'open' AND t.due_on < $2) AS overdue_rectifications
    FROM inspection_units iu JOIN units n ON n.id = iu.unit_id
    WHERE iu.inspection_id = $1";

const NOTICE_SELECT: &str = "SELECT x.id, x.inspection_id, i.name AS inspection_name,
        o.name AS issuer_name, x.unit_id, n.name AS unit_name, x.kind, x.number, x.title,
        x.body, x.issued_on, x.created_at, u.display_name AS created_by
    FROM inspection_notices x JOIN inspections i ON i.id = x.inspection_id
    JOIN units o ON o.id = i.unit_id JOIN units n ON n.id = x.unit_id
    JOIN users u ON u.id = x.created_by";

const SUMMONS_SELECT: &str = "SELECT s.id, s.inspection_id, s.unit_id, n.name AS unit_name,
        s.held_on, s.attendees, s.content, s.created_at, u.display_name AS created_by
    FROM inspection_summons s JOIN units n ON n.id = s.unit_id
    JOIN users u ON u.id = s.created_by";

fn refused(id: &'static str, text: &str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

fn text_ok(text: &str, max: usize) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().count() <= max
}

async fn inspection_in(conn: &mut Conn, scope: &Scope, id: i64) -> StoreResult<Inspection> {
    sqlx::query_as(&format!(
        "{INSPECTION_SELECT} WHERE i.id = $1 AND i.unit_path >= $2 AND i.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)
}

/// A round of the scope's own office: only the inspecting office changes its round.
async fn own_inspection(conn: &mut Conn, scope: &Scope, id: i64) -> StoreResult<Inspection> {
    let inspection = inspection_in(conn, scope, id).await?;
    if Some(inspection.unit_id) != scope.unit_id() {
        return Err(refused(
            "store-inspection-not-own",
            "只有组织本次检查的单位可以办理",
        ));
    }
    Ok(inspection)
}

async fn inspected_unit(
    conn: &mut Conn,
    id: i64,
    unit_id: i64,
    today: NaiveDate,
) -> StoreResult<InspectedUnit> {
    sqlx::query_as(&format!("{UNITS_SELECT} AND iu.unit_id = $3"))
        .bind(id)
        .bind(today)
        .bind(unit_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| refused("store-inspection-unit", "该单位不在本次检查范围内"))
}

/// A rectification of the scope: of a round of its offices, or addressed to its units.
async fn rect_in(conn: &mut Conn, scope: &Scope, task_id: i64) -> StoreResult<Task> {
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} {TASK_JOINS} JOIN inspections i ON i.id = t.inspection_id
         WHERE t.id = $1 AND t.kind = $2
           AND ((i.unit_path >= $3 AND i.unit_path < $4)
                OR (t.unit_path >= $3 AND t.unit_path < $4))"
    ))
    .bind(task_id)
    .bind(TaskKind::Rectification.code())
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.try_into()
}

#[async_trait]
impl Inspections for crate::EngineStore {
    async fn add_inspection(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewInspection,
    ) -> StoreResult<Inspection> {
        if !text_ok(&new.name, 100) {
            return Err(refused(
                "store-inspection-name",
                "请填写检查名称(不超过100字)",
            ));
        }
        inspect1_round_dates(new.starts_on, new.ends_on).map_err(|e| match e {
            RoundDatesError::EndsBeforeStart => {
                refused("store-inspection-dates", "结束日期不能早于开始日期")
            }
            RoundDatesError::TooLong => {
                refused("store-inspection-too-long", "一次检查不能超过一年")
            }
        })?;
        let mut unit_ids = new.unit_ids.clone();
        unit_ids.sort_unstable();
        unit_ids.dedup();
        if unit_ids.is_empty() || unit_ids.len() > 500 {
            return Err(refused(
                "store-inspection-no-units",
                "请选择被检查单位(1至500个)",
            ));
        }
        let Some(own) = scope.unit_id() else {
            return Err(refused(
                "store-inspection-office",
                "检查须由旗区或市级单位组织",
            ));
        };
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let mut units = Vec::with_capacity(unit_ids.len());
        for unit_id in &unit_ids {
            let unit =
                crate::units::get_in(&mut tx, scope, *unit_id, crate::units::Lock::Share).await?;
            if unit.id == own
                || unit.valid_to.is_some()
                || inspect1_checklist(unit.level).is_empty()
            {
                return Err(refused(
                    "store-inspection-unit-level",
                    "被检查单位须为辖区内下级的旗区、乡镇(街道)或社区(村)",
                ));
            }
            units.push(unit);
        }
        let own_path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(own)
            .fetch_one(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO inspections (unit_id, unit_path, name, starts_on, ends_on,
                 created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(own)
        .bind(&own_path)
        .bind(new.name.trim())
        .bind(new.starts_on)
        .bind(new.ends_on)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        for unit in &units {
            sqlx::query(
                "INSERT INTO inspection_units (inspection_id, unit_id, unit_path)
                 VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(unit.id)
            .bind(&unit.path)
            .execute(&mut *tx)
            .await?;
        }
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "inspection.created",
                "inspection",
                Some(id),
                format!(
                    "{}({} 至 {},{} 个单位)",
                    new.name.trim(),
                    new.starts_on,
                    new.ends_on,
                    units.len()
                ),
            ),
        )
        .await?;
        let inspection = inspection_in(&mut tx, scope, id).await?;
        tx.commit().await?;
        Ok(inspection)
    }

    async fn inspections(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Inspection>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<Inspection> = sqlx::query_as(&format!(
            "{INSPECTION_SELECT} WHERE i.unit_path >= $1 AND i.unit_path < $2 AND i.id < $3
             ORDER BY i.id DESC LIMIT $4"
        ))
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(page.after.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(self.reader())
        .await?;
        Ok(keyset_page(rows, limit, |i| i.id))
    }

    async fn inspection(
        &self,
        scope: &Scope,
        id: i64,
        today: NaiveDate,
    ) -> StoreResult<InspectionDetail> {
        let mut conn = self.reader().acquire().await?;
        let inspection = inspection_in(&mut conn, scope, id).await?;
        let units: Vec<InspectedUnit> =
            sqlx::query_as(&format!("{UNITS_SELECT} ORDER BY iu.unit_path"))
                .bind(id)
                .bind(today)
                .fetch_all(&mut *conn)
                .await?;
        Ok(InspectionDetail { inspection, units })
    }

    async fn inspection_findings(
        &self,
        scope: &Scope,
        id: i64,
        unit_id: i64,
    ) -> StoreResult<Vec<Finding>> {
        let mut conn = self.reader().acquire().await?;
        inspection_in(&mut conn, scope, id).await?;
        Ok(sqlx::query_as(
            "SELECT f.item, f.passed, f.note, f.recorded_at, u.display_name AS recorded_by
             FROM inspection_findings f JOIN users u ON u.id = f.recorded_by
             WHERE f.inspection_id = $1 AND f.unit_id = $2",
        )
        .bind(id)
        .bind(unit_id)
        .fetch_all(&mut *conn)
        .await?)
    }

    async fn record_findings(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        unit_id: i64,
        inspected_on: NaiveDate,
        findings: &[FindingInput],
        today: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = self.writer().begin().await?;
        let inspection = own_inspection(&mut tx, scope, id).await?;
        let unit = inspected_unit(&mut tx, id, unit_id, today).await?;
        if !inspect1_finding_day_ok(
            inspected_on,
            inspection.starts_on,
            inspection.ends_on,
            today,
        ) {
            return Err(refused(
                "store-inspection-day",
                "检查日期须在检查期间内,且不能晚于今天",
            ));
        }
        let level = UnitLevel::parse(&unit.level).unwrap_or(UnitLevel::Community);
        let checklist = inspect1_checklist(level);
        if findings.is_empty() {
            return Err(refused("store-findings-empty", "请逐项填写检查结果"));
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            if !checklist.iter().any(|i| i.code == f.item) || seen.contains(&f.item.as_str()) {
                return Err(refused(
                    "store-findings-item",
                    "检查项目不属于该单位的检查清单",
                ));
            }
            seen.push(&f.item);
            if f.note.chars().count() > 500 {
                return Err(refused("store-findings-note", "检查说明不能超过500字"));
            }
            if !f.passed && f.note.trim().is_empty() {
                return Err(refused(
                    "store-findings-note-required",
                    "不合格项须写明存在的问题",
                ));
            }
        }
        let now = Utc::now();
        sqlx::query("DELETE FROM inspection_findings WHERE inspection_id = $1 AND unit_id = $2")
            .bind(id)
            .bind(unit_id)
            .execute(&mut *tx)
            .await?;
        for f in findings {
            sqlx::query(
                "INSERT INTO inspection_findings (inspection_id, unit_id, item, passed, note,
                     recorded_at, recorded_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(unit_id)
            .bind(&f.item)
            .bind(f.passed)
            .bind(f.note.trim())
            .bind(now)
            .bind(actor_user_id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE inspection_units SET inspected_on = $1
             WHERE inspection_id = $2 AND unit_id = $3",
        )
        .bind(inspected_on)
        .bind(id)
        .bind(unit_id)
        .execute(&mut *tx)
        .await?;
        let failed = findings.iter().filter(|f| !f.passed).count();
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "inspection.findings",
                "inspection",
                Some(id),
                format!(
                    "{} {} 检查 {} 项,不合格 {failed} 项",
                    unit.unit_name,
                    inspected_on,
                    findings.len()
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn open_rectification(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        unit_id: i64,
        question: &str,
        due_on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<Task> {
        let question = question.trim();
        if !text_ok(question, 1000) {
            return Err(refused(
                "store-rectification-text",
                "请写明整改要求(不超过1000字)",
            ));
        }
        if due_on < today {
            return Err(refused("store-rectification-due", "整改期限不能早于今天"));
        }
        let mut tx = self.writer().begin().await?;
        let inspection = own_inspection(&mut tx, scope, id).await?;
        let unit = inspected_unit(&mut tx, id, unit_id, today).await?;
        if unit.failed == 0 {
            return Err(refused(
                "store-rectification-nothing-failed",
                "该单位没有不合格项,无需整改",
            ));
        }
        let unit_path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(unit_id)
            .fetch_one(&mut *tx)
            .await?;
        let now = Utc::now();
        let task_id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (kind, state, unit_id, unit_path, from_unit_id, opened_on,
                                due_on, opened_at, opened_by, question, inspection_id)
             VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(TaskKind::Rectification.code())
        .bind(unit_id)
        .bind(&unit_path)
        .bind(inspection.unit_id)
        .bind(today)
        .bind(due_on)
        .bind(now)
        .bind(actor_user_id)
        .bind(question)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "task.rectification",
                "task",
                Some(task_id),
                format!("{}:{} 整改,期限 {due_on}", inspection.name, unit.unit_name),
            ),
        )
        .await?;
        let task = rect_in(&mut tx, scope, task_id).await?;
        tx.commit().await?;
        Ok(task)
    }

    async fn rectifications(
        &self,
        scope: &Scope,
        filter: RectificationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Task>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        // the addressed units' range: the scope, or one unit's subtree in it
        let (lower, upper) = match filter.unit_id {
            Some(unit_id) => {
                let path: String = sqlx::query_scalar(
                    "SELECT path FROM units WHERE id = $1 AND path >= $2 AND path < $3",
                )
                .bind(unit_id)
                .bind(scope.lower())
                .bind(scope.upper())
                .fetch_optional(self.reader())
                .await?
                .ok_or(StoreError::NotFound)?;
                let mut upper = path.clone();
                upper.pop();
                upper.push('0');
                (path, upper)
            }
            None => (scope.lower().to_owned(), scope.upper()),
        };
        let rows: Vec<TaskRow> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} {TASK_JOINS} JOIN inspections i ON i.id = t.inspection_id
             WHERE t.kind = $1
               AND ((i.unit_path >= $2 AND i.unit_path < $3)
                    OR (t.unit_path >= $2 AND t.unit_path < $3))
               AND t.unit_path >= $4 AND t.unit_path < $5
               AND ($6 = 0 OR t.inspection_id = $6) AND t.id < $7
             ORDER BY t.id DESC LIMIT $8"
        ))
        .bind(TaskKind::Rectification.code())
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(if filter.unit_id.is_some() {
            lower
        } else {
            String::new()
        })
        .bind(if filter.unit_id.is_some() {
            upper
        } else {
            "~".to_owned()
        })
        .bind(filter.inspection_id.unwrap_or(0))
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

    async fn rectification(&self, scope: &Scope, task_id: i64) -> StoreResult<Task> {
        rect_in(&mut *self.reader().acquire().await?, scope, task_id).await
    }

    async fn close_rectification(
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
            return Err(refused(
                "store-review-note-too-long",
                "意见不能超过 1000 字",
            ));
        }
        let mut tx = self.writer().begin().await?;
        let task = rect_in(&mut tx, scope, task_id).await?;
        if task.from_unit_id != scope.unit_id() {
            return Err(refused(
                "store-inspection-not-own",
                "只有组织本次检查的单位可以办理",
            ));
        }
        if task.state != TaskState::Answered {
            return Err(refused(
                "store-rectification-not-answered",
                "该整改尚未答复,不能审核",
            ));
        }
        if task.version != version {
            return Err(StoreError::Stale);
        }
        if !accept && note.is_empty() {
            return Err(refused("store-review-return-reason", "退回须写明理由"));
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
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                action,
                "task",
                Some(task_id),
                format!("{} → {}", task.kind.label_zh(), state.label_zh()),
            ),
        )
        .await?;
        let task = rect_in(&mut tx, scope, task_id).await?;
        tx.commit().await?;
        Ok(task)
    }

    async fn issue_notice(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        notice: &NewNotice,
        today: NaiveDate,
    ) -> StoreResult<Notice> {
        if !text_ok(&notice.title, 100) || !text_ok(&notice.body, MAX_INSPECT_TEXT_CHARS) {
            return Err(refused(
                "store-notice-text",
                "请填写通报标题(不超过100字)和正文(不超过2000字)",
            ));
        }
        if notice.issued_on > today {
            return Err(refused("store-notice-date", "通报日期不能晚于今天"));
        }
        let mut tx = self.writer().begin().await?;
        let inspection = own_inspection(&mut tx, scope, id).await?;
        let unit = inspected_unit(&mut tx, id, notice.unit_id, today).await?;
        if !inspect1_notice_fits(notice.kind, unit.verdict()) {
            return Err(refused(
                "store-notice-contradicts",
                "通报与检查结果不符:表扬须为合格或已整改单位,批评须为不合格或整改中单位",
            ));
        }
        let year = notice.issued_on.year();
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(notice.issued_on);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(notice.issued_on);
        let before: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM inspection_notices x JOIN inspections i ON i.id = x.inspection_id
             WHERE i.unit_id = $1 AND x.kind = $2 AND x.issued_on >= $3 AND x.issued_on <= $4",
        )
        .bind(inspection.unit_id)
        .bind(notice.kind.code())
        .bind(first)
        .bind(last)
        .fetch_one(&mut *tx)
        .await?;
        let number = notice.kind.number(year, before + 1);
        let now = Utc::now();
        let notice_id: i64 = sqlx::query_scalar(
            "INSERT INTO inspection_notices (inspection_id, unit_id, kind, number, title, body,
                 issued_on, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(id)
        .bind(notice.unit_id)
        .bind(notice.kind.code())
        .bind(&number)
        .bind(notice.title.trim())
        .bind(notice.body.trim())
        .bind(notice.issued_on)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "inspection.notice",
                "inspection",
                Some(id),
                format!("{number} {}:{}", notice.kind.label_zh(), unit.unit_name),
            ),
        )
        .await?;
        let issued: Notice = sqlx::query_as(&format!("{NOTICE_SELECT} WHERE x.id = $1"))
            .bind(notice_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(issued)
    }

    async fn notices(&self, scope: &Scope, id: i64) -> StoreResult<Vec<Notice>> {
        let mut conn = self.reader().acquire().await?;
        inspection_in(&mut conn, scope, id).await?;
        Ok(sqlx::query_as(&format!(
            "{NOTICE_SELECT} WHERE x.inspection_id = $1 ORDER BY x.id"
        ))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
    }

    async fn notice(&self, scope: &Scope, notice_id: i64) -> StoreResult<Notice> {
        sqlx::query_as(&format!(
            "{NOTICE_SELECT} WHERE x.id = $1 AND i.unit_path >= $2 AND i.unit_path < $3"
        ))
        .bind(notice_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn add_summons(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        summons: &NewSummons,
        today: NaiveDate,
    ) -> StoreResult<Summons> {
        if !text_ok(&summons.attendees, 200) || !text_ok(&summons.content, MAX_INSPECT_TEXT_CHARS) {
            return Err(refused(
                "store-summons-text",
                "请填写约谈对象(不超过200字)和约谈内容(不超过2000字)",
            ));
        }
        if summons.held_on > today {
            return Err(refused("store-summons-date", "约谈日期不能晚于今天"));
        }
        let mut tx = self.writer().begin().await?;
        let inspection = own_inspection(&mut tx, scope, id).await?;
        let unit = inspected_unit(&mut tx, id, summons.unit_id, today).await?;
        let now = Utc::now();
        let summons_id: i64 = sqlx::query_scalar(
            "INSERT INTO inspection_summons (inspection_id, unit_id, held_on, attendees, content,
                 created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(summons.unit_id)
        .bind(summons.held_on)
        .bind(summons.attendees.trim())
        .bind(summons.content.trim())
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "inspection.summons",
                "inspection",
                Some(id),
                format!(
                    "{}:约谈{}({})",
                    inspection.name, unit.unit_name, summons.held_on
                ),
            ),
        )
        .await?;
        let recorded: Summons = sqlx::query_as(&format!("{SUMMONS_SELECT} WHERE s.id = $1"))
            .bind(summons_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(recorded)
    }

    async fn summons(&self, scope: &Scope, id: i64) -> StoreResult<Vec<Summons>> {
        let mut conn = self.reader().acquire().await?;
        inspection_in(&mut conn, scope, id).await?;
        Ok(sqlx::query_as(&format!(
            "{SUMMONS_SELECT} WHERE s.inspection_id = $1 ORDER BY s.id"
        ))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
    }

    async fn inspection_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<InspectionCounts> {
        let (open, overdue): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*),
                    CAST(COALESCE(SUM(CASE WHEN state = 'open' AND due_on < $3 THEN 1 ELSE 0 END), 0)
                         AS BIGINT)
             FROM tasks
             WHERE kind = 'rectification' AND state <> 'closed'
               AND unit_path >= $1 AND unit_path < $2",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(today)
        .fetch_one(self.reader())
        .await?;
        Ok(InspectionCounts { open, overdue })
    }

    async fn rectification_counts(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> StoreResult<Vec<UnitRectifications>> {
        Ok(sqlx::query_as(
            "SELECT unit_path, COUNT(*) AS open,
                    CAST(COALESCE(SUM(CASE WHEN state = 'open' AND due_on < $3 THEN 1 ELSE 0 END), 0)
                         AS BIGINT) AS overdue
             FROM tasks
             WHERE kind = 'rectification' AND state <> 'closed'
               AND unit_path >= $1 AND unit_path < $2
             GROUP BY unit_path",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .bind(today)
        .fetch_all(self.reader())
        .await?)
    }
}
