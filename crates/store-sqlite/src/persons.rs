//! The person registry (INFO-1) on SQLite. Registration, the archive read and the
//! count are the SQL shared by both engines, in `crates/store/engine-sql/persons.rs`,
//! bound to this engine's types. The engine's own are beside it: opening an archive
//! (its audit record goes through the group commit), the list (its plan chosen by the
//! size of the scope) and the bulk load.

use std::collections::HashMap;

use async_trait::async_trait;
use jiekang_domain::id_number::IdType;
use jiekang_store::cases::{Archive, ArchiveAccess, PersonId, PersonProfile};
use jiekang_store::model::{BulkPerson, Page, PageRequest, PersonFilter, PersonListItem};
use jiekang_store::prelude::Persons;
use jiekang_store::rows::{PersonListRow, keyset_page};
use sqlx::{QueryBuilder, Sqlite as Db, SqliteConnection as Conn, SqlitePool};

use crate::SqliteStore;
use crate::group_commit::GroupCommit;

include!("../../store/engine-sql/persons.rs");

/// Open the archive: read on a reader connection, then its audit record through the
/// group commit; the person is handed out only once the record is
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
            let path: Option<String> = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
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
    let mut q: QueryBuilder<Db> = QueryBuilder::new(format!(
        "SELECT p.id, n.name AS unit_name, p.name, p.id_number_sealed, p.sex, p.birth_date
         FROM persons p JOIN units n ON n.id = p.unit_id WHERE {path} >= "
    ));
    q.push_bind(scope.lower())
        .push(format!(" AND {path} < "))
        .push_bind(scope.upper());
    if let Some(id_number) = &filter.id_number {
        // the blind index of the number under every ID type (the number is sealed at rest)
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
        "SELECT COALESCE(SUM(CASE WHEN unit_path >= $1 AND unit_path < $2 THEN persons END), 0),
                COALESCE(SUM(persons), 0)
         FROM unit_person_counts",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_one(pool)
    .await?;
    Ok(in_scope.saturating_mul(in_scope) > total.saturating_mul(i64::from(limit)))
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
    let inserted = bulk_insert_in(&mut tx, keys, rows, created_by).await?;
    tx.commit().await?;
    Ok(inserted)
}

/// [`bulk_insert`] inside the caller's transaction (INFO-1 import writes persons and their
/// histories together).
pub(crate) async fn bulk_insert_in(
    tx: &mut Conn,
    keys: &Keyring,
    rows: &[BulkPerson],
    created_by: i64,
) -> StoreResult<u64> {
    let paths: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, path FROM units")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let now = Utc::now();
    let mut inserted = 0;
    for chunk in rows.chunks(CHUNK) {
        let mut q: QueryBuilder<Db> = QueryBuilder::new(
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
                .push_bind(p.sex)
                .push_bind(p.birth_date)
                .push_bind(now)
                .push_bind(created_by)
                .push_bind(now)
                .push_bind(created_by);
        });
        if let Some(unit) = missing {
            return Err(StoreError::refused(
                jiekang_store::Refusal::message(
                    "store-unit-code-unknown",
                    format!("单位 {unit} 不存在"),
                )
                .arg("code", unit.to_string()),
            ));
        }
        inserted += q
            .build()
            .execute(&mut *tx)
            .await
            .map_err(|e| unique_violation(e, "id_number", "证件号码重复"))?
            .rows_affected();
    }
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
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive> {
        let keys = self.keys.get()?;
        let (read, commits) = (&self.read, &self.commits);
        crate::cases::open_archive(
            read,
            commits,
            &keys,
            scope,
            actor_user_id,
            person_id,
            access,
        )
        .await
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
