//! Demo: work waiting for 民政 and 人社 (WEL-*, JOB-1, N7): on the first open cases of
//! 东胜区 without job or training, 低保 applications and a 临时救助 application to decide
//! (one already granted), unemployment registrations to follow up, an employment and a
//! training (the employment rate is not zero), and services given.

use chrono::NaiveDate;
use jiekang_domain::permission::Role;
use jiekang_domain::support::{SupportKind, SupportStatus};
use jiekang_store::model::PageRequest;
use jiekang_store::support::{NewSupport, SupportDecision, SupportQueue};
use jiekang_store::{Scope, Store};

use super::DemoResult;
use super::units::Tree;
use super::users::Account;

fn before(today: NaiveDate, days: u64) -> NaiveDate {
    today
        .checked_sub_days(chrono::Days::new(days))
        .unwrap_or(today)
}

pub async fn seed(
    store: &dyn Store,
    tree: &Tree,
    accounts: &[Account],
    today: NaiveDate,
) -> DemoResult<()> {
    let of = |role: Role| accounts.iter().find(|a| a.role == role).map(|a| a.user_id);
    let (Some(mz), Some(rs)) = (of(Role::CivilAffairs), of(Role::HumanResources)) else {
        return Ok(());
    };
    let Some(district) = tree.by_code.get("150602") else {
        return Ok(());
    };
    let scope = Scope::of_unit(district.id, district.path.clone());
    let base = placement_facilities(store, tree, rs, today).await?;
    let cases: Vec<i64> = store
        .support_queue(
            &scope,
            SupportQueue::WithoutJob,
            today,
            PageRequest::first(12),
        )
        .await?
        .items
        .into_iter()
        // report-in at least a month ago, so that every date below is after it
        .filter(|r| r.person.reported_on.is_some_and(|d| d <= before(today, 30)))
        .map(|r| r.person.case_id)
        .collect();
    let on = before(today, 20);
    for (i, &case_id) in cases.iter().enumerate() {
        let (who, role, new) = match i % 6 {
            0 | 3 => (
                mz,
                Role::CivilAffairs,
                NewSupport {
                    amount_fen: Some(60_000),
                    income_fen: Some(if i == 0 { 30_000 } else { 90_000 }),
                    line_fen: Some(85_000),
                    fixed_income: Some(false),
                    ..NewSupport::of(SupportKind::Dibao, on)
                },
            ),
            1 => (
                mz,
                Role::CivilAffairs,
                NewSupport {
                    amount_fen: Some(150_000),
                    outcome: "家庭突发困难".into(),
                    ..NewSupport::of(SupportKind::TemporaryRelief, on)
                },
            ),
            2 => (
                rs,
                Role::HumanResources,
                NewSupport {
                    amount_fen: Some(120_000),
                    ..NewSupport::of(SupportKind::Unemployment, on)
                },
            ),
            4 => (
                rs,
                Role::HumanResources,
                NewSupport {
                    subkind: "public_welfare_post".into(),
                    title: "东胜区环卫所".into(),
                    ..NewSupport::of(SupportKind::Employment, on)
                },
            ),
            // a placement at the district's registered point (BASE-1)
            5 if base.is_some() => (
                rs,
                Role::HumanResources,
                NewSupport {
                    placement_base_id: base,
                    ..NewSupport::of(SupportKind::Placement, on)
                },
            ),
            _ => (
                rs,
                Role::HumanResources,
                NewSupport {
                    title: "中式烹调师(初级)".into(),
                    hours: Some(80),
                    certificate: "职业技能等级证书".into(),
                    ..NewSupport::of(SupportKind::Training, on)
                },
            ),
        };
        let record = store
            .add_support(&scope, who, role, case_id, &new, today)
            .await?;
        // a family support visit by civil affairs on every third case
        if i % 3 == 0 {
            store
                .add_support(
                    &scope,
                    mz,
                    Role::CivilAffairs,
                    case_id,
                    &NewSupport {
                        subkind: "family_support".into(),
                        title: "东胜区社会工作服务中心".into(),
                        outcome: "家属同意配合帮教".into(),
                        ..NewSupport::of(SupportKind::Service, before(today, 10))
                    },
                    today,
                )
                .await?;
        }
        // the first application already granted, so the page shows a decision
        if i == 0 {
            store
                .decide_support(
                    &scope,
                    mz,
                    Role::CivilAffairs,
                    record.id,
                    &SupportDecision {
                        status: SupportStatus::Granted,
                        decided_on: before(today, 5),
                        amount_fen: Some(55_000),
                        outcome: "审核通过".into(),
                    },
                    today,
                )
                .await?;
            // WEL-3: with the 低保 granted, an application for low-rent housing waits
            store
                .add_support(
                    &scope,
                    mz,
                    Role::CivilAffairs,
                    case_id,
                    &NewSupport {
                        outcome: "无自有住房".into(),
                        ..NewSupport::of(SupportKind::LowRentHousing, before(today, 3))
                    },
                    today,
                )
                .await?;
        }
    }
    Ok(())
}

/// BASE-1: 东胜区 runs a placement point and 准格尔旗 a base; 达拉特旗 none, so the page
/// shows a district that lacks its facility. Returns 东胜区's point.
async fn placement_facilities(
    store: &dyn Store,
    tree: &Tree,
    rs: i64,
    today: NaiveDate,
) -> DemoResult<Option<i64>> {
    use jiekang_domain::placement::PlacementFacility;
    use jiekang_store::placement::NewPlacementBase;
    let mut first = None;
    for (code, name, facility, capacity, address) in [
        (
            "150602",
            "东胜区就业安置点(铜川镇)",
            PlacementFacility::Point,
            30,
            "东胜区铜川镇工业园区",
        ),
        (
            "150622",
            "准格尔旗就业安置基地",
            PlacementFacility::Base,
            120,
            "准格尔旗薛家湾镇",
        ),
    ] {
        let Some(unit) = tree.by_code.get(code) else {
            continue;
        };
        let base = store
            .add_placement_base(
                &Scope::system(),
                rs,
                &NewPlacementBase {
                    unit_id: unit.id,
                    name: name.into(),
                    facility,
                    address: address.into(),
                    capacity,
                    contact: "王经理".into(),
                    phone: "0477-8123456".into(),
                    opened_on: before(today, 700),
                    closed_on: None,
                    note: String::new(),
                },
                today,
            )
            .await?;
        first = first.or(Some(base.id));
    }
    Ok(first)
}
