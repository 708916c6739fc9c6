//! `jiekang rules`: the rules engine on the command line, for checking the system's
//! arithmetic by hand and for other programs. Dates are `YYYY-MM-DD`. Exit 0 on
//! success; exit 2 with a one-line Chinese and English message on stderr for bad
//! input or a year whose holiday notice is unknown. `--json` prints one JSON object.
//! Every answer comes from `jiekang_domain`; nothing is computed here.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use jiekang_domain::calendar::{HolidayCalendar, WorkCalendar, parse_notice_file};
use jiekang_domain::deadline::{add_workdays_strict, calendar_day_deadline_strict};
use jiekang_domain::id_number::IdNumber;
use jiekang_domain::measure::Measure;
use jiekang_domain::schedule::schedule;
use jiekang_domain::term::{Suspension, Term};
use serde_json::json;

#[derive(clap::Args)]
pub struct RulesArgs {
    /// 额外的节假日通知文件(格式同 `jiekang calendar import`),覆盖内置年度
    /// (extra notice file, same format as `jiekang calendar import`; replaces those years)
    #[arg(long, global = true)]
    calendar_file: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: RulesCommand,
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// 是否为工作日 (D2: is DATE a working day)
    IsWorkday {
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// DATE 之后第 N 个工作日 (D1, CASE-2: the N-th working day after DATE)
    AddWorkdays {
        date: String,
        n: u32,
        #[arg(long)]
        json: bool,
    },
    /// DATE 起 N 个自然日期限的最后一天,遇节假日顺延 (D1: last day of an N-day period)
    Deadline {
        date: String,
        n: u32,
        #[arg(long)]
        json: bool,
    },
    /// 校验居民身份证号码 (GB 11643: validate an ID number)
    CheckId {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 执行期限 (D3: the term of a measure)
    Term(TermArgs),
    /// 检测计划 (D4: test windows and planned dates)
    Schedule {
        #[command(flatten)]
        term: TermArgs,
        /// 每案随机种子 (per-case seed)
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
}

#[derive(clap::Args)]
pub struct TermArgs {
    /// community_detox | community_rehab
    #[arg(long)]
    measure: String,
    /// 报到日期 (report-in date)
    #[arg(long)]
    report_in: String,
    /// 社区康复决定年限 1–3 (decided years of 社区康复)
    #[arg(long)]
    years: Option<u8>,
    /// 中止期间 FROM:TO,可重复 (suspension, repeatable)
    #[arg(long = "suspend")]
    suspend: Vec<String>,
    #[arg(long)]
    json: bool,
}

/// A refusal: the one-line message for stderr.
struct Refusal(String);

fn date(input: &str) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| {
        Refusal(format!(
            "日期格式错误,应为 YYYY-MM-DD:{input} (bad date, expected YYYY-MM-DD)"
        ))
    })
}

fn term_of(args: &TermArgs) -> Result<(Measure, NaiveDate, Vec<Suspension>), Refusal> {
    let measure = Measure::parse(args.measure.trim()).ok_or_else(|| {
        Refusal(format!(
            "未知措施 {}:应为 community_detox 或 community_rehab (unknown measure)",
            args.measure
        ))
    })?;
    let report_in = date(&args.report_in)?;
    let suspensions = args
        .suspend
        .iter()
        .map(|s| {
            let (from, to) = s.split_once(':').ok_or_else(|| {
                Refusal(format!(
                    "中止期间应为 FROM:TO:{s} (suspension must be FROM:TO)"
                ))
            })?;
            Ok(Suspension {
                from: date(from)?,
                to: date(to)?,
            })
        })
        .collect::<Result<Vec<_>, Refusal>>()?;
    Ok((measure, report_in, suspensions))
}

fn unknown_year(e: jiekang_domain::calendar::CalendarUnknown) -> Refusal {
    Refusal(e.to_string())
}

/// The embedded calendar, with the notices of `--calendar-file` laid over it.
fn calendar(file: Option<&std::path::Path>) -> Result<HolidayCalendar, Refusal> {
    let Some(path) = file else {
        return Ok(HolidayCalendar::embedded().clone());
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        Refusal(format!(
            "无法读取 {} (cannot read file): {e}",
            path.display()
        ))
    })?;
    let notices = parse_notice_file(&text).map_err(|e| Refusal(e.to_string()))?;
    Ok(HolidayCalendar::embedded().with_overrides(&notices))
}

