// MMT-1, N17 — methadone clinics: the SQL both engines run, written once. Included (see
// README.md beside this file) by a module that defines `Db` and `Conn`; uses
// `crate::audit::append`, `crate::units::usable_unit_path`, `crate::unique_violation` and
// `crate::EngineStore` with `reader()`/`writer()` and its keyring (the file implements
// `Clinics` itself).

use async_trait::async_trait;
use chrono::{Duration, NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::clinic::{
    EnrolmentEnd, TreatmentFacts, mmt1_attendance_rate, mmt1_check_dose, mmt1_expected_days,
    mmt1_retained, n17_missed_days,
};
use jiekang_domain::metrics::{Period, Ratio};
use jiekang_domain::task::{TaskKind, task_due_on};
use jiekang_domain::text::mask_identifier;
use jiekang_store::Refusal;
use jiekang_store::clinics::*;
use jiekang_store::model::{AuditEntry, Page, PageRequest};
use jiekang_store::prelude::Clinics;
use jiekang_store::rows::keyset_page;
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::tasks::{TASK_COLUMNS, TASK_JOINS, Task, TaskRow};
use jiekang_store::{Scope, StoreError, StoreResult};

const CLINIC_SELECT: &str = "SELECT k.id, k.unit_id, n.name AS unit_name, k.name, k.address,
        k.created_at, u.display_name AS created_by
    FROM clinics k JOIN units n ON n.id = k.unit_id JOIN users u ON u.id = k.created_by";

/// The roster's columns: what a clinic may see of a person, and nothing else.
const PERSON_SELECT: &str = "SELECT e.id, p.name, p.id_number_sealed, c.id, cu.name,
        e.enrolled_on, e.ended_on, e.end_kind, e.last_attended_on, e.last_dose_mg
    FROM clinic_enrolments e
    JOIN persons p ON p.id = e.person_id
    LEFT JOIN cases c ON c.person_id = e.person_id AND c.closed_on IS NULL
    LEFT JOIN units cu ON cu.id = c.unit_id";

type PersonRow = (
    i64,
    String,
    Vec<u8>,
    Option<i64>,
    Option<String>,
    NaiveDate,
    Option<NaiveDate>,
    Option<String>,
    Option<NaiveDate>,
    Option<i64>,
);

fn clinic_person(keys: &Keyring, r: PersonRow, today: NaiveDate) -> StoreResult<ClinicPerson> {
    let id_number = keys.open_str(Field::IdNumber, &r.2)?;
    Ok(ClinicPerson {
        enrolment_id: r.0,
        person_name: r.1,
        id_number_masked: mask_identifier(&id_number),
        under_measure: r.3.is_some(),
        township: r.4,
        enrolled_on: r.5,
        ended_on: r.6,
        end_kind: r.7.as_deref().and_then(EnrolmentEnd::parse),
        last_attended_on: r.8,
        last_dose_mg: r.9,
        missed_days: if r.6.is_some() {
            0
        } else {
            n17_missed_days(r.5, r.8, today)
        },
    })
}

fn refused(id: &'static str, text: &str) -> StoreError {
    StoreError::Refused(Refusal::message(id, text))
}

fn not_future(on: NaiveDate, today: NaiveDate) -> StoreResult<()> {
    if on > today {
        return Err(refused(
            "store-date-cannot-after-today",
            "办理日期不能晚于今天",
        ));
    }
    Ok(())
}

/// The clinic of a staff user (its id and unit), or NotFound.
async fn actor_clinic(conn: &mut Conn, user_id: i64) -> StoreResult<(i64, i64)> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT k.id, k.unit_id FROM clinic_staff s JOIN clinics k ON k.id = s.clinic_id
         WHERE s.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| refused("store-clinic-no-clinic", "该账号尚未归属任何美沙酮门诊"))
}

