//! Contract: BASE-1 — the register of employment placement facilities (scoped, checked,
//! audited, keyset), and a placement naming a facility of its case's district, which
//! then counts the person as placed there.

use jiekang_domain::permission::Role;
use jiekang_domain::placement::PlacementFacility;
use jiekang_domain::support::SupportKind;

use super::cases::{executing, world};
use super::fixture::{Fixture, day, user};
use crate::model::PageRequest;
use crate::placement::*;
use crate::support::NewSupport;
use crate::{Scope, Store, StoreError};

fn facility(unit_id: i64, name: &str, facility: PlacementFacility) -> NewPlacementBase {
    NewPlacementBase {
        unit_id,
        name: name.into(),
        facility,
        address: "东胜区铜川镇工业园".into(),
        capacity: 40,
        contact: "王经理".into(),
        phone: "0477-8000000".into(),
        opened_on: day("2020-03-01"),
        closed_on: None,
        note: String::new(),
    }
}

fn refused<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Refused(_)))
}

pub async fn placement_facilities_are_kept_per_district_and_count_their_persons(store: &dyn Store) {
    let w = world(store).await;
    let case = executing(store, &w).await;
    let case_id = case.id.get();
    let rs = user(store, &w.f.dongsheng, "ds.rs2", Role::HumanResources).await;
    let ds = Fixture::scope_of(&w.f.dongsheng);
    let jt = Fixture::scope_of(&w.f.jiaotong);
    let city = Fixture::scope_of(&w.f.city);
    let today = day("2025-11-01");
    let base = store
        .add_placement_base(
            &ds,
            rs.id,
            &facility(
                w.f.dongsheng.id,
                "东胜区就业安置基地",
                PlacementFacility::Base,
            ),
            today,
        )
        .await
        .expect("add");
    assert_eq!(base.unit_name, "东胜区");
    assert_eq!(base.facility, PlacementFacility::Base);
    assert_eq!(base.placed, 0);
    assert_eq!(base.version, 1);
    // checked: no name, opened tomorrow, closed before it opened, a city, out of scope
    let mut bad = facility(w.f.dongsheng.id, " ", PlacementFacility::Point);
    assert!(refused(
        store.add_placement_base(&ds, rs.id, &bad, today).await
    ));
    bad.name = "x".into();
    bad.opened_on = day("2025-11-02");
    assert!(refused(
        store.add_placement_base(&ds, rs.id, &bad, today).await
    ));
    bad.opened_on = day("2025-01-01");
    bad.closed_on = Some(day("2024-12-31"));
    assert!(refused(
        store.add_placement_base(&ds, rs.id, &bad, today).await
    ));
    bad.closed_on = None;
    bad.capacity = -1;
    assert!(refused(
        store.add_placement_base(&ds, rs.id, &bad, today).await
    ));
    bad.capacity = 10;
    bad.unit_id = w.f.city.id;
    assert!(refused(
        store.add_placement_base(&city, rs.id, &bad, today).await
    ));
    bad.unit_id = w.f.dalate.id;
    assert!(matches!(
        store.add_placement_base(&ds, rs.id, &bad, today).await,
        Err(StoreError::NotFound)
    ));
    // a point at 达拉特旗 by the city; the district does not see it
    let point = store
        .add_placement_base(
            &city,
            w.f.dongsheng_user.id,
            &facility(
                w.f.dalate.id,
                "达拉特旗就业安置点",
                PlacementFacility::Point,
            ),
            today,
        )
        .await
        .expect("point");
    let listed = |scope: Scope, filter: PlacementFilter| async move {
        store
            .placement_bases(&scope, filter, today, PageRequest::first(10))
            .await
            .expect("list")
            .items
            .into_iter()
            .map(|b| b.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(ds.clone(), PlacementFilter::default()).await,
        [base.id]
    );
    assert_eq!(
        listed(city.clone(), PlacementFilter::default()).await,
        [base.id, point.id]
    );
    assert_eq!(
        listed(
            city.clone(),
            PlacementFilter {
                unit_id: Some(w.f.dalate.id),
                with_closed: false
            }
        )
        .await,
        [point.id]
    );
    assert!(matches!(
        store.placement_base(&ds, point.id).await,
        Err(StoreError::NotFound)
    ));
    // keyset: one a page
    let first = store
        .placement_bases(
            &city,
            PlacementFilter::default(),
            today,
            PageRequest::first(1),
        )
        .await
        .expect("page");
    assert_eq!(first.next_after, Some(base.id));

    // the township sees the district's facility on its case's placement form
    let choices = store
        .placement_facilities_for_case(&jt, case_id, today)
        .await
        .expect("choices");
    assert_eq!(choices.iter().map(|c| c.id).collect::<Vec<_>>(), [base.id]);
    // a placement naming it takes its name and counts the person there
    let placement = NewSupport {
        placement_base_id: Some(base.id),
        ..NewSupport::of(SupportKind::Placement, day("2025-10-20"))
    };
    let record = store
        .add_support(&ds, rs.id, Role::HumanResources, case_id, &placement, today)
        .await
        .expect("placement");
    assert_eq!(record.title, "东胜区就业安置基地");
    assert_eq!(
        store
            .placement_base(&ds, base.id)
            .await
            .expect("base")
            .placed,
        1
    );
    // another district's facility, or a facility on a record that is no placement: refused
    assert!(refused(
        store
            .add_support(
                &city,
                rs.id,
                Role::HumanResources,
                case_id,
                &NewSupport {
                    placement_base_id: Some(point.id),
                    ..NewSupport::of(SupportKind::Placement, day("2025-10-20"))
                },
                today
            )
            .await
    ));
    assert!(refused(
        store
            .add_support(
                &ds,
                rs.id,
                Role::HumanResources,
                case_id,
                &NewSupport {
                    placement_base_id: Some(base.id),
                    ..NewSupport::of(SupportKind::Training, day("2025-10-20"))
                },
                today
            )
            .await
    ));

    // closed: changed at its version, gone from today's list and choices, kept with closed
    let mut closing = facility(
        w.f.dongsheng.id,
        "东胜区就业安置基地",
        PlacementFacility::Base,
    );
    closing.closed_on = Some(day("2025-10-31"));
    assert!(matches!(
        store
            .update_placement_base(&ds, rs.id, base.id, 7, &closing, today)
            .await,
        Err(StoreError::Stale)
    ));
    let closed = store
        .update_placement_base(&ds, rs.id, base.id, 1, &closing, today)
        .await
        .expect("close");
    assert_eq!(closed.version, 2);
    assert_eq!(closed.closed_on, Some(day("2025-10-31")));
    assert!(
        listed(ds.clone(), PlacementFilter::default())
            .await
            .is_empty()
    );
    assert_eq!(
        listed(
            ds.clone(),
            PlacementFilter {
                unit_id: None,
                with_closed: true
            }
        )
        .await,
        [base.id]
    );
    assert!(
        store
            .placement_facilities_for_case(&jt, case_id, today)
            .await
            .expect("choices")
            .is_empty()
    );
    // every change audited
    assert_eq!(
        store
            .audit_count("placement_base.created")
            .await
            .expect("audit"),
        2
    );
    assert_eq!(
        store
            .audit_count("placement_base.updated")
            .await
            .expect("audit"),
        1
    );
}
