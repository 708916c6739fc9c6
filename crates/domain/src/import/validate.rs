//! INFO-1, import — the file as a whole: duplicates within the file, one open order at a
//! time (N1), records inside their order's term, and what a refused row takes along.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::rows::{self, OrderRow, PersonRow, RecordRow};
use super::{CellError, RawFile, Sheet};
use crate::id_number::IdNumber;

/// The rows that passed, and a reason beside every cell that did not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub persons: Vec<PersonRow>,
    pub orders: Vec<OrderRow>,
    pub records: Vec<RecordRow>,
    pub errors: Vec<CellError>,
}

/// An order is named by its person, decision number and decision date (the import key).
type OrderKey = (IdNumber, String, NaiveDate);

fn order_key(o: &OrderRow) -> OrderKey {
    (o.id_number.clone(), o.decision_number.clone(), o.decided_on)
}

impl Checked {
    /// Refuse a row found bad later (e.g. against the database), and with it what
    /// depends on it: a person's orders, an order's records.
    pub fn refuse(&mut self, sheet: Sheet, line: usize, column: usize, reason: impl Into<String>) {
        self.errors.push(CellError {
            sheet,
            line,
            column,
            reason: reason.into(),
        });
        match sheet {
            Sheet::Persons => {
                let Some(i) = self.persons.iter().position(|p| p.line == line) else {
                    return;
                };
                let p = self.persons.remove(i);
                let orders: Vec<usize> = self
                    .orders
                    .iter()
                    .filter(|o| o.id_number == p.id_number)
                    .map(|o| o.line)
                    .collect();
                for l in orders {
                    let reason = format!("该人员(人员表第{line}行)未能导入");
                    self.refuse(Sheet::Orders, l, 0, reason);
                }
            }
            Sheet::Orders => {
                let Some(i) = self.orders.iter().position(|o| o.line == line) else {
                    return;
                };
                let o = self.orders.remove(i);
                let records: Vec<usize> = self
                    .records
                    .iter()
                    .filter(|r| {
                        r.id_number == o.id_number && r.decision_number == o.decision_number
                    })
                    .map(|r| r.line)
                    .collect();
                for l in records {
                    let reason = format!("该决定(决定表第{line}行)未能导入");
                    self.refuse(Sheet::Records, l, 1, reason);
                }
            }
            Sheet::Records => self.records.retain(|r| r.line != line),
        }
    }

    /// The reasons in file order (sheet, row, column).
    pub fn sorted_errors(&self) -> Vec<CellError> {
        let mut e = self.errors.clone();
        e.sort();
        e.dedup();
        e
    }
}

