// INFO-1, import — imports of legacy registers: who holds each ID number (blind index),
// the import keys of what earlier runs wrote, and one transaction per batch writing
// persons, histories and keys together. Included (see README.md beside this file) by
// a module that defines `Db` and `Conn`; uses `crate::audit::append`,
// `crate::persons::bulk_insert_in`, `crate::bulk::load_in`, `crate::unique_violation`
// and `crate::EngineStore` with `reader()`/`writer()` and its `keys` (the file
// implements `Imports` itself).

use async_trait::async_trait;
use chrono::Utc;
use jiekang_store::bulk::HistoryBatch;
use jiekang_store::cases::PersonId;
use jiekang_store::imports::{
    CasePerson, Holder, ImportFile, ImportWrite, ImportWritten, OrderRef,
};
use jiekang_store::model::AuditEntry;
use jiekang_store::prelude::Imports;
use jiekang_store::sealed::Keyring;
use jiekang_store::{Scope, StoreError, StoreResult};
use sha2::{Digest, Sha256};
use sqlx::QueryBuilder;

/// The key of an imported person: a hash of the number's blind index (keyed, so the
/// key says nothing about the number without the index key).
fn person_key(keys: &Keyring, id_type: &str, id_number: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"jiekang:import:person\0");
    h.update(keys.blind_index(id_type, id_number));
    h.finalize().to_vec()
}

/// The key of an imported order: the person's blind index, decision number and date.
fn order_key(keys: &Keyring, o: &OrderRef) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"jiekang:import:order\0");
    h.update(keys.blind_index(&o.id_type, &o.id_number));
    h.update(b"\0");
    h.update(o.decision_number.as_bytes());
    h.update(b"\0");
    h.update(o.decided_on.to_string().as_bytes());
    h.finalize().to_vec()
}

type HolderRow = (i64, String, String, String, bool, bool);

async fn insert_keys(
    conn: &mut Conn,
    import_id: i64,
    rows: &[(Vec<u8>, i64, Option<i64>)],
) -> StoreResult<()> {
    for chunk in rows.chunks(1_000) {
        let mut q: QueryBuilder<Db> =
            QueryBuilder::new("INSERT INTO import_keys (key, import_id, person_id, case_id) ");
        q.push_values(chunk, |mut b, (key, person, case)| {
            b.push_bind(key.clone())
                .push_bind(import_id)
                .push_bind(*person)
                .push_bind(*case);
        });
        q.build().execute(&mut *conn).await.map_err(|e| {
            crate::unique_violation(e, "import", "同一文件正由另一导入写入,请稍后重试")
        })?;
    }
    Ok(())
}

#[async_trait]
impl Imports for crate::EngineStore {
    async fn import_holders(
        &self,
        scope: &Scope,
        ids: &[(String, String)],
    ) -> StoreResult<Vec<Holder>> {
        let keys = self.keys.get()?;
        let mut conn = self.reader().acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for (id_type, id_number) in ids {
            let row: Option<HolderRow> = sqlx::query_as(
                "SELECT p.id, p.name, p.unit_path, n.name,
                        EXISTS (SELECT 1 FROM import_keys k WHERE k.key = $2),
                        EXISTS (SELECT 1 FROM cases c
                                WHERE c.person_id = p.id AND c.closed_on IS NULL)
                 FROM persons p JOIN units n ON n.id = p.unit_id
                 WHERE p.id_number_index = $1",
            )
            .bind(keys.blind_index(id_type, id_number))
            .bind(person_key(&keys, id_type, id_number))
            .fetch_optional(&mut *conn)
            .await?;
            out.push(match row {
                None => Holder::Nobody,
                Some((_, _, path, ..)) if !scope.contains(&path) => Holder::Elsewhere,
                Some((person_id, name, _, unit_name, imported, open_case)) => Holder::InScope {
                    person_id,
                    name,
                    unit_name,
                    imported,
                    open_case,
                },
            });
        }
        Ok(out)
    }

    async fn imported_orders(&self, orders: &[OrderRef]) -> StoreResult<Vec<bool>> {
        let keys = self.keys.get()?;
        let mut conn = self.reader().acquire().await?;
        let mut out = Vec::with_capacity(orders.len());
        for o in orders {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT import_id FROM import_keys WHERE key = $1")
                    .bind(order_key(&keys, o))
                    .fetch_optional(&mut *conn)
                    .await?;
            out.push(found.is_some());
        }
        Ok(out)
    }

