//! Prepare or reuse the benchmark's database, and choose where in the unit tree the
//! benchmark works: the township with the most test work, its busiest community, its
//! district and the city, with cases and persons of that community to work on.

use std::collections::HashSet;
use std::process::Stdio;
use std::sync::Arc;

use chrono::NaiveDate;
use jiekang_domain::case::CaseState;
use jiekang_domain::org::UnitLevel;
use jiekang_store::cases::QueueKind;
use jiekang_store::model::{PageRequest, PersonFilter, Unit};
use jiekang_store::{Scope, Store};

use super::BenchResult;

/// The database, seeded by the demo generator if it was empty.
pub struct Prepared {
    pub store: Arc<dyn Store>,
    pub engine: &'static str,
    pub persons_in_db: i64,
    pub seeded: bool,
}

/// Open the database; seed an empty one with `jiekang demo --persons N` (the demo
/// generator's own entry, run as a child process so that its account list stays off
/// this command's standard output); reuse one that holds data.
pub async fn prepare(url: &str, persons: u32, seed: u64) -> BenchResult<Prepared> {
    let store = crate::db::open(url, 4).await.map_err(|e| {
        // keep the cause: this error crosses threads as text
        crate::causes(&*e).fold(e.to_string(), |text, c| format!("{text}:{c}"))
    })?;
    let empty = store.units(&Scope::system()).await?.is_empty();
    if empty {
        eprintln!("数据库为空,生成 {persons} 名人员的演示数据 (seeding {persons} persons) …");
        let stderr = std::io::stderr();
        let to_stderr = std::os::fd::AsFd::as_fd(&stderr).try_clone_to_owned()?;
        let status = tokio::process::Command::new(std::env::current_exe()?)
            .arg("--db")
            .arg(url)
            .args(crate::keys::forwarded_args())
            .arg("demo")
            .arg("--persons")
            .arg(persons.to_string())
            .arg("--seed")
            .arg(seed.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(to_stderr))
            .status()
            .await?;
        if !status.success() {
            return Err(format!("jiekang demo failed: {status}").into());
        }
    }
    let persons_in_db = store.count_persons(&Scope::system()).await?;
    if !empty {
        let wanted = i64::from(persons);
        let off = (persons_in_db - wanted).abs();
        if off * 10 > wanted {
            eprintln!(
                "注意:数据库已有 {persons_in_db} 名人员,与 --persons {persons} 不符;沿用现有数据,不重新生成 \
                 (the database holds {persons_in_db} persons, not about {persons}; reusing it as it is)"
            );
        } else {
            eprintln!(
                "复用已有数据库:{persons_in_db} 名人员 (reusing the database: {persons_in_db} persons)"
            );
        }
    }
    Ok(Prepared {
        engine: store.engine(),
        store,
        persons_in_db,
        seeded: empty,
    })
}

/// The city's report of the last closed month must be counted before it is read: the demo
/// counts the reports when it seeds; a database seeded before, or on another day, is
/// counted here as the daily job would (`jiekang reports count`).
pub async fn ensure_reports(store: &dyn Store, city: &Unit, today: NaiveDate) -> BenchResult<()> {
    use jiekang_domain::report::{PeriodKind, ReportPeriod};
    let month = ReportPeriod::containing(PeriodKind::Month, today).previous();
    let report = store.report(&scope_of(city), month).await?;
    if report.version.is_none() {
        eprintln!(
            "{} 的报表尚未统计,现在统计 (counting the periodic reports) …",
            month.code()
        );
        crate::reports::count(store, today, &[])
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Who records the benchmark's tests: the community's staff on its own cases, or the
/// township office (which records tests too, e.g. paper records entered at the office)
/// on cases anywhere in the township when the community alone has too few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Community,
    Township,
}

impl Writer {
    pub fn name(self) -> &'static str {
        match self {
            Writer::Community => "community",
            Writer::Township => "township",
        }
    }
}

/// Where the benchmark works and on what.
pub struct Plan {
    pub city: Unit,
    pub district: Unit,
    pub township: Unit,
    pub community: Unit,
    /// (case id, person id) of cases that take tests (报到/执行中) with test windows
    /// due or overdue: the community's, or the whole township's when the community
    /// has too few (see [`Writer`]).
    pub cases: Vec<(i64, i64)>,
    /// Who records the tests.
    pub writer: Writer,
    /// Persons of the community for archive pages and ID lookups, case holders first.
    pub persons: Vec<i64>,
}

pub fn scope_of(unit: &Unit) -> Scope {
    Scope::of_unit(unit.id, unit.path.clone())
}

/// The test work of a unit's subtree: windows due this week plus overdue ones.
async fn test_work(store: &dyn Store, unit: &Unit, today: NaiveDate) -> BenchResult<i64> {
    let scope = scope_of(unit);
    let mut n = 0;
    for kind in [QueueKind::TestsWeek, QueueKind::TestsOverdue] {
        n += store.queue_count(&scope, kind, today).await?;
    }
    Ok(n)
}

