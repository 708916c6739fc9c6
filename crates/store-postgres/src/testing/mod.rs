//! Throwaway PostgreSQL databases for tests (feature `testing`).
//!
//! [`fresh_database`] creates an empty database `jiekang_test_<unix secs>_<random>`,
//! migrates it, and hands back a [`TestDatabase`] that derefs to a connected
//! [`PgStore`] and drops the database when it is dropped.
//!
//! The server is the one named by `JIEKANG_TEST_PG` (an admin URL such as
//! `postgres://postgres@127.0.0.1:5432/postgres`, whose user may create databases),
//! or else a throwaway cluster shared by every test process of this user; see
//! [`cluster`] for where it lives and how it is stopped.
//!
//! [`fresh_database_with_icu`] gives a database whose default collation ignores
//! punctuation, to prove that no query leans on the server's collation.
//!
//! Leaks: a process killed before its drop leaves its database behind, so every
//! [`fresh_database`] first drops `jiekang_test_*` databases older than
//! [`STALE_AFTER`]. Set `JIEKANG_TEST_PG_KEEP=1` to keep each test's database for
//! inspection (they are then still swept once stale).

pub mod cluster;
mod database;

use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use crate::PgStore;

pub use cluster::stop_shared_cluster;

/// Admin URL of the server to create test databases on; unset means the shared cluster.
pub const ENV_ADMIN_URL: &str = "JIEKANG_TEST_PG";
/// Set to `1` to keep test databases after the test.
pub const ENV_KEEP: &str = "JIEKANG_TEST_PG_KEEP";
/// Test databases older than this are taken for leaked and dropped.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);
/// Pool size of a test database's store.
const TEST_POOL_SIZE: u32 = 5;

/// Why a test database could not be had. The message says what to do about it.
#[derive(Debug)]
pub struct TestError(String);

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TestError {}

impl TestError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl From<sqlx::Error> for TestError {
    fn from(e: sqlx::Error) -> Self {
        Self(format!("PostgreSQL: {e}"))
    }
}

impl From<jiekang_store::StoreError> for TestError {
    fn from(e: jiekang_store::StoreError) -> Self {
        use std::error::Error;
        match e.source() {
            Some(cause) => Self(format!("store: {e}: {cause}")),
            None => Self(format!("store: {e}")),
        }
    }
}

impl From<std::io::Error> for TestError {
    fn from(e: std::io::Error) -> Self {
        Self(format!("I/O: {e}"))
    }
}

/// A fresh, migrated database; derefs to its [`PgStore`] and drops the database on drop.
pub struct TestDatabase {
    store: PgStore,
    url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    /// Connection URL of this database, e.g. for a server under test.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name (`jiekang_test_…`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server's admin URL (to look at this database from outside, e.g. its
    /// sessions in `pg_stat_activity`).
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }

    pub fn store(&self) -> &PgStore {
        &self.store
    }
}

impl Deref for TestDatabase {
    type Target = PgStore;
    fn deref(&self) -> &PgStore {
        &self.store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if std::env::var(ENV_KEEP).is_ok_and(|v| v == "1") {
            eprintln!("keeping test database {}", self.url);
            return;
        }
        // Drop cannot await: a thread with its own runtime drops the database (FORCE
        // ends this store's connections server-side), and we wait for it so that the
        // database is gone before the process (under nextest, one test) exits.
        if let Err(e) = database::drop_blocking(&self.admin_url, &self.name) {
            eprintln!("could not drop test database {}: {e}", self.name);
        }
    }
}

/// A fresh, empty, migrated database on the test server.
///
/// # Panics
/// When no test database can be had (no server, no `initdb`, no rights): the test
/// cannot run, and the message says why. Use [`try_fresh_database`] to handle it.
pub async fn fresh_database() -> TestDatabase {
    match try_fresh_database().await {
        Ok(db) => db,
        Err(e) => panic!("no PostgreSQL test database: {e}"),
    }
}

/// [`fresh_database`] without the panic. Must run inside a tokio runtime.
pub async fn try_fresh_database() -> Result<TestDatabase, TestError> {
    let admin_url = admin_url().await?;
    let name = database::create(&admin_url, None)
        .await?
        .ok_or_else(|| TestError::new("no test database was created"))?;
    connect(admin_url, name).await
}

/// An ICU locale whose collation skips punctuation at the first level, as glibc's
/// `en_US.UTF-8` and `zh_CN.UTF-8` do: there `'/1/5/9/' < '/1/50'` is false, so a path
/// range that does not compare byte-wise (`COLLATE "C"`) misses a subtree.
pub const PUNCTUATION_BLIND_ICU: &str = "und-u-ka-shifted";

/// A fresh database whose default collation is the ICU locale `icu_locale`, to prove
/// that queries do not depend on the server's collation. On a server without ICU
/// (before PostgreSQL 15, or built without it) this says so on stderr and gives a
/// database with the server's default collation instead.
///
/// # Panics
/// As [`fresh_database`].
pub async fn fresh_database_with_icu(icu_locale: &str) -> TestDatabase {
    let attempt = async {
        let admin_url = admin_url().await?;
        let name = match database::create(&admin_url, Some(icu_locale)).await? {
            Some(name) => name,
            None => {
                eprintln!("the test server has no ICU collations; using its default collation");
                database::create(&admin_url, None)
                    .await?
                    .ok_or_else(|| TestError::new("no test database was created"))?
            }
        };
        connect(admin_url, name).await
    };
    match attempt.await {
        Ok(db) => db,
        Err(e) => panic!("no PostgreSQL test database: {e}"),
    }
}

/// Connect to and migrate the new database `name`; drop it again if that fails.
async fn connect(admin_url: String, name: String) -> Result<TestDatabase, TestError> {
    let url = database::with_database(&admin_url, &name);
    // Every test database uses the fixed test keyring
    let unlocked = async {
        let store = PgStore::connect_with(&url, TEST_POOL_SIZE).await?;
        jiekang_store::prelude::Sealing::unlock(
            &store,
            jiekang_store::sealed::Keyring::for_tests(),
        )
        .await?;
        Ok::<_, jiekang_store::StoreError>(store)
    };
    match unlocked.await {
        Ok(store) => Ok(TestDatabase {
            store,
            url,
            name,
            admin_url,
        }),
        Err(e) => {
            let _ = database::drop(&admin_url, &name).await;
            Err(e.into())
        }
    }
}

/// The admin URL of the test server: `JIEKANG_TEST_PG`, or the shared cluster
/// (started on first use, which may take a few seconds).
pub async fn admin_url() -> Result<String, TestError> {
    if let Some(url) = std::env::var(ENV_ADMIN_URL)
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        return Ok(url);
    }
    tokio::task::spawn_blocking(cluster::shared_cluster_url)
        .await
        .map_err(|e| TestError::new(format!("starting the test cluster failed: {e}")))?
}
