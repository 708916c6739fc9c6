//! `jiekang audit verify`: walk the hash-chained audit trail (INFO-2) in id
//! order with a progress bar on stderr, and say in Chinese and English whether it is
//! intact. Exit 0 when intact, 1 at the first bad record (named by its id).
//!
//! `--expect HASH` and `--expect-file PATH` name head hashes kept
//! outside the database (`crate::anchor`); each must be carried by a record of the
//! intact chain, else exit 1 — so rewriting the newest records together with the head
//! is found, which the chain alone cannot show.

use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use jiekang_store::audit_chain::AuditVerification;
use jiekang_store::{Store, StoreResult};

use crate::cli::AuditCommand;

pub async fn run(url: &str, cmd: AuditCommand) -> Result<ExitCode, Box<dyn std::error::Error>> {
    match cmd {
        AuditCommand::Verify {
            expect,
            expect_file,
        } => {
            // Read the kept hashes before the walk: they all precede the head it reads.
            let mut anchors = Vec::new();
            for hash in &expect {
                anchors.push(crate::anchor::parse_hash(hash)?);
            }
            for path in &expect_file {
                anchors.extend(crate::anchor::read_anchor_file(path)?);
            }
            anchors.sort();
            anchors.dedup();
            verify(url, &anchors).await
        }
    }
}

/// Walk the chain with a progress bar on stderr (also used by `jiekang backup` and
/// `jiekang restore`).
pub async fn verify_with_progress(store: &dyn Store) -> StoreResult<AuditVerification> {
    verify_anchored_with_progress(store, &[]).await
}

/// [`verify_with_progress`], also looking for the kept head hashes `anchors`.
async fn verify_anchored_with_progress(
    store: &dyn Store,
    anchors: &[String],
) -> StoreResult<AuditVerification> {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("校验审计日志 {bar:40} {pos}/{len} 条 ({eta})")
    {
        bar.set_style(style);
    }
    let progress = |checked: u64, total: u64| {
        bar.set_length(total.max(checked));
        bar.set_position(checked);
    };
    let v = store.audit_verify_anchored(anchors, &progress).await;
    bar.finish_and_clear();
    v
}

async fn verify(url: &str, anchors: &[String]) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let store = crate::db::open(url, 2).await?;
    let v = verify_anchored_with_progress(store.as_ref(), anchors).await?;
    match &v.problem {
        None if !v.anchors_found() => {
            let n = v.missing_anchors.len();
            println!(
                "审计日志与保存的链头不符:已校验 {} 条记录,链本身完整,但有 {n} 个保存的链头哈希不在链中——\
                 其记录或链头在保存后被改写或删除。当前链头编号 {},哈希 {}",
                v.checked, v.head_id, v.head_hash
            );
            println!(
                "Audit trail does not match the kept heads: {} records checked and the chain is intact, \
                 but {n} kept head hash(es) are not in it — their records or the head were rewritten or \
                 removed since. Current head id {}, hash {}",
                v.checked, v.head_id, v.head_hash
            );
            for hash in &v.missing_anchors {
                println!("不在链中 (not in the chain): {hash}");
            }
            Ok(ExitCode::from(1))
        }
        None => {
            if !anchors.is_empty() {
                println!(
                    "保存的 {} 个链头哈希均在链中 ({} kept head hash(es) found in the chain)",
                    anchors.len(),
                    anchors.len()
                );
            }
            println!(
                "审计日志完整:已校验 {} 条记录,链头编号 {},链头哈希 {}",
                v.checked, v.head_id, v.head_hash
            );
            println!(
                "Audit trail intact: {} records checked, head id {}, head hash {}",
                v.checked, v.head_id, v.head_hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(p) => {
            println!(
                "审计日志被篡改:记录 {} {}(最后一条完好的记录为 {}),已校验 {} 条",
                p.id,
                p.kind.label_zh(),
                p.last_good_id,
                v.checked
            );
            println!(
                "Audit trail broken at record {}: {} (last good record {}); {} records checked",
                p.id,
                p.kind.label_en(),
                p.last_good_id,
                v.checked
            );
            Ok(ExitCode::from(1))
        }
    }
}