/// The unit with the most test work among `units` (the first on ties).
async fn busiest<'a>(
    store: &dyn Store,
    units: &[&'a Unit],
    today: NaiveDate,
) -> BenchResult<Option<&'a Unit>> {
    let mut best: Option<(&Unit, i64)> = None;
    for unit in units {
        let work = test_work(store, unit, today).await?;
        if best.is_none_or(|(_, b)| work > b) {
            best = Some((unit, work));
        }
    }
    Ok(best.map(|(u, _)| u))
}

/// Cases in a unit's subtree that take tests (报到/执行中) with windows due or
/// overdue: (case id, person id).
async fn test_cases(
    store: &dyn Store,
    unit: &Unit,
    today: NaiveDate,
) -> BenchResult<Vec<(i64, i64)>> {
    let scope = scope_of(unit);
    let mut seen = HashSet::new();
    let mut cases = Vec::new();
    for kind in [
        QueueKind::TestsToday,
        QueueKind::TestsWeek,
        QueueKind::TestsOverdue,
    ] {
        let page = store.queue(&scope, kind, today, None, 500).await?;
        for item in page.items {
            let takes_tests = CaseState::TESTED.contains(&item.state);
            if takes_tests && seen.insert(item.case_id) {
                cases.push((item.case_id, item.person_id));
            }
        }
    }
    cases.truncate(2_000);
    Ok(cases)
}

/// Where the benchmark works: the township with the most test work, then its community
/// with the most. Chosen afresh on every run, so a second run on the same database
/// works where tests are still due, not where the first run recorded them. Tests are
/// recorded on the community's cases, or on the township's when the community has
/// fewer than `min_cases`; fewer than that in the township too is an error: a write
/// figure spread over a few cases measures the clients waiting for each other, not
/// the server.
pub async fn plan(store: &dyn Store, today: NaiveDate, min_cases: usize) -> BenchResult<Plan> {
    let units = store.units(&Scope::system()).await?;
    let by_id = |id: Option<i64>| units.iter().find(|u| Some(u.id) == id);
    let in_use = |level: UnitLevel| -> Vec<&Unit> {
        units
            .iter()
            .filter(|u| u.level == level && u.valid_to.is_none())
            .collect()
    };
    let townships = in_use(UnitLevel::Township);
    let township = busiest(store, &townships, today)
        .await?
        .ok_or("数据库里没有乡镇(街道)(no township in the database)")?;
    let communities: Vec<&Unit> = in_use(UnitLevel::Community)
        .into_iter()
        .filter(|u| u.parent_id == Some(township.id))
        .collect();
    let community = busiest(store, &communities, today)
        .await?
        .ok_or_else(|| format!("{} 下没有社区 (no community)", township.name))?;
    let min_cases = min_cases.max(1);
    let mut cases = test_cases(store, community, today).await?;
    let mut writer = Writer::Community;
    if cases.len() < min_cases {
        cases = test_cases(store, township, today).await?;
        writer = Writer::Township;
    }
    if cases.len() < min_cases {
        return Err(format!(
            "{} 只有 {} 个案件有待检测的窗口,少于所需的 {} 个,不报告写入数字;请用更多人员生成数据,\
             或换一天、换一个数据库 (only {} cases with test windows due in the busiest township, \
             fewer than the {} needed; no figure reported — seed more persons or use a fresh database)",
            township.name,
            cases.len(),
            min_cases,
            cases.len(),
            min_cases,
        )
        .into());
    }
    let township = by_id(community.parent_id)
        .filter(|u| u.level == UnitLevel::Township)
        .ok_or("社区的上级不是乡镇 (no township above the community)")?;
    let district = by_id(township.parent_id)
        .filter(|u| u.level == UnitLevel::District)
        .ok_or("乡镇的上级不是旗区 (no district above the township)")?;
    let city = by_id(district.parent_id)
        .filter(|u| u.level == UnitLevel::City)
        .ok_or("旗区的上级不是市 (no city above the district)")?;

    let scope = scope_of(community);
    let mut persons: Vec<i64> = Vec::new();
    let mut have = HashSet::new();
    // Case holders first, when the cases are the community's own: the township's may
    // live in another community, out of the staff's and police's scope (their archive
    // and lookup would answer 404).
    if writer == Writer::Community {
        for (_, person) in &cases {
            if persons.len() < 200 && have.insert(*person) {
                persons.push(*person);
            }
        }
    }
    let page = store
        .persons(&scope, &PersonFilter::default(), PageRequest::first(200))
        .await?;
    for p in page.items {
        if persons.len() < 200 && have.insert(p.id) {
            persons.push(p.id);
        }
    }
    Ok(Plan {
        city: city.clone(),
        district: district.clone(),
        township: township.clone(),
        community: community.clone(),
        cases,
        writer,
        persons,
    })
}
