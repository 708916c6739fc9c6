//! `jiekang demo`: the Ordos demonstration installation.
//!
//! Real units (city, 9 districts with GB/T 2260 codes, all townships and streets with
//! their statistical codes), 2–5 invented communities under each, users of every role,
//! and synthetic persons with invented names and ID numbers that pass GB 11643.
//! Generation is set-based: persons go to the store in batches of 10,000.

mod cases;
mod names;
mod persons;
mod units;
mod users;

use indicatif::{ProgressBar, ProgressStyle};
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
    let tree = units::seed(store, &mut rng).await?;
    let accounts = users::seed(store, &tree).await?;
    let creator = accounts.first().map(|a| a.user_id).ok_or("no demo user")?;

    let bar = ProgressBar::new(u64::from(args.persons));
    bar.set_style(
        ProgressStyle::with_template("生成人员 {bar:40} {pos}/{len} ({per_sec}, 剩余 {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut generator = persons::Generator::new(args.seed, &tree.communities);
    let mut left = args.persons as usize;
    while left > 0 {
        let n = left.min(10_000);
        let batch = generator.batch(n);
        store.bulk_insert_persons(&batch, creator).await?;
        bar.inc(n as u64);
        left -= n;
    }
    bar.finish_and_clear();
    let today = chrono::Local::now().date_naive();
    let cases = cases::seed(store, &tree, &mut rng, today).await?;

    println!(
        "演示数据已生成:{} 个单位({} 个嘎查村/社区),{} 名虚构人员,其中 {} 人有决定及办理记录。",
        tree.unit_count,
        tree.communities.len(),
        args.persons,
        cases
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
