// The person registry (INFO-1) — the SQL both engines run, written once: registration,
// the archive read and the count. Opening an archive (its audit record goes through
// SQLite's group commit), the list (SQLite chooses its plan, PostgreSQL compares names
// byte-wise) and the bulk load (PostgreSQL inserts from arrays) are each engine's own.
//
// Included (see README.md beside this file) by a module that defines `Db` and `Conn`;
// uses `crate::units::usable_unit_path`, `crate::tasks::refuse_duplicate_elsewhere`,
// `crate::audit::append` and `crate::unique_violation`.

use chrono::{NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_store::model::{AuditEntry, NewPerson, Person};
use jiekang_store::rows::{Holder, PersonRow, duplicate_person_message};
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::tasks::DUPLICATE_ELSEWHERE_MESSAGE;
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::Pool;

use crate::{audit, unique_violation};

const SELECT_ONE: &str =
    "SELECT p.id, p.unit_id, n.name AS unit_name, p.name, p.id_type, p.id_number_sealed, p.sex,
        p.birth_date, p.created_at, cu.display_name AS created_by, p.updated_at,
        uu.display_name AS updated_by, p.version
    FROM persons p
    JOIN units n ON n.id = p.unit_id
    JOIN users cu ON cu.id = p.created_by
    JOIN users uu ON uu.id = p.updated_by";

pub(crate) async fn get_in(
    conn: &mut Conn,
    keys: &Keyring,
    scope: &Scope,
    id: i64,
) -> StoreResult<Person> {
    let row: Option<PersonRow> = sqlx::query_as(&format!(
        "{SELECT_ONE} WHERE p.id = $1 AND p.unit_path >= $2 AND p.unit_path < $3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.open(keys)
}

pub(crate) async fn create(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    new: &NewPerson,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<Person> {
    let mut tx = pool.begin().await?;
    let unit_path = crate::units::usable_unit_path(&mut tx, scope, new.unit_id).await?;
    // One person per ID number across the whole system, found by its blind index
    //; say only which unit holds it.
    let index = keys.blind_index(&new.id_type, &new.id_number);
    let holder: Option<Holder> = sqlx::query_as(
        "SELECT p.id AS person_id, p.unit_id, p.unit_path, n.name AS unit_name
         FROM persons p JOIN units n ON n.id = p.unit_id
         WHERE p.id_type = $1 AND p.id_number_index = $2",
    )
    .bind(&new.id_type)
    .bind(&index)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(holder) = holder {
        if scope.contains(&holder.unit_path) {
            return Err(StoreError::Conflict {
                field: "id_number",
                message: duplicate_person_message(&holder.unit_name),
            });
        }
        // Outside the scope: refuse without naming anything, but tell the holding
        // office (a task) and the auditors (both units), in one transaction.
        crate::tasks::refuse_duplicate_elsewhere(
            &mut tx,
            &holder,
            (new.unit_id, &unit_path),
            actor,
            cal,
            today,
        )
        .await?;
        tx.commit().await?;
        return Err(StoreError::Conflict {
            field: "id_number",
            message: DUPLICATE_ELSEWHERE_MESSAGE.to_owned(),
        });
    }
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number_sealed, sex,
                              birth_date, created_at, created_by, updated_at, updated_by,
                              id_number, id_number_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9, '', $10) RETURNING id",
    )
    .bind(new.unit_id)
    .bind(&unit_path)
    .bind(&new.name)
    .bind(&new.id_type)
    .bind(keys.seal_str(Field::IdNumber, &new.id_number))
    .bind(new.sex)
    .bind(new.birth_date)
    .bind(now)
    .bind(actor)
    .bind(&index)
    .fetch_one(&mut *tx)
    .await
    // a concurrent registration of the same number got in between check and insert
    .map_err(|e| unique_violation(e, "id_number", "该证件号码已登记"))?;
    let person = get_in(&mut tx, keys, scope, id).await?;
    audit::append(
        &mut tx,
        &AuditEntry::of_object(
            now,
            Some(actor),
            "person.create",
            "person",
            Some(id),
            String::new(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(person)
}

pub(crate) async fn count(pool: &Pool<Db>, scope: &Scope) -> StoreResult<i64> {
    // maintained per unit by triggers (migration 0003): a sum over the scope's units
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(persons), 0) AS BIGINT) FROM unit_person_counts
         WHERE unit_path >= $1 AND unit_path < $2",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(pool)
    .await?)
}
