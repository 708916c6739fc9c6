//! The operations the benchmark drives, each as the person in that role does it in a
//! browser, and what a correct answer is (any other status is an error).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use hyper::StatusCode;
use tokio::sync::Mutex;

use super::client::{Http, Session, hidden};
use super::prepare::Writer;

/// The supervision dashboard of the district and city users (STAT-1; also their home
/// page): figures counted by triggers and a snapshot at most a minute old.
pub const DASHBOARD_PATH: &str = "/dashboard";

/// The baseline route of the server (only with `serve --bench-baseline`).
pub const BASELINE_PATH: &str = jiekang_web::routes::BENCH_BASELINE_PATH;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// 社区民警: the person list searched by an exact ID number.
    ExactLookup,
    /// 社区专职: the first page of the community's work queue (tests this week).
    CommunityQueue,
    /// 乡镇(街道)办公室: the first page of the township's work queue.
    TownshipQueue,
    /// 社区专职: a person's archive page (audited read).
    Archive,
    /// 社区专职 (or the township office, see `prepare::Writer`): a drug test recorded on
    /// a case (a write with its audit record).
    RecordTest,
    /// 旗区禁毒办: the district dashboard.
    DistrictDashboard,
    /// 市督导指导组: the city dashboard.
    CityDashboard,
    /// 市督导指导组: the city's report of the last closed month (STAT-1), read from the
    /// counted figures.
    CityReport,
    /// The office that records the tests (see `prepare::Writer`): a case's printed
    /// agreement as its A4 page (INFO-1; an audited read of the case, like its page).
    Document,
    /// The baseline route: fixed bytes of an archive page's size.
    Baseline,
}

impl Op {
    /// Every operation of the application (the baseline is not one).
    pub const WORK: [Op; 9] = [
        Op::ExactLookup,
        Op::CommunityQueue,
        Op::TownshipQueue,
        Op::Archive,
        Op::RecordTest,
        Op::DistrictDashboard,
        Op::CityDashboard,
        Op::CityReport,
        Op::Document,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::ExactLookup => "exact_lookup",
            Op::CommunityQueue => "community_queue",
            Op::TownshipQueue => "township_queue",
            Op::Archive => "archive",
            Op::RecordTest => "record_test",
            Op::DistrictDashboard => "district_dashboard",
            Op::CityDashboard => "city_dashboard",
            Op::CityReport => "city_report",
            Op::Document => "document",
            Op::Baseline => "baseline",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Op::ExactLookup => "身份证号精确查询",
            Op::CommunityQueue => "社区工作任务首页",
            Op::TownshipQueue => "乡镇工作任务首页",
            Op::Archive => "人员档案",
            Op::RecordTest => "录入检测",
            Op::DistrictDashboard => "旗区概况",
            Op::CityDashboard => "全市督导",
            Op::CityReport => "全市月报表",
            Op::Document => "打印文书(协议)",
            Op::Baseline => "基准(固定字节)",
        }
    }

    /// Share of the mixed workload: a day's work is mostly lookups, archives and queues.
    pub fn weight(self) -> usize {
        match self {
            Op::ExactLookup | Op::Archive => 3,
            Op::CommunityQueue | Op::TownshipQueue | Op::RecordTest | Op::Baseline => 2,
            Op::DistrictDashboard | Op::CityDashboard | Op::CityReport | Op::Document => 1,
        }
    }

    /// The p95 budget in ms at 1,000,000 persons (docs/performance.md); the baseline has
    /// none. A document is read like a case's archive page.
    pub fn p95_budget_ms(self) -> Option<f64> {
        match self {
            Op::ExactLookup => Some(5.0),
            Op::CommunityQueue | Op::TownshipQueue | Op::RecordTest => Some(20.0),
            Op::Archive | Op::Document => Some(30.0),
            Op::DistrictDashboard | Op::CityDashboard | Op::CityReport => Some(200.0),
            Op::Baseline => None,
        }
    }

    /// The request, for the report (`{…}` where it varies).
    pub fn request(self) -> String {
        match self {
            Op::ExactLookup => "GET /persons?id_number={…}".to_owned(),
            Op::CommunityQueue => format!("GET {COMMUNITY_QUEUE}"),
            Op::TownshipQueue => format!("GET {TOWNSHIP_QUEUE}"),
            Op::Archive => "GET /persons/{id}".to_owned(),
            Op::RecordTest => "POST /cases/{id}/tests".to_owned(),
            Op::DistrictDashboard | Op::CityDashboard => format!("GET {DASHBOARD_PATH}"),
            Op::CityReport => "GET /reports?period={last month}".to_owned(),
            Op::Document => "GET /cases/{id}/agreement".to_owned(),
            Op::Baseline => format!("GET {BASELINE_PATH}"),
        }
    }
}

/// A weighted cycle of operations; client `i` starts at position `i`.
pub fn mix(ops: &[Op]) -> Vec<Op> {
    // Interleave: one round per weight level, so heavy ones do not bunch up.
    let most = ops.iter().map(|o| o.weight()).max().unwrap_or(1);
    let mut cycle = Vec::new();
    for round in 0..most {
        for op in ops {
            if op.weight() > round {
                cycle.push(*op);
            }
        }
    }
    cycle
}

