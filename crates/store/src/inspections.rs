//! FAC-1 — the offices (work stations) of townships and communities, their photos and
//! the offices report; INSPECT-1 — inspection rounds, findings against the checklist,
//! rectifications (tasks of kind `rectification`), 通报, 约谈 and the districts listed
//! for public notice. The rules are `jiekang_domain::{facilities, inspection}`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::facilities::{
    Fac1Gap, Room, fac1_area_sufficient, fac1_area_text, fac1_gaps, fac1_office_required,
};
use jiekang_domain::inspection::{
    CheckItem, NoticeKind, UnitVerdict, check_item, inspect1_verdict,
};
use jiekang_domain::org::UnitLevel;
use serde::Serialize;

/// Longest free text kept (address, equipment, notes, notices, 约谈 records).
pub const MAX_INSPECT_TEXT_CHARS: usize = 2_000;

/// FAC-1 — one office as shown.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Office {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub address: String,
    pub area_tenths: i64,
    /// The rooms' codes as stored (see [`Office::rooms`]).
    pub rooms_stored: String,
    pub equipment: String,
    pub photos: i64,
    /// The latest inspection finding on the office item: 1 passed, 0 failed.
    pub last_inspected: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

impl Office {
    pub fn rooms(&self) -> Vec<Room> {
        Room::split(&self.rooms_stored)
    }
    pub fn has_room(&self, code: &str) -> bool {
        self.rooms().iter().any(|r| r.code() == code)
    }
    /// "25.5"
    pub fn area(&self) -> String {
        fac1_area_text(self.area_tenths)
    }
    /// FAC-1 — at least 20 m².
    pub fn sufficient(&self) -> bool {
        fac1_area_sufficient(self.area_tenths)
    }
    /// FAC-1 — what it lacks (area, rooms).
    pub fn gaps(&self) -> Vec<Fac1Gap> {
        fac1_gaps(
            UnitLevel::Community,
            Some((self.area_tenths, &self.rooms())),
        )
    }
    /// The inspection status: `not_inspected`, `compliant` or `non_compliant`.
    pub fn inspection_status(&self) -> UnitVerdict {
        match self.last_inspected {
            None => UnitVerdict::NotInspected,
            Some(0) => UnitVerdict::NonCompliant,
            Some(_) => UnitVerdict::Compliant,
        }
    }
}

/// FAC-1 — an office as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffice {
    pub unit_id: i64,
    pub address: String,
    pub area_tenths: i64,
    pub rooms: Vec<Room>,
    pub equipment: String,
}

/// A photo of an office (the bytes come separately).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OfficePhoto {
    pub id: i64,
    pub office_id: i64,
    pub content_type: String,
    pub size: i64,
    pub caption: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One unit of a subtree with its office, if any: a row of the report's single query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOffice {
    pub unit_id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub name: String,
    pub level: UnitLevel,
    pub office_id: Option<i64>,
    pub area_tenths: Option<i64>,
}

/// FAC-1 — the offices report's row of a unit: its subtree's townships and communities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FacilitiesRow {
    pub unit_id: i64,
    pub name: String,
    /// Townships and communities (each needs an office).
    pub required: i64,
    pub with_office: i64,
    pub without_office: i64,
    /// Offices under 20 m².
    pub too_small: i64,
}

/// A township or community that falls short of FAC-1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacilityGap {
    pub unit_id: i64,
    pub unit_name: String,
    pub level: UnitLevel,
    pub office_id: Option<i64>,
    pub area_tenths: Option<i64>,
}

impl FacilityGap {
    pub fn area(&self) -> String {
        self.area_tenths.map(fac1_area_text).unwrap_or_default()
    }
}

/// FAC-1 — the report of a unit: its children side by side, the total, and the units
/// of the subtree without an office or with one under 20 m².
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacilitiesReport {
    pub unit_id: i64,
    pub unit_name: String,
    /// The parent when it is in the scope (the page's "up" link).
    pub parent_id: Option<i64>,
    pub children: Vec<FacilitiesRow>,
    pub total: FacilitiesRow,
    pub gaps: Vec<FacilityGap>,
}

