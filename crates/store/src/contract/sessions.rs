//! Contract: server-side sessions, valid on any instance.

use chrono::{TimeDelta, Utc};
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::Role;

use super::fixture::{Fixture, build, new_session};
use crate::Store;

pub async fn a_session_resolves_to_its_actor_and_scope(store: &dyn Store) {
    let f = build(store).await;
    store
        .create_session(&new_session(&f.dongsheng_user, "tok"))
        .await
        .expect("session");
    let actor = store
        .session_actor("tok", Utc::now(), TimeDelta::minutes(30))
        .await
        .expect("lookup")
        .expect("live session");
    assert_eq!(actor.user_id, f.dongsheng_user.id);
    assert_eq!(actor.role, Role::DistrictOffice);
    assert_eq!(actor.unit_level, UnitLevel::District);
    assert_eq!(actor.unit_name, "东胜区");
    assert_eq!(actor.csrf_token, "csrf-tok");
    assert_eq!(actor.scope, Fixture::scope_of(&f.dongsheng));
    assert!(
        store
            .session_actor("other", Utc::now(), TimeDelta::minutes(30))
            .await
            .expect("lookup")
            .is_none()
    );
}

pub async fn idle_and_expired_sessions_resolve_to_nobody(store: &dyn Store) {
    let f = build(store).await;
    store
        .create_session(&new_session(&f.jiaotong_user, "tok"))
        .await
        .expect("session");
    let idle = TimeDelta::minutes(30);
    let later = Utc::now() + TimeDelta::minutes(31);
    assert!(
        store
            .session_actor("tok", later, idle)
            .await
            .expect("lookup")
            .is_none(),
        "idle"
    );
    // touching keeps it alive
    store
        .touch_session("tok", Utc::now() + TimeDelta::minutes(20))
        .await
        .expect("touch");
    assert!(
        store
            .session_actor("tok", later, idle)
            .await
            .expect("lookup")
            .is_some()
    );
    // past the absolute expiry it is gone whatever the activity
    let past_expiry = Utc::now() + TimeDelta::hours(13);
    store
        .touch_session("tok", past_expiry - TimeDelta::minutes(1))
        .await
        .expect("touch");
    assert!(
        store
            .session_actor("tok", past_expiry, idle)
            .await
            .expect("lookup")
            .is_none()
    );
    // an absurd idle limit neither panics nor ends live sessions
    store.touch_session("tok", Utc::now()).await.expect("touch");
    let live = store
        .session_actor("tok", Utc::now(), TimeDelta::MAX)
        .await
        .expect("lookup");
    assert!(
        live.is_some(),
        "still within its lifetime and recently active"
    );
    assert_eq!(
        store
            .purge_sessions(Utc::now(), TimeDelta::MAX)
            .await
            .expect("purge"),
        0
    );
}

pub async fn logout_and_purge_remove_sessions(store: &dyn Store) {
    let f = build(store).await;
    store
        .create_session(&new_session(&f.jiaotong_user, "a"))
        .await
        .expect("session");
    store
        .create_session(&new_session(&f.jiaotong_user, "b"))
        .await
        .expect("session");
    store.delete_session("a").await.expect("logout");
    let now = Utc::now();
    assert!(
        store
            .session_actor("a", now, TimeDelta::minutes(30))
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(
        store
            .session_actor("b", now, TimeDelta::minutes(30))
            .await
            .expect("lookup")
            .is_some()
    );
    let purged = store
        .purge_sessions(now + TimeDelta::hours(1), TimeDelta::minutes(30))
        .await
        .expect("purge");
    assert_eq!(purged, 1);
}

pub async fn password_change_ends_sessions(store: &dyn Store) {
    let f = build(store).await;
    store
        .create_session(&new_session(&f.jiaotong_user, "a"))
        .await
        .expect("session");
    store
        .set_password(
            &Fixture::scope_of(&f.jiaotong),
            None,
            f.jiaotong_user.id,
            "new-hash",
            true,
        )
        .await
        .expect("set password");
    assert!(
        store
            .session_actor("a", Utc::now(), TimeDelta::minutes(30))
            .await
            .expect("lookup")
            .is_none()
    );
    let creds = store
        .credentials("jiaotong")
        .await
        .expect("lookup")
        .expect("exists");
    assert_eq!(creds.password_hash, "new-hash");
    let u = store
        .user(&Fixture::scope_of(&f.jiaotong), f.jiaotong_user.id)
        .await
        .expect("user");
    assert!(u.must_change_password);
}