/// What the report page says before its period has been counted.
const NOT_COUNTED: &str = "本期报表尚未统计";

/// The city's monthly report the benchmark reads: the last closed month's, as the page
/// shows by default.
pub fn report_path(today: chrono::NaiveDate) -> String {
    use jiekang_domain::report::{PeriodKind, ReportPeriod};
    let month = ReportPeriod::containing(PeriodKind::Month, today).previous();
    format!("/reports?period={}", month.code())
}

const COMMUNITY_QUEUE: &str = "/queues?q=tests_week";
/// The township office's own first queue (its default).
const TOWNSHIP_QUEUE: &str = "/queues";

/// A case the benchmark records tests on, with the version the client last saw.
struct CaseSlot {
    id: i64,
    version: Mutex<Option<i64>>,
    /// Tests this run recorded on the case.
    written: AtomicU64,
}

/// The tests a run recorded, and on how many cases.
#[derive(Debug, Clone, Copy, Default)]
pub struct Writes {
    pub cases: usize,
    pub tests: u64,
}

/// The logged-in sessions of each role.
pub struct Sessions {
    pub staff: Session,
    pub police: Session,
    pub township: Session,
    pub district: Session,
    pub city: Session,
}

/// Everything the operations need; shared by every client.
pub struct Workload {
    sessions: Sessions,
    /// (full ID number, name)
    numbers: Vec<(String, String)>,
    persons: Vec<i64>,
    cases: Vec<CaseSlot>,
    /// Who records the tests (see [`Writer`]).
    writer: Writer,
    today: String,
    /// `/reports?period=…` of the month before today's.
    report_path: String,
    next_number: AtomicUsize,
    next_person: AtomicUsize,
    next_case: AtomicUsize,
    next_document: AtomicUsize,
}

fn pick<'a, T>(items: &'a [T], counter: &AtomicUsize) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(counter.fetch_add(1, Ordering::Relaxed) % items.len())
}

/// Whether an answer is right, or why not.
fn expect(status: StatusCode, wanted: StatusCode) -> Result<(), String> {
    if status == wanted {
        Ok(())
    } else {
        Err(format!("status {status}, expected {wanted}"))
    }
}

impl Workload {
    pub fn new(
        sessions: Sessions,
        numbers: Vec<(String, String)>,
        persons: Vec<i64>,
        cases: &[(i64, i64)],
        writer: Writer,
        today: chrono::NaiveDate,
    ) -> Self {
        Self {
            sessions,
            numbers,
            persons,
            cases: cases
                .iter()
                .map(|(id, _)| CaseSlot {
                    id: *id,
                    version: Mutex::new(None),
                    written: AtomicU64::new(0),
                })
                .collect(),
            writer,
            today: today.format("%Y-%m-%d").to_string(),
            report_path: report_path(today),
            next_number: AtomicUsize::new(0),
            next_person: AtomicUsize::new(0),
            next_case: AtomicUsize::new(0),
            next_document: AtomicUsize::new(0),
        }
    }

    /// What the run wrote: how many cases got at least one test, and how many tests.
    pub fn writes(&self) -> Writes {
        let per_case: Vec<u64> = self
            .cases
            .iter()
            .map(|c| c.written.load(Ordering::Relaxed))
            .collect();
        Writes {
            cases: per_case.iter().filter(|n| **n > 0).count(),
            tests: per_case.iter().sum(),
        }
    }

    /// The session that records the tests.
    fn writer(&self) -> &Session {
        match self.writer {
            Writer::Community => &self.sessions.staff,
            Writer::Township => &self.sessions.township,
        }
    }

