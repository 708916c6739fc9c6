//! `jiekang` — one binary: the server, its database tools, the demo data and the
//! rules engine on the command line.

mod admin;
// The audit chain head kept outside the database
mod anchor;
mod audit;
mod backup;
// the load benchmark
mod bench;
mod calendar;
mod cli;
mod db;
mod demo;
// Data keys
mod keys;
// INFO-1: import of legacy registers
mod import;
mod reports;
mod rules;
mod serve;
// --- Daily sweep ---
mod sweep;
mod telemetry;

/// Memory freed on another thread than the one that allocated it (tokio
/// tasks, the SQLite worker thread) is cheap with mimalloc and costly with glibc's
/// per-arena locks; the demo loader spent a fifth of its writer thread in `free`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    // Whatever this process creates — the SQLite database and its
    // -wal/-shm, backups, the restore's temporary copy, keyrings, exports — is
    // readable by its owner only, also where a library picks the mode (SQLite: 0644).
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let cli = Cli::parse();
    telemetry::init(cli.log_json);
    // `rules` is pure computation: no runtime, no database.
    if let Command::Rules(args) = cli.command {
        return rules::run(args);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时 (cannot start the runtime): {e}");
            return ExitCode::FAILURE;
        }
    };
    // Where `db::open` finds the keyring
    keys::configure(cli.key_file.clone());
    let result = runtime.block_on(async move {
        let done = match cli.command {
            // Exit 1 when a key operation is refused
            Command::Keys(cmd) => return keys::run(&cli.database_url, cmd).await,
            // Exit 1 when the chain is broken, 2 when it cannot be checked
            Command::Audit(cmd) => return audit::run(&cli.database_url, cmd).await,
            // Exit 1 when a copy's audit chain is broken
            Command::Backup { file } => return backup::backup(&cli.database_url, &file).await,
            Command::Restore { file, force } => {
                return backup::restore(&cli.database_url, &file, force).await;
            }
            Command::Serve(args) => serve::run(&cli.database_url, args).await,
            Command::Migrate => db::migrate(&cli.database_url).await,
            Command::Demo(args) => demo::run(&cli.database_url, args).await,
            Command::Import(args) => import::run(&cli.database_url, args).await,
            Command::Admin(cmd) => admin::run(&cli.database_url, cmd).await,
            Command::Calendar(cmd) => calendar::run(&cli.database_url, cmd).await,
            Command::Rules(_) => Ok(()),
            Command::Bench(args) => bench::run(&cli.database_url, args).await,
            // --- Daily sweep ---
            Command::Sweep(args) => sweep::run(&cli.database_url, args).await,
            Command::Reports(cli::ReportsCommand::Count(args)) => {
                reports::run(&cli.database_url, args).await
            }
        };
        done.map(|()| ExitCode::SUCCESS)
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 (error): {e}");
            // the operator at the console sees the cause too (the web never shows it)
            for c in causes(&*e) {
                eprintln!("  原因 (caused by): {c}");
            }
            ExitCode::from(2)
        }
    }
}

/// The chain of causes below an error, nearest first.
fn causes<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(e.source(), |c| c.source())
}
