//! `jiekang backup FILE` and `jiekang restore FILE`.
//!
//! Backup: `VACUUM INTO` a temporary file beside FILE while the server keeps serving
//! (one read transaction in WAL mode, so the copy is the database as it was when the
//! copy began), flush it to disk, then link it to FILE, which fails rather than
//! overwrite. The copy's audit chain is walked and its head printed.
//!
//! Restore: check FILE is a Jiekang database no newer than this build, copy it with
//! `VACUUM INTO` to a temporary file beside the target, migrate it and walk its audit
//! chain there, then rename it over the target; so the target is either the old
//! database or the whole restored one, never half of each. A target that holds data is
//! only replaced with `--force`. PostgreSQL has its own tools: both commands say which.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use jiekang_store::audit_chain::AuditVerification;
use jiekang_store::prelude::*;
use jiekang_store_sqlite::{SqliteStore, latest_schema_version};

type CmdResult = Result<ExitCode, Box<dyn std::error::Error>>;

const PG_BACKUP: &str = "PostgreSQL 数据库不用本命令备份:逻辑备份用 pg_dump -Fc,\
时间点恢复用 pg_basebackup 加 WAL 归档(archive_command);步骤见 README「Backup and restore」。\n\
jiekang backup copies SQLite only. For PostgreSQL use pg_dump -Fc for logical backups, or \
pg_basebackup with WAL archiving (archive_command) for point-in-time recovery; see the README, \
\"Backup and restore\".";

const PG_RESTORE: &str = "PostgreSQL 数据库不用本命令恢复:pg_dump 的备份用 pg_restore 恢复,\
基础备份加 WAL 归档按 README「Backup and restore」做时间点恢复。\n\
jiekang restore writes SQLite only. For PostgreSQL restore a pg_dump archive with pg_restore, \
or a base backup with archived WAL as the README (\"Backup and restore\") describes.";

/// The file behind an SQLite database URL (`sqlite://path`, `sqlite:path` or a path).
fn sqlite_path(url: &str) -> Result<PathBuf, String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        return Err(format!(
            "数据库地址 {url} 不是 SQLite 文件 (not an SQLite file)"
        ));
    }
    Ok(PathBuf::from(path))
}

/// A temporary name in the same directory as `target`, so a rename is atomic.
fn temp_beside(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "jiekang.db".into());
    target.with_file_name(format!(".{name}.{what}-{}.tmp", std::process::id()))
}

/// The SQLite side files of a database (write-ahead log and its index).
fn side_files(db: &Path) -> [PathBuf; 2] {
    let s = db.as_os_str().to_owned();
    let mut wal = s.clone();
    wal.push("-wal");
    let mut shm = s;
    shm.push("-shm");
    [PathBuf::from(wal), PathBuf::from(shm)]
}

