//! The keyring of the sealed personal data (ID numbers, phones, TOTP
//! secrets; see `jiekang_store::sealed`; and profiles' free
//! text, test substances and attachments, `jiekang_store::at_rest`): where it comes
//! from, and `jiekang keys …`.
//!
//! Sources, first found wins: `--key-file` / `JIEKANG_KEY_FILE`, then the keyring text
//! in `JIEKANG_DATA_KEYS`, then (SQLite only) `jiekang.key` beside the database file.
//! A new SQLite database without any key gets a new `jiekang.key` (0600) so that the
//! demo runs with zero set-up; PostgreSQL never starts without a configured key.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressStyle};
use jiekang_store::at_rest::SealedTable;
use jiekang_store::sealed::Keyring;
use jiekang_store::{Scope, Store};

use crate::cli::KeysCommand;
use crate::db::is_postgres;

/// The environment variable holding the keyring text itself (lines or `;`-separated).
pub const ENV_DATA_KEYS: &str = "JIEKANG_DATA_KEYS";
/// The keyring's file name beside an SQLite database.
pub const DEFAULT_KEY_FILE: &str = "jiekang.key";
/// Persons per re-encryption transaction.
const BATCH: i64 = 1_000;

type BoxError = Box<dyn std::error::Error>;

static KEY_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Remember `--key-file` for [`crate::db::open`] (called once by `main`).
pub fn configure(key_file: Option<PathBuf>) {
    let _ = KEY_FILE.set(key_file);
}

fn configured_file() -> Option<PathBuf> {
    KEY_FILE.get().cloned().flatten()
}

/// `--key-file` as this process was given it, for a child `jiekang` it starts (the
/// benchmark's server and demo loader); nothing when none was given (the child then
/// finds the keyring as this process did: environment or beside the database).
pub fn forwarded_args() -> Vec<std::ffi::OsString> {
    configured_file()
        .map(|path| vec!["--key-file".into(), path.into_os_string()])
        .unwrap_or_default()
}

/// The SQLite database file of a URL (`sqlite://path?…`, `sqlite:path` or a path).
fn sqlite_file(url: &str) -> PathBuf {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    PathBuf::from(path.split('?').next().unwrap_or(path))
}

/// `jiekang.key` beside the SQLite database of `url`.
pub fn default_key_file(url: &str) -> PathBuf {
    let db = sqlite_file(url);
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(DEFAULT_KEY_FILE),
        _ => PathBuf::from(DEFAULT_KEY_FILE),
    }
}

