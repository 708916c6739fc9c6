//! The shared throwaway cluster: one PostgreSQL server per user for all test processes.
//!
//! It lives in `/tmp/jiekang-test-pg-<uid>/` (or `$JIEKANG_TEST_PG_DIR`): `data/` is
//! the cluster (trust auth, superuser `postgres`, fsync off, TCP on 127.0.0.1 at a
//! free port, its socket in `data/`), `server.log` its log, `lock` a file lock.
//!
//! Why shared and left running: cargo-nextest runs every test in its own process,
//! so a cluster per process would mean an `initdb` per test. Instead the first test
//! process takes the lock, starts the cluster (`initdb` if needed) and leaves it
//! running; the others wait on the lock, find it running and reuse it. A process
//! cannot reliably clean up at exit, so nothing tries to. `.ci/run` stops it at the
//! end with `cargo run -p jiekang-store-postgres --features testing --bin
//! jiekang-test-pg -- stop` ([`stop_shared_cluster`]: stops the server and deletes
//! its data); by hand, `pg_ctl -D /tmp/jiekang-test-pg-$(id -u)/data stop -m fast`
//! (as root: `runuser -u postgres -- pg_ctl …`). A stopped or rebooted-away cluster
//! is simply started again (re-created if its data is unusable) by the next test.
//!
//! As root (CI, containers) the server cannot run as root: the directory is given
//! to the `postgres` user and `initdb`/`pg_ctl` run through `runuser -u postgres`.
//! Binaries: `$JIEKANG_PG_BIN`, else the first `PATH` entry with both `initdb` and
//! `pg_ctl`, else the newest `/usr/lib/postgresql/*/bin`, else `/usr/local/pgsql/bin`.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

use super::TestError;

/// Overrides the cluster's directory.
pub const ENV_DIR: &str = "JIEKANG_TEST_PG_DIR";
/// Directory holding `initdb` and `pg_ctl`.
pub const ENV_BIN: &str = "JIEKANG_PG_BIN";

/// The cluster's directory for this user.
pub fn cluster_dir() -> PathBuf {
    match std::env::var_os(ENV_DIR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(format!("/tmp/jiekang-test-pg-{}", current_uid())),
    }
}

fn current_uid() -> u32 {
    // /proc/self belongs to the process's user; no libc (unsafe is forbidden here)
    fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}

fn is_root() -> bool {
    current_uid() == 0
}

/// Admin URL of the shared cluster, starting it if it is not running. Blocks; cached
/// for the life of the process (a failure too, so every test reports the same cause).
pub fn shared_cluster_url() -> Result<String, TestError> {
    static URL: OnceLock<Result<String, String>> = OnceLock::new();
    URL.get_or_init(|| ensure_running().map_err(|e| e.to_string()))
        .clone()
        .map_err(TestError::new)
}

/// Stop the shared cluster if it runs and delete its data and log (the directory and
/// its lock file stay). Returns whether it was running. Waits for a test process that
/// is starting it; one that starts it afterwards gets a new cluster.
pub fn stop_shared_cluster() -> Result<bool, TestError> {
    let cluster = Cluster::locate()?;
    if !cluster.dir.exists() {
        return Ok(false);
    }
    cluster.locked(|| {
        let was_running = cluster.running()?;
        if was_running {
            cluster.pg_ctl(&["stop", "-m", "fast", "-w"])?;
        }
        // the directory and its lock file stay, for processes waiting on the lock
        fs::remove_dir_all(&cluster.data).or_else(ignore_missing)?;
        fs::remove_file(cluster.dir.join("server.log")).or_else(ignore_missing)?;
        Ok(was_running)
    })
}

fn ignore_missing(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}

