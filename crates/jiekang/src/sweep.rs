//! The daily sweep: `jiekang sweep [--date D]` runs it now with a
//! progress bar; `jiekang serve` runs a scheduler that tries today's period once the
//! configured time of day has passed. Every instance tries; the lease in the database
//! lets exactly one run each day (`jiekang_store::sweep`).

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use jiekang_store::Store;
use jiekang_store::calendar::effective_calendar;
use jiekang_store::sweep::{
    SweepOptions, SweepOutcome, SweepProgress, holder_name, run_daily_sweep,
};

use crate::cli::SweepArgs;

/// `jiekang sweep`: run the sweep of a day now (once: a day already swept is not
/// swept again).
pub async fn run(database_url: &str, args: SweepArgs) -> Result<(), Box<dyn std::error::Error>> {
    let store = crate::db::open(database_url, 4).await?;
    let day = args
        .date
        .unwrap_or_else(|| jiekang_domain::clock::beijing_date(chrono::Utc::now()));
    let cal = effective_calendar(store.as_ref()).await?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let progress = |p: SweepProgress| match p {
        SweepProgress::Windows(n) => {
            bar.set_message(format!("检测窗口 (windows settled): {n}"));
            bar.tick();
        }
        SweepProgress::Cases { done, of } => {
            bar.set_message("案件 (cases)");
            bar.set_length(u64::try_from(of).unwrap_or(0));
            bar.set_position(u64::try_from(done).unwrap_or(0));
        }
        SweepProgress::Handovers(n) => {
            bar.set_message(format!("移交 (hand-overs looked at): {n}"));
            bar.tick();
        }
        SweepProgress::Quality(n) => {
            bar.set_message(format!("数据质量 (quality findings raised): {n}"));
            bar.tick();
        }
    };
    let opts = SweepOptions::new(holder_name("cli"));
    let outcome = run_daily_sweep(store.as_ref(), &cal, day, &opts, &progress).await?;
    bar.finish_and_clear();
    match outcome {
        SweepOutcome::Ran(run) => {
            println!(
                "{day} 每日清理完成,用时 {:.1} 秒 (sweep done in {:.1} s)\n{}",
                started.elapsed().as_secs_f64(),
                started.elapsed().as_secs_f64(),
                run.counts.summary_zh()
            );
            println!("{}", serde_json::to_string(&run.counts)?);
        }
        SweepOutcome::AlreadyDone => {
            println!("{day} 已执行过每日清理,不再重复 (already swept)");
        }
        SweepOutcome::HeldElsewhere(holder) => {
            println!("{day} 的每日清理正由 {holder} 执行 (another instance is sweeping)");
        }
    }
    Ok(())
}

/// Start the scheduler of `jiekang serve`: every `every`, once the local time is past
/// `at`, try to sweep today unless this instance saw today done.
pub fn spawn_scheduler(store: Arc<dyn Store>, at: NaiveTime, every: Duration, instance: &str) {
    let opts = SweepOptions::new(holder_name(instance));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut done: Option<NaiveDate> = None;
        loop {
            tick.tick().await;
            // the sweep runs at `at` Beijing time, on Beijing's day, whatever the
            // server's own time zone
            let now = chrono::Utc::now().with_timezone(&jiekang_domain::clock::BEIJING);
            let today = now.date_naive();
            if now.time() < at || done == Some(today) {
                continue;
            }
            let cal = match effective_calendar(store.as_ref()).await {
                Ok(cal) => cal,
                Err(e) => {
                    tracing::warn!(error = %e, "daily sweep: cannot load the calendar");
                    continue;
                }
            };
            match run_daily_sweep(store.as_ref(), &cal, today, &opts, &|_| {}).await {
                Ok(SweepOutcome::Ran(run)) => {
                    tracing::info!(
                        period = %run.period,
                        holder = %run.holder,
                        counts = ?run.counts,
                        seconds = (run.finished_at - run.started_at).num_milliseconds() as f64 / 1000.0,
                        "daily sweep done"
                    );
                    done = Some(today);
                    crate::reports::after_sweep(store.clone(), today);
                }
                Ok(SweepOutcome::AlreadyDone) => {
                    tracing::info!(period = %today, "daily sweep already done by another instance");
                    done = Some(today);
                }
                // another instance is at it; if it dies, its lease expires and a later
                // tick takes over
                Ok(SweepOutcome::HeldElsewhere(holder)) => {
                    tracing::debug!(%holder, "daily sweep held by another instance");
                }
                Err(e) => tracing::warn!(error = %e, "daily sweep failed; retried later"),
            }
        }
    });
}
