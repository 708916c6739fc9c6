//! Contract: the organisation tree and its scope (ORG-1, ORG-3).

use super::fixture::{Fixture, build, child, code, day};
use crate::model::NewUnit;
use crate::{Scope, Store, StoreError};

pub async fn tree_is_scoped_to_the_subtree(store: &dyn Store) {
    let f = build(store).await;
    let all = store.units(&Scope::system()).await.expect("units");
    assert_eq!(all.len(), 7);
    assert_eq!(all[0].id, f.city.id, "root first");

    let district: Vec<String> = store
        .units(&Fixture::scope_of(&f.dongsheng))
        .await
        .expect("units")
        .into_iter()
        .map(|u| u.code)
        .collect();
    assert_eq!(
        district,
        ["150602", "150602001", "150602001001", "150602002"]
    );

    let township = store
        .units(&Fixture::scope_of(&f.jiaotong))
        .await
        .expect("units");
    assert_eq!(
        township.iter().map(|u| u.id).collect::<Vec<_>>(),
        [f.jiaotong.id, f.community_a.id]
    );
    assert_eq!(township[1].parent_id, Some(f.jiaotong.id));
}

pub async fn out_of_scope_unit_answers_like_a_missing_one(store: &dyn Store) {
    let f = build(store).await;
    let scope = Fixture::scope_of(&f.dongsheng);
    assert!(store.unit(&scope, f.jiaotong.id).await.is_ok());
    assert!(matches!(
        store.unit(&scope, f.shulinzhao.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.unit(&scope, 999_999).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.unit_by_code(&scope, "150621100").await,
        Err(StoreError::NotFound)
    ));
    // writes too: renaming or creating under another district's unit is "not found"
    assert!(matches!(
        store
            .rename_unit(&scope, None, f.shulinzhao.id, "改名", f.shulinzhao.version)
            .await,
        Err(StoreError::NotFound)
    ));
    let under_other = NewUnit {
        parent_id: f.shulinzhao.id,
        code: code("150621100009"),
        name: "越权社区".into(),
        valid_from: day("2024-01-01"),
    };
    assert!(matches!(
        store.create_unit(&scope, None, &under_other).await,
        Err(StoreError::NotFound)
    ));
    let unchanged = store
        .unit(&Scope::system(), f.shulinzhao.id)
        .await
        .expect("unit");
    assert_eq!(unchanged.name, "树林召镇");
    assert_eq!(
        store
            .units(&Fixture::scope_of(&f.shulinzhao))
            .await
            .expect("units")
            .len(),
        1
    );
}

pub async fn child_codes_must_extend_the_parent(store: &dyn Store) {
    let f = build(store).await;
    let scope = Fixture::scope_of(&f.dongsheng);
    let wrong = NewUnit {
        parent_id: f.jiaotong.id,
        code: code("150602002001"),
        name: "错码社区".into(),
        valid_from: day("2024-01-01"),
    };
    assert!(matches!(
        store.create_unit(&scope, None, &wrong).await,
        Err(StoreError::Conflict { field: "code", .. })
    ));
    let before = store.units(&Scope::system()).await.expect("units").len();
    assert_eq!(before, 7, "nothing written");
}

pub async fn unit_codes_are_unique_while_in_use(store: &dyn Store) {
    let f = build(store).await;
    let dup = NewUnit {
        parent_id: f.jiaotong.id,
        code: code("150602001001"),
        name: "重复".into(),
        valid_from: day("2024-01-01"),
    };
    assert!(matches!(
        store.create_unit(&Scope::system(), None, &dup).await,
        Err(StoreError::Conflict { field: "code", .. })
    ));
    // after retiring, the code may be given to a new unit; the old one keeps it
    let retired = store
        .retire_unit(
            &Scope::system(),
            None,
            f.community_a.id,
            day("2024-12-31"),
            f.community_a.version,
        )
        .await
        .expect("retire");
    assert_eq!(retired.valid_to, Some(day("2024-12-31")));
    assert!(!retired.is_active_on(day("2025-01-01")) && retired.is_active_on(day("2024-12-31")));
    let again = child(store, &f.jiaotong, "150602001001", "新社区").await;
    assert_ne!(again.id, f.community_a.id);
    let by_code = store
        .unit_by_code(&Scope::system(), "150602001001")
        .await
        .expect("by code");
    assert_eq!(by_code.id, again.id, "the unit in use wins");
}

pub async fn rename_refuses_a_stale_version(store: &dyn Store) {
    let f = build(store).await;
    let scope = Fixture::scope_of(&f.jiaotong);
    let renamed = store
        .rename_unit(
            &scope,
            None,
            f.community_a.id,
            "幸福社区",
            f.community_a.version,
        )
        .await
        .expect("rename");
    assert_eq!(renamed.name, "幸福社区");
    assert_eq!(renamed.version, f.community_a.version + 1);
    let stale = store
        .rename_unit(
            &scope,
            None,
            f.community_a.id,
            "另一个名字",
            f.community_a.version,
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Stale)));
    assert_eq!(
        store
            .unit(&scope, f.community_a.id)
            .await
            .expect("unit")
            .name,
        "幸福社区"
    );
}

pub async fn retire_refuses_units_still_in_use(store: &dyn Store) {
    let f = build(store).await;
    let scope = Fixture::scope_of(&f.dongsheng);
    // 交通街道 has a community and a user
    let refused = store
        .retire_unit(
            &scope,
            None,
            f.jiaotong.id,
            day("2025-01-01"),
            f.jiaotong.version,
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Refused(_))));
    // one cannot retire one's own unit
    let own = store
        .retire_unit(
            &scope,
            None,
            f.dongsheng.id,
            day("2025-01-01"),
            f.dongsheng.version,
        )
        .await;
    assert!(matches!(own, Err(StoreError::Refused(_))));
    // a retire date before the unit began is a field error
    let early = store
        .retire_unit(
            &scope,
            None,
            f.community_a.id,
            day("2000-01-01"),
            f.community_a.version,
        )
        .await;
    assert!(matches!(
        early,
        Err(StoreError::Conflict {
            field: "valid_to",
            ..
        })
    ));
    assert!(
        store
            .unit(&scope, f.jiaotong.id)
            .await
            .expect("unit")
            .valid_to
            .is_none()
    );
}
