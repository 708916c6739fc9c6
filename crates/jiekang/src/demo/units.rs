//! The Ordos organisation tree for the demo (ORG-1), from `data/ordos_units.tsv`.

use std::collections::HashMap;

use chrono::NaiveDate;
use jiekang_domain::org::UnitCode;
use jiekang_store::model::{NewUnit, Unit};
use jiekang_store::{Scope, Store};
use rand::Rng;

use super::DemoResult;
use super::names::COMMUNITY_NAMES;

const ORDOS: &str = include_str!("../../data/ordos_units.tsv");

pub struct Tree {
    pub by_code: HashMap<String, Unit>,
    pub communities: Vec<Unit>,
    pub unit_count: usize,
}

/// Communities per township beyond the 2–5 of a small demo: at 1,000,000 persons the
/// tree has about 3,000 communities, about 330 persons each.
pub fn extra_communities(persons: u32) -> u32 {
    (persons / 25_000).min(36)
}

pub async fn seed(store: &dyn Store, rng: &mut impl Rng, persons: u32) -> DemoResult<Tree> {
    let system = Scope::system();
    // The date of the Ordos opinions (鄂府发〔2014〕75号) as the units' start.
    let since = NaiveDate::from_ymd_opt(2014, 11, 5).ok_or("date")?;
    let mut by_code: HashMap<String, Unit> = HashMap::new();
    let mut townships = Vec::new();
    for line in ORDOS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (Some(code), Some(name)) = (cols.next(), cols.next()) else {
            continue;
        };
        let parent = cols.next().unwrap_or("").trim();
        let unit = if parent.is_empty() {
            store.create_root_unit(&system, code, name, since).await?
        } else {
            let parent = by_code
                .get(parent)
                .ok_or_else(|| format!("demo data: unknown parent {parent}"))?;
            let new = NewUnit {
                parent_id: parent.id,
                code: UnitCode::parse(code)?,
                name: name.to_owned(),
                valid_from: since,
            };
            store.create_unit(&system, None, &new).await?
        };
        if code.len() == 9 {
            townships.push(unit.clone());
        }
        by_code.insert(code.to_owned(), unit);
    }
    let mut communities = Vec::new();
    for township in &townships {
        let n = rng.random_range(2..=5) + extra_communities(persons);
        let urban = township.name.ends_with("街道");
        for i in 1..=n {
            let base = COMMUNITY_NAMES[rng.random_range(0..COMMUNITY_NAMES.len())];
            let name = match (urban, i % 2) {
                (true, _) => format!("{base}社区"),
                (false, 0) => format!("{base}嘎查"),
                (false, _) => format!("{base}村"),
            };
            let code = format!("{}{:03}", township.code, i);
            let new = NewUnit {
                parent_id: township.id,
                code: UnitCode::parse(&code)?,
                name,
                valid_from: since,
            };
            let unit = store.create_unit(&system, None, &new).await?;
            by_code.insert(code, unit.clone());
            communities.push(unit);
        }
    }
    Ok(Tree {
        unit_count: by_code.len(),
        by_code,
        communities,
    })
}
