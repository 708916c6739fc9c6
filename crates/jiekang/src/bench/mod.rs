//! `jiekang bench`: prepare or reuse a database of N persons, start
//! the server as a child process, and drive it over loopback with concurrent clients
//! on real logged-in sessions of several roles.
//!
//! Phases, each `--seconds` long, after a warm-up that checks every operation once:
//! 1. latency: the mixed workload (baseline included) at `--latency-clients` (4);
//! 2. mixed throughput: the mixed workload of the application at `--clients`;
//! 3. each operation alone at `--clients`, the baseline route last, so that an
//!    operation's `ratio_to_baseline` compares like with like.
//!
//! The baseline route returns fixed bytes of the size of a real archive page, measured
//! on a first short start of the server, through the same layers and session check.

mod accounts;
mod client;
mod load;
mod ops;
mod prepare;
mod report;
mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use self::client::{Http, Session, login};
use self::load::{PhaseStats, phase};
use self::ops::{Op, Sessions, Workload, mix};
use self::server::{Options, SEARCHES_PER_MINUTE, Server};

pub type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Args)]
pub struct BenchArgs {
    /// 人员数量:数据库为空时用演示数据生成器生成,已有数据时复用 (persons: seeded when the
    /// database is empty, reused otherwise)
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub persons: u32,
    /// 测吞吐量时的并发客户端数 (concurrent clients for throughput)
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub clients: u32,
    /// 每个阶段的秒数;共 12 个阶段 (seconds per phase; there are 12)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub seconds: u64,
    /// 测延迟时的并发客户端数 (concurrent clients for latency)
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub latency_clients: u32,
    /// 在标准输出打印一个 JSON 对象 (print one JSON object on standard output)
    #[arg(long)]
    pub json: bool,
    /// 被测服务的 PostgreSQL 连接池大小 (the server's PostgreSQL pool)
    #[arg(long, default_value_t = 16)]
    pub pg_pool: u32,
    /// 生成数据时的随机种子 (the demo generator's seed)
    #[arg(long, default_value_t = 20141105)]
    pub seed: u64,
    /// 至少需要多少个有待检测窗口的案件,不足则不报告数字;默认等于客户端数
    /// (the fewest cases with test windows due the run needs to write to; fewer and it
    /// stops without a figure; default: the number of clients)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2_000))]
    pub min_cases: Option<u32>,
    /// 同时启动的服务实例数(仅 PostgreSQL;客户端轮流分配到各实例)
    /// (app instances on the one database, PostgreSQL only; clients spread over them)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub instances: u32,
}

/// The URL without its password, for the report.
fn shown_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Bytes as MiB with one decimal.
fn mib(bytes: u64) -> f64 {
    (bytes as f64 / 1_048_576.0 * 10.0).round() / 10.0
}

/// Log one account in on a fresh connection.
async fn session_of(addr: std::net::SocketAddr, a: &accounts::Account) -> BenchResult<Session> {
    let mut http = Http::new(addr);
    Ok(login(
        &mut http,
        &a.username,
        &a.password,
        a.totp_secret.as_deref(),
    )
    .await?)
}

/// The mean size of the archive pages the benchmark will read, on a server without
/// the baseline route.
async fn archive_size(
    url: &str,
    pg_pool: u32,
    staff: &accounts::Account,
    persons: &[i64],
) -> BenchResult<usize> {
    let probe = Server::start(&Options {
        url,
        pg_pool,
        baseline_bytes: None,
    })
    .await?;
    let measured = async {
        let session = session_of(probe.addr, staff).await?;
        let mut http = Http::new(probe.addr);
        let mut sizes = Vec::new();
        for id in persons.iter().take(20) {
            let r = http
                .get(&format!("/persons/{id}"), Some(&session.cookie))
                .await?;
            if r.status != hyper::StatusCode::OK {
                return Err(format!("/persons/{id}: {}", r.status).into());
            }
            sizes.push(r.body.len());
        }
        let n = sizes.len().max(1);
        BenchResult::Ok(sizes.iter().sum::<usize>() / n)
    }
    .await;
    probe.stop().await?;
    measured
}

