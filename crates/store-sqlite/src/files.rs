//! The database on disk is readable by its owner only.
//!
//! SQLite creates a new database file with mode 0644 (less the umask) and gives its
//! write-ahead log, shared-memory index and rollback journal the mode of the database
//! file. So a new file is created here first, empty and 0600, before SQLite opens it;
//! the side files then follow. Files made by an older version (0644) are narrowed to
//! 0600 when the store opens them. The same applies to the copies `VACUUM INTO`
//! writes (backups and the restore's temporary file).

use std::path::{Path, PathBuf};

/// Owner read and write, nothing for group and others.
#[cfg(unix)]
const PRIVATE: u32 = 0o600;

/// The side files SQLite keeps beside a database.
fn side_files(db: &Path) -> [PathBuf; 3] {
    ["-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Whether an SQLite URL names an in-memory database (nothing on disk to protect).
pub(crate) fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Create `path` empty with mode 0600 when it does not exist (SQLite takes an empty
/// file for a new database). An existing file is left as it is.
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Narrow the database file and whichever side files exist to 0600. A file this
/// process may not change (another owner) is reported in the log, not refused: the
/// database still opens.
pub(crate) fn restrict(db: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in std::iter::once(db.to_path_buf()).chain(side_files(db)) {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.permissions().mode() & 0o077 == 0 {
                continue;
            }
            if let Err(e) =
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(PRIVATE))
            {
                tracing::warn!(
                    file = %path.display(),
                    error = %e,
                    "数据库文件权限无法收紧为 0600 (cannot restrict the database file to 0600)"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (db, side_files);
}