/// FAC-1 — roll the units of `root`'s subtree (one query) up into its report.
pub fn facilities_rollup(
    root: i64,
    parent_in_scope: Option<i64>,
    units: &[UnitOffice],
) -> Option<FacilitiesReport> {
    let root_unit = units.iter().find(|u| u.unit_id == root)?;
    let children: Vec<&UnitOffice> = units.iter().filter(|u| u.parent_id == Some(root)).collect();
    let mut rows: HashMap<i64, FacilitiesRow> = children
        .iter()
        .map(|c| {
            (
                c.unit_id,
                FacilitiesRow {
                    unit_id: c.unit_id,
                    name: c.name.clone(),
                    ..FacilitiesRow::default()
                },
            )
        })
        .collect();
    let mut total = FacilitiesRow {
        unit_id: root,
        name: root_unit.name.clone(),
        ..FacilitiesRow::default()
    };
    let mut gaps = Vec::new();
    for u in units
        .iter()
        .filter(|u| u.path.starts_with(&root_unit.path) && fac1_office_required(u.level))
    {
        let child = children.iter().find(|c| u.path.starts_with(&c.path));
        let mut targets: Vec<&mut FacilitiesRow> = vec![&mut total];
        if let Some(row) = child.and_then(|c| rows.get_mut(&c.unit_id)) {
            targets.push(row);
        }
        let small = u.area_tenths.is_some_and(|a| !fac1_area_sufficient(a));
        for row in targets {
            row.required += 1;
            if u.office_id.is_some() {
                row.with_office += 1;
            } else {
                row.without_office += 1;
            }
            if small {
                row.too_small += 1;
            }
        }
        if u.office_id.is_none() || small {
            gaps.push(FacilityGap {
                unit_id: u.unit_id,
                unit_name: u.name.clone(),
                level: u.level,
                office_id: u.office_id,
                area_tenths: u.area_tenths,
            });
        }
    }
    let mut children: Vec<FacilitiesRow> = children
        .iter()
        .filter_map(|c| rows.remove(&c.unit_id))
        .collect();
    children.sort_by(|a, b| a.name.cmp(&b.name));
    gaps.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    Some(FacilitiesReport {
        unit_id: root,
        unit_name: root_unit.name.clone(),
        parent_id: parent_in_scope,
        children,
        total,
        gaps,
    })
}

/// INSPECT-1 — one inspection round as listed.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Inspection {
    pub id: i64,
    /// The inspecting office's unit.
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub units: i64,
    pub inspected: i64,
    pub open_rectifications: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A round as planned.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInspection {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub unit_ids: Vec<i64>,
}

/// A unit of a round with what was found there.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct InspectedUnit {
    pub unit_id: i64,
    pub unit_name: String,
    pub level: String,
    /// The district the unit lies in (itself for a district).
    pub district_name: String,
    pub inspected_on: Option<NaiveDate>,
    pub recorded: i64,
    pub failed: i64,
    pub rectifications: i64,
    pub open_rectifications: i64,
    pub overdue_rectifications: i64,
}

impl InspectedUnit {
    pub fn verdict(&self) -> UnitVerdict {
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        inspect1_verdict(
            n(self.recorded),
            n(self.failed),
            n(self.rectifications),
            n(self.open_rectifications),
        )
    }
    pub fn unit_level(&self) -> Option<UnitLevel> {
        UnitLevel::parse(&self.level)
    }
}

/// A round with its units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionDetail {
    pub inspection: Inspection,
    pub units: Vec<InspectedUnit>,
}

/// One finding as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Finding {
    pub item: String,
    pub passed: bool,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl Finding {
    pub fn check_item(&self) -> Option<&'static CheckItem> {
        check_item(&self.item)
    }
}

/// One finding as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingInput {
    pub item: String,
    pub passed: bool,
    pub note: String,
}

/// 通报 as issued.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Notice {
    pub id: i64,
    pub inspection_id: i64,
    pub inspection_name: String,
    /// The issuing (inspecting) office's unit.
    pub issuer_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub kind: String,
    pub number: String,
    pub title: String,
    pub body: String,
    pub issued_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl Notice {
    pub fn notice_kind(&self) -> Option<NoticeKind> {
        NoticeKind::parse(&self.kind)
    }
}

/// 通报 as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub unit_id: i64,
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    pub issued_on: NaiveDate,
}

/// 约谈 as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Summons {
    pub id: i64,
    pub inspection_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub held_on: NaiveDate,
    pub attendees: String,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// 约谈 as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSummons {
    pub unit_id: i64,
    pub held_on: NaiveDate,
    pub attendees: String,
    pub content: String,
}

/// INSPECT-1 — a district listed for public notice in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedDistrict {
    pub district_name: String,
    /// Its inspected units that fall short, by name.
    pub units_short: Vec<String>,
    pub items_failed: i64,
    pub open_rectifications: i64,
}

/// INSPECT-1 — the districts of a round listed for public notice, from its units.
pub fn listed_districts(units: &[InspectedUnit]) -> Vec<ListedDistrict> {
    let mut out: Vec<ListedDistrict> = Vec::new();
    for u in units.iter().filter(|u| u.verdict().falls_short()) {
        let i = match out.iter().position(|d| d.district_name == u.district_name) {
            Some(i) => i,
            None => {
                out.push(ListedDistrict {
                    district_name: u.district_name.clone(),
                    units_short: Vec::new(),
                    items_failed: 0,
                    open_rectifications: 0,
                });
                out.len() - 1
            }
        };
        out[i].units_short.push(u.unit_name.clone());
        out[i].items_failed += u.failed;
        out[i].open_rectifications += u.open_rectifications;
    }
    out.sort_by(|a, b| a.district_name.cmp(&b.district_name));
    out
}

/// Which rectifications to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RectificationFilter {
    /// Of this round only.
    pub inspection_id: Option<i64>,
    /// Addressed to this unit's subtree only (a unit of the scope).
    pub unit_id: Option<i64>,
}

/// Rectifications not yet closed, addressed to one unit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UnitRectifications {
    pub unit_path: String,
    pub open: i64,
    pub overdue: i64,
}

/// The dashboard's inspection column: rectifications addressed to units of a scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InspectionCounts {
    pub open: i64,
    pub overdue: i64,
}
