//! The shared contract suite on SQLite: each case gets a fresh database file.

use jiekang_store::prelude::*;
use jiekang_store_sqlite::SqliteStore;

struct TempStore {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempStore {
    type Target = SqliteStore;
    fn deref(&self) -> &SqliteStore {
        &self.store
    }
}

async fn fresh() -> TempStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("contract.db");
    let store = SqliteStore::connect(path.to_str().expect("utf-8 path"))
        .await
        .expect("connect");
    // issue #5 item 3: the fixed test keyring
    store
        .unlock(jiekang_store::sealed::Keyring::for_tests())
        .await
        .expect("unlock");
    TempStore { store, _dir: dir }
}

mod contract {
    use super::fresh;
    jiekang_store::contract_tests!(fresh().await);
}
