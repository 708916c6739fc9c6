//! Issue 20 — the work system itself: STAFF-4, the staff register; STAFF-1..3, the
//! staffing report; FUND-1, budgets, allocations and spending and the funding report.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::funding::{Fen, FundingCoverage, funding_coverage};
use jiekang_domain::id_number::Sex;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::staff::{EmploymentMode, FundCategory, FundKind, StaffPost};
use jiekang_domain::staffing::{StaffRule, UnitStaffing, staffing_gap};
use serde::Serialize;

/// Longest free text of a register entry (courses, awards, sanctions, notes).
pub const MAX_STAFF_TEXT_CHARS: usize = 1_000;

/// One worker of the register, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StaffMember {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub sex: Sex,
    pub post: StaffPost,
    pub employment: EmploymentMode,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub training_hours: i64,
    pub courses: String,
    pub awards: String,
    pub sanctions: String,
    /// N6 — open cases naming the linked account as responsible worker or officer.
    pub open_cases: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

/// A register entry as entered (a new one or the whole of a changed one).
#[derive(Debug, Clone, PartialEq)]
pub struct NewStaff {
    pub unit_id: i64,
    pub name: String,
    pub sex: Sex,
    pub post: StaffPost,
    pub employment: EmploymentMode,
    /// The worker's user account, if they have one (in the scope).
    pub user_id: Option<i64>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub training_hours: i64,
    pub courses: String,
    pub awards: String,
    pub sanctions: String,
}

/// Which part of the register to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffFilter {
    /// Only this unit's subtree (inside the scope).
    pub unit_id: Option<i64>,
    /// Also those whose service has ended.
    pub with_former: bool,
}

/// What one unit has, counted directly at it (not its subtree): one row of the report's
/// single query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStaffCounts {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    /// 实有吸毒人员: registered here, not left dynamic control.
    pub persons: i64,
    /// Women under a measure executed here.
    pub female_persons: i64,
    /// Open orders executed here.
    pub open_cases: i64,
    pub cadres: i64,
    pub full_time: i64,
    pub part_time: i64,
    pub female_staff: i64,
}

/// One row of the staffing report: a unit with its whole subtree counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffingRow {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    /// Whether it has units below (the row drills down).
    pub has_children: bool,
    pub persons: i64,
    pub female_persons: i64,
    pub open_cases: i64,
    pub cadres: i64,
    pub full_time: i64,
    pub part_time: i64,
    pub female_staff: i64,
    /// STAFF-1 — cadres the townships of the subtree need, and those missing.
    pub cadres_required: i64,
    pub cadres_missing: i64,
    /// STAFF-2 — full-time staff the communities of the subtree need, and those missing
    /// (a surplus in one community never covers another's shortfall).
    pub full_time_required: i64,
    pub full_time_missing: i64,
    /// STAFF-3 — units of the subtree with a woman under a measure and no female staff.
    pub female_missing: i64,
    /// Units of the subtree (itself included) breaking any of STAFF-1..3.
    pub units_short: i64,
}

impl StaffingRow {
    /// Open orders per full-time worker (N6 caseload), rounded; `None` without staff.
    pub fn caseload(&self) -> Option<i64> {
        (self.full_time > 0).then(|| (self.open_cases + self.full_time / 2) / self.full_time)
    }

    pub fn has_gap(&self) -> bool {
        self.units_short > 0
    }
}

/// STAFF-1..3 — the report of a unit: its children side by side, the unit's own row
/// (what is registered at it directly) and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingReport {
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_level: UnitLevel,
    /// The parent when it is in the scope (the page's "up" link).
    pub parent_id: Option<i64>,
    pub children: Vec<StaffingRow>,
    pub total: StaffingRow,
    pub day: NaiveDate,
}

