//! INFO-1, import — the clean rows of a prepared file planned and written in batches: each
//! batch (its persons with all their orders) is one transaction with its import
//! keys, so a run that is killed resumes where it stopped, and a file imported twice
//! adds nothing the second time.

use std::collections::HashMap;

use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::import::{RecordRow, Sheet};
use jiekang_domain::permission::Role;

use super::check::{Prepared, RESIDENT_ID, order_ref};
use super::plan::{Actors, PlanError, order_history};
use super::{CasePerson, Holder, ImportCase, ImportFile, ImportWrite, ImportWritten};
use crate::bulk::{BulkActor, BulkCasePerson};
use crate::error::StoreResult;
use crate::model::BulkPerson;
use crate::scope::Scope;
use crate::store::Store;

/// Told after each batch: register rows done, rows in all.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Send + Sync);

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub import_id: i64,
    pub written: ImportWritten,
    /// Rows left out with a reason.
    pub refused: u64,
}

/// A planned file: new persons and planned orders, each with its register rows.
pub struct Planned {
    persons: Vec<(BulkPerson, u64)>,
    /// Orders of new persons by the person's position; of held persons apart.
    cases: Vec<(ImportCase, u64)>,
    /// Persons and orders an earlier run wrote.
    pub skipped: u64,
}

impl Planned {
    pub fn new_persons(&self) -> u64 {
        self.persons.len() as u64
    }

    pub fn new_orders(&self) -> u64 {
        self.cases.len() as u64
    }
}