/// An enrolment of the actor's clinic: (person id, enrolled on, ended on, clinic unit).
async fn own_enrolment(
    conn: &mut Conn,
    actor: i64,
    enrolment_id: i64,
) -> StoreResult<(i64, NaiveDate, Option<NaiveDate>, i64)> {
    let (clinic_id, clinic_unit) = actor_clinic(&mut *conn, actor).await?;
    let row: Option<(i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT person_id, enrolled_on, ended_on FROM clinic_enrolments
         WHERE id = $1 AND clinic_id = $2",
    )
    .bind(enrolment_id)
    .bind(clinic_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (person, on, ended) = row.ok_or(StoreError::NotFound)?;
    Ok((person, on, ended, clinic_unit))
}

/// N17 — open a task of `kind` about `person_id` for the township office of the
/// person's running measure (none: nothing to open), from the clinic's unit; one open
/// task per kind, person and clinic unit. Returns whether one was opened.
async fn open_clinic_task(
    conn: &mut Conn,
    kind: TaskKind,
    person_id: i64,
    clinic_unit: i64,
    actor: Option<i64>,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<bool> {
    let case: Option<(i64, String)> = sqlx::query_as(
        "SELECT unit_id, unit_path FROM cases WHERE person_id = $1 AND closed_on IS NULL",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((unit_id, unit_path)) = case else {
        return Ok(false);
    };
    let done = sqlx::query(
        "INSERT INTO tasks (kind, state, unit_id, unit_path, person_id, from_unit_id,
                            opened_on, due_on, opened_at, opened_by)
         VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (kind, person_id, from_unit_id) WHERE state = 'open' DO NOTHING",
    )
    .bind(kind.code())
    .bind(unit_id)
    .bind(&unit_path)
    .bind(person_id)
    .bind(clinic_unit)
    .bind(today)
    .bind(task_due_on(cal, kind, today, None))
    .bind(Utc::now())
    .bind(actor)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

async fn audit_person(
    conn: &mut Conn,
    actor: Option<i64>,
    action: &str,
    person_id: i64,
    detail: String,
) -> StoreResult<()> {
    crate::audit::append(
        conn,
        &AuditEntry::of_object(Utc::now(), actor, action, "person", Some(person_id), detail),
    )
    .await
}

#[async_trait]
impl Clinics for crate::EngineStore {
    async fn create_clinic(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewClinic,
    ) -> StoreResult<Clinic> {
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(refused("store-clinic-name", "请填写门诊名称(100 字以内)"));
        }
        let mut tx = self.writer().begin().await?;
        let unit_path = crate::units::usable_unit_path(&mut tx, scope, new.unit_id).await?;
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO clinics (unit_id, unit_path, name, address, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(new.unit_id)
        .bind(&unit_path)
        .bind(name)
        .bind(new.address.trim())
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| crate::unique_violation(e, "name", "该单位已有同名门诊"))?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "clinic.created",
                "clinic",
                Some(id),
                format!("登记美沙酮门诊:{name}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(
            sqlx::query_as::<_, Clinic>(&format!("{CLINIC_SELECT} WHERE k.id = $1"))
                .bind(id)
                .fetch_one(self.writer())
                .await?,
        )
    }

    async fn clinics(&self, scope: &Scope) -> StoreResult<Vec<Clinic>> {
        Ok(sqlx::query_as(&format!(
            "{CLINIC_SELECT} WHERE k.unit_path >= $1 AND k.unit_path < $2
             ORDER BY k.unit_path, k.name, k.id LIMIT 1000"
        ))
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_all(self.reader())
        .await?)
    }

    async fn set_clinic_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        user_id: i64,
        clinic_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer().begin().await?;
        let user: Option<String> = sqlx::query_scalar(
            "SELECT role FROM users WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(user_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        match user.as_deref() {
            None => return Err(StoreError::NotFound),
            Some("clinic_staff") => {}
            Some(_) => {
                return Err(refused(
                    "store-clinic-staff-role",
                    "只有美沙酮门诊角色的账号可以归属门诊",
                ));
            }
        }
        let clinic: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM clinics WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(clinic_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?;
        clinic.ok_or(StoreError::NotFound)?;
        let now = Utc::now();
        sqlx::query(
            "INSERT INTO clinic_staff (user_id, clinic_id, created_at, created_by)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET clinic_id = $2, created_at = $3, created_by = $4",
        )
        .bind(user_id)
        .bind(clinic_id)
        .bind(now)
        .bind(actor_user_id)
        .execute(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "clinic.staff",
                "user",
                Some(user_id),
                format!("归属美沙酮门诊 #{clinic_id}"),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn staff_clinic(&self, user_id: i64) -> StoreResult<Option<Clinic>> {
        Ok(sqlx::query_as(&format!(
            "{CLINIC_SELECT} WHERE k.id = (SELECT clinic_id FROM clinic_staff WHERE user_id = $1)"
        ))
        .bind(user_id)
        .fetch_optional(self.reader())
        .await?)
    }

    async fn enrol(
        &self,
        actor_user_id: i64,
        new: &NewEnrolment,
        today: NaiveDate,
    ) -> StoreResult<ClinicPerson> {
        if !new.consent {
            return Err(refused(
                "store-clinic-consent",
                "须经本人书面同意(同意门诊向乡镇(街道)和公安通报脱失、阳性情况)后方可登记",
            ));
        }
        not_future(new.enrolled_on, today)?;
        let keys = self.keys.get()?;
        let index = keys.blind_index(&new.id_type, &new.id_number);
        let mut tx = self.writer().begin().await?;
        let (clinic_id, _) = actor_clinic(&mut tx, actor_user_id).await?;
        let person: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM persons WHERE id_type = $1 AND id_number_index = $2",
        )
        .bind(&new.id_type)
        .bind(&index)
        .fetch_optional(&mut *tx)
        .await?;
        let person_id = person.ok_or_else(|| {
            refused(
                "store-clinic-person-unknown",
                "未查到该证件号码的社区戒毒、社区康复人员,请核对证件号码",
            )
        })?;
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO clinic_enrolments (clinic_id, person_id, enrolled_on, consent_on,
                                            created_at, created_by)
             VALUES ($1, $2, $3, $3, $4, $5) RETURNING id",
        )
        .bind(clinic_id)
        .bind(person_id)
        .bind(new.enrolled_on)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| crate::unique_violation(e, "id_number", "该人员正在美沙酮门诊治疗中"))?;
        audit_person(
            &mut tx,
            Some(actor_user_id),
            "clinic.enrolled",
            person_id,
            format!("美沙酮门诊 #{clinic_id} 入组,{}", new.enrolled_on),
        )
        .await?;
        let row: PersonRow = sqlx::query_as(&format!("{PERSON_SELECT} WHERE e.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        clinic_person(&keys, row, today)
    }

    async fn clinic_roster(
        &self,
        actor_user_id: i64,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<ClinicPerson>> {
        let keys = self.keys.get()?;
        let mut conn = self.reader().acquire().await?;
        let (clinic_id, _) = actor_clinic(&mut conn, actor_user_id).await?;
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let rows: Vec<PersonRow> = sqlx::query_as(&format!(
            "{PERSON_SELECT} WHERE e.clinic_id = $1 AND e.ended_on IS NULL AND e.id > $2
             ORDER BY e.id LIMIT $3"
        ))
        .bind(clinic_id)
        .bind(page.after.unwrap_or(0))
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *conn)
        .await?;
        let people = rows
            .into_iter()
            .map(|r| clinic_person(&keys, r, today))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(keyset_page(people, limit, |p| p.enrolment_id))
    }

    async fn clinic_person(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        today: NaiveDate,
    ) -> StoreResult<(ClinicPerson, Vec<Dose>, Vec<ClinicTest>)> {
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        let (person_id, ..) = own_enrolment(&mut tx, actor_user_id, enrolment_id).await?;
        let row: PersonRow = sqlx::query_as(&format!("{PERSON_SELECT} WHERE e.id = $1"))
            .bind(enrolment_id)
            .fetch_one(&mut *tx)
            .await?;
        let doses: Vec<Dose> = sqlx::query_as(
            "SELECT d.dosed_on, d.dose_mg, d.created_at, u.display_name AS created_by
             FROM clinic_doses d JOIN users u ON u.id = d.created_by
             WHERE d.enrolment_id = $1 ORDER BY d.dosed_on DESC LIMIT 90",
        )
        .bind(enrolment_id)
        .fetch_all(&mut *tx)
        .await?;
        let tests: Vec<ClinicTest> = sqlx::query_as(
            "SELECT t.id, t.tested_on, t.positive, t.created_at, u.display_name AS created_by
             FROM clinic_tests t JOIN users u ON u.id = t.created_by
             WHERE t.enrolment_id = $1 ORDER BY t.tested_on DESC, t.id DESC LIMIT 90",
        )
        .bind(enrolment_id)
        .fetch_all(&mut *tx)
        .await?;
        audit_person(
            &mut tx,
            Some(actor_user_id),
            "clinic.read",
            person_id,
            format!("美沙酮门诊查阅治疗记录 #{enrolment_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok((clinic_person(&keys, row, today)?, doses, tests))
    }

    async fn record_dose(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        dosed_on: NaiveDate,
        dose_mg: i64,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let dose_mg =
            mmt1_check_dose(dose_mg).map_err(|text| refused("store-clinic-dose-range", &text))?;
        not_future(dosed_on, today)?;
        let mut tx = self.writer().begin().await?;
        let (person_id, enrolled_on, ended_on, _) =
            own_enrolment(&mut tx, actor_user_id, enrolment_id).await?;
        if dosed_on < enrolled_on || ended_on.is_some_and(|e| dosed_on > e) {
            return Err(refused(
                "store-clinic-outside-enrolment",
                "日期不在该人员的入组治疗期间内",
            ));
        }
        sqlx::query(
            "INSERT INTO clinic_doses (enrolment_id, dosed_on, dose_mg, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(enrolment_id)
        .bind(dosed_on)
        .bind(dose_mg)
        .bind(Utc::now())
        .bind(actor_user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::unique_violation(e, "dosed_on", "该日已登记服药"))?;
        // the latest attendance (a late entry for an earlier day leaves it)
        sqlx::query(
            "UPDATE clinic_enrolments SET last_attended_on = $2, last_dose_mg = $3
             WHERE id = $1 AND (last_attended_on IS NULL OR last_attended_on < $2)",
        )
        .bind(enrolment_id)
        .bind(dosed_on)
        .bind(dose_mg)
        .execute(&mut *tx)
        .await?;
        audit_person(
            &mut tx,
            Some(actor_user_id),
            "clinic.dose",
            person_id,
            format!("美沙酮服药 {dosed_on} {dose_mg} mg"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_clinic_test(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        tested_on: NaiveDate,
        positive: bool,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<()> {
        not_future(tested_on, today)?;
        let mut tx = self.writer().begin().await?;
        let (person_id, enrolled_on, _, clinic_unit) =
            own_enrolment(&mut tx, actor_user_id, enrolment_id).await?;
        if tested_on < enrolled_on {
            return Err(refused(
                "store-clinic-outside-enrolment",
                "日期不在该人员的入组治疗期间内",
            ));
        }
        sqlx::query(
            "INSERT INTO clinic_tests (enrolment_id, tested_on, positive, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(enrolment_id)
        .bind(tested_on)
        .bind(positive)
        .bind(Utc::now())
        .bind(actor_user_id)
        .execute(&mut *tx)
        .await?;
        if positive {
            open_clinic_task(
                &mut tx,
                TaskKind::ClinicPositiveTest,
                person_id,
                clinic_unit,
                Some(actor_user_id),
                cal,
                today,
            )
            .await?;
        }
        audit_person(
            &mut tx,
            Some(actor_user_id),
            "clinic.test",
            person_id,
            format!(
                "美沙酮门诊尿检 {tested_on}:{}",
                if positive { "阳性" } else { "阴性" }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn end_enrolment(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        ended_on: NaiveDate,
        end: EnrolmentEnd,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<()> {
        not_future(ended_on, today)?;
        let mut tx = self.writer().begin().await?;
        let (person_id, enrolled_on, ended, clinic_unit) =
            own_enrolment(&mut tx, actor_user_id, enrolment_id).await?;
        if ended.is_some() {
            return Err(refused(
                "store-clinic-already-ended",
                "该人员的入组治疗已结束",
            ));
        }
        if ended_on < enrolled_on {
            return Err(refused(
                "store-clinic-outside-enrolment",
                "日期不在该人员的入组治疗期间内",
            ));
        }
        sqlx::query(
            "UPDATE clinic_enrolments SET ended_on = $2, end_kind = $3
             WHERE id = $1 AND ended_on IS NULL",
        )
        .bind(enrolment_id)
        .bind(ended_on)
        .bind(end.code())
        .execute(&mut *tx)
        .await?;
        if end.n17_reported() {
            open_clinic_task(
                &mut tx,
                TaskKind::ClinicSelfEnded,
                person_id,
                clinic_unit,
                Some(actor_user_id),
                cal,
                today,
            )
            .await?;
        }
        audit_person(
            &mut tx,
            Some(actor_user_id),
            "clinic.ended",
            person_id,
            format!("美沙酮治疗结束 {ended_on}:{}", end.label_zh()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clinic_dropouts(
        &self,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<DropoutSweep> {
        // N17: dropped out when the first uncovered dosing day (the day after the last
        // attendance, or the enrolment day) lies 3 or more days before today
        let no_visit_by = today - Duration::days(3);
        let last_visit_by = today - Duration::days(4);
        let mut tx = self.writer().begin().await?;
        let due: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT e.id, e.person_id, k.unit_id FROM clinic_enrolments e
             JOIN clinics k ON k.id = e.clinic_id
             WHERE e.ended_on IS NULL
               AND ((e.last_attended_on IS NULL AND e.enrolled_on <= $1)
                    OR e.last_attended_on <= $2)
               AND (e.dropout_reported_on IS NULL
                    OR e.dropout_reported_on <= COALESCE(e.last_attended_on, e.enrolled_on))
             ORDER BY e.id",
        )
        .bind(no_visit_by)
        .bind(last_visit_by)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = DropoutSweep::default();
        for (enrolment_id, person_id, clinic_unit) in due {
            out.dropouts += 1;
            if open_clinic_task(
                &mut tx,
                TaskKind::ClinicDropout,
                person_id,
                clinic_unit,
                None,
                cal,
                today,
            )
            .await?
            {
                out.tasks += 1;
            }
            sqlx::query("UPDATE clinic_enrolments SET dropout_reported_on = $2 WHERE id = $1")
                .bind(enrolment_id)
                .bind(today)
                .execute(&mut *tx)
                .await?;
            audit_person(
                &mut tx,
                None,
                "clinic.dropout",
                person_id,
                "美沙酮治疗连续 3 日未服药(脱失)".to_owned(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn case_clinic(&self, scope: &Scope, case_id: i64) -> StoreResult<Option<CaseClinic>> {
        let person: Option<i64> = sqlx::query_scalar(
            "SELECT person_id FROM cases WHERE id = $1 AND unit_path >= $2 AND unit_path < $3",
        )
        .bind(case_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(self.reader())
        .await?;
        let person = person.ok_or(StoreError::NotFound)?;
        let row: Option<(
            String,
            NaiveDate,
            Option<NaiveDate>,
            Option<String>,
            Option<NaiveDate>,
        )> = sqlx::query_as(
            "SELECT k.name, e.enrolled_on, e.ended_on, e.end_kind, e.last_attended_on
                 FROM clinic_enrolments e JOIN clinics k ON k.id = e.clinic_id
                 WHERE e.person_id = $1 ORDER BY e.id DESC LIMIT 1",
        )
        .bind(person)
        .fetch_optional(self.reader())
        .await?;
        Ok(row.map(|r| CaseClinic {
            clinic_name: r.0,
            enrolled_on: r.1,
            ended_on: r.2,
            end_kind: r.3.as_deref().and_then(EnrolmentEnd::parse),
            last_attended_on: r.4,
        }))
    }

    async fn clinic_alerts(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Task>> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT);
        let kinds = TaskKind::CLINIC
            .iter()
            .map(|k| format!("'{}'", k.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<TaskRow> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} {TASK_JOINS}
             WHERE t.kind IN ({kinds}) AND t.unit_path >= $1 AND t.unit_path < $2 AND t.id < $3
             ORDER BY t.id DESC LIMIT $4"
        ))
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

    async fn clinic_rates(
        &self,
        scope: &Scope,
        period: Period,
        today: NaiveDate,
    ) -> StoreResult<Vec<ClinicRate>> {
        let clinics = self.clinics(scope).await?;
        let mut out = Vec::with_capacity(clinics.len());
        let last_counted = period.to.min(today - Duration::days(1));
        for k in clinics {
            let rows: Vec<(NaiveDate, Option<NaiveDate>, Option<NaiveDate>, i64, i64)> =
                sqlx::query_as(
                    "SELECT e.enrolled_on, e.ended_on, e.last_attended_on,
                            (SELECT COUNT(*) FROM clinic_doses d WHERE d.enrolment_id = e.id
                               AND d.dosed_on >= $3 AND d.dosed_on <= $4),
                            (SELECT COUNT(*) FROM clinic_tests t WHERE t.enrolment_id = e.id
                               AND t.positive AND t.tested_on >= $2 AND t.tested_on <= $5)
                     FROM clinic_enrolments e
                     WHERE e.clinic_id = $1 AND e.enrolled_on <= $5
                       AND (e.ended_on IS NULL OR e.ended_on >= $2)",
                )
                .bind(k.id)
                .bind(period.from)
                .bind(period.from)
                .bind(last_counted)
                .bind(period.to)
                .fetch_all(self.reader())
                .await?;
            let (mut attended, mut expected) = (0u64, 0u64);
            let mut retention = Ratio::default();
            let mut enrolled = 0u64;
            for (enrolled_on, ended_on, last, doses, positives) in rows {
                enrolled += 1;
                attended += doses.max(0) as u64;
                expected += mmt1_expected_days(enrolled_on, ended_on, period, today);
                retention.add(mmt1_retained(
                    &TreatmentFacts {
                        enrolled_on,
                        ended_on,
                        last_attended: last,
                        positive_in_period: positives > 0,
                    },
                    period,
                    today,
                ));
            }
            out.push(ClinicRate {
                clinic_id: k.id,
                clinic_name: k.name,
                unit_name: k.unit_name,
                enrolled,
                attendance: mmt1_attendance_rate(attended, expected),
                retention,
            });
        }
        Ok(out)
    }
}