fn answer(cmd: &RulesCommand, cal: &HolidayCalendar) -> Result<String, Refusal> {
    match cmd {
        RulesCommand::IsWorkday { date: d, json } => {
            let d = date(d)?;
            let workday = cal.is_workday(d).map_err(unknown_year)?;
            Ok(if *json {
                json!({ "date": d, "workday": workday }).to_string()
            } else {
                workday.to_string()
            })
        }
        RulesCommand::AddWorkdays { date: d, n, json } => {
            let d = date(d)?;
            let result = add_workdays_strict(cal, d, *n).map_err(unknown_year)?;
            Ok(if *json {
                json!({ "from": d, "n": n, "date": result }).to_string()
            } else {
                result.to_string()
            })
        }
        RulesCommand::Deadline { date: d, n, json } => {
            let d = date(d)?;
            let result = calendar_day_deadline_strict(cal, d, *n).map_err(unknown_year)?;
            Ok(if *json {
                json!({ "from": d, "n": n, "deadline": result }).to_string()
            } else {
                result.to_string()
            })
        }
        RulesCommand::CheckId { id, json } => check_id(id, *json),
        RulesCommand::Term(args) => {
            let (measure, report_in, suspensions) = term_of(args)?;
            let term = Term::new(measure, report_in, args.years, &suspensions)
                .map_err(|e| Refusal(e.to_string()))?;
            let (start, end) = (term.report_in(), term.last_day());
            Ok(if args.json {
                json!({ "start": start, "end": end }).to_string()
            } else {
                format!("{start} {end}")
            })
        }
        RulesCommand::Schedule { term: args, seed } => {
            let (measure, report_in, suspensions) = term_of(args)?;
            let s = schedule(cal, measure, report_in, args.years, &suspensions, *seed)
                .map_err(|e| Refusal(e.to_string()))?;
            if args.json {
                serde_json::to_string(&s).map_err(|e| Refusal(e.to_string()))
            } else {
                let mut out = format!("期满 term end: {}\n", s.term_end);
                for w in &s.windows {
                    let mark = if w.provisional {
                        " (暂定 provisional)"
                    } else {
                        ""
                    };
                    out.push_str(&format!(
                        "{:>2}  {} – {}  计划 {}{mark}\n",
                        w.index, w.start, w.end, w.planned
                    ));
                }
                Ok(out.trim_end().to_owned())
            }
        }
    }
}

fn check_id(id: &str, json: bool) -> Result<String, Refusal> {
    let today = jiekang_domain::clock::beijing_date(chrono::Utc::now());
    match IdNumber::parse(id, today) {
        Ok(n) => {
            let out = json!({
                "valid": true,
                "id": n.as_str(),
                "birth_date": n.birth_date(),
                "sex": n.sex().code(),
                "error": null,
            });
            Ok(if json {
                out.to_string()
            } else {
                format!("{} {} {}", n.as_str(), n.birth_date(), n.sex().code())
            })
        }
        Err(e) => {
            if json {
                let out = json!({ "valid": false, "id": null, "birth_date": null, "sex": null, "error": e.to_string(), "code": e.code() });
                let _ = writeln!(std::io::stdout(), "{out}");
            }
            Err(Refusal(format!("{e} ({})", e.message_en())))
        }
    }
}

pub fn run(args: RulesArgs) -> ExitCode {
    let result =
        calendar(args.calendar_file.as_deref()).and_then(|cal| answer(&args.command, &cal));
    match result {
        // A closed pipe (`| head`) is not an error worth a panic.
        Ok(out) => {
            let _ = writeln!(std::io::stdout(), "{out}");
            ExitCode::SUCCESS
        }
        Err(Refusal(message)) => {
            let _ = writeln!(std::io::stderr(), "{}", message.replace('\n', " "));
            ExitCode::from(2)
        }
    }
}
