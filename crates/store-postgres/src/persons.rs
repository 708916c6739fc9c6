//! The person registry (INFO-1) on PostgreSQL. Registration, the archive read and the
//! count are the SQL shared by both engines, in `crates/store/engine-sql/persons.rs`,
//! bound to this engine's types. The engine's own are beside it: opening an archive
//! (read and audit record in one transaction), the list (names compared byte-wise) and
//! the bulk load (from arrays).

use async_trait::async_trait;
use jiekang_domain::id_number::{IdType, Sex};
use jiekang_store::cases::{Archive, ArchiveAccess, PersonId, PersonProfile};
use jiekang_store::model::{BulkPerson, Page, PageRequest, PersonFilter, PersonListItem};
use jiekang_store::prelude::Persons;
use jiekang_store::rows::{PersonListRow, keyset_page};
use sqlx::{PgConnection as Conn, PgPool, Postgres as Db, QueryBuilder};

use crate::PgStore;

include!("../../store/engine-sql/persons.rs");

/// Open a person: the read, then its audit record (chained after its commit, see
/// `audit`) before the person is handed out.
pub(crate) async fn open(
    store: &PgStore,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    id: i64,
) -> StoreResult<Person> {
    let person = get_in(&mut *store.pool.acquire().await?, keys, scope, id).await?;
    jiekang_store::prelude::AuditLog::audit(
        store,
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
    Ok(person)
}

pub(crate) async fn list(
    pool: &PgPool,
    keys: &Keyring,
    scope: &Scope,
    filter: &PersonFilter,
    page: PageRequest,
) -> StoreResult<Page<PersonListItem>> {
    let mut q: QueryBuilder<Db> = QueryBuilder::new(
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
        // the blind index of the number under every ID type (the number is sealed at rest)
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
        .bind(
            chunk
                .iter()
                .map(|p| p.sex.map(Sex::code))
                .collect::<Vec<_>>(),
        )
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
            return Err(missing_unit(tx, &unit_ids).await);
        }
        inserted += done.rows_affected();
    }
    Ok(inserted)
}

/// The refusal for a bulk load that names a unit that does not exist.
async fn missing_unit(conn: &mut Conn, unit_ids: &[i64]) -> StoreError {
    let missing: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
        "SELECT x.id FROM UNNEST($1::bigint[]) AS x(id)
         WHERE NOT EXISTS (SELECT 1 FROM units n WHERE n.id = x.id) LIMIT 1",
    )
    .bind(unit_ids)
    .fetch_optional(conn)
    .await;
    match missing {
        Ok(Some(unit)) => StoreError::refused(
            jiekang_store::Refusal::message(
                "store-unit-code-unknown",
                format!("单位 {unit} 不存在"),
            )
            .arg("code", unit.to_string()),
        ),
        Ok(None) => StoreError::refused("单位不存在"),
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
        open(self, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64> {
        count(&self.pool, scope).await
    }
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive> {
        let keys = self.keys.get()?;
        crate::cases::open_archive(self, &keys, scope, actor_user_id, person_id, access).await
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
