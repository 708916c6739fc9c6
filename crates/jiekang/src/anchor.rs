//! The audit chain's head kept outside the database. Whoever can write
//! the database can rewrite the newest records and recompute the head so that the
//! chain still verifies; a head hash copied elsewhere earlier exposes that, because the
//! record it names is no longer in the chain (`jiekang audit verify --expect`).
//!
//! `jiekang serve` writes the head to the log every `--audit-anchor-interval` (1 h by
//! default) and, with `--audit-anchor-file`, appends it as one line to a file that is
//! created with mode 0600 and never truncated:
//!
//! ```text
//! 2026-12-07 08:00:00 +08:00 head_id=1234 entries=1234 hash=<64 hex digits>
//! ```
//!
//! `jiekang audit verify --expect-file` reads the `hash=` of every line of such a file
//! (a line holding just a hash is accepted too; empty lines and `#` comments are
//! skipped).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use jiekang_store::Store;
use jiekang_store::audit_chain::ChainHead;

/// Beijing time (UTC+8), as operators read the line.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// One line of the anchor file (without the newline).
pub fn anchor_line(head: &ChainHead, now: DateTime<Utc>) -> String {
    format!(
        "{} head_id={} entries={} hash={}",
        now.with_timezone(&beijing())
            .format("%Y-%m-%d %H:%M:%S %:z"),
        head.last_id,
        head.entries,
        head.last_hash
    )
}

/// Append `line` and a newline to `path`, creating it with mode 0600 (owner only); an
/// existing file is never truncated.
pub fn append_anchor(path: &Path, line: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(format!("{line}\n").as_bytes())?;
    file.sync_data()
}

/// A head hash as typed or kept: 64 hex digits, compared in lower case.
pub fn parse_hash(text: &str) -> Result<String, String> {
    let hash = text.trim().to_ascii_lowercase();
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hash)
    } else {
        Err(format!(
            "不是链头哈希(应为 64 位十六进制数):{text} (not a head hash: 64 hex digits)"
        ))
    }
}

/// The hashes of an anchor file's text, in order; a line that holds none is an error
/// naming its number.
pub fn parse_anchor_text(text: &str) -> Result<Vec<String>, String> {
    let mut hashes = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let field = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("hash="))
            .unwrap_or(line);
        let hash =
            parse_hash(field).map_err(|e| format!("第 {} 行 (line {}):{e}", n + 1, n + 1))?;
        hashes.push(hash);
    }
    Ok(hashes)
}

/// The hashes of an anchor file.
pub fn read_anchor_file(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "无法读取链头记录文件 {} (cannot read the anchor file): {e}",
            path.display()
        )
    })?;
    parse_anchor_text(&text).map_err(|e| format!("{}:{e}", path.display()))
}

/// `--audit-anchor-interval`: a whole number followed by `s`, `m` or `h` (`90m`, `1h`).
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let bad = || format!("间隔应为整数加单位 s、m 或 h,例如 1h、30m:{text} (e.g. 1h, 30m)");
    let unit = text.chars().last().ok_or_else(bad)?;
    let number: u64 = text[..text.len() - unit.len_utf8()]
        .parse()
        .map_err(|_| bad())?;
    let seconds = match unit {
        's' => number,
        'm' => number.checked_mul(60).ok_or_else(bad)?,
        'h' => number.checked_mul(3600).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if seconds == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(seconds))
}

/// Log the head and append it to `file`, if any. Failures are logged, never fatal: the
/// server keeps serving.
async fn anchor_once(store: &dyn Store, file: Option<&Path>) {
    let head = match store.audit_head().await {
        Ok(head) => head,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the audit chain head");
            return;
        }
    };
    let line = anchor_line(&head, Utc::now());
    tracing::info!(
        head_id = head.last_id,
        entries = head.entries,
        hash = %head.last_hash,
        anchor = %line,
        "audit chain head"
    );
    if let Some(path) = file
        && let Err(e) = append_anchor(path, &line)
    {
        tracing::warn!(error = %e, file = %path.display(), "cannot append the audit chain head");
    }
}

/// Anchor the head now and then every `interval`.
pub fn spawn(store: Arc<dyn Store>, interval: Duration, file: Option<PathBuf>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        loop {
            tick.tick().await;
            anchor_once(store.as_ref(), file.as_deref()).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn head(id: i64, digit: char) -> ChainHead {
        ChainHead {
            last_id: id,
            last_hash: std::iter::repeat_n(digit, 64).collect(),
            entries: id - 1,
        }
    }

    #[test]
    fn the_line_names_the_head_in_beijing_time() {
        let at = Utc
            .with_ymd_and_hms(2026, 12, 6, 16, 30, 5)
            .single()
            .expect("time");
        assert_eq!(
            anchor_line(&head(42, 'a'), at),
            format!(
                "2026-12-07 00:30:05 +08:00 head_id=42 entries=41 hash={}",
                "a".repeat(64)
            )
        );
    }

    #[test]
    fn lines_are_appended_to_an_owner_only_file_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("anchors.log");
        std::fs::write(&path, "# kept by the operator\n").expect("seed");
        let at = Utc::now();
        append_anchor(&path, &anchor_line(&head(7, 'b'), at)).expect("append");
        append_anchor(&path, &anchor_line(&head(9, 'C'), at)).expect("append");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("# kept by the operator\n"),
            "never truncated"
        );
        assert_eq!(text.lines().count(), 3);
        assert!(text.ends_with('\n'));
        assert_eq!(
            read_anchor_file(&path).expect("parse"),
            ["b".repeat(64), "c".repeat(64)]
        );
        // a new file is created for the owner only
        let fresh = dir.path().join("new.log");
        append_anchor(&fresh, "x").expect("create");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&fresh)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn bare_hashes_are_accepted_and_bad_lines_named() {
        let h = "d".repeat(64);
        assert_eq!(
            parse_anchor_text(&format!("\n{h}\n")).expect("bare"),
            std::slice::from_ref(&h)
        );
        let e = parse_anchor_text(&format!("{h}\nhash=xyz\n")).expect_err("bad");
        assert!(e.contains("第 2 行") && e.contains("line 2"), "{e}");
        assert!(parse_hash("abc").is_err());
        assert!(parse_hash(&"g".repeat(64)).is_err());
    }

    #[test]
    fn intervals_take_a_unit() {
        assert_eq!(parse_interval("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_interval("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_interval("45s"), Ok(Duration::from_secs(45)));
        for bad in ["", "h", "0h", "10", "1d", "-1h", "1.5h"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}