fn remove_with_side_files(db: &Path) {
    for p in side_files(db) {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_file(db);
}

/// Flush a file and the directory entry that names it.
fn sync_file_and_dir(file: &Path) -> std::io::Result<()> {
    File::open(file)?.sync_all()?;
    #[cfg(unix)]
    if let Some(dir) = file.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn spinner(message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn print_chain(v: &AuditVerification) {
    println!(
        "审计日志:已校验 {} 条,链头编号 {},链头哈希 {}",
        v.checked, v.head_id, v.head_hash
    );
    println!(
        "Audit trail: {} records checked, head id {}, head hash {}",
        v.checked, v.head_id, v.head_hash
    );
}

fn print_broken(v: &AuditVerification) {
    if let Some(p) = &v.problem {
        eprintln!(
            "审计日志链校验未通过:记录 {} {}(最后一条完好的记录为 {})",
            p.id,
            p.kind.label_zh(),
            p.last_good_id
        );
        eprintln!(
            "Audit trail broken at record {}: {} (last good record {})",
            p.id,
            p.kind.label_en(),
            p.last_good_id
        );
    }
}

/// `jiekang backup FILE`: exit 0 with an intact copy, 1 when the copy is written but
/// its audit chain is broken, 2 on any error (PostgreSQL, existing FILE, I/O).
pub async fn backup(url: &str, file: &Path) -> CmdResult {
    if crate::db::is_postgres(url) {
        eprintln!("{PG_BACKUP}");
        return Ok(ExitCode::from(2));
    }
    let source = sqlite_path(url)?;
    if !source.is_file() {
        return Err(format!("数据库文件 {} 不存在 (no database file)", source.display()).into());
    }
    if file.exists() {
        return Err(format!(
            "备份文件 {} 已存在,不会覆盖 (backup file exists; not overwritten)",
            file.display()
        )
        .into());
    }
    let tmp = temp_beside(file, "backup");
    remove_with_side_files(&tmp);
    let copied = copy_live(&source, &tmp).await;
    if let Err(e) = copied {
        remove_with_side_files(&tmp);
        return Err(e);
    }
    // read the copy's chain head before it gets its final name
    let verified = match chain_of_copy(&tmp).await {
        Ok(v) => v,
        Err(e) => {
            remove_with_side_files(&tmp);
            return Err(e);
        }
    };
    // a hard link never replaces an existing file, unlike rename
    let linked = std::fs::hard_link(&tmp, file);
    let installed = match linked {
        Ok(()) => std::fs::remove_file(&tmp),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_with_side_files(&tmp);
            return Err(format!(
                "备份文件 {} 已存在,不会覆盖 (backup file exists; not overwritten)",
                file.display()
            )
            .into());
        }
        // file systems without hard links: the check above is the guard
        Err(_) => std::fs::rename(&tmp, file),
    };
    if let Err(e) = installed.and_then(|()| sync_file_and_dir(file)) {
        remove_with_side_files(&tmp);
        return Err(format!("无法写入备份文件 (cannot write the backup): {e}").into());
    }
    let size = std::fs::metadata(file)?.len();
    println!(
        "已备份到 {}:{} 字节 ({}),结构版本 {}",
        file.display(),
        size,
        mib(size),
        verified.1
    );
    println!(
        "Backed up to {}: {} bytes ({}), schema version {}",
        file.display(),
        size,
        mib(size),
        verified.1
    );
    print_chain(&verified.0);
    if verified.0.is_intact() {
        Ok(ExitCode::SUCCESS)
    } else {
        print_broken(&verified.0);
        Ok(ExitCode::from(1))
    }
}

/// `VACUUM INTO` from the live database, which the server may be writing meanwhile.
async fn copy_live(source: &Path, tmp: &Path) -> Result<(), Box<dyn std::error::Error>> {
    // writable: a read-only connection cannot recover a write-ahead log left by a
    // stopped server; VACUUM INTO itself only reads
    let store = SqliteStore::open_file(source, true).await?;
    let bar = spinner("正在复制数据库 (copying the database)");
    let done = store.backup_to(&tmp.to_string_lossy()).await;
    bar.finish_and_clear();
    store.close().await;
    done?;
    sync_file_and_dir(tmp)?;
    Ok(())
}

/// Walk the chain of a fresh copy, read-only; also returns its schema version.
async fn chain_of_copy(
    copy: &Path,
) -> Result<(AuditVerification, i64), Box<dyn std::error::Error>> {
    let store = SqliteStore::open_file(copy, false).await?;
    let version = store.schema_version().await;
    let verified = crate::audit::verify_with_progress(&store).await;
    store.close().await;
    Ok((verified?, version?))
}

/// `jiekang restore FILE [--force]`: exit 0 when restored with an intact chain, 1 when
/// the backup's chain is broken (the target is left as it was), 2 on any error.
pub async fn restore(url: &str, file: &Path, force: bool) -> CmdResult {
    if crate::db::is_postgres(url) {
        eprintln!("{PG_RESTORE}");
        return Ok(ExitCode::from(2));
    }
    let target = sqlite_path(url)?;
    let version = check_backup(file).await?;
    if let (Ok(a), Ok(b)) = (file.canonicalize(), target.canonicalize())
        && a == b
    {
        return Err("备份文件就是目标数据库 (the backup is the target itself)".into());
    }
    let holds_data = std::fs::metadata(&target).is_ok_and(|m| m.len() > 0);
    if holds_data && !force {
        return Err(format!(
            "目标数据库 {} 已有数据;确认要覆盖时请先停止服务,再加 --force \
             (the target holds data; stop the server and add --force to replace it)",
            target.display()
        )
        .into());
    }

    let tmp = temp_beside(&target, "restore");
    remove_with_side_files(&tmp);
    let prepared = prepare(file, &tmp).await;
    let (verified, migrated) = match prepared {
        Ok(p) => p,
        Err(e) => {
            remove_with_side_files(&tmp);
            return Err(e);
        }
    };
    if !verified.is_intact() {
        remove_with_side_files(&tmp);
        print_broken(&verified);
        eprintln!("未恢复,目标数据库未改动 (not restored; the target is unchanged)");
        return Ok(ExitCode::from(1));
    }
    // A stale write-ahead log beside the target would be replayed into the restored
    // file on the next open: remove the old side files before the rename.
    for side in side_files(&target) {
        if let Err(e) = std::fs::remove_file(&side)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            remove_with_side_files(&tmp);
            return Err(format!("无法删除 {} (cannot remove): {e}", side.display()).into());
        }
    }
    if let Err(e) = std::fs::rename(&tmp, &target).and_then(|()| sync_file_and_dir(&target)) {
        remove_with_side_files(&tmp);
        return Err(format!("无法替换目标数据库 (cannot replace the target): {e}").into());
    }
    let size = std::fs::metadata(&target)?.len();
    println!(
        "已从 {} 恢复到 {}:{} 字节 ({}),结构版本 {} → {}",
        file.display(),
        target.display(),
        size,
        mib(size),
        version,
        migrated
    );
    println!(
        "Restored {} into {}: {} bytes ({}), schema version {} → {}",
        file.display(),
        target.display(),
        size,
        mib(size),
        version,
        migrated
    );
    print_chain(&verified);
    Ok(ExitCode::SUCCESS)
}

/// The backup must be an SQLite file with a readable Jiekang schema version no newer
/// than this build's.
async fn check_backup(file: &Path) -> Result<i64, Box<dyn std::error::Error>> {
    let not_ours = || format!("{} 不是戒康数据库 (not a Jiekang database)", file.display());
    let mut header = [0u8; 16];
    let read = File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
    match read {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(not_ours().into()),
        Err(e) => {
            return Err(format!("无法读取备份文件 {} (cannot read): {e}", file.display()).into());
        }
    }
    if &header != b"SQLite format 3\0" {
        return Err(not_ours().into());
    }
    let store = SqliteStore::open_file(file, false)
        .await
        .map_err(|_| not_ours())?;
    let version = store.recorded_schema_version().await;
    store.close().await;
    let version = version.map_err(|_| not_ours())?.ok_or_else(not_ours)?;
    let latest = latest_schema_version();
    if version > latest {
        return Err(format!(
            "备份的结构版本 {version} 比本程序支持的 {latest} 新,请用更新版本的 jiekang 恢复 \
             (the backup's schema is newer than this build)"
        )
        .into());
    }
    Ok(version)
}

/// Copy the backup to `tmp`, migrate it there and walk its chain; leaves `tmp` as one
/// self-contained file (write-ahead log folded in).
async fn prepare(
    file: &Path,
    tmp: &Path,
) -> Result<(AuditVerification, i64), Box<dyn std::error::Error>> {
    let source = SqliteStore::open_file(file, false).await?;
    let bar = spinner("正在复制备份 (copying the backup)");
    let copied = source.backup_to(&tmp.to_string_lossy()).await;
    bar.finish_and_clear();
    source.close().await;
    copied?;
    let store = SqliteStore::connect(&tmp.to_string_lossy()).await?;
    let migrated = store.schema_version().await;
    let verified = crate::audit::verify_with_progress(&store).await;
    let folded = store.checkpoint().await;
    store.close().await;
    let (migrated, verified) = (migrated?, verified?);
    folded?;
    let [wal, shm] = side_files(tmp);
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(format!(
            "{} 未能并入数据库文件 (write-ahead log not folded in)",
            wal.display()
        )
        .into());
    }
    for side in [wal, shm] {
        let _ = std::fs::remove_file(side);
    }
    sync_file_and_dir(tmp)?;
    Ok((verified, migrated))
}