/// STAFF-1..3 — roll the per-unit counts of a subtree (one query) up into the report of
/// `root`: each township or community judged by `staffing_gap` on its own subtree's
/// figures, the gaps then summed into every ancestor. Units outside `root`'s subtree
/// are ignored.
pub fn staffing_rollup(
    root: i64,
    parent_in_scope: Option<i64>,
    units: &[UnitStaffCounts],
    day: NaiveDate,
) -> Option<StaffingReport> {
    let by_id: HashMap<i64, &UnitStaffCounts> = units.iter().map(|u| (u.unit_id, u)).collect();
    let root_unit = by_id.get(&root)?;
    // deepest first, so every child is summed before its parent
    let mut order: Vec<&UnitStaffCounts> = units
        .iter()
        .filter(|u| u.path.starts_with(&root_unit.path))
        .collect();
    order.sort_by_key(|u| std::cmp::Reverse(u.path.matches('/').count()));
    let mut rows: HashMap<i64, StaffingRow> = HashMap::new();
    for u in &order {
        let mut row = StaffingRow {
            unit_id: u.unit_id,
            code: u.code.clone(),
            name: u.name.clone(),
            level: u.level,
            has_children: false,
            persons: u.persons,
            female_persons: u.female_persons,
            open_cases: u.open_cases,
            cadres: u.cadres,
            full_time: u.full_time,
            part_time: u.part_time,
            female_staff: u.female_staff,
            cadres_required: 0,
            cadres_missing: 0,
            full_time_required: 0,
            full_time_missing: 0,
            female_missing: 0,
            units_short: 0,
        };
        // the children's rows are complete: add them in
        let kids: Vec<StaffingRow> = units
            .iter()
            .filter(|c| c.parent_id == Some(u.unit_id))
            .filter_map(|c| rows.remove(&c.unit_id))
            .collect();
        row.has_children = units.iter().any(|c| c.parent_id == Some(u.unit_id));
        for k in &kids {
            add(&mut row, k);
        }
        // the unit itself, on its subtree's figures
        if matches!(u.level, UnitLevel::Township | UnitLevel::Community) {
            let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
            let gaps = staffing_gap(&UnitStaffing {
                level: u.level,
                persons: n(row.persons),
                female_persons: n(row.female_persons),
                cadres_in_charge: n(row.cadres),
                full_time_staff: n(row.full_time),
                female_staff: n(row.female_staff),
            });
            if u.level == UnitLevel::Township {
                row.cadres_required +=
                    i64::from(jiekang_domain::staffing::cadres_in_charge_required(u.level));
            } else {
                row.full_time_required += i64::from(
                    jiekang_domain::staffing::full_time_staff_required(n(row.persons)),
                );
            }
            for g in &gaps {
                match g.rule {
                    StaffRule::CadreInCharge => row.cadres_missing += i64::from(g.missing),
                    StaffRule::FullTimeStaff => row.full_time_missing += i64::from(g.missing),
                    StaffRule::FemaleStaff => row.female_missing += i64::from(g.missing),
                }
            }
            row.units_short += i64::from(!gaps.is_empty());
        }
        // keep the children for the root's report
        if u.unit_id == root {
            let mut children = kids;
            children.sort_by(|a, b| a.code.cmp(&b.code));
            return Some(StaffingReport {
                unit_id: u.unit_id,
                unit_name: u.name.clone(),
                unit_level: u.level,
                parent_id: parent_in_scope,
                children,
                total: row,
                day,
            });
        }
        rows.insert(u.unit_id, row);
    }
    None
}

fn add(row: &mut StaffingRow, k: &StaffingRow) {
    row.persons += k.persons;
    row.female_persons += k.female_persons;
    row.open_cases += k.open_cases;
    row.cadres += k.cadres;
    row.full_time += k.full_time;
    row.part_time += k.part_time;
    row.female_staff += k.female_staff;
    row.cadres_required += k.cadres_required;
    row.cadres_missing += k.cadres_missing;
    row.full_time_required += k.full_time_required;
    row.full_time_missing += k.full_time_missing;
    row.female_missing += k.female_missing;
    row.units_short += k.units_short;
}

// --- FUND-1 ---

/// One money entry, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct FundingEntry {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub year: i64,
    pub kind: FundKind,
    pub category: FundCategory,
    pub amount_fen: i64,
    pub entered_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl FundingEntry {
    pub fn amount(&self) -> Fen {
        Fen(u64::try_from(self.amount_fen).unwrap_or(0))
    }
}

/// A money entry as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFunding {
    pub unit_id: i64,
    pub year: i32,
    pub kind: FundKind,
    pub category: FundCategory,
    pub amount: Fen,
    pub entered_on: NaiveDate,
    pub note: String,
}