pub async fn run(url: &str, args: BenchArgs) -> Result<(), Box<dyn std::error::Error>> {
    run_bench(url, args)
        .await
        .map_err(|e| e as Box<dyn std::error::Error>)
}

async fn run_bench(url: &str, args: BenchArgs) -> BenchResult<()> {
    if args.instances > 1 && !url.starts_with("postgres") {
        return Err(
            "多个服务实例只能共用 PostgreSQL 数据库 (--instances above 1 needs PostgreSQL)".into(),
        );
    }
    let today = jiekang_domain::clock::beijing_date(chrono::Utc::now());
    let prepared = prepare::prepare(url, args.persons, args.seed).await?;
    let store = prepared.store.clone();
    eprintln!("选择工作单位和案件 (choosing units and cases) …");
    let min_cases = args.min_cases.unwrap_or(args.clients.min(2_000)) as usize;
    let plan = prepare::plan(store.as_ref(), today, min_cases).await?;
    prepare::ensure_reports(store.as_ref(), &plan.city, today).await?;
    let accounts = accounts::prepare(store.as_ref(), &plan).await?;
    let numbers = accounts::lookup_numbers(store.as_ref(), &accounts.police, &plan.persons).await?;
    drop(store);
    drop(prepared.store);
    eprintln!(
        "社区 {} · 乡镇 {} · 旗区 {} · 市 {}:{} 个案件录入检测,{} 名人员的档案,{} 个身份证号查询",
        plan.community.name,
        plan.township.name,
        plan.district.name,
        plan.city.name,
        plan.cases.len(),
        plan.persons.len(),
        numbers.len()
    );

    let baseline_bytes = archive_size(url, args.pg_pool, &accounts.staff, &plan.persons).await?;
    let options = Options {
        url,
        pg_pool: args.pg_pool,
        baseline_bytes: Some(baseline_bytes),
    };
    let mut servers = Vec::new();
    for _ in 0..args.instances {
        servers.push(Server::start(&options).await?);
    }
    let addrs: Vec<_> = servers.iter().map(|s| s.addr).collect();
    let outcome = drive(&addrs, &args, &accounts, &plan, numbers, today).await;
    let peaks: Vec<Option<u64>> = servers.iter().map(Server::peak_memory_bytes).collect();
    let peak = peaks.iter().flatten().max().copied();
    for server in servers {
        server.stop().await?;
    }
    let results = outcome?;

    let account_list: Vec<_> = [
        &accounts.staff,
        &accounts.police,
        &accounts.township,
        &accounts.district,
        &accounts.city,
    ]
    .iter()
    .map(|a| json!({"username": a.username, "role": a.role.code()}))
    .collect();
    let head = json!({
        "engine": prepared.engine,
        "database": shown_url(url),
        "persons": prepared.persons_in_db,
        "persons_requested": args.persons,
        "seeded": prepared.seeded,
        "clients": args.clients,
        "latency_clients": args.latency_clients,
        "seconds": args.seconds,
        "today": today.to_string(),
        "units": {
            "community": format!("{} {}", plan.community.code, plan.community.name),
            "township": format!("{} {}", plan.township.code, plan.township.name),
            "district": format!("{} {}", plan.district.code, plan.district.name),
            "city": format!("{} {}", plan.city.code, plan.city.name),
        },
        "accounts": account_list,
        "cases_for_tests": plan.cases.len(),
        "tests_recorded_by": plan.writer.name(),
        "dashboard_path": ops::DASHBOARD_PATH,
        "baseline_bytes": baseline_bytes,
        "server": {
            "peak_memory_bytes": peak,
            "peak_memory_mib": peak.map(mib),
            "instances": args.instances,
            "peak_memory_mib_each": peaks.iter().map(|p| p.map(mib)).collect::<Vec<_>>(),
            "searches_per_minute": SEARCHES_PER_MINUTE,
            "pg_pool": args.pg_pool,
        },
    });
    if args.json {
        println!("{}", results.json(head));
    } else {
        print!("{}", results.table(&head));
    }
    Ok(())
}

