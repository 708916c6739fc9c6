//! Files private to their owner, with the real binary: under a permissive umask (022), the database
//! `jiekang` creates, its backup and a restored database are readable by their owner
//! only (0600), and so is the keyring it generates.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

mod common;
use common::*;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn database_backup_and_restore_are_created_0600() {
    // the child inherits it: what many servers run with
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(&run(&["--db", "t.db", "migrate"], d));
    ok(&run(&["--db", "t.db", "backup", "copy.db"], d));
    ok(&run(&["--db", "r.db", "restore", "copy.db"], d));
    for file in ["t.db", "jiekang.key", "copy.db", "r.db"] {
        assert_eq!(mode(&d.join(file)), 0o600, "{file}");
    }
    // whatever else was left beside them (side files, temporary copies)
    for entry in std::fs::read_dir(d).expect("list") {
        let path = entry.expect("entry").path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}
