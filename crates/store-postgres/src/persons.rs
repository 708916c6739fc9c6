//! The person registry (INFO-1) on PostgreSQL, minimal form; case work extends it.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::id_number::IdType;
use jiekang_store::cases::PersonProfile;
use jiekang_store::model::{
    AuditEntry, BulkPerson, NewPerson, Page, PageRequest, Person, PersonFilter, PersonListItem,
};
use jiekang_store::prelude::Persons;
use jiekang_store::rows::{
    Holder, PersonListRow, PersonRow, duplicate_person_message, keyset_page,
};
use jiekang_store::sealed::{Field, Keyring};
use jiekang_store::tasks::DUPLICATE_ELSEWHERE_MESSAGE;
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use crate::PgStore;
use crate::{audit, unique_violation};

const SELECT_ONE: &str =
    "SELECT p.id, p.unit_id, n.name AS unit_name, p.name, p.id_type, p.id_number_sealed, p.sex,
        p.birth_date, p.created_at, cu.display_name AS created_by, p.updated_at,
        uu.display_name AS updated_by, p.version
    FROM persons p
    JOIN units n ON n.id = p.unit_id
    JOIN users cu ON cu.id = p.created_by
    JOIN users uu ON uu.id = p.updated_by";

async fn get_in(
    conn: &mut PgConnection,
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
    pool: &PgPool,
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
    // (issue #5 item 3); say only which unit holds it.
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
    .bind(&new.sex)
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

/// Open the archive: the read and its audit record are one transaction.
pub(crate) async fn open(
    pool: &PgPool,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<Person> {
    let mut tx = pool.begin().await?;
    let person = get_in(&mut tx, keys, scope, id).await?;
    audit::append(
        &mut tx,
        &AuditEntry::of_object(
            Utc::now(),
            Some(actor),
            "person.read",
            "person",
            Some(id),
            String::new(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(person)
}

pub(crate) async fn list(
    pool: &PgPool,
    keys: &Keyring,
    scope: &Scope,
    filter: &PersonFilter,
    page: PageRequest,
) -> StoreResult<Page<PersonListItem>> {
    let mut q: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT p.id, n.name AS unit_name, p.name, p.id_number_sealed, p.sex, p.birth_date
         FROM persons p JOIN units n ON n.id = p.unit_id WHERE p.unit_path >= ",
    );
    q.push_bind(scope.lower())
        .push(" AND p.unit_path < ")
        .push_bind(scope.upper());
    if let Some(unit_id) = filter.unit_id {
        // narrow to a unit's subtree, still inside the scope above
        q.push(" AND p.unit_path >= (SELECT path FROM units WHERE id = ")
            .push_bind(unit_id)
            .push(") AND p.unit_path < (SELECT left(path, -1) || '0' FROM units WHERE id = ")
            .push_bind(unit_id)
            .push(")");
    }
    if let Some(id_number) = &filter.id_number {
        // the blind index of the number under every ID type (issue #5 item 3)
        q.push(" AND p.id_number_index IN (");
        let mut types = q.separated(", ");
        for t in IdType::ALL {
            types.push_bind(keys.blind_index(t.code(), id_number));
        }
        q.push(")");
    }
    if let Some(prefix) = &filter.name_prefix {
        // a byte-ordered range on the persons_name index; no LIKE, so no escaping of % and _
        q.push(r#" AND p.name COLLATE "C" >= "#)
            .push_bind(prefix.clone());
        q.push(r#" AND p.name COLLATE "C" < "#)
            .push_bind(format!("{prefix}\u{10FFFF}"));
    }
    if let Some(after) = page.after {
        q.push(" AND p.id < ").push_bind(after);
    }
    q.push(" ORDER BY p.id DESC LIMIT ")
        .push_bind(i64::from(page.limit) + 1);
    let rows: Vec<PersonListRow> = q.build_query_as().fetch_all(pool).await?;
    let items: Vec<PersonListItem> = rows
        .into_iter()
        .map(|r| r.open(keys))
        .collect::<StoreResult<_>>()?;
    Ok(keyset_page(items, page.limit, |p| p.id))
}

pub(crate) async fn count(pool: &PgPool, scope: &Scope) -> StoreResult<i64> {
    Ok(
        // maintained per unit by triggers (migration 0003): a sum over the scope's units
        sqlx::query_scalar(
            "SELECT COALESCE(SUM(persons), 0)::BIGINT FROM unit_person_counts
             WHERE unit_path >= $1 AND unit_path < $2",
        )
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_one(pool)
        .await?,
    )
}

/// Rows per INSERT: one array per column, so the statement size does not grow with
/// the parameter count; the chunk only bounds the memory of one round trip.
const CHUNK: usize = 10_000;

/// One set-based `INSERT … SELECT FROM UNNEST(…)` per chunk, in one transaction: a
/// duplicate anywhere rolls the whole call back. The unit path comes from a join.
pub(crate) async fn bulk_insert(
    pool: &PgPool,
    keys: &Keyring,
    rows: &[BulkPerson],
    created_by: i64,
) -> StoreResult<u64> {
    let mut tx = pool.begin().await?;
    let now = Utc::now();
    let mut inserted = 0;
    for chunk in rows.chunks(CHUNK) {
        let unit_ids: Vec<i64> = chunk.iter().map(|p| p.unit_id).collect();
        let done = sqlx::query(
            "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number, id_number_sealed,
                                  id_number_index, sex, birth_date,
                                  created_at, created_by, updated_at, updated_by)
             SELECT t.unit_id, n.path, t.name, t.id_type, '', t.sealed, t.blind, t.sex,
                    t.birth_date, $7, $8, $7, $8
             FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::bytea[], $5::text[],
                         $6::date[], $9::bytea[])
                  WITH ORDINALITY AS t(unit_id, name, id_type, sealed, sex, birth_date, blind, ord)
             JOIN units n ON n.id = t.unit_id
             ORDER BY t.ord",
        )
        .bind(&unit_ids)
        .bind(chunk.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|p| p.id_type.as_str()).collect::<Vec<_>>())
        .bind(
            chunk
                .iter()
                .map(|p| keys.seal_str(Field::IdNumber, &p.id_number))
                .collect::<Vec<_>>(),
        )
        .bind(chunk.iter().map(|p| p.sex.as_deref()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|p| p.birth_date).collect::<Vec<_>>())
        .bind(now)
        .bind(created_by)
        .bind(
            chunk
                .iter()
                .map(|p| keys.blind_index(&p.id_type, &p.id_number))
                .collect::<Vec<_>>(),
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_violation(e, "id_number", "证件号码重复"))?;
        if done.rows_affected() < chunk.len() as u64 {
            // the join dropped rows of a unit that does not exist; dropping `tx` rolls back
            return Err(missing_unit(&mut tx, &unit_ids).await);
        }
        inserted += done.rows_affected();
    }
    tx.commit().await?;
    Ok(inserted)
}

/// The refusal for a bulk load that names a unit that does not exist.
async fn missing_unit(conn: &mut PgConnection, unit_ids: &[i64]) -> StoreError {
    let missing: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
        "SELECT x.id FROM UNNEST($1::bigint[]) AS x(id)
         WHERE NOT EXISTS (SELECT 1 FROM units n WHERE n.id = x.id) LIMIT 1",
    )
    .bind(unit_ids)
    .fetch_optional(conn)
    .await;
    match missing {
        Ok(Some(unit)) => StoreError::Refused(format!("单位 {unit} 不存在")),
        Ok(None) => StoreError::Refused("单位不存在".into()),
        Err(e) => e.into(),
    }
}

#[async_trait]
impl Persons for PgStore {
    async fn register_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Person> {
        create(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            new,
            cal,
            today,
        )
        .await
    }
    async fn persons(
        &self,
        scope: &Scope,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> StoreResult<Page<PersonListItem>> {
        list(&self.pool, &*self.keys.get()?, scope, filter, page).await
    }
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person> {
        open(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64> {
        count(&self.pool, scope).await
    }
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile> {
        crate::cases::profile(&self.pool, &*self.keys.get()?, scope, person_id).await
    }
    async fn update_person_profile(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: i64,
        version: i64,
        profile: &PersonProfile,
    ) -> StoreResult<()> {
        crate::cases::update_profile(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            person_id,
            version,
            profile,
        )
        .await
    }
}
