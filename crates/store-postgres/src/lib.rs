//! # jiekang-store-postgres — the server engine
//!
//! One PostgreSQL database shared by several application instances (a province, a
//! large city). Every instance runs the migrations at start; sqlx's migrator holds
//! an advisory lock while it does, so concurrent starts apply each migration once.
//!
//! Module layout mirrors the SQLite engine: each capability trait of [`Store`] is
//! implemented in the module that does its work; this file only connects, opens and
//! migrates. Feature `testing` adds [`testing`], throwaway databases for the tests of
//! this and other crates.

mod accounts;
mod audit;
mod bulk;
mod calendar;
mod cases;
mod chainer;
mod clinics;
mod dashboard;
mod deferred;
mod emergency;
// INFO-1: import of legacy registers
mod imports;
mod isolation;
mod lock;
mod persons;
mod quality;
mod rehab_stays;
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

#[cfg(feature = "testing")]
pub mod testing;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiekang_store::prelude::*;
use jiekang_store::{StoreError, StoreResult};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use lock::AdvisoryLock;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema version this build migrates to (the newest embedded migration).
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The PostgreSQL implementation of [`Store`].
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The keyring, once [`Sealing::unlock`] accepted it.
    keys: jiekang_store::sealed::KeySlot,
    /// Chains the audit records waiting in `audit_pending`.
    _chainer: chainer::Chainer,
}

impl PgStore {
    /// Connections per instance unless told otherwise.
    pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

    /// Connect to `url` (`postgres://user@host:port/db`) and apply pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// [`PgStore::connect`] with a pool of at most `max_connections` (at least 1).
    pub async fn connect_with(url: &str, max_connections: u32) -> StoreResult<Self> {
        let store = Self::open_with(url, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connect without migrating (for `jiekang migrate` to report what it does).
    pub async fn open(url: &str) -> StoreResult<Self> {
        Self::open_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// [`PgStore::open`] with a pool of at most `max_connections` (at least 1).
    pub async fn open_with(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?.application_name("jiekang");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self {
            _chainer: chainer::Chainer::start(pool.clone()),
            pool,
            keys: Default::default(),
        })
    }

    /// Apply pending migrations; returns the schema version afterwards.
    pub async fn migrate(&self) -> StoreResult<i64> {
        MIGRATOR.run(&self.pool).await?;
        // rows older than the audit chain are chained once (migration 0004)
        audit::seal_legacy(&self.pool).await?;
        // Indexes an interrupted bulk load left deferred
        deferred::restore_all(&self.pool).await?;
        self.schema_version().await
    }

    /// The pool, for maintenance commands that need plain SQL.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Try to take the session-level advisory lock `key` without waiting, e.g. so that
    /// only one of several instances runs a periodic job. `None` if another holds it.
    pub async fn try_advisory_lock(&self, key: i64) -> StoreResult<Option<AdvisoryLock>> {
        lock::try_lock(&self.pool, key).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The store type the shared SQL's trait implementations (`engine-sql`) are written for.
pub(crate) type EngineStore = PgStore;

impl PgStore {
    /// The pool a shared read runs on.
    pub(crate) fn reader(&self) -> &PgPool {
        &self.pool
    }

    /// The pool a shared write runs on.
    pub(crate) fn writer(&self) -> &PgPool {
        &self.pool
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
impl Engine for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }
    async fn schema_version(&self) -> StoreResult<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok(v.unwrap_or(0))
    }
}
