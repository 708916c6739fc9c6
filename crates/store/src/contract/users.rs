//! Contract: user accounts within scope (ORG-3).

use jiekang_domain::permission::Role;

use super::fixture::{Fixture, build, new_session, user};
use crate::model::{NewUser, PageRequest};
use crate::{Scope, Store, StoreError};

pub async fn users_are_listed_and_read_only_within_scope(store: &dyn Store) {
    let f = build(store).await;
    let township = Fixture::scope_of(&f.jiaotong);
    let listed = store
        .users(&township, PageRequest::first(50))
        .await
        .expect("users");
    assert_eq!(
        listed
            .items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["jiaotong"]
    );
    assert_eq!(listed.items[0].unit_name, "交通街道");
    assert!(matches!(
        store.user(&township, f.gongyuan_user.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.user_by_username(&township, "gongyuan").await,
        Err(StoreError::NotFound)
    ));
    let district = Fixture::scope_of(&f.dongsheng);
    let all = store
        .users(&district, PageRequest::first(50))
        .await
        .expect("users");
    assert_eq!(all.items.len(), 3);
    // changes outside the scope are refused as not found, and change nothing
    let r = store
        .set_user_disabled(&township, None, f.gongyuan_user.id, true)
        .await;
    assert!(matches!(r, Err(StoreError::NotFound)));
    let r = store
        .set_password(&township, None, f.gongyuan_user.id, "x", false)
        .await;
    assert!(matches!(r, Err(StoreError::NotFound)));
    let other = store
        .user(&Scope::system(), f.gongyuan_user.id)
        .await
        .expect("user");
    assert!(!other.disabled);
    let creds = store
        .credentials("gongyuan")
        .await
        .expect("creds")
        .expect("exists");
    assert_eq!(creds.password_hash, "not-a-real-hash");
}

pub async fn duplicate_username_is_a_field_conflict(store: &dyn Store) {
    let f = build(store).await;
    let dup = NewUser {
        username: "jiaotong".into(),
        display_name: "重名".into(),
        unit_id: f.community_a.id,
        role: Role::CommunityStaff,
        password_hash: "h".into(),
        must_change_password: true,
    };
    let r = store.create_user(&Scope::system(), None, &dup).await;
    assert!(matches!(
        r,
        Err(StoreError::Conflict {
            field: "username",
            ..
        })
    ));
    let all = store
        .users(&Scope::system(), PageRequest::first(50))
        .await
        .expect("users");
    assert_eq!(all.items.len(), 3);
}

pub async fn users_cannot_be_created_outside_scope(store: &dyn Store) {
    let f = build(store).await;
    let elsewhere = NewUser {
        username: "intruder".into(),
        display_name: "越权".into(),
        unit_id: f.shulinzhao.id,
        role: Role::Admin,
        password_hash: "h".into(),
        must_change_password: true,
    };
    let r = store
        .create_user(&Fixture::scope_of(&f.dongsheng), None, &elsewhere)
        .await;
    assert!(matches!(r, Err(StoreError::Conflict { field: "unit", .. })));
    assert!(
        store
            .credentials("intruder")
            .await
            .expect("lookup")
            .is_none()
    );
}

pub async fn disabling_a_user_ends_their_sessions(store: &dyn Store) {
    let f = build(store).await;
    store
        .create_session(&new_session(&f.jiaotong_user, "t1"))
        .await
        .expect("session");
    let now = chrono::Utc::now();
    let idle = chrono::TimeDelta::minutes(30);
    assert!(
        store
            .session_actor("t1", now, idle)
            .await
            .expect("actor")
            .is_some()
    );
    let u = store
        .set_user_disabled(
            &Fixture::scope_of(&f.dongsheng),
            None,
            f.jiaotong_user.id,
            true,
        )
        .await
        .expect("disable");
    assert!(u.disabled);
    assert!(
        store
            .session_actor("t1", now, idle)
            .await
            .expect("actor")
            .is_none()
    );
    assert!(
        store
            .credentials("jiaotong")
            .await
            .expect("creds")
            .expect("exists")
            .disabled
    );
}

pub async fn users_page_with_a_keyset_cursor(store: &dyn Store) {
    let f = build(store).await;
    for i in 0..5 {
        user(
            store,
            &f.community_a,
            &format!("staff{i}"),
            Role::CommunityStaff,
        )
        .await;
    }
    let scope = Fixture::scope_of(&f.jiaotong);
    let first = store
        .users(&scope, PageRequest::first(4))
        .await
        .expect("page 1");
    assert_eq!(first.items.len(), 4);
    let next = first.next_after.expect("has a next page");
    let second = store
        .users(&scope, PageRequest::new(Some(next), 4))
        .await
        .expect("page 2");
    assert_eq!(second.items.len(), 2);
    assert!(second.next_after.is_none());
    let mut ids: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|u| u.id)
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 6, "no user twice, none skipped");
}
