//! INFO-1, import — importing legacy registers, shared by the page (`/import`) and the
//! command line (`jiekang import`): read the file ([`read`]), judge it against the
//! rules and the database ([`jiekang_store::imports::prepare`]), plan every clean
//! order by the rules of typed commands, and either answer with the reasons (a dry
//! run, or a file with errors) or write it in batches.

use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::import::{CellError, RawFile};
use jiekang_store::bulk::BulkActor;
use jiekang_store::imports::{ImportFile, ImportOutcome, Progress, plan, prepare, write_all};
use jiekang_store::{Scope, Store, StoreResult};
use sha2::{Digest, Sha256};

pub mod book;
pub mod read;

/// What to do with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Judge everything, write nothing.
    DryRun,
    /// Write only when the whole file is clean.
    Whole,
    /// Write the clean rows, leave out the bad ones (with their reasons).
    CleanRows,
}

/// What a run found and did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rows: u64,
    /// Rows with a reason (each row once).
    pub refused_rows: u64,
    pub errors: Vec<CellError>,
    /// Written (`None`: nothing was).
    pub written: Option<ImportOutcome>,
    /// Persons and orders an earlier run already wrote.
    pub skipped: u64,
    /// New persons and orders ready to write (a dry run) or written.
    pub persons: u64,
    pub orders: u64,
    pub file: RawFile,
}

impl Outcome {
    /// The copy of the file with the reasons beside the bad cells.
    pub fn report(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        book::report(&self.file, &self.errors, false)
    }
}

/// SHA-256 of the file, hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// INFO-1, import — one run over a file already read.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    store: &dyn Store,
    scope: &Scope,
    importer: &BulkActor,
    name: &str,
    sha256: String,
    file: RawFile,
    today: NaiveDate,
    mode: Mode,
    progress: Progress<'_>,
) -> StoreResult<Outcome> {
    let mut prepared = prepare(store, scope, &file, today).await?;
    let planned = plan(&mut prepared, importer, HolidayCalendar::embedded(), today);
    let errors = prepared.errors();
    let refused_rows = prepared.refused_rows();
    let mut out = Outcome {
        rows: prepared.rows,
        refused_rows,
        errors,
        written: None,
        skipped: planned.skipped,
        persons: planned.new_persons(),
        orders: planned.new_orders(),
        file,
    };
    let write = match mode {
        Mode::DryRun => false,
        Mode::Whole => out.errors.is_empty(),
        Mode::CleanRows => true,
    };
    if write {
        let meta = ImportFile {
            name: name.to_owned(),
            sha256,
            rows: out.rows,
        };
        out.written = Some(
            write_all(
                store,
                scope,
                importer,
                &meta,
                planned,
                refused_rows,
                progress,
            )
            .await?,
        );
    }
    Ok(out)
}
