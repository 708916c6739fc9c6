//! One phase of load: `clients` concurrent clients, each on its own keep-alive
//! connection, going round a cycle of operations for a fixed time (closed loop: a
//! client sends its next request when the last one is answered).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::client::Http;
use super::ops::{Op, Workload};

/// What one operation did in one phase.
#[derive(Clone)]
pub struct OpStats {
    /// Latencies of the correct answers, in microseconds.
    pub latency: Histogram<u64>,
    pub errors: u64,
    /// The first error seen, to say what went wrong.
    pub first_error: Option<String>,
}

impl OpStats {
    fn new() -> Self {
        Self {
            // 1 µs to 10 minutes at three significant digits
            latency: Histogram::new_with_bounds(1, 600_000_000, 3)
                .expect("constant bounds are valid"),
            errors: 0,
            first_error: None,
        }
    }

    pub fn count(&self) -> u64 {
        self.latency.len() + self.errors
    }

    fn merge(&mut self, other: &OpStats) {
        let _ = self.latency.add(&other.latency);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error.clone_from(&other.first_error);
        }
    }

    /// A latency percentile in milliseconds (0 when nothing was answered).
    pub fn ms(&self, quantile: f64) -> f64 {
        if self.latency.is_empty() {
            return 0.0;
        }
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// What a phase did.
pub struct PhaseStats {
    pub clients: usize,
    pub elapsed: Duration,
    pub ops: BTreeMap<Op, OpStats>,
}

impl PhaseStats {
    pub fn total(&self) -> u64 {
        self.ops.values().map(OpStats::count).sum()
    }

    pub fn errors(&self) -> u64 {
        self.ops.values().map(|s| s.errors).sum()
    }

    /// Requests per second of one operation (or of all with `None`).
    pub fn rps(&self, op: Option<Op>) -> f64 {
        let n = match op {
            Some(op) => self.ops.get(&op).map_or(0, OpStats::count),
            None => self.total(),
        };
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 { n as f64 / secs } else { 0.0 }
    }
}

/// Run `cycle` on `clients` clients for `seconds`, client `i` talking to instance
/// `i mod n` of `addrs`. `done` counts every answer (for the progress bar).
pub async fn phase(
    workload: Arc<Workload>,
    addrs: &[SocketAddr],
    clients: usize,
    seconds: u64,
    cycle: Vec<Op>,
    done: Arc<AtomicU64>,
) -> PhaseStats {
    let cycle = Arc::new(cycle);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for client in 0..clients {
        let workload = workload.clone();
        let cycle = cycle.clone();
        let done = done.clone();
        let Some(addr) = addrs.get(client % addrs.len().max(1)).copied() else {
            break;
        };
        tasks.push(tokio::spawn(async move {
            let mut http = Http::new(addr);
            let mut stats: BTreeMap<Op, OpStats> = BTreeMap::new();
            let mut i = client;
            while Instant::now() < deadline {
                let Some(op) = cycle.get(i % cycle.len().max(1)).copied() else {
                    break;
                };
                i += 1;
                let t0 = Instant::now();
                let result = workload.run(op, &mut http, false).await;
                let micros = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
                let s = stats.entry(op).or_insert_with(OpStats::new);
                match result {
                    Ok(()) => s.latency.saturating_record(micros.max(1)),
                    Err(e) => {
                        s.errors += 1;
                        if s.first_error.is_none() {
                            s.first_error = Some(e);
                        }
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            stats
        }));
    }
    let mut ops: BTreeMap<Op, OpStats> = BTreeMap::new();
    for task in tasks {
        if let Ok(stats) = task.await {
            for (op, s) in stats {
                ops.entry(op).or_insert_with(OpStats::new).merge(&s);
            }
        }
    }
    // Every operation of the cycle appears, even one that never finished in time.
    for op in cycle.iter() {
        ops.entry(*op).or_insert_with(OpStats::new);
    }
    PhaseStats {
        clients,
        elapsed: started.elapsed(),
        ops,
    }
}
