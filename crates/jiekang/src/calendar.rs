//! `jiekang calendar`: enter next year's holiday notice (or a correction) from a file,
//! and list where each known year comes from (D2).

use jiekang_domain::calendar::parse_notice_file;
use jiekang_store::calendar::{effective_calendar, save_notices};

use crate::cli::CalendarCommand;

pub async fn run(
    database_url: &str,
    cmd: CalendarCommand,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = crate::db::open(database_url, 2).await?;
    match cmd {
        CalendarCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("无法读取 {} (cannot read file): {e}", file.display()))?;
            let notices = parse_notice_file(&text)?;
            save_notices(store.as_ref(), None, &notices).await?;
            let years: Vec<String> = notices.iter().map(|n| n.year().to_string()).collect();
            println!(
                "已录入 {} 年度的节假日安排 (imported years): {}",
                years.len(),
                years.join(", ")
            );
            // D2, D4: draw provisional planned test dates again with the new data.
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_message("重新安排暂定的计划检测日期 (re-planning provisional test dates)");
            let cases = jiekang_store::calendar::replan_after_notice(store.as_ref(), &|n| {
                bar.set_message(format!(
                    "重新安排暂定的计划检测日期:{n} 件 (cases re-planned)"
                ));
                bar.tick();
            })
            .await?;
            bar.finish_and_clear();
            println!("已重新安排 {cases} 件案件的暂定检测日期 (cases re-planned)");
        }
        CalendarCommand::List => {
            let calendar = effective_calendar(store.as_ref()).await?;
            let stored = store.calendar_notices().await?;
            for year in calendar.covered_years() {
                let source = match stored.iter().find(|s| s.year == year) {
                    Some(s) => format!("录入 entered {}", s.entered_at.format("%Y-%m-%d")),
                    None => "内置 embedded".to_owned(),
                };
                println!("{year}\t{source}");
            }
        }
    }
    Ok(())
}
