//! The server under test: this same binary's `serve`, started as a child process on a
//! free loopback port, stopped with SIGTERM (a graceful shutdown) at the end.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use hyper::StatusCode;
use tokio::process::{Child, Command};

use super::BenchResult;
use super::client::Http;

/// Person searches per user per minute on the benchmark's server. The per-user limit
/// (60 by default) is there for a person at a screen; the benchmark stands one account
/// for the many users whose lookups reach a server at once, so it raises the limit
/// with the operator's flag (`serve --searches-per-minute`). The limiter still counts
/// every lookup.
pub const SEARCHES_PER_MINUTE: u32 = 1_000_000;

/// How the server is started.
pub struct Options<'a> {
    pub url: &'a str,
    pub pg_pool: u32,
    /// Enable the baseline route with this many bytes.
    pub baseline_bytes: Option<usize>,
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
}

/// A free loopback port: bind port 0 and let it go.
fn free_port() -> BenchResult<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Environment variable: the server's log filter; the log is then kept.
const SERVER_LOG_ENV: &str = "JIEKANG_BENCH_SERVER_LOG";

impl Server {
    pub async fn start(options: &Options<'_>) -> BenchResult<Self> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log =
            std::env::temp_dir().join(format!("jiekang-bench-{}-{port}.log", std::process::id()));
        let log_file = std::fs::File::create(&log)?;
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.arg("--db")
            .arg(options.url)
            .args(crate::keys::forwarded_args())
            .arg("serve")
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--searches-per-minute")
            .arg(SEARCHES_PER_MINUTE.to_string())
            // the daily sweep runs at night, not under the day's load; it is measured
            // on its own (`jiekang sweep`)
            .arg("--no-sweep")
            .arg("--pg-pool")
            .arg(options.pg_pool.to_string());
        if let Some(bytes) = options.baseline_bytes {
            cmd.arg("--bench-baseline")
                .arg("--bench-baseline-bytes")
                .arg(bytes.to_string());
        }
        let child = cmd
            // JIEKANG_BENCH_SERVER_LOG=<filter>: the server logs at that level (e.g.
            // `warn,sqlx::query=debug` for every statement's time) and its log is kept
            .env(
                "RUST_LOG",
                std::env::var(SERVER_LOG_ENV).unwrap_or_else(|_| "warn".to_owned()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true)
            .spawn()?;
        let mut server = Self { child, addr, log };
        server.wait_ready().await?;
        Ok(server)
    }

    /// The end of the server's log, for error messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    async fn wait_ready(&mut self) -> BenchResult<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!(
                    "服务未能启动 (the server exited: {status}):\n{}",
                    self.log_tail()
                )
                .into());
            }
            let mut http = Http::new(self.addr);
            if let Ok(r) = http.get("/healthz", None).await
                && r.status == StatusCode::OK
            {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!(
                    "服务 120 秒内未就绪 (the server did not answer):\n{}",
                    self.log_tail()
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The server's peak resident memory so far (`VmHWM`), in bytes (Linux).
    pub fn peak_memory_bytes(&self) -> Option<u64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    /// SIGTERM (through `kill`, as this crate has no unsafe code for `libc::kill`), then
    /// wait for the graceful shutdown; SIGKILL if it takes longer than 30 s.
    pub async fn stop(mut self) -> BenchResult<()> {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .await;
        }
        match tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await {
            Ok(_) => {}
            Err(_) => {
                self.child.kill().await?;
            }
        }
        if std::env::var_os(SERVER_LOG_ENV).is_some() {
            eprintln!("服务日志 (server log): {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
        Ok(())
    }
}