fn ensure_running() -> Result<String, TestError> {
    let cluster = Cluster::locate()?;
    cluster.prepare_dir()?;
    let port = cluster.locked(|| match cluster.serving_port()? {
        Some(port) => Ok(port),
        None => {
            cluster.start()?;
            cluster.port()
        }
    })?;
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

struct Cluster {
    dir: PathBuf,
    data: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
}

impl Cluster {
    fn locate() -> Result<Self, TestError> {
        let dir = cluster_dir();
        // the server's options go through pg_ctl's shell: keep paths plain
        if !dir.to_str().is_some_and(|d| {
            d.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c))
        }) {
            return Err(TestError::new(format!(
                "test cluster directory {} must be a plain path (letters, digits, / - _ .)",
                dir.display()
            )));
        }
        Ok(Self {
            data: dir.join("data"),
            dir,
            bin: find_bin()?,
            as_postgres: is_root(),
        })
    }

    fn prepare_dir(&self) -> Result<(), TestError> {
        fs::create_dir_all(&self.dir)?;
        if self.as_postgres {
            run(Command::new("chown").arg("postgres:").arg(&self.dir))?;
        }
        Ok(())
    }

    /// Run `f` holding the exclusive lock over starting and stopping the cluster (a
    /// `flock`, so the kernel releases it when a holder dies).
    fn locked<T>(&self, f: impl FnOnce() -> Result<T, TestError>) -> Result<T, TestError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join("lock"))?;
        let mut lock = fd_lock::RwLock::new(file);
        let _held = lock.write()?;
        f()
    }

    /// A command for `initdb`/`pg_ctl`, run as `postgres` when we are root.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        // a working directory the postgres user can enter
        cmd.current_dir(&self.dir);
        // its own process group: Ctrl-C on `cargo test` or nextest killing a test's
        // group must not take the shared server down with it
        cmd.process_group(0);
        cmd
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<Output, TestError> {
        run(self.command("pg_ctl").arg("-D").arg(&self.data).args(args))
    }

    /// Whether pg_ctl sees a server on the data directory.
    fn running(&self) -> Result<bool, TestError> {
        if !self.data.join("postmaster.pid").exists() {
            return Ok(false);
        }
        let status = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .arg("status")
            .output()?;
        // 0: running; 3: not running; 4: no usable data directory
        Ok(status.status.success())
    }

    /// The port of a server that runs and answers. pg_ctl alone is not enough: a
    /// postmaster killed outright may linger as a zombie where nothing reaps orphans
    /// (containers), and then pg_ctl still sees its pid.
    fn serving_port(&self) -> Result<Option<u16>, TestError> {
        if !self.running()? {
            return Ok(None);
        }
        let Ok(port) = self.port() else {
            return Ok(None);
        };
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let answers =
            std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_ok();
        Ok(answers.then_some(port))
    }

    /// The port of the server, from line 4 of its pid file.
    fn port(&self) -> Result<u16, TestError> {
        let pid_file = fs::read_to_string(self.data.join("postmaster.pid"))?;
        pid_file
            .lines()
            .nth(3)
            .and_then(|l| l.trim().parse().ok())
            .ok_or_else(|| TestError::new("the test cluster's postmaster.pid names no port"))
    }

    fn initdb(&self) -> Result<(), TestError> {
        fs::remove_dir_all(&self.data).or_else(ignore_missing)?;
        run(self.command("initdb").arg("-D").arg(&self.data).args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "-N",
        ]))?;
        Ok(())
    }

    /// Start the server on a free port; re-create the cluster once if its data is
    /// missing or unusable (another PostgreSQL version, a half-made initdb, the pid
    /// file of a server that hangs or is a zombie).
    fn start(&self) -> Result<(), TestError> {
        let fresh = !self.data.join("PG_VERSION").exists();
        if fresh {
            self.initdb()?;
        }
        match self.start_once() {
            Ok(()) => Ok(()),
            Err(_) if !fresh => {
                // a hung server still holding the data directory: end it first
                let _ = self.pg_ctl(&["stop", "-m", "immediate", "-w", "-t", "3"]);
                self.initdb()?;
                self.start_once()
            }
            Err(e) => Err(e),
        }
    }

    fn start_once(&self) -> Result<(), TestError> {
        let port = free_port()?;
        let data = self.data.display();
        let options = format!(
            "-p {port} -k '{data}' -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        );
        let log = self.dir.join("server.log");
        let log_arg = log.display().to_string();
        self.pg_ctl(&["-l", &log_arg, "-o", &options, "-w", "-t", "60", "start"])
            .map(drop)
            .map_err(|e| TestError::new(format!("{e}\n--- {log_arg} (end) ---\n{}", tail(&log))))
    }
}

fn free_port() -> Result<u16, TestError> {
    // the lock keeps our own processes from racing for it; others rarely do
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

fn run(cmd: &mut Command) -> Result<Output, TestError> {
    let out = cmd
        .output()
        .map_err(|e| TestError::new(format!("cannot run {cmd:?}: {e}")))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(TestError::new(format!(
            "{cmd:?} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )))
    }
}

fn find_bin() -> Result<PathBuf, TestError> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os(ENV_BIN).filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if has_both(&dir) {
            Ok(dir)
        } else {
            Err(TestError::new(format!(
                "{ENV_BIN}={} has no initdb and pg_ctl",
                dir.display()
            )))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path).find(|d| has_both(d)) {
        return Ok(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| has_both(bin))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    let pgsql = PathBuf::from("/usr/local/pgsql/bin");
    if has_both(&pgsql) {
        return Ok(pgsql);
    }
    Err(TestError::new(format!(
        "no PostgreSQL server binaries (initdb, pg_ctl) found: install them \
         (e.g. apt-get install postgresql), set {ENV_BIN}, or point {} at a server",
        super::ENV_ADMIN_URL
    )))
}