    /// Do `op` once. `check` also checks the content (the warm-up does).
    pub async fn run(&self, op: Op, http: &mut Http, check: bool) -> Result<(), String> {
        let s = &self.sessions;
        match op {
            Op::ExactLookup => {
                let (number, name) = pick(&self.numbers, &self.next_number).ok_or("no numbers")?;
                let path = format!("/persons?id_number={number}");
                let r = http.get(&path, Some(&s.police.cookie)).await?;
                expect(r.status, StatusCode::OK)?;
                if check && !r.text().contains(name.as_str()) {
                    return Err(format!("{path}: the person is not in the answer"));
                }
                Ok(())
            }
            Op::CommunityQueue => {
                let r = http.get(COMMUNITY_QUEUE, Some(&s.staff.cookie)).await?;
                expect(r.status, StatusCode::OK)
            }
            Op::TownshipQueue => {
                let r = http.get(TOWNSHIP_QUEUE, Some(&s.township.cookie)).await?;
                expect(r.status, StatusCode::OK)
            }
            Op::Archive => {
                let id = pick(&self.persons, &self.next_person).ok_or("no persons")?;
                let r = http
                    .get(&format!("/persons/{id}"), Some(&s.staff.cookie))
                    .await?;
                expect(r.status, StatusCode::OK)
            }
            Op::RecordTest => self.record_test(http).await,
            Op::DistrictDashboard => {
                let r = http.get(DASHBOARD_PATH, Some(&s.district.cookie)).await?;
                expect(r.status, StatusCode::OK)
            }
            Op::CityDashboard => {
                let r = http.get(DASHBOARD_PATH, Some(&s.city.cookie)).await?;
                expect(r.status, StatusCode::OK)
            }
            Op::CityReport => {
                let r = http.get(&self.report_path, Some(&s.city.cookie)).await?;
                expect(r.status, StatusCode::OK)?;
                // counted (the demo and the daily job count it), with its total row
                if check && (r.text().contains(NOT_COUNTED) || !r.text().contains("合计")) {
                    return Err(format!("{}: the report is not counted", self.report_path));
                }
                Ok(())
            }
            Op::Document => {
                let slot = pick(&self.cases, &self.next_document).ok_or("no cases")?;
                let path = format!("/cases/{}/agreement", slot.id);
                let r = http.get(&path, Some(&self.writer().cookie)).await?;
                expect(r.status, StatusCode::OK)?;
                if check && !r.text().contains("社区戒毒社区康复工作办公室") {
                    return Err(format!("{path}: no issuing office on the document"));
                }
                Ok(())
            }
            Op::Baseline => {
                let r = http.get(BASELINE_PATH, Some(&s.staff.cookie)).await?;
                expect(r.status, StatusCode::OK)
            }
        }
    }

    /// The version of a case as its page shows it (a browser has the page open before
    /// it posts the form). Not timed: only the first post on a case, or one after an
    /// error, needs it.
    async fn case_version(&self, http: &mut Http, id: i64) -> Result<i64, String> {
        let page = http
            .get(&format!("/cases/{id}"), Some(&self.writer().cookie))
            .await?;
        expect(page.status, StatusCode::OK)?;
        hidden(&page.text(), "version")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("/cases/{id}: no version on the page"))
    }

    /// A negative urine test today, by two testers, on the next case in turn. A case is
    /// posted by one client at a time (others take the next case), so a 409 here means
    /// a real conflict, not one the benchmark made.
    async fn record_test(&self, http: &mut Http) -> Result<(), String> {
        let start = self.next_case.fetch_add(1, Ordering::Relaxed);
        let n = self.cases.len().max(1);
        // Take the first free case from `start` on; wait for `start`'s if all are busy.
        let mut held = None;
        for k in 0..n {
            if let Some(slot) = self.cases.get((start + k) % n)
                && let Ok(guard) = slot.version.try_lock()
            {
                held = Some((slot, guard));
                break;
            }
        }
        let (slot, mut version) = match held {
            Some(h) => h,
            None => {
                let slot = self.cases.get(start % n).ok_or("no cases")?;
                (slot, slot.version.lock().await)
            }
        };
        let v = match *version {
            Some(v) => v,
            None => {
                let v = self.case_version(http, slot.id).await?;
                *version = Some(v);
                v
            }
        };
        let form = serde_urlencoded::to_string([
            ("csrf_token", self.writer().csrf.as_str()),
            ("version", &v.to_string()),
            ("tested_on", &self.today),
            ("tested_time", "09:30"),
            ("kind", "on_site"),
            ("sample", "urine"),
            ("outcome", "negative"),
            ("tester_1", "性能基准甲"),
            ("tester_2", "性能基准乙"),
            ("planned", "yes"),
            ("female_tester_present", "yes"),
            ("note", "jiekang bench"),
        ])
        .map_err(|e| e.to_string())?;
        let r = http
            .post(
                &format!("/cases/{}/tests", slot.id),
                &self.writer().cookie,
                form,
            )
            .await;
        match r {
            Ok(r) if r.status == StatusCode::SEE_OTHER => {
                *version = Some(v + 1);
                slot.written.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Ok(r) => {
                *version = None;
                let why = r
                    .text()
                    .split("class=\"error")
                    .nth(1)
                    .map(|t| t.chars().take(160).collect::<String>())
                    .unwrap_or_default();
                Err(format!("status {}, expected 303 {why}", r.status))
            }
            Err(e) => {
                *version = None;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_holds_each_operation_by_its_weight() {
        let cycle = mix(&Op::WORK);
        for op in Op::WORK {
            assert_eq!(cycle.iter().filter(|o| **o == op).count(), op.weight());
        }
        assert_eq!(cycle.first(), Some(&Op::ExactLookup));
    }

    #[test]
    fn the_report_read_is_the_last_closed_month() {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        assert_eq!(report_path(day("2026-12-07")), "/reports?period=2026-11");
        assert_eq!(report_path(day("2027-01-01")), "/reports?period=2026-12");
    }

    #[test]
    fn every_operation_has_a_budget_but_the_baseline() {
        assert!(Op::WORK.iter().all(|op| op.p95_budget_ms().is_some()));
        assert_eq!(Op::Baseline.p95_budget_ms(), None);
        assert_eq!(Op::CityReport.p95_budget_ms(), Some(200.0));
    }
}