/// A server that has been running has its dashboard snapshot (the day-dependent
/// counts of the dashboards and of the queue tabs); a server just started counts it
/// first, for seconds at 1,000,000 persons. The phases start once it is there, so they
/// measure the server as it runs, not its start (the refresh is measured on its own,
/// see docs/performance.md).
async fn wait_for_snapshot(http: &mut Http, city: &Session) -> BenchResult<()> {
    let started = std::time::Instant::now();
    loop {
        let r = http.get("/api/v1/dashboard", Some(&city.cookie)).await?;
        if r.status != hyper::StatusCode::OK {
            return Err(format!("/api/v1/dashboard: {}", r.status).into());
        }
        let body: serde_json::Value = serde_json::from_str(&r.text())?;
        if body.get("fresh").and_then(serde_json::Value::as_bool) == Some(true) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(
                "服务在10分钟内未完成统计快照 (no dashboard snapshot within 10 minutes)".into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Log in, warm up, and run every phase.
/// The sessions are the database's, so a session logged in on one instance works on
/// every other.
async fn drive(
    addrs: &[std::net::SocketAddr],
    args: &BenchArgs,
    accounts: &accounts::Accounts,
    plan: &prepare::Plan,
    numbers: Vec<(String, String)>,
    today: chrono::NaiveDate,
) -> BenchResult<report::Results> {
    let addr = *addrs.first().ok_or("no server")?;
    let sessions = Sessions {
        staff: session_of(addr, &accounts.staff).await?,
        police: session_of(addr, &accounts.police).await?,
        township: session_of(addr, &accounts.township).await?,
        district: session_of(addr, &accounts.district).await?,
        city: session_of(addr, &accounts.city).await?,
    };
    for each in addrs {
        wait_for_snapshot(&mut Http::new(*each), &sessions.city).await?;
    }
    let workload = Arc::new(Workload::new(
        sessions,
        numbers,
        plan.persons.clone(),
        &plan.cases,
        plan.writer,
        today,
    ));

    // Warm-up: every operation once on every instance, its content checked; a failure
    // here is a broken setup, not a measurement.
    let mut all = Op::WORK.to_vec();
    all.push(Op::Baseline);
    for each in addrs {
        let mut http = Http::new(*each);
        for op in &all {
            workload.run(*op, &mut http, true).await.map_err(|e| {
                format!(
                    "{} ({}) 预热失败 (warm-up failed on {each}): {e}",
                    op.name(),
                    op.request()
                )
            })?;
        }
    }

    let seconds = args.seconds;
    let phases = 2 + all.len() as u64;
    let bar = ProgressBar::new(phases * seconds);
    bar.set_style(
        ProgressStyle::with_template("{prefix:>12} {bar:30} {pos}/{len} s {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let done = Arc::new(AtomicU64::new(0));
    let ticker = {
        let bar = bar.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                bar.set_position(started.elapsed().as_secs().min(phases * seconds));
                bar.set_message(format!("{} 请求 (requests)", done.load(Ordering::Relaxed)));
            }
        })
    };
    let run_phase = async |name: &str, clients: u32, cycle: Vec<Op>| -> PhaseStats {
        bar.set_prefix(name.to_owned());
        phase(
            workload.clone(),
            addrs,
            clients as usize,
            seconds,
            cycle,
            done.clone(),
        )
        .await
    };

    let latency = run_phase("latency", args.latency_clients, mix(&all)).await;
    let mixed = run_phase("mixed", args.clients, mix(&Op::WORK)).await;
    let mut alone = std::collections::BTreeMap::new();
    for op in &all {
        alone.insert(*op, run_phase(op.name(), args.clients, vec![*op]).await);
    }
    ticker.abort();
    bar.finish_and_clear();
    Ok(report::Results {
        latency,
        mixed,
        alone,
        writes: workload.writes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_the_report() {
        assert_eq!(
            shown_url("postgres://bench:secret@127.0.0.1:5432/jk"),
            "postgres://bench@127.0.0.1:5432/jk"
        );
        assert_eq!(
            shown_url("postgres://postgres@127.0.0.1/jk"),
            "postgres://postgres@127.0.0.1/jk"
        );
        assert_eq!(shown_url("/work/bench/1m.db"), "/work/bench/1m.db");
    }
}
