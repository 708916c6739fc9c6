//! `jiekang demo`: the Ordos demonstration installation.
//!
//! Real units (city, 9 districts with GB/T 2260 codes, all townships and streets with
//! their statistical codes), 2–5 invented communities under each, users of every role,
//! and synthetic persons with invented names and ID numbers that pass GB 11643.
//! Generation is set-based: persons go to the store in batches of 10,000. 150 orders
//! are driven one by one through the store's case commands; everyone else gets a
//! history built by the same rules in memory on one thread and loaded in batches by
//! the store on another.

mod cases;
// MMT-1, N17: the demo clinic
mod clinics;
mod history;
// CASE-1, CASE-2, N16: releases from compulsory isolation
mod isolation;
// FAC-1, INSPECT-1: offices and inspections
mod inspections;
mod names;
// staff register (STAFF-4) and funding (FUND-1)
mod org;
mod persons;
// WEL-*, JOB-1, N7: work waiting for 民政 and 人社
mod support;
mod units;
mod users;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use jiekang_domain::permission::Role;
use jiekang_domain::text::mask_identifier;
use jiekang_store::bulk::{BulkActor, HistoryBatch};
use jiekang_store::model::{BulkPerson, NewUser, PageRequest, PersonFilter};
use jiekang_store::{Scope, Store};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::cli::DemoArgs;

type DemoResult<T> = Result<T, Box<dyn std::error::Error>>;

pub async fn run(database_url: &str, args: DemoArgs) -> DemoResult<()> {
    let store = crate::db::open(database_url, 4).await?;
    if !store.units(&Scope::system()).await?.is_empty() {
        return Err("数据库中已有数据;演示数据只能写入空数据库 (the database is not empty)".into());
    }
    seed(store.as_ref(), &args).await
}

/// Seed an empty database and print the demo accounts once.
pub async fn seed(store: &dyn Store, args: &DemoArgs) -> DemoResult<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let tree = units::seed(store, &mut rng, args.persons).await?;
    let accounts = users::seed(store, &tree).await?;
    let creator = accounts.first().map(|a| a.user_id).ok_or("no demo user")?;

    let bar = ProgressBar::new(u64::from(args.persons));
    bar.set_style(
        ProgressStyle::with_template("生成人员 {bar:40} {pos}/{len} ({per_sec}, 剩余 {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let community_index: HashMap<i64, usize> = tree
        .communities
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id, i))
        .collect();
    let mut registered = Vec::with_capacity(args.persons as usize);
    let mut generator = persons::Generator::new(args.seed, &tree.communities);
    let mut left = args.persons as usize;
    while left > 0 {
        let n = left.min(10_000);
        let batch = generator.batch(n);
        store.bulk_insert_persons(&batch, creator).await?;
        let ids = batch_ids(store, &batch).await?;
        for (p, id) in batch.into_iter().zip(ids) {
            registered.push(history::DemoPerson {
                id,
                community: community_index.get(&p.unit_id).copied().unwrap_or(0),
                name: p.name,
                sex: p.sex,
                birth_date: p.birth_date,
            });
        }
        bar.inc(n as u64);
        left -= n;
        // The table grows faster than the server's automatic statistics follow: with
        // the statistics of an empty table, PostgreSQL read every person for each page
        // of the newest-first list above (0.5 s a page at 500,000 persons).
        if registered.len() % 200_000 == 10_000 {
            store.analyze().await?;
        }
    }
    bar.finish_and_clear();
    let today = jiekang_domain::clock::beijing_date(chrono::Utc::now());
    let driven: HashSet<i64> = cases::seed(store, &tree, &mut rng, today)
        .await?
        .into_iter()
        .collect();
    let mut clinic_persons: Vec<i64> = driven.iter().copied().collect();
    clinic_persons.sort_unstable();
    clinics::seed(store, &tree, &accounts, &clinic_persons, today).await?;
    registered.retain(|p| !driven.contains(&p.id));
    let bulk = load_histories(store, &tree, args.seed, today, registered).await?;
    support::seed(store, &tree, &accounts, today).await?;
    isolation::seed(store, &tree, &accounts, today).await?;
    isolation::seed_stays(store, &tree, &accounts, today).await?;
    // the periodic reports of the last year, frozen as the daily job would have
    let counting = ProgressBar::new_spinner();
    counting.set_message("统计报表 (counting the periodic reports)");
    counting.enable_steady_tick(std::time::Duration::from_millis(200));
    crate::reports::count(store, today, &[]).await?;
    counting.finish_and_clear();
    // the staff register (STAFF-4) and the work's money (FUND-1), entered by the city group
    let city = accounts
        .iter()
        .find(|a| a.role == Role::CitySupervisor)
        .map_or(creator, |a| a.user_id);
    org::seed(store, &tree, city, today).await?;
    // FAC-1, INSPECT-1: offices and an inspection round of the city
    inspections::seed(store, &tree, city, today).await?;

    println!(
        "演示数据已生成:{} 个单位({} 个嘎查村/社区),{} 名虚构人员,{} 个决定及办理记录。",
        tree.unit_count,
        tree.communities.len(),
        args.persons,
        driven.len() as u64 + bulk
    );
    println!("Demo data seeded. Accounts (passwords are shown only this once):");
    println!(
        "{:<22} {:<18} {:<20} 单位",
        "用户名 username", "密码 password", "角色 role"
    );
    for a in &accounts {
        println!(
            "{:<22} {:<18} {:<20} {}",
            a.username,
            a.password,
            a.role.code(),
            a.unit_name
        );
    }
    Ok(())
}

