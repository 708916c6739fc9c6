//! FAC-1 and INSPECT-1 demo data: offices for most townships and communities (every
//! fifth has none, every fourth is under 20 m²) and one inspection round of the city
//! over the first district's townships and communities, with findings, a rectification
//! the township must answer, a 通报 of criticism and a 约谈.

use chrono::{Days, NaiveDate};
use jiekang_domain::facilities::Room;
use jiekang_domain::inspection::{NoticeKind, inspect1_checklist};
use jiekang_domain::org::UnitLevel;
use jiekang_store::inspections::{FindingInput, NewInspection, NewNotice, NewOffice, NewSummons};
use jiekang_store::{Scope, Store};

use super::DemoResult;
use super::units::Tree;

pub async fn seed(store: &dyn Store, tree: &Tree, actor: i64, today: NaiveDate) -> DemoResult<()> {
    let mut units: Vec<_> = tree.by_code.values().collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let Some(city) = units.iter().find(|u| u.level == UnitLevel::City) else {
        return Ok(());
    };
    let scope = Scope::of_unit(city.id, city.path.clone());
    let needing: Vec<_> = units
        .iter()
        .filter(|u| matches!(u.level, UnitLevel::Township | UnitLevel::Community))
        .collect();
    for (i, u) in needing.iter().enumerate() {
        let n = i64::try_from(i).unwrap_or(0);
        if n % 5 == 4 {
            continue;
        }
        let area_tenths = if n % 4 == 3 {
            150 + n % 40
        } else {
            220 + (n % 9) * 35
        };
        let rooms = if n % 3 == 2 {
            vec![Room::Talk, Room::Testing]
        } else {
            Room::ALL.to_vec()
        };
        store
            .add_office(
                &scope,
                actor,
                &NewOffice {
                    unit_id: u.id,
                    address: format!("{}便民服务中心{}楼", u.name, 1 + n % 3),
                    area_tenths,
                    rooms,
                    equipment: "办公桌椅 4 套;尿检试剂柜 1 个;谈话录音设备 1 套".into(),
                },
            )
            .await?;
    }
    // the round: the first district's townships and communities
    let Some(district) = units.iter().find(|u| u.level == UnitLevel::District) else {
        return Ok(());
    };
    let inspected: Vec<_> = needing
        .iter()
        .filter(|u| u.path.starts_with(&district.path))
        .take(6)
        .collect();
    if inspected.is_empty() {
        return Ok(());
    }
    let starts_on = today - Days::new(20);
    let round = store
        .add_inspection(
            &scope,
            actor,
            &NewInspection {
                name: "社区戒毒社区康复工作专项检查".into(),
                starts_on,
                ends_on: today + Days::new(10),
                unit_ids: inspected.iter().map(|u| u.id).collect(),
            },
        )
        .await?;
    let on = today - Days::new(5);
    let mut failed_unit = None;
    for (n, u) in inspected.iter().enumerate() {
        // the last one is still to be inspected
        if n + 1 == inspected.len() {
            break;
        }
        let fails = n % 2 == 1;
        let findings: Vec<FindingInput> = inspect1_checklist(u.level)
            .into_iter()
            .map(|item| {
                let failed = fails && item.code == "office";
                FindingInput {
                    item: item.code.to_owned(),
                    passed: !failed,
                    note: if failed {
                        "工作站面积不足20平方米,检测室与谈话室合用".into()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        store
            .record_findings(&scope, actor, round.id, u.id, on, &findings, today)
            .await?;
        if fails && failed_unit.is_none() {
            failed_unit = Some(u);
        }
    }
    if let Some(u) = failed_unit {
        store
            .open_rectification(
                &scope,
                actor,
                round.id,
                u.id,
                "调整工作站用房,面积不少于20平方米,检测室、谈话室分设,整改后报送照片。",
                today + Days::new(15),
                today,
            )
            .await?;
        store
            .issue_notice(
                &scope,
                actor,
                round.id,
                &NewNotice {
                    unit_id: u.id,
                    kind: NoticeKind::Criticism,
                    title: format!("关于{}工作站不达标的通报", u.name),
                    body: format!(
                        "在社区戒毒社区康复工作专项检查中,{}工作站面积不足20平方米,检测室与谈话室合用,不符合要求。\n请于十五日内完成整改并报送整改情况。",
                        u.name
                    ),
                    issued_on: today,
                },
                today,
            )
            .await?;
        store
            .add_summons(
                &scope,
                actor,
                round.id,
                &NewSummons {
                    unit_id: u.id,
                    held_on: today,
                    attendees: format!("{}分管负责同志", u.name),
                    content: "就工作站不达标问题进行约谈,提出限期整改要求。".into(),
                },
                today,
            )
            .await?;
    }
    Ok(())
}