/// One row of the funding report: a unit's subtree in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundingRow {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    pub has_children: bool,
    /// Persons under a measure at some time in the year (orders decided by its end and
    /// not closed before its start), counted once each.
    pub persons: i64,
    /// Budgets, allocations and spending by category ([`FundCategory::ALL`] order).
    pub budgeted: [Fen; 5],
    pub allocated: [Fen; 5],
    pub spent: [Fen; 5],
    /// FUND-1 — required by the rule against budgeted and spent (all categories).
    pub coverage: FundingCoverage,
}

impl FundingRow {
    pub fn budgeted_total(&self) -> Fen {
        sum(&self.budgeted)
    }
    pub fn allocated_total(&self) -> Fen {
        sum(&self.allocated)
    }
    pub fn spent_total(&self) -> Fen {
        sum(&self.spent)
    }
}

fn sum(v: &[Fen; 5]) -> Fen {
    Fen(v.iter().map(|f| f.0).fold(0u64, u64::saturating_add))
}

/// FUND-1 — a unit's year: its children side by side and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundingReport {
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_level: UnitLevel,
    pub parent_id: Option<i64>,
    pub year: i32,
    pub children: Vec<FundingRow>,
    pub total: FundingRow,
}

/// What one unit holds directly in a year: one row of the funding report's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFundingCounts {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub code: String,
    pub name: String,
    pub level: UnitLevel,
    pub persons: i64,
}

/// FUND-1 — roll per-unit persons and the (unit, kind, category, fen) sums up into the
/// report of `root`.
pub fn funding_rollup(
    root: i64,
    parent_in_scope: Option<i64>,
    year: i32,
    units: &[UnitFundingCounts],
    money: &[(i64, FundKind, FundCategory, i64)],
) -> Option<FundingReport> {
    let root_unit = units.iter().find(|u| u.unit_id == root)?;
    let mut order: Vec<&UnitFundingCounts> = units
        .iter()
        .filter(|u| u.path.starts_with(&root_unit.path))
        .collect();
    order.sort_by_key(|u| std::cmp::Reverse(u.path.matches('/').count()));
    let mut rows: HashMap<i64, FundingRow> = HashMap::new();
    for u in order {
        let mut row = FundingRow {
            unit_id: u.unit_id,
            code: u.code.clone(),
            name: u.name.clone(),
            level: u.level,
            has_children: units.iter().any(|c| c.parent_id == Some(u.unit_id)),
            persons: u.persons,
            budgeted: [Fen::ZERO; 5],
            allocated: [Fen::ZERO; 5],
            spent: [Fen::ZERO; 5],
            coverage: funding_coverage(0, Fen::ZERO, Fen::ZERO),
        };
        for (_, kind, category, fen) in money.iter().filter(|m| m.0 == u.unit_id) {
            let slot = match kind {
                FundKind::Budget => &mut row.budgeted,
                FundKind::Allocation => &mut row.allocated,
                FundKind::Spending => &mut row.spent,
            };
            let i = category.index();
            slot[i] = Fen(slot[i].0.saturating_add(u64::try_from(*fen).unwrap_or(0)));
        }
        let kids: Vec<FundingRow> = units
            .iter()
            .filter(|c| c.parent_id == Some(u.unit_id))
            .filter_map(|c| rows.remove(&c.unit_id))
            .collect();
        for k in &kids {
            row.persons += k.persons;
            for i in 0..5 {
                row.budgeted[i] = Fen(row.budgeted[i].0.saturating_add(k.budgeted[i].0));
                row.allocated[i] = Fen(row.allocated[i].0.saturating_add(k.allocated[i].0));
                row.spent[i] = Fen(row.spent[i].0.saturating_add(k.spent[i].0));
            }
        }
        row.coverage = funding_coverage(
            u64::try_from(row.persons).unwrap_or(0),
            row.budgeted_total(),
            row.spent_total(),
        );
        if u.unit_id == root {
            let mut children = kids;
            children.sort_by(|a, b| a.code.cmp(&b.code));
            return Some(FundingReport {
                unit_id: u.unit_id,
                unit_name: u.name.clone(),
                unit_level: u.level,
                parent_id: parent_in_scope,
                year,
                children,
                total: row,
            });
        }
        rows.insert(u.unit_id, row);
    }
    None
}
