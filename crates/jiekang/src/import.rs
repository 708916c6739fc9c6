//! `jiekang import FILE` (INFO-1, import): a legacy register (the template's Excel workbook,
//! or CSV) imported into the scope of one unit. A dry run writes nothing; a file with
//! errors writes nothing unless `--clean-rows`; either way the reasons go to a copy of
//! the file beside it (`FILE.错误.xlsx`, or `--report`). The rows carry the name of
//! `--user`, or of the unit's import account (`import.CODE`, created disabled on first
//! use: nobody can log in with it). Progress is shown as a bar.

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::Role;
use jiekang_store::bulk::BulkActor;
use jiekang_store::model::NewUser;
use jiekang_store::{Scope, Store, StoreError};
use jiekang_web::import::{Mode, read, run as run_import, sha256};

type CliResult<T> = Result<T, Box<dyn std::error::Error>>;

#[derive(Args)]
pub struct ImportArgs {
    /// 历史台账文件:导入模板(.xlsx)或 CSV (the register: the template's workbook or CSV)
    pub file: PathBuf,
    /// 试导入:检查全部行,不写入数据 (check every row, write nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// 导入到哪个单位的辖区(单位代码);默认市级根单位 (the unit whose scope takes the rows)
    #[arg(long)]
    pub unit: Option<String>,
    /// 以哪个用户的名义录入;默认该单位的导入账号 import.单位代码 (who the rows are entered by)
    #[arg(long)]
    pub user: Option<String>,
    /// 文件有误时仍导入无误的行 (import the clean rows of a file with errors)
    #[arg(long)]
    pub clean_rows: bool,
    /// 错误报告(标注原因的文件副本)的路径,默认 FILE.错误.xlsx (where the annotated copy goes)
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// 以哪一天为今天(默认北京时间今天),格式 2026-12-07 (the day the rules count as today)
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
}

pub async fn run(database_url: &str, args: ImportArgs) -> CliResult<()> {
    let store = crate::db::open(database_url, 4).await?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| format!("无法读取文件 {}: {e}", args.file.display()))?;
    let file = read::read(&bytes)?;
    let importer = importer(store.as_ref(), args.unit.as_deref(), args.user.as_deref()).await?;
    let scope = Scope::of_unit(importer.unit_id, importer.unit_path.clone());
    let today = args
        .today
        .unwrap_or_else(|| jiekang_domain::clock::beijing_date(chrono::Utc::now()));
    let mode = match (args.dry_run, args.clean_rows) {
        (true, _) => Mode::DryRun,
        (false, true) => Mode::CleanRows,
        (false, false) => Mode::Whole,
    };
    let bar = ProgressBar::new(file.rows() as u64);
    bar.set_style(
        ProgressStyle::with_template("导入 {bar:40} {pos}/{len} 行 ({per_sec}, 剩余 {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let started = std::time::Instant::now();
    let out = run_import(
        store.as_ref(),
        &scope,
        &importer,
        &name,
        sha256(&bytes),
        file,
        today,
        mode,
        &progress,
    )
    .await?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    if !out.errors.is_empty() {
        let path = args.report.clone().unwrap_or_else(|| {
            let mut p = args.file.clone().into_os_string();
            p.push(".错误.xlsx");
            PathBuf::from(p)
        });
        std::fs::write(&path, out.report()?)?;
        println!(
            "{} 行中 {} 行有误,原因已标注在 {} (rows with errors; reasons in the copy)",
            out.rows,
            out.refused_rows,
            path.display()
        );
        for e in out.errors.iter().take(20) {
            println!(
                "  {} 第{}行 第{}列:{}",
                e.sheet.name(),
                e.line,
                e.column + 1,
                e.reason
            );
        }
        if out.errors.len() > 20 {
            println!("  ……共 {} 处", out.errors.len());
        }
    }
    match out.written {
        Some(w) => println!(
            "已导入(第 {} 次导入):新增人员 {},决定 {},检测与谈话 {};已导入而跳过 {};用时 {secs:.1} 秒,{:.0} 行/秒",
            w.import_id,
            w.written.persons,
            w.written.orders,
            w.written.records,
            w.written.skipped,
            out.rows as f64 / secs.max(0.001)
        ),
        None if mode == Mode::DryRun => println!(
            "试导入完成,未写入:可导入新增人员 {},决定 {};已导入而跳过 {} (dry run: nothing written)",
            out.persons, out.orders, out.skipped
        ),
        None => {
            return Err(
                "文件有误,未写入任何数据;改正后重新导入,或用 --clean-rows 只导入无误的行 \
                 (nothing written)"
                    .into(),
            );
        }
    }
    if mode == Mode::DryRun && !out.errors.is_empty() {
        return Err("试导入发现错误 (the dry run found errors)".into());
    }
    Ok(())
}

/// The importing user: `--user` (of the unit's subtree), or the unit's import
/// account, made on first use (disabled: the command line acts in its name).
async fn importer(
    store: &dyn Store,
    unit: Option<&str>,
    user: Option<&str>,
) -> CliResult<BulkActor> {
    let system = Scope::system();
    let unit = match unit {
        Some(code) => store
            .unit_by_code(&system, code)
            .await
            .map_err(|_| format!("单位代码 {code} 不存在 (unknown unit)"))?,
        None => store
            .units(&system)
            .await?
            .into_iter()
            .find(|u| u.parent_id.is_none())
            .ok_or("数据库中没有单位 (no units)")?,
    };
    let scope = Scope::of_unit(unit.id, unit.path.clone());
    let username = user.map_or_else(|| format!("import.{}", unit.code), str::to_owned);
    let found = match store.user_by_username(&scope, &username).await {
        Ok(u) => u,
        Err(StoreError::NotFound) if user.is_none() => {
            store
                .create_user(
                    &system,
                    None,
                    &NewUser {
                        username: username.clone(),
                        display_name: format!("{}历史台账导入", unit.name),
                        unit_id: unit.id,
                        role: if matches!(unit.level, UnitLevel::Township | UnitLevel::Community) {
                            Role::TownshipOffice
                        } else {
                            Role::DistrictOffice
                        },
                        // not a valid argon2 hash: nobody can ever log in as the importer
                        password_hash: "!import".into(),
                        must_change_password: true,
                    },
                )
                .await?;
            let u = store.user_by_username(&scope, &username).await?;
            store.set_user_disabled(&system, None, u.id, true).await?;
            u
        }
        Err(_) => return Err(format!("{} 中没有用户 {username} (no such user)", unit.name).into()),
    };
    let home = store.unit(&system, found.unit_id).await?;
    Ok(BulkActor {
        user_id: found.id,
        username: found.username,
        display_name: found.display_name,
        role: found.role,
        unit_id: found.unit_id,
        unit_path: home.path,
    })
}
