//! INFO-1, import — the file against the database: unit codes in the importer's scope,
//! ID numbers already held (in the scope, named; elsewhere, not), orders an earlier
//! run wrote (skipped, so a second run adds nothing) and open orders in the system.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use jiekang_domain::import::{CellError, Checked, RawFile, Sheet, validate};
use jiekang_domain::org::UnitLevel;

use super::{Holder, OrderRef};
use crate::error::StoreResult;
use crate::model::Unit;
use crate::scope::Scope;
use crate::store::Store;

/// The ID type every register row carries.
pub const RESIDENT_ID: &str = "resident_id";

/// A file judged whole, ready to write (its clean rows).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub checked: Checked,
    /// Holders by canonical ID number.
    pub holders: HashMap<String, Holder>,
    /// Person rows an earlier run wrote (by line).
    pub done_persons: HashSet<usize>,
    /// Order rows an earlier run wrote (by line).
    pub done_orders: HashSet<usize>,
    /// The scope's units by code.
    pub units: HashMap<String, Unit>,
    pub rows: u64,
}

impl Prepared {
    pub fn errors(&self) -> Vec<CellError> {
        self.checked.sorted_errors()
    }

    /// Rows with a reason beside a cell (a row counted once).
    pub fn refused_rows(&self) -> u64 {
        let mut rows: Vec<(Sheet, usize)> = self
            .checked
            .errors
            .iter()
            .map(|e| (e.sheet, e.line))
            .collect();
        rows.sort();
        rows.dedup();
        rows.len() as u64
    }
}

/// INFO-1, import — judge a file for an importer with `scope` on `today`.
pub async fn prepare(
    store: &dyn Store,
    scope: &Scope,
    raw: &RawFile,
    today: NaiveDate,
) -> StoreResult<Prepared> {
    let units: HashMap<String, Unit> = store
        .units(scope)
        .await?
        .into_iter()
        .map(|u| (u.code.clone(), u))
        .collect();
    let unit_check = |code: &str| -> Option<String> {
        match units.get(code) {
            None => Some(format!("单位代码{code}不存在或不在您的辖区内")),
            Some(u) if u.valid_to.is_some() => Some(format!("单位{}已撤销", u.name)),
            Some(u) if !matches!(u.level, UnitLevel::Township | UnitLevel::Community) => {
                Some(format!("{}不是苏木乡镇/街道或嘎查村/社区", u.name))
            }
            Some(_) => None,
        }
    };
    let mut checked = validate(raw, today, &unit_check);

    // who holds each number (the blind index, as registration looks it up)
    let mut numbers: Vec<String> = checked
        .persons
        .iter()
        .map(|p| p.id_number.as_str().to_owned())
        .chain(
            checked
                .orders
                .iter()
                .map(|o| o.id_number.as_str().to_owned()),
        )
        .collect();
    numbers.sort();
    numbers.dedup();
    let query: Vec<(String, String)> = numbers
        .iter()
        .map(|n| (RESIDENT_ID.to_owned(), n.clone()))
        .collect();
    let holders: HashMap<String, Holder> = numbers
        .into_iter()
        .zip(store.import_holders(scope, &query).await?)
        .collect();

    let mut done_persons = HashSet::new();
    let in_file: HashSet<String> = checked
        .persons
        .iter()
        .map(|p| p.id_number.as_str().to_owned())
        .collect();
    for p in checked.persons.clone() {
        match holders.get(p.id_number.as_str()) {
            Some(Holder::Elsewhere) => checked.refuse(
                Sheet::Persons,
                p.line,
                0,
                "该证件号码已在其他辖区登记,不能重复登记;请与上级禁毒办核实",
            ),
            Some(Holder::InScope { imported: true, .. }) => {
                done_persons.insert(p.line);
            }
            Some(Holder::InScope {
                name, unit_name, ..
            }) => checked.refuse(
                Sheet::Persons,
                p.line,
                0,
                format!(
                    "该证件号码已由本辖区{unit_name}登记({name});请删去此人员行,其决定记在已登记的人员名下"
                ),
            ),
            Some(Holder::Nobody) | None => {}
        }
    }
    for o in checked.orders.clone() {
        if in_file.contains(o.id_number.as_str()) {
            continue;
        }
        match holders.get(o.id_number.as_str()) {
            Some(Holder::Elsewhere) => checked.refuse(
                Sheet::Orders,
                o.line,
                0,
                "该证件号码已在其他辖区登记,不在您的辖区内",
            ),
            Some(Holder::Nobody) | None => checked.refuse(
                Sheet::Orders,
                o.line,
                0,
                "人员表和系统中都没有该人员,请在人员表中填写",
            ),
            Some(Holder::InScope { .. }) => {}
        }
    }
    // orders an earlier run wrote, then open orders in the system
    let refs: Vec<OrderRef> = checked.orders.iter().map(order_ref).collect();
    let done = store.imported_orders(&refs).await?;
    let mut done_orders = HashSet::new();
    for (o, done) in checked.orders.clone().into_iter().zip(done) {
        if done {
            done_orders.insert(o.line);
        } else if let Some(Holder::InScope {
            open_case: true, ..
        }) = holders.get(o.id_number.as_str())
        {
            checked.refuse(
                Sheet::Orders,
                o.line,
                6,
                "该人员在系统中已有未解除的决定:同一人员同时只能有一个未解除的决定",
            );
        }
    }
    Ok(Prepared {
        checked,
        holders,
        done_persons,
        done_orders,
        units,
        rows: raw.rows() as u64,
    })
}

pub(crate) fn order_ref(o: &jiekang_domain::import::OrderRow) -> OrderRef {
    OrderRef {
        id_type: RESIDENT_ID.to_owned(),
        id_number: o.id_number.as_str().to_owned(),
        decision_number: o.decision_number.clone(),
        decided_on: o.decided_on,
    }
}
