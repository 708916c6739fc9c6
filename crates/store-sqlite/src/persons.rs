//! The person registry (INFO-1) on SQLite, minimal form; case work extends it.

use std::collections::HashMap;

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
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::SqliteStore;
use crate::group_commit::GroupCommit;
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
    conn: &mut SqliteConnection,
    keys: &Keyring,
    scope: &Scope,
    id: i64,
) -> StoreResult<Person> {
    let row: Option<PersonRow> = sqlx::query_as(&format!(
        "{SELECT_ONE} WHERE p.id = ?1 AND p.unit_path >= ?2 AND p.unit_path < ?3"
    ))
    .bind(id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(conn)
    .await?;
    row.ok_or(StoreError::NotFound)?.open(keys)
}

pub(crate) async fn create(
    pool: &SqlitePool,
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
         WHERE p.id_type = ?1 AND p.id_number_index = ?2",
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
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9, '', ?10) RETURNING id",
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

/// Open the archive: read on a reader connection, then its audit record through the
/// group commit (issue #6); the person is handed out only once the record is
/// committed. Nothing is recorded for a person outside the scope (not found).
pub(crate) async fn open(
    read: &SqlitePool,
    commits: &GroupCommit,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<Person> {
    let person = get_in(&mut *read.acquire().await?, keys, scope, id).await?;
    commits
        .audit(AuditEntry::of_object(
            Utc::now(),
            Some(actor),
            "person.read",
            "person",
            Some(id),
            String::new(),
        ))
        .await?;
    Ok(person)
}

pub(crate) async fn list(
    pool: &SqlitePool,
    keys: &Keyring,
    scope: &Scope,
    filter: &PersonFilter,
    page: PageRequest,
) -> StoreResult<Page<PersonListItem>> {
    // A unit filter narrows the scope to that unit's subtree, resolved here so that the
    // query carries one literal path range the planner can use.
    let scope = match filter.unit_id {
        Some(id) => {
            let path: Option<String> = sqlx::query_scalar("SELECT path FROM units WHERE id = ?1")
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match path {
                Some(path) if scope.contains(&path) => Scope::of_unit(id, path),
                _ => {
                    return Ok(Page {
                        items: Vec::new(),
                        next_after: None,
                    });
                }
            }
        }
        None => scope.clone(),
    };
    let scope = &scope;
    let newest_first = filter.name_prefix.is_none()
        && filter.id_number.is_none()
        && scan_newest_first(pool, scope, page.limit).await?;
    // `+p.unit_path` keeps SQLite off the scope index, so it walks ids downwards instead.
    let path = if newest_first {
        "+p.unit_path"
    } else {
        "p.unit_path"
    };
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
        "SELECT p.id, n.name AS unit_name, p.name, p.id_number_sealed, p.sex, p.birth_date
         FROM persons p JOIN units n ON n.id = p.unit_id WHERE {path} >= "
    ));
    q.push_bind(scope.lower())
        .push(format!(" AND {path} < "))
        .push_bind(scope.upper());
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
        // range on the name index instead of LIKE (which would not use it)
        q.push(" AND p.name >= ").push_bind(prefix.clone());
        q.push(" AND p.name < ")
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

/// Choose the plan of an unfiltered list page. Through the scope index SQLite reads
/// and sorts every person of the scope; walking the primary key downwards reads about
/// `limit × total / in_scope` rows. The walk wins once `in_scope² > total × limit`,
/// i.e. for districts and cities, while townships and communities use the index.
async fn scan_newest_first(pool: &SqlitePool, scope: &Scope, limit: u32) -> StoreResult<bool> {
    let (in_scope, total): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN unit_path >= ?1 AND unit_path < ?2 THEN persons END), 0),
                COALESCE(SUM(persons), 0)
         FROM unit_person_counts",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(pool)
    .await?;
    Ok(in_scope.saturating_mul(in_scope) > total.saturating_mul(i64::from(limit)))
}

pub(crate) async fn count(pool: &SqlitePool, scope: &Scope) -> StoreResult<i64> {
    // maintained per unit by triggers (migration 0003): a sum over the scope's units
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(persons), 0) FROM unit_person_counts WHERE unit_path >= ?1 AND unit_path < ?2",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(pool)
    .await?)
}

/// Rows per INSERT statement: 12 parameters each, under SQLite's 32,766 limit.
const CHUNK: usize = 2_000;

pub(crate) async fn bulk_insert(
    pool: &SqlitePool,
    keys: &Keyring,
    rows: &[BulkPerson],
    created_by: i64,
) -> StoreResult<u64> {
    let mut tx = pool.begin().await?;
    let paths: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, path FROM units")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let now = Utc::now();
    let mut inserted = 0;
    for chunk in rows.chunks(CHUNK) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO persons (unit_id, unit_path, name, id_type, id_number,
                                  id_number_sealed, id_number_index, sex, birth_date,
                                  created_at, created_by, updated_at, updated_by) ",
        );
        let mut missing = None;
        q.push_values(chunk, |mut b, p| {
            let path = paths.get(&p.unit_id).cloned().unwrap_or_else(|| {
                missing = Some(p.unit_id);
                String::new()
            });
            b.push_bind(p.unit_id)
                .push_bind(path)
                .push_bind(&p.name)
                .push_bind(&p.id_type)
                .push("''")
                .push_bind(keys.seal_str(Field::IdNumber, &p.id_number))
                .push_bind(keys.blind_index(&p.id_type, &p.id_number))
                .push_bind(&p.sex)
                .push_bind(p.birth_date)
                .push_bind(now)
                .push_bind(created_by)
                .push_bind(now)
                .push_bind(created_by);
        });
        if let Some(unit) = missing {
            return Err(StoreError::Refused(format!("单位 {unit} 不存在")));
        }
        inserted += q
            .build()
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, "id_number", "证件号码重复"))?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(inserted)
}

#[async_trait]
impl Persons for SqliteStore {
    async fn register_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Person> {
        create(
            &self.write,
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
        list(&self.read, &*self.keys.get()?, scope, filter, page).await
    }
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person> {
        open(
            &self.read,
            &self.commits,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            id,
        )
        .await
    }
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64> {
        count(&self.read, scope).await
    }
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile> {
        crate::cases::profile(&self.read, &*self.keys.get()?, scope, person_id).await
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
            &self.write,
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