    async fn begin_import(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        file: &ImportFile,
    ) -> StoreResult<i64> {
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let (unit_id, unit_path): (i64, String) =
            sqlx::query_as("SELECT unit_id, unit_path FROM users WHERE id = $1")
                .bind(actor_user_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        if !scope.contains(&unit_path) {
            return Err(StoreError::NotFound);
        }
        let rows = i64::try_from(file.rows).unwrap_or(i64::MAX);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO imports (file_name, file_sha256, file_rows, unit_id, unit_path,
                 started_at, started_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&file.name)
        .bind(&file.sha256)
        .bind(rows)
        .bind(unit_id)
        .bind(&unit_path)
        .bind(now)
        .bind(actor_user_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "import.started",
                "import",
                Some(id),
                format!(
                    "开始导入历史台账 {}({} 行,SHA-256 {})",
                    file.name, file.rows, file.sha256
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn import_write(&self, batch: ImportWrite) -> StoreResult<ImportWritten> {
        let keys = self.keys.get()?;
        let mut tx = self.writer().begin().await?;
        crate::persons::bulk_insert_in(&mut tx, &keys, &batch.persons, batch.created_by).await?;
        // the new persons' ids, found as registration finds them (blind index)
        let mut person_ids = Vec::with_capacity(batch.persons.len());
        let mut key_rows = Vec::with_capacity(batch.persons.len() + batch.cases.len());
        for p in &batch.persons {
            let id: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE id_number_index = $1")
                .bind(keys.blind_index(&p.id_type, &p.id_number))
                .fetch_one(&mut *tx)
                .await?;
            person_ids.push(id);
            key_rows.push((person_key(&keys, &p.id_type, &p.id_number), id, None));
        }
        let mut histories = HistoryBatch::default();
        let mut order_keys = Vec::with_capacity(batch.cases.len());
        let mut records = 0u64;
        for c in batch.cases {
            let person = match c.person {
                CasePerson::Held(id) => id,
                CasePerson::New(i) => *person_ids.get(i).ok_or(StoreError::NotFound)?,
            };
            let mut h = c.history;
            h.case.person_id = PersonId(person);
            records +=
                h.tests.len() as u64 + h.events.iter().filter(|e| e.kind == "talk").count() as u64;
            order_keys.push((order_key(&keys, &c.key), person));
            histories.cases.push(h);
        }
        let (stats, case_ids) = crate::bulk::load_in(&mut tx, &keys, &histories).await?;
        for ((key, person), case) in order_keys.into_iter().zip(case_ids) {
            key_rows.push((key, person, Some(case)));
        }
        insert_keys(&mut tx, batch.import_id, &key_rows).await?;
        let persons = person_ids.len() as u64;
        sqlx::query(
            "UPDATE imports SET persons = persons + $2, orders = orders + $3,
                 records = records + $4
             WHERE id = $1",
        )
        .bind(batch.import_id)
        .bind(persons as i64)
        .bind(stats.cases as i64)
        .bind(records as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ImportWritten {
            persons,
            orders: stats.cases,
            records,
            rows: stats.rows + persons + key_rows.len() as u64,
            skipped: 0,
        })
    }

    async fn finish_import(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        import_id: i64,
        written: &ImportWritten,
        refused: u64,
    ) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.writer().begin().await?;
        let path: String = sqlx::query_scalar("SELECT unit_path FROM imports WHERE id = $1")
            .bind(import_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !scope.contains(&path) {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "UPDATE imports SET finished_at = $2, skipped = $3, refused = $4 WHERE id = $1",
        )
        .bind(import_id)
        .bind(now)
        .bind(written.skipped as i64)
        .bind(refused as i64)
        .execute(&mut *tx)
        .await?;
        crate::audit::append(
            &mut tx,
            &AuditEntry::of_object(
                now,
                Some(actor_user_id),
                "import.finished",
                "import",
                Some(import_id),
                format!(
                    "历史台账导入完成:新增人员 {},决定 {},检测与谈话 {};已导入而跳过 {},有误未导入 {} 行",
                    written.persons, written.orders, written.records, written.skipped, refused
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
