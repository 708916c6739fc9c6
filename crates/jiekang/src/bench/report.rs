//! The result: one JSON object (`--json`) or a table.
//!
//! Per operation: latency at the latency clients (p50/p95/p99 ms, mixed workload),
//! throughput of the operation alone at C clients (`rps`) and that divided by the
//! baseline's alone at C clients (`ratio_to_baseline`), its throughput within the
//! mixed workload at C clients (`mixed_rps`), count and errors over every phase, and the
//! p95 budget with whether the latency phase's p95 met it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::load::{OpStats, PhaseStats};
use super::ops::{Op, Writes};

/// Everything measured in one run.
pub struct Results {
    pub latency: PhaseStats,
    pub mixed: PhaseStats,
    /// Each operation alone at C clients, the baseline included.
    pub alone: BTreeMap<Op, PhaseStats>,
    /// The tests recorded over every phase, and on how many cases.
    pub writes: Writes,
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn stats_of(phase: &PhaseStats, op: Op) -> Option<&OpStats> {
    phase.ops.get(&op)
}

impl Results {
    pub fn baseline_rps(&self) -> f64 {
        self.alone
            .get(&Op::Baseline)
            .map_or(0.0, |p| p.rps(Some(Op::Baseline)))
    }

    fn ratio(&self, rps: f64) -> f64 {
        let base = self.baseline_rps();
        if base > 0.0 {
            round(rps / base, 4)
        } else {
            0.0
        }
    }

    /// Every operation with the baseline last.
    pub fn ops(&self) -> Vec<Op> {
        let mut ops = Op::WORK.to_vec();
        ops.push(Op::Baseline);
        ops
    }

    fn op_json(&self, op: Op) -> Value {
        let empty = PhaseStats {
            clients: 0,
            elapsed: std::time::Duration::ZERO,
            ops: BTreeMap::new(),
        };
        let lat = stats_of(&self.latency, op);
        let alone = self.alone.get(&op).unwrap_or(&empty);
        let alone_stats = stats_of(alone, op);
        let mixed = stats_of(&self.mixed, op);
        let count = [lat, alone_stats, mixed]
            .iter()
            .flatten()
            .map(|s| s.count())
            .sum::<u64>();
        let errors = [lat, alone_stats, mixed]
            .iter()
            .flatten()
            .map(|s| s.errors)
            .sum::<u64>();
        let first_error = [lat, alone_stats, mixed]
            .iter()
            .flatten()
            .find_map(|s| s.first_error.clone());
        let rps = alone.rps(Some(op));
        let pct = |s: Option<&OpStats>| {
            let s = s.cloned();
            json!({
                "count": s.as_ref().map_or(0, OpStats::count),
                "errors": s.as_ref().map_or(0, |s| s.errors),
                "p50_ms": round(s.as_ref().map_or(0.0, |s| s.ms(0.50)), 2),
                "p95_ms": round(s.as_ref().map_or(0.0, |s| s.ms(0.95)), 2),
                "p99_ms": round(s.as_ref().map_or(0.0, |s| s.ms(0.99)), 2),
                "max_ms": round(s.as_ref().map_or(0.0, |s| s.ms(1.0)), 2),
            })
        };
        let p95 = round(lat.map_or(0.0, |s| s.ms(0.95)), 2);
        json!({
            "label": op.label_zh(),
            "request": op.request(),
            "p95_budget_ms": op.p95_budget_ms(),
            "within_budget": op.p95_budget_ms().map(|b| lat.is_some() && p95 <= b),
            "count": count,
            "errors": errors,
            "first_error": first_error,
            "p50_ms": round(lat.map_or(0.0, |s| s.ms(0.50)), 2),
            "p95_ms": p95,
            "p99_ms": round(lat.map_or(0.0, |s| s.ms(0.99)), 2),
            "rps": round(rps, 1),
            "ratio_to_baseline": self.ratio(rps),
            "mixed_rps": round(self.mixed.rps(Some(op)), 1),
            "latency": pct(lat),
            "alone": {
                "clients": alone.clients,
                "seconds": round(alone.elapsed.as_secs_f64(), 2),
                "rps": round(rps, 1),
                "latency": pct(alone_stats),
            },
        })
    }