/// Read a keyring file, warning when others may read it.
pub fn read_file(path: &Path) -> Result<Keyring, BoxError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "无法读取密钥文件 {} (cannot read the keyring): {e}",
            path.display()
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            eprintln!(
                "警告:密钥文件 {} 的权限过宽,请执行 chmod 600 (warning: keyring readable by others)",
                path.display()
            );
        }
    }
    Ok(Keyring::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// Write a keyring to a new file with 0600 permissions (fails if it exists).
pub fn write_new_file(path: &Path, keys: &Keyring) -> Result<(), BoxError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        format!(
            "无法新建密钥文件 {} (cannot create the keyring): {e}",
            path.display()
        )
    })?;
    file.write_all(keys.to_text().as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// Replace a keyring file atomically (new file beside it, then rename), keeping 0600.
fn replace_file(path: &Path, keys: &Keyring) -> Result<(), BoxError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".new");
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    write_new_file(&tmp, keys)?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The keyring for the database at `url` (see the module documentation).
pub fn resolve(url: &str) -> Result<Keyring, BoxError> {
    if let Some(path) = configured_file() {
        return read_file(&path);
    }
    if let Ok(text) = std::env::var(ENV_DATA_KEYS)
        && !text.trim().is_empty()
    {
        return Ok(Keyring::parse(&text).map_err(|e| format!("{ENV_DATA_KEYS}: {e}"))?);
    }
    if is_postgres(url) {
        return Err(
            "使用 PostgreSQL 时必须配置数据密钥:--key-file 文件、环境变量 JIEKANG_KEY_FILE \
             或 JIEKANG_DATA_KEYS。可用 `jiekang keys generate 文件` 生成。\n\
             PostgreSQL needs a data key: --key-file, JIEKANG_KEY_FILE or JIEKANG_DATA_KEYS \
             (create one with `jiekang keys generate FILE`)."
                .into(),
        );
    }
    let path = default_key_file(url);
    if path.exists() {
        return read_file(&path);
    }
    let db = sqlite_file(url);
    let is_new = std::fs::metadata(&db).map_or(true, |m| m.len() == 0);
    if !is_new {
        return Err(format!(
            "数据库 {} 已存在,但没有找到数据密钥 {}。请用 --key-file 指定加密它时的密钥;\
             若该数据库从未加密(升级前的版本),可执行 `jiekang keys generate {}` 后重新启动,\
             启动时会加密已有数据。\n\
             The database exists but no keyring was found: pass --key-file, or for a database \
             never encrypted (from before the upgrade) run `jiekang keys generate {}` and start \
             again; the first start encrypts the existing rows.",
            db.display(),
            path.display(),
            path.display(),
            path.display()
        )
        .into());
    }
    let keys = Keyring::generate();
    write_new_file(&path, &keys)?;
    eprintln!(
        "已为新数据库生成数据密钥 {}(权限 0600)。请妥善保管并与数据库分开备份:丢失密钥即无法读取证件号码和电话。\n\
         Generated the data keyring {} (0600) for the new database. Keep it safe and back it up \
         apart from the database: without it the ID and phone numbers cannot be read.",
        path.display(),
        path.display()
    );
    Ok(keys)
}

/// Re-encrypt in batches (one transaction each) until no row is left, table by table
/// (every table with sealed values), with a bar.
/// `only_plaintext`: only values still in plain text (after an upgrade).
pub async fn reseal_all(store: &dyn Store, only_plaintext: bool) -> Result<u64, BoxError> {
    let mut rewritten = 0;
    for table in SealedTable::ALL {
        rewritten += reseal_table(store, table, only_plaintext).await?;
    }
    Ok(rewritten)
}

async fn reseal_table(
    store: &dyn Store,
    table: SealedTable,
    only_plaintext: bool,
) -> Result<u64, BoxError> {
    let (mut rewritten, mut last) = store.reseal(table, 0, BATCH, only_plaintext).await?;
    if last.is_none() || (only_plaintext && rewritten == 0) {
        return Ok(rewritten);
    }
    let action = if only_plaintext {
        "加密已有数据 (sealing)"
    } else {
        "重新加密 (re-encrypting)"
    };
    // persons: rows visited so far, approximately (a batch visits up to BATCH);
    // the other tables: rows rewritten so far
    let bar = if table == SealedTable::Persons {
        let total = store.count_persons(&Scope::system()).await?.max(0) as u64;
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})") {
            bar.set_style(style);
        }
        bar.set_position((BATCH as u64).min(total));
        bar
    } else {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {pos}") {
            bar.set_style(style);
        }
        bar.set_position(rewritten);
        bar
    };
    bar.set_message(format!("{action} {}", table.label()));
    while let Some(after) = last {
        let (n, next) = store.reseal(table, after, BATCH, only_plaintext).await?;
        rewritten += n;
        if table == SealedTable::Persons {
            let len = bar.length().unwrap_or(u64::MAX);
            bar.set_position((bar.position() + BATCH as u64).min(len));
        } else {
            bar.set_position(rewritten);
        }
        last = next;
    }
    bar.finish_and_clear();
    Ok(rewritten)
}

