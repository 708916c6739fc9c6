//! `jiekang audit verify`: walk the hash-chained audit trail (issue #5, INFO-2) in id
//! order with a progress bar on stderr, and say in Chinese and English whether it is
//! intact. Exit 0 when intact, 1 at the first bad record (named by its id).

use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use jiekang_store::audit_chain::AuditVerification;
use jiekang_store::{Store, StoreResult};

use crate::cli::AuditCommand;

pub async fn run(url: &str, cmd: AuditCommand) -> Result<ExitCode, Box<dyn std::error::Error>> {
    match cmd {
        AuditCommand::Verify => verify(url).await,
    }
}

/// Walk the chain with a progress bar on stderr (also used by `jiekang backup` and
/// `jiekang restore`, issue #5 item 8).
pub async fn verify_with_progress(store: &dyn Store) -> StoreResult<AuditVerification> {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("校验审计日志 {bar:40} {pos}/{len} 条 ({eta})")
    {
        bar.set_style(style);
    }
    let progress = |checked: u64, total: u64| {
        bar.set_length(total.max(checked));
        bar.set_position(checked);
    };
    let v = store.audit_verify(&progress).await;
    bar.finish_and_clear();
    v
}

async fn verify(url: &str) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let store = crate::db::open(url, 2).await?;
    let v = verify_with_progress(store.as_ref()).await?;
    match &v.problem {
        None => {
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
