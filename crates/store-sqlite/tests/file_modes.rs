//! Security item 6 on SQLite: the database file, its write-ahead log and shared-memory
//! index, and the copies `backup_to` writes are readable by their owner only (0600),
//! whatever the umask; a file left 0644 by an older version is narrowed when opened.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use jiekang_store::contract::fixture::build;
use jiekang_store::prelude::*;
use jiekang_store::sealed::Keyring;
use jiekang_store_sqlite::SqliteStore;

/// The permissive umask of many servers (files 0644 unless the program says more).
fn permissive_umask() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

async fn open(path: &Path) -> SqliteStore {
    let store = SqliteStore::connect(path.to_str().expect("utf-8 path"))
        .await
        .expect("connect");
    store.unlock(Keyring::for_tests()).await.expect("unlock");
    store
}

#[tokio::test]
async fn a_new_database_its_log_and_its_backups_are_private() {
    permissive_umask();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jiekang.db");
    let store = open(&path).await;
    build(&store).await;
    for file in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let copy = dir.path().join("copy.db");
    store
        .backup_to(copy.to_str().expect("utf-8"))
        .await
        .expect("backup");
    assert_eq!(mode(&copy), 0o600);
    assert!(std::fs::metadata(&copy).expect("copy").len() > 0, "copied");
    store.close().await;
}

#[tokio::test]
async fn a_world_readable_database_is_narrowed_when_opened() {
    permissive_umask();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.db");
    let store = open(&path).await;
    build(&store).await;
    store.close().await;
    // as an older version left it
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let store = open(&path).await;
    for file in [path.clone(), side(&path, "-wal"), side(&path, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    store.close().await;
}