/// The ids the store gave a batch just inserted: the newest persons, matched on what
/// the list shows (masked number, name, birth date — unique together, since the
/// number holds the birth date).
async fn batch_ids(store: &dyn Store, batch: &[BulkPerson]) -> DemoResult<Vec<i64>> {
    type Key = (String, String, Option<NaiveDate>);
    let mut wanted: HashMap<Key, usize> = batch
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                (mask_identifier(&p.id_number), p.name.clone(), p.birth_date),
                i,
            )
        })
        .collect();
    let mut ids = vec![0; batch.len()];
    let mut after = None;
    while !wanted.is_empty() {
        let page = store
            .persons(
                &Scope::system(),
                &PersonFilter::default(),
                PageRequest {
                    after,
                    limit: PageRequest::MAX_LIMIT,
                },
            )
            .await?;
        for item in page.items {
            if let Some(i) = wanted.remove(&(item.id_number_masked, item.name, item.birth_date)) {
                ids[i] = item.id;
            }
        }
        match page.next_after {
            Some(a) => after = Some(a),
            None => break,
        }
    }
    if !wanted.is_empty() {
        return Err("新增人员未能全部找到 (inserted persons not found)".into());
    }
    Ok(ids)
}

/// Histories per transaction.
const HISTORY_BATCH: usize = 2_000;

/// Every person without a command-driven case gets a history: built on a thread of
/// its own, loaded by the store as the batches arrive (a bounded channel between).
/// Returns the number of orders loaded.
async fn load_histories(
    store: &dyn Store,
    tree: &units::Tree,
    seed: u64,
    today: NaiveDate,
    persons: Vec<history::DemoPerson>,
) -> DemoResult<u64> {
    if persons.is_empty() {
        return Ok(0);
    }
    let mut townships: Vec<_> = tree
        .by_code
        .values()
        .filter(|u| u.code.len() == 9)
        .cloned()
        .collect();
    townships.sort_by(|a, b| a.code.cmp(&b.code));
    let mut actors = Vec::with_capacity(townships.len());
    let mut loader_ids = Vec::new();
    for t in townships {
        let mut make = async |kind: &str, name: &str, role: Role| -> DemoResult<BulkActor> {
            let user = store
                .create_user(
                    &Scope::system(),
                    None,
                    &NewUser {
                        username: format!("demo.loader.{kind}{}", t.code),
                        display_name: format!("{}{name}", t.name),
                        unit_id: t.id,
                        role,
                        // not a valid argon2 hash: nobody can ever log in as a loader
                        password_hash: "!demo-loader".into(),
                        must_change_password: true,
                    },
                )
                .await?;
            loader_ids.push(user.id);
            Ok(BulkActor {
                user_id: user.id,
                username: user.username,
                display_name: user.display_name,
                role,
                unit_id: t.id,
                unit_path: t.path.clone(),
            })
        };
        let office = make("t", "办公室(演示数据)", Role::TownshipOffice).await?;
        let police = make("p", "派出所(演示数据)", Role::CommunityPolice).await?;
        actors.push(history::TownshipActors {
            township: t,
            office,
            police,
        });
    }
    let total = persons.len() as u64;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "生成办理记录 {bar:40} {pos}/{len} 人 ({per_sec}, 剩余 {eta}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // The secondary indexes are built once at the end, from sorted keys
    store.defer_history_indexes().await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(usize, HistoryBatch)>(3);
    let communities = tree.communities.clone();
    let generator = std::thread::spawn(move || {
        let mut g = history::HistoryGen::new(seed, today, communities, actors);
        for chunk in persons.chunks(HISTORY_BATCH) {
            let mut batch = HistoryBatch::default();
            for p in chunk {
                g.person(p, &mut batch.cases);
            }
            if tx.blocking_send((chunk.len(), batch)).is_err() {
                break;
            }
        }
        g.refused
    });
    let (mut orders, mut rows, mut tests) = (0u64, 0u64, 0u64);
    while let Some((people, batch)) = rx.recv().await {
        let stats = store.bulk_load_histories(&batch).await?;
        orders += stats.cases;
        rows += stats.rows;
        tests += batch.tests();
        bar.inc(people as u64);
        bar.set_message(format!("{orders} 个决定,{tests} 次检测,{rows} 行"));
    }
    bar.finish_and_clear();
    let refused = generator.join().map_err(|_| "history generator panicked")?;
    rebuild_indexes(store).await?;
    for id in loader_ids {
        store
            .set_user_disabled(&Scope::system(), None, id, true)
            .await?;
    }
    println!(
        "办理记录:{orders} 个决定,{tests} 次检测,共 {rows} 行(规则拒绝并跳过的操作 {refused} 次)。"
    );
    Ok(orders)
}

/// Build the deferred indexes again, one by one with a progress bar, then refresh the
/// planner's statistics.
async fn rebuild_indexes(store: &dyn Store) -> DemoResult<()> {
    let pending = store.deferred_indexes().await?;
    let bar = ProgressBar::new(pending.len() as u64 + 1);
    bar.set_style(
        ProgressStyle::with_template("重建索引 {bar:40} {pos}/{len} ({elapsed}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // one index of tens of millions of rows takes a while: keep the clock moving
    bar.enable_steady_tick(std::time::Duration::from_millis(500));
    for name in pending {
        bar.set_message(name.clone());
        store.restore_deferred_index(&name).await?;
        bar.inc(1);
    }
    bar.set_message("统计信息 (ANALYZE)");
    store.analyze().await?;
    bar.finish_and_clear();
    Ok(())
}
