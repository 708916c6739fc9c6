//! INFO-1, import — importing legacy registers (历史台账): the rows the domain judged
//! ([`jiekang_domain::import`]) are checked against the database, planned into case
//! histories by the very rules of typed commands ([`crate::bulk::CaseSim`]: the
//! hand-over and report-in deadlines, the term, the test windows; past tests fill
//! their windows and windows that closed untested are settled as the daily sweep
//! would) and written in batches through [`crate::Store::import_write`].

use chrono::NaiveDate;

use crate::bulk::CaseHistory;
use crate::model::BulkPerson;

mod check;
mod plan;
mod run;

pub use check::{Prepared, prepare};
pub use run::{BATCH, ImportOutcome, Planned, Progress, plan, write_all};

/// Who holds an ID number, as an importer with a given scope may know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// Nobody: a new person.
    Nobody,
    /// A person inside the scope.
    InScope {
        person_id: i64,
        name: String,
        unit_name: String,
        /// An earlier import wrote this person.
        imported: bool,
        /// The person has an order not yet closed.
        open_case: bool,
    },
    /// Someone outside the scope: never named (registration is no oracle either).
    Elsewhere,
}

/// An order as its import key names it: the person's number, the decision number
/// and the decision date. The engine keeps only a keyed hash of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRef {
    pub id_type: String,
    pub id_number: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
}

/// The file being imported, for the import's row and audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub name: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Data rows in the file (all three sheets).
    pub rows: u64,
}

/// The person of an imported order: one already held in the scope, or one of the
/// batch's new persons (by position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasePerson {
    Held(i64),
    New(usize),
}

/// One planned order and its key.
#[derive(Debug, Clone)]
pub struct ImportCase {
    pub person: CasePerson,
    pub key: OrderRef,
    pub history: CaseHistory,
}

/// What one transaction writes.
#[derive(Debug, Clone, Default)]
pub struct ImportWrite {
    pub import_id: i64,
    pub created_by: i64,
    pub persons: Vec<BulkPerson>,
    pub cases: Vec<ImportCase>,
}

/// What was written (summed over batches).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportWritten {
    pub persons: u64,
    pub orders: u64,
    /// Tests and talks.
    pub records: u64,
    /// Rows of every table.
    pub rows: u64,
    /// Persons and orders an earlier (or interrupted) run had written already.
    pub skipped: u64,
}

impl ImportWritten {
    pub fn add(&mut self, o: &ImportWritten) {
        self.persons += o.persons;
        self.orders += o.orders;
        self.records += o.records;
        self.rows += o.rows;
        self.skipped += o.skipped;
    }
}
