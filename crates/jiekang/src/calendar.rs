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