/// INFO-1, import — plan every clean order by the rules; orders and records the rules
/// refuse get their reason in `prepared` (a dry run shows them too).
pub fn plan(
    prepared: &mut Prepared,
    importer: &BulkActor,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> Planned {
    let actors = Actors {
        office: BulkActor {
            role: Role::TownshipOffice,
            ..importer.clone()
        },
        police: BulkActor {
            role: Role::CommunityPolice,
            ..importer.clone()
        },
    };
    let mut persons = Vec::new();
    let mut new_index: HashMap<String, usize> = HashMap::new();
    for p in &prepared.checked.persons {
        if prepared.done_persons.contains(&p.line) {
            continue;
        }
        let Some(unit) = prepared.units.get(&p.unit_code) else {
            continue;
        };
        new_index.insert(p.id_number.as_str().to_owned(), persons.len());
        persons.push((
            BulkPerson {
                unit_id: unit.id,
                name: p.name.clone(),
                id_type: RESIDENT_ID.to_owned(),
                id_number: p.id_number.as_str().to_owned(),
                sex: Some(p.id_number.sex()),
                birth_date: Some(p.id_number.birth_date()),
            },
            1,
        ));
    }
    let names: HashMap<&str, &str> = prepared
        .checked
        .persons
        .iter()
        .map(|p| (p.id_number.as_str(), p.name.as_str()))
        .collect();
    let mut records: HashMap<(&str, &str), Vec<&RecordRow>> = HashMap::new();
    for r in &prepared.checked.records {
        records
            .entry((r.id_number.as_str(), r.decision_number.as_str()))
            .or_default()
            .push(r);
    }
    let mut cases = Vec::new();
    let mut refusals: Vec<(Sheet, usize, usize, String)> = Vec::new();
    for o in &prepared.checked.orders {
        if prepared.done_orders.contains(&o.line) {
            continue;
        }
        let number = o.id_number.as_str();
        let (person, held_name) = match (new_index.get(number), prepared.holders.get(number)) {
            (Some(&i), _) => (CasePerson::New(i), None),
            (
                None,
                Some(Holder::InScope {
                    person_id, name, ..
                }),
            ) => (CasePerson::Held(*person_id), Some(name.as_str())),
            _ => continue,
        };
        let Some(unit) = prepared.units.get(&o.unit_code) else {
            continue;
        };
        let who = BulkCasePerson {
            id: match person {
                CasePerson::Held(id) => id,
                CasePerson::New(_) => 0,
            },
            name: held_name
                .or(names.get(number).copied())
                .unwrap_or_default()
                .to_owned(),
            sex: Some(o.id_number.sex()),
            birth_date: Some(o.id_number.birth_date()),
            fixed_home: false,
        };
        let recs = records
            .get(&(number, o.decision_number.as_str()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut refused = Vec::new();
        let seed = (OsRng.next_u64() >> 1) as i64;
        let history = order_history(o, &who, unit, recs, &actors, cal, today, seed, &mut refused);
        let mut rows = 1 + recs.len() as u64;
        for e in refused {
            match e {
                PlanError::Order(col, why) => refusals.push((Sheet::Orders, o.line, col, why)),
                PlanError::Record(line, why) => {
                    rows -= 1;
                    refusals.push((Sheet::Records, line, 3, why));
                }
            }
        }
        if let Some(history) = history {
            cases.push((
                ImportCase {
                    person,
                    key: order_ref(o),
                    history,
                },
                rows,
            ));
        }
    }
    for (sheet, line, col, why) in refusals {
        prepared.checked.refuse(sheet, line, col, why);
    }
    Planned {
        persons,
        cases,
        skipped: (prepared.done_persons.len() + prepared.done_orders.len()) as u64,
    }
}

/// Rows per transaction (persons plus orders).
pub const BATCH: usize = 2_000;

/// INFO-1, import — write a planned file in batches, the import recorded and audited
/// (who, which file, how many rows, when).
#[allow(clippy::too_many_arguments)]
pub async fn write_all(
    store: &dyn Store,
    scope: &Scope,
    importer: &BulkActor,
    file: &ImportFile,
    planned: Planned,
    refused: u64,
    progress: Progress<'_>,
) -> StoreResult<ImportOutcome> {
    let import_id = store.begin_import(scope, importer.user_id, file).await?;
    let skipped = planned.skipped;
    let total: u64 = planned.persons.iter().map(|p| p.1).sum::<u64>()
        + planned.cases.iter().map(|c| c.1).sum::<u64>();
    // each new person's orders travel in the batch that writes the person
    let mut by_person: Vec<Vec<(ImportCase, u64)>> =
        planned.persons.iter().map(|_| Vec::new()).collect();
    let mut held = Vec::new();
    for (c, rows) in planned.cases {
        match c.person {
            CasePerson::New(i) => by_person[i].push((c, rows)),
            CasePerson::Held(_) => held.push((c, rows)),
        }
    }
    let mut written = ImportWritten {
        skipped,
        ..ImportWritten::default()
    };
    let mut done = 0u64;
    let mut batch = ImportWrite {
        import_id,
        created_by: importer.user_id,
        ..ImportWrite::default()
    };
    let mut batch_rows = 0u64;
    let people = planned.persons.into_iter().zip(by_person);
    for ((person, prow), cases) in people {
        let i = batch.persons.len();
        batch.persons.push(person);
        batch_rows += prow;
        for (mut c, rows) in cases {
            c.person = CasePerson::New(i);
            batch.cases.push(c);
            batch_rows += rows;
        }
        if batch.persons.len() + batch.cases.len() >= BATCH {
            flush(
                store,
                &mut batch,
                &mut written,
                &mut done,
                &mut batch_rows,
                total,
                progress,
            )
            .await?;
        }
    }
    for (c, rows) in held {
        batch.cases.push(c);
        batch_rows += rows;
        if batch.persons.len() + batch.cases.len() >= BATCH {
            flush(
                store,
                &mut batch,
                &mut written,
                &mut done,
                &mut batch_rows,
                total,
                progress,
            )
            .await?;
        }
    }
    flush(
        store,
        &mut batch,
        &mut written,
        &mut done,
        &mut batch_rows,
        total,
        progress,
    )
    .await?;
    store
        .finish_import(scope, importer.user_id, import_id, &written, refused)
        .await?;
    Ok(ImportOutcome {
        import_id,
        written,
        refused,
    })
}

async fn flush(
    store: &dyn Store,
    batch: &mut ImportWrite,
    written: &mut ImportWritten,
    done: &mut u64,
    batch_rows: &mut u64,
    total: u64,
    progress: Progress<'_>,
) -> StoreResult<()> {
    if batch.persons.is_empty() && batch.cases.is_empty() {
        return Ok(());
    }
    let next = ImportWrite {
        import_id: batch.import_id,
        created_by: batch.created_by,
        ..ImportWrite::default()
    };
    let w = store.import_write(std::mem::replace(batch, next)).await?;
    written.add(&w);
    *done += *batch_rows;
    *batch_rows = 0;
    progress(*done, total);
    Ok(())
}
