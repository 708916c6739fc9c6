//! # jiekang-store-sqlite — the embedded engine
//!
//! One file holds a district's data. Writes go through a single connection (SQLite
//! has one writer; queuing them in the pool avoids lock-upgrade failures), reads use
//! a pool of connections in WAL mode so they never wait for a writer. Case commands
//! and the audit records of reads share commits (`group_commit`), and a connection of
//! its own checkpoints the log (`checkpointer`), so the writer never stops for it.

mod accounts;
mod audit;
mod bulk;
mod calendar;
mod cases;
mod clinics;
mod isolation;
mod rehab_stays;
// WAL checkpoints in the background, not in the writer's commits
mod checkpointer;
mod dashboard;
mod deferred;
mod emergency;
// INFO-1: import of legacy registers
mod imports;
// The database files readable by their owner only
mod files;
// Changes and audit records committed in groups on the single writer
mod group_commit;
mod persons;
mod quality;
mod reports;
// Personal data sealed at rest
mod risk;
mod sealing;
mod sessions;
// staff register, staffing and funding (STAFF-1..4, FUND-1)
mod placement;
mod staff;
// FAC-1, INSPECT-1: offices and inspections
mod inspections;
mod offices;
mod support;
mod tasks;
mod units;
mod users;
// --- Daily sweep and job leases ---
mod sweep;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiekang_store::prelude::*;
use jiekang_store::{StoreError, StoreResult};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema version this build migrates to (the newest embedded migration).
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Reader connections. Each statement runs on its connection's own thread,
/// so two per core keep both cores busy; more only added page caches that every
/// commit empties (WAL) and that each filled again from the kernel.
const READERS: u32 = 4;

/// The SQLite implementation of [`Store`].
#[derive(Clone)]
pub struct SqliteStore {
    read: SqlitePool,
    write: SqlitePool,
    /// Case commands and audit records of their own, committed in groups on
    /// `write`.
    commits: group_commit::GroupCommit,
    /// The connection of the background WAL checkpoints (not for a file
    /// opened as it is).
    checkpoints: Option<SqlitePool>,
    /// The keyring, once [`Sealing::unlock`] accepted it.
    keys: jiekang_store::sealed::KeySlot,
}

impl SqliteStore {
    /// Open (creating if missing) the database at `url` (`sqlite://path` or a plain path)
    /// and apply pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::open(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Open without migrating (for `jiekang migrate` to report what it does).
    pub async fn open(url: &str) -> StoreResult<Self> {
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite://{url}")
        };
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // Freed space is zeroed, so plain text replaced by sealed
            // values (the upgrade pass) does not linger in free pages
            .pragma("secure_delete", "ON");
        // A new database file is made 0600 before SQLite opens it (its
        // -wal and -shm take that mode), an older 0644 one is narrowed
        let file = (!files::is_memory(&url)).then(|| options.get_filename().to_path_buf());
        if let Some(path) = &file {
            files::create_private(path).map_err(|e| StoreError::Backend(Box::new(e)))?;
            files::restrict(path);
        }
        // A connection to a local file does not go stale: no ping before each use (a
        // ping is a round trip to the connection's thread).
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(
                options
                    .clone()
                    .pragma("wal_autocheckpoint", checkpointer::WRITER_AUTOCHECKPOINT),
            )
            .await?;
        let checkpoints = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(READERS)
            .test_before_acquire(false)
            .connect_with(options.read_only(false))
            .await?;
        checkpointer::start(checkpoints.clone());
        if let Some(path) = &file {
            files::restrict(path);
        }
        Ok(Self {
            read,
            commits: group_commit::GroupCommit::start(write.clone()),
            write,
            checkpoints: Some(checkpoints),
            keys: Default::default(),
        })
    }

    /// Apply pending migrations; returns the schema version afterwards.
    pub async fn migrate(&self) -> StoreResult<i64> {
        MIGRATOR.run(&self.write).await?;
        // rows older than the audit chain are chained once (migration 0004)
        audit::seal_legacy(&self.write).await?;
        // Indexes an interrupted bulk load left deferred
        deferred::restore_all(&self.write).await?;
        self.schema_version().await
    }

    /// Consistent online copy of the whole database into a new file (`VACUUM INTO`): one
    /// read transaction, so writers carry on (WAL) and the copy is a snapshot of the
    /// moment it began. SQLite refuses a target that exists and is not empty.
    /// The copy is 0600: created empty with that mode first, which
    /// `VACUUM INTO` accepts.
    pub async fn backup_to(&self, path: &str) -> StoreResult<()> {
        files::create_private(Path::new(path)).map_err(|e| StoreError::Backend(Box::new(e)))?;
        files::restrict(Path::new(path));
        sqlx::query("VACUUM INTO ?1")
            .bind(path)
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// Open an existing database file as it is: never created, its journal mode left
    /// alone and no migration applied (checking a backup, reading the
    /// chain head of a fresh copy). Read-only unless `writable`.
    pub async fn open_file(path: &Path, writable: bool) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .read_only(!writable)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await?;
        if writable {
            // Side files written now take the file's mode
            files::restrict(path);
        }
        Ok(Self {
            read,
            commits: group_commit::GroupCommit::start(write.clone()),
            write,
            checkpoints: None,
            keys: Default::default(),
        })
    }

    /// The schema version recorded in this database, or `None` when it has no migration
    /// table (not a Jiekang database).
    pub async fn recorded_schema_version(&self) -> StoreResult<Option<i64>> {
        let has_table: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&self.read)
        .await?;
        if has_table == 0 {
            return Ok(None);
        }
        Ok(Some(self.schema_version().await?))
    }

    /// Fold the write-ahead log into the main file and empty it, so the file alone is
    /// the whole database (before it is renamed into place by `jiekang restore`).
    pub async fn checkpoint(&self) -> StoreResult<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        if let Some(checkpoints) = &self.checkpoints {
            checkpoints.close().await;
        }
        self.write.close().await;
        self.read.close().await;
    }
}

/// The store type the shared SQL's trait implementations (`engine-sql`) are written for.
pub(crate) type EngineStore = SqliteStore;

impl SqliteStore {
    /// The pool a shared read runs on.
    pub(crate) fn reader(&self) -> &SqlitePool {
        &self.read
    }

    /// The pool a shared write runs on.
    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.write
    }
}

/// Map a unique-constraint violation to a field conflict; pass anything else through.
pub(crate) fn unique_violation(e: sqlx::Error, field: &'static str, message: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict {
            field,
            message: message.to_owned(),
        },
        _ => e.into(),
    }
}

#[async_trait]
impl Engine for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }
    async fn schema_version(&self) -> StoreResult<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.read)
                .await?;
        Ok(v.unwrap_or(0))
    }
}