/// The keyring file `keys rotate|retire` rewrite: `--key-file`, or for SQLite the
/// default file beside the database.
fn file_to_rewrite(url: &str) -> Result<PathBuf, BoxError> {
    if let Some(path) = configured_file() {
        return Ok(path);
    }
    let path = default_key_file(url);
    if !is_postgres(url) && path.exists() {
        return Ok(path);
    }
    Err(
        "该操作会改写密钥文件,请用 --key-file 指定 (this rewrites the keyring: pass --key-file)"
            .into(),
    )
}

/// `jiekang keys …`: exit 0, or 1 with the reason when refused.
pub async fn run(url: &str, cmd: KeysCommand) -> Result<ExitCode, BoxError> {
    Ok(match run_inner(url, cmd).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 (error): {e}");
            ExitCode::from(1)
        }
    })
}

async fn run_inner(url: &str, cmd: KeysCommand) -> Result<(), BoxError> {
    match cmd {
        KeysCommand::Generate { file } => {
            write_new_file(&file, &Keyring::generate())?;
            println!(
                "已生成密钥文件 {}(权限 0600),请与数据库备份分开保管。\n\
                 Keyring written to {} (0600); keep it apart from the database backups.",
                file.display(),
                file.display()
            );
            Ok(())
        }
        KeysCommand::Rotate { resume } => {
            let path = file_to_rewrite(url)?;
            let old = read_file(&path)?;
            let store = crate::db::open_with_keys(url, 2, old.clone()).await?;
            let keys = if resume {
                old
            } else {
                let new = old.rotated()?;
                // the file first: if anything fails later, it still opens every row
                replace_file(&path, &new)?;
                store.unlock(new.clone()).await?;
                new
            };
            let n = reseal_all(store.as_ref(), false).await?;
            println!(
                "当前数据密钥为第 {} 版,已重新加密 {n} 条;确认无误后可执行 `jiekang keys retire` \
                 删除旧版本。\nActive data key version {}; {n} rows re-encrypted. Run `jiekang keys \
                 retire` to drop the old versions.",
                keys.active_version(),
                keys.active_version()
            );
            Ok(())
        }
        KeysCommand::Retire => {
            let path = file_to_rewrite(url)?;
            let keys = read_file(&path)?;
            let store = crate::db::open_with_keys(url, 2, keys.clone()).await?;
            // finish any interrupted rotation, then prove that nothing needs the old keys
            reseal_all(store.as_ref(), false).await?;
            let report = store.sealing_report().await?;
            if !report.all_under(keys.active_version()) {
                return Err(format!(
                    "仍有数据使用旧版本密钥,未删除任何版本 (values still use old versions): {report:?}"
                )
                .into());
            }
            let retired = keys.retired();
            replace_file(&path, &retired)?;
            println!(
                "密钥文件只保留第 {} 版数据密钥。\nThe keyring keeps only data key version {}.",
                retired.active_version(),
                retired.active_version()
            );
            Ok(())
        }
        KeysCommand::Status => {
            let keys = resolve(url)?;
            let store = crate::db::open_with_keys(url, 2, keys.clone()).await?;
            let report = store.sealing_report().await?;
            println!(
                "密钥环版本 (keyring versions): {:?},当前 (active): {}",
                keys.versions(),
                keys.active_version()
            );
            for (v, n) in &report.by_version {
                println!("第 {v} 版加密的数据 (sealed under version {v}): {n}");
            }
            println!(
                "未加密 (plain text): 人员 (persons) {},两步验证密钥 (TOTP secrets) {},\
                 检测记录 (drug tests) {},附件 (attachments) {}",
                report.plaintext_persons,
                report.plaintext_secrets,
                report.plaintext_tests,
                report.plaintext_attachments
            );
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keyring_lies_beside_the_database() {
        assert_eq!(default_key_file("jiekang.db"), PathBuf::from("jiekang.key"));
        assert_eq!(
            default_key_file("sqlite:///var/lib/jk/x.db?mode=rwc"),
            PathBuf::from("/var/lib/jk/jiekang.key")
        );
        assert_eq!(
            default_key_file("data/x.db"),
            PathBuf::from("data/jiekang.key")
        );
    }
}
