//! Periodic reports (STAT-1): `jiekang reports count` counts the open periods and freezes
//! the closed ones not yet frozen (what the daily job of `jiekang serve` does after the
//! sweep); `--recount PERIOD` counts a frozen period again and keeps a correction beside
//! it when records entered late changed its figures.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use jiekang_domain::report::{ReportPeriod, periods_to_count};
use jiekang_store::Store;
use jiekang_store::calendar::effective_calendar;
use jiekang_store::reports::{Counted, VersionKind};

use crate::cli::ReportsArgs;

/// Count the reports of `today`: every period the daily job keeps, or the `recount` ones.
pub async fn count(
    store: &dyn Store,
    today: NaiveDate,
    recount: &[ReportPeriod],
) -> Result<Vec<Counted>, Box<dyn std::error::Error>> {
    let cal = effective_calendar(store).await?;
    let (periods, again) = if recount.is_empty() {
        (periods_to_count(today), false)
    } else {
        (recount.to_vec(), true)
    };
    Ok(store
        .count_reports(&cal, &periods, today, Utc::now(), None, again)
        .await?)
}

fn describe(c: &Counted) -> String {
    let what = match c.stored {
        Some(VersionKind::Running) => "已统计(本期未结束) (running)",
        Some(VersionKind::Frozen) => "已冻结 (frozen)",
        Some(VersionKind::Correction) => "重新统计,数字有变,已记为更正 (correction kept)",
        None => "已冻结,无变化 (unchanged)",
    };
    format!("{} {}", c.period.label_zh(), what)
}

/// `jiekang reports count [--date D] [--recount P]…`
pub async fn run(database_url: &str, args: ReportsArgs) -> Result<(), Box<dyn std::error::Error>> {
    let store = crate::db::open(database_url, 4).await?;
    let today = args
        .date
        .unwrap_or_else(|| jiekang_domain::clock::beijing_date(Utc::now()));
    let mut recount = Vec::new();
    for code in &args.recount {
        recount.push(ReportPeriod::parse(code).ok_or_else(|| {
            format!("报表期间 {code} 无效,应写作 2026-11、2026-Q4 或 2026 (not a period)")
        })?);
    }
    let started = std::time::Instant::now();
    for c in count(store.as_ref(), today, &recount).await? {
        println!("{}", describe(&c));
    }
    println!(
        "报表统计完成,用时 {:.1} 秒 (reports counted in {:.1} s)",
        started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The daily job of `jiekang serve`: after this instance ran the day's sweep, count the
/// reports (the sweep's lease makes it one instance a day).
pub fn after_sweep(store: Arc<dyn Store>, today: NaiveDate) {
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match count(store.as_ref(), today, &[]).await {
            Ok(counted) => tracing::info!(
                periods = counted.len(),
                seconds = started.elapsed().as_secs_f64(),
                "periodic reports counted"
            ),
            Err(e) => {
                tracing::warn!(error = %e, "periodic reports: count failed; retried tomorrow or with `jiekang reports count`")
            }
        }
    });
}