    pub fn json(&self, head: Value) -> Value {
        let mut out = head;
        let ops: serde_json::Map<String, Value> = self
            .ops()
            .into_iter()
            .map(|op| (op.name().to_owned(), self.op_json(op)))
            .collect();
        let mixed_rps = self.mixed.rps(None);
        if let Some(map) = out.as_object_mut() {
            map.insert(
                "mixed".to_owned(),
                json!({
                    "clients": self.mixed.clients,
                    "seconds": round(self.mixed.elapsed.as_secs_f64(), 2),
                    "count": self.mixed.total(),
                    "errors": self.mixed.errors(),
                    "rps": round(mixed_rps, 1),
                    "ratio_to_baseline": self.ratio(mixed_rps),
                }),
            );
            map.insert(
                "baseline_rps".to_owned(),
                json!(round(self.baseline_rps(), 1)),
            );
            map.insert("operations".to_owned(), Value::Object(ops));
            map.insert("cases_written".to_owned(), json!(self.writes.cases));
            map.insert("tests_written".to_owned(), json!(self.writes.tests));
        }
        out
    }

    /// The table for a person.
    pub fn table(&self, head: &Value) -> String {
        use std::fmt::Write;
        let mut t = String::new();
        let field = |k: &str| head.get(k).cloned().unwrap_or(Value::Null);
        let _ = writeln!(
            t,
            "jiekang bench — {} · {} 名人员 (persons) · 延迟 {} 个客户端 · 吞吐 {} 个客户端 · 每阶段 {} 秒",
            field("engine").as_str().unwrap_or(""),
            field("persons"),
            field("latency_clients"),
            field("clients"),
            field("seconds"),
        );
        let _ = writeln!(
            t,
            "{:<20} {:>9} {:>9} {:>11} {:>9} {:>10} {:>8} {:>10} {:>8} {:>7}",
            "operation",
            "p50 ms",
            "p95 ms",
            "p95 budget",
            "p99 ms",
            "rps alone",
            "ratio",
            "rps mixed",
            "count",
            "errors"
        );
        for op in self.ops() {
            let v = self.op_json(op);
            let num = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            let budget = match (op.p95_budget_ms(), v.get("within_budget")) {
                (Some(b), Some(Value::Bool(true))) => format!("{b} ✓"),
                (Some(b), _) => format!("{b} ✗"),
                (None, _) => "—".to_owned(),
            };
            let _ = writeln!(
                t,
                "{:<20} {:>9.2} {:>9.2} {:>11} {:>9.2} {:>10.1} {:>8.3} {:>10.1} {:>8} {:>7}",
                op.name(),
                num("p50_ms"),
                num("p95_ms"),
                budget,
                num("p99_ms"),
                num("rps"),
                num("ratio_to_baseline"),
                num("mixed_rps"),
                v.get("count").and_then(Value::as_u64).unwrap_or(0),
                v.get("errors").and_then(Value::as_u64).unwrap_or(0),
            );
            if let Some(e) = v.get("first_error").and_then(Value::as_str) {
                let _ = writeln!(t, "    first error: {e}");
            }
        }
        let mixed = self.mixed.rps(None);
        let _ = writeln!(
            t,
            "mixed workload: {:.1} requests/s at {} clients ({} errors), {:.3} of the baseline's {:.1}/s",
            mixed,
            self.mixed.clients,
            self.mixed.errors(),
            self.ratio(mixed),
            self.baseline_rps(),
        );
        let _ = writeln!(
            t,
            "录入检测 (tests written): {} tests on {} of the {} cases with test windows due",
            self.writes.tests,
            self.writes.cases,
            field("cases_for_tests"),
        );
        let _ = writeln!(
            t,
            "server peak memory (VmHWM): {} MiB · baseline body {} bytes (an archive page's size)",
            field("server")
                .get("peak_memory_mib")
                .cloned()
                .unwrap_or(Value::Null),
            field("baseline_bytes"),
        );
        t
    }
}
