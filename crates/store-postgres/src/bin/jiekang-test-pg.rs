//! `jiekang-test-pg url|stop|dir`: the shared throwaway test cluster from the shell.
//!
//! `url` starts it if needed and prints its admin URL (export it as `JIEKANG_TEST_PG`
//! to point other tools at it); `stop` stops it and deletes its data (`.ci/run` calls
//! this at the end); `dir` prints where it lives.

use std::process::ExitCode;

use jiekang_store_postgres::testing::cluster;

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let result = match command.as_str() {
        "url" => cluster::shared_cluster_url().map(|url| println!("{url}")),
        "stop" => cluster::stop_shared_cluster().map(|was_running| {
            let what = if was_running {
                "stopped"
            } else {
                "was not running"
            };
            println!(
                "test cluster in {}: {what}",
                cluster::cluster_dir().display()
            );
        }),
        "dir" => {
            println!("{}", cluster::cluster_dir().display());
            Ok(())
        }
        _ => {
            eprintln!("usage: jiekang-test-pg url|stop|dir");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jiekang-test-pg {command}: {e}");
            ExitCode::FAILURE
        }
    }
}