/// INFO-1, import — judge every cell, then the file. `unit` answers a unit code with a
/// reason to refuse it (unknown, closed, outside the importer's scope) or `None`.
pub fn validate(
    file: &RawFile,
    today: NaiveDate,
    unit: &dyn Fn(&str) -> Option<String>,
) -> Checked {
    let mut c = Checked::default();
    // persons, each ID number once
    let mut seen: HashMap<IdNumber, usize> = HashMap::new();
    let mut bad_persons: HashMap<IdNumber, usize> = HashMap::new();
    for raw in &file.persons {
        match rows::person(raw, today) {
            Ok(p) => {
                if let Some(reason) = unit(&p.unit_code) {
                    c.errors.push(err(Sheet::Persons, raw.line, 2, reason));
                    bad_persons.insert(p.id_number, raw.line);
                } else if let Some(first) = seen.get(&p.id_number) {
                    let reason = format!("证件号码与人员表第{first}行重复");
                    c.errors.push(err(Sheet::Persons, raw.line, 0, reason));
                } else {
                    seen.insert(p.id_number.clone(), raw.line);
                    c.persons.push(p);
                }
            }
            Err(e) => {
                if let Some(n) = raw_id(raw, today) {
                    bad_persons.insert(n, raw.line);
                }
                c.errors.extend(e);
            }
        }
    }
    // orders: each key once, their person not refused, one open order at a time
    let mut keys: HashMap<OrderKey, usize> = HashMap::new();
    let mut bad_orders: HashSet<(IdNumber, String)> = HashSet::new();
    let mut orders = Vec::new();
    for raw in &file.orders {
        match rows::order(raw, today) {
            Ok(o) => {
                let refused = if let Some(reason) = unit(&o.unit_code) {
                    Some((1, reason))
                } else if let Some(l) = bad_persons.get(&o.id_number) {
                    Some((0, format!("该人员(人员表第{l}行)有误,未能导入")))
                } else {
                    keys.get(&order_key(&o))
                        .map(|first| (5, format!("与决定表第{first}行是同一决定(重复)")))
                };
                if let Some((col, reason)) = refused {
                    c.errors.push(err(Sheet::Orders, raw.line, col, reason));
                    bad_orders.insert((o.id_number, o.decision_number));
                } else {
                    keys.insert(order_key(&o), raw.line);
                    orders.push(o);
                }
            }
            Err(e) => {
                if let Some(n) = raw_id(raw, today) {
                    bad_orders.insert((n, raw.cells.get(5).map(|c| c.text()).unwrap_or_default()));
                }
                c.errors.extend(e);
            }
        }
    }
    c.orders = one_open_order(orders, &mut c.errors, &mut bad_orders);
    // records of the file's orders, inside the order's term
    let by_order: HashMap<(&IdNumber, &str), &OrderRow> = c
        .orders
        .iter()
        .map(|o| ((&o.id_number, o.decision_number.as_str()), o))
        .collect();
    let mut records = Vec::new();
    for raw in &file.records {
        match rows::record(raw, today) {
            Ok(r) => match by_order.get(&(&r.id_number, r.decision_number.as_str())) {
                None if bad_orders.contains(&(r.id_number.clone(), r.decision_number.clone())) => {
                    c.errors
                        .push(err(Sheet::Records, raw.line, 1, "该决定有误,未能导入"));
                }
                None => c.errors.push(err(
                    Sheet::Records,
                    raw.line,
                    1,
                    "决定表中没有该人员的这个决定书文号",
                )),
                Some(o) => match o.agreement_on {
                    None => c.errors.push(err(
                        Sheet::Records,
                        raw.line,
                        3,
                        "该决定没有协议日期,不能有检测或谈话记录",
                    )),
                    Some(a) if r.on < a || o.released_on.is_some_and(|x| r.on > x) => {
                        let end = o.released_on.map_or("今天".to_owned(), |x| x.to_string());
                        let reason = format!("日期应在协议日期{a}与{end}之间");
                        c.errors.push(err(Sheet::Records, raw.line, 3, reason));
                    }
                    Some(_) => records.push(r),
                },
            },
            Err(e) => c.errors.extend(e),
        }
    }
    records.sort_by_key(|r| (r.on, r.line));
    c.records = records;
    c
}

/// N1 — a person has at most one open order: orders by decision date, each one
/// after the previous one was released.
fn one_open_order(
    mut orders: Vec<OrderRow>,
    errors: &mut Vec<CellError>,
    refused: &mut HashSet<(IdNumber, String)>,
) -> Vec<OrderRow> {
    orders.sort_by(|a, b| {
        (&a.id_number, a.decided_on, a.line).cmp(&(&b.id_number, b.decided_on, b.line))
    });
    let mut kept: Vec<OrderRow> = Vec::with_capacity(orders.len());
    for o in orders {
        if let Some(prev) = kept.last()
            && prev.id_number == o.id_number
            && prev.released_on.is_none_or(|r| r >= o.decided_on)
        {
            let reason = format!(
                "该人员决定表第{}行的决定在此决定日期前尚未解除:同一人员同时只能有一个未解除的决定",
                prev.line
            );
            errors.push(err(Sheet::Orders, o.line, 6, reason));
            refused.insert((o.id_number.clone(), o.decision_number.clone()));
            continue;
        }
        kept.push(o);
    }
    kept.sort_by_key(|o| o.line);
    kept
}

fn raw_id(raw: &super::RawRow, today: NaiveDate) -> Option<IdNumber> {
    IdNumber::parse(&raw.cells.first()?.text(), today).ok()
}

fn err(sheet: Sheet, line: usize, column: usize, reason: impl Into<String>) -> CellError {
    CellError {
        sheet,
        line,
        column,
        reason: reason.into(),
    }
}
