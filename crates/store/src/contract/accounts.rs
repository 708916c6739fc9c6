//! Contract: the account rules' storage (GB/T 22239-2019 8.1.4.1) —
//! lockout counters and locks, password history, TOTP secrets, a user's own sessions.

use chrono::{DateTime, TimeDelta, Utc};
use jiekang_domain::lockout::{LOCK_DURATION, MAX_FAILURES};

use super::fixture::{Fixture, build, new_session};
use crate::Store;
use crate::model::{LoginKey, NewSession};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("instant")
        + TimeDelta::minutes(minutes)
}

pub async fn five_failures_within_the_window_lock_the_key(store: &dyn Store) {
    let account = LoginKey::Account("zhang".into());
    let address = LoginKey::Address("10.0.0.9".into());
    for i in 0..MAX_FAILURES - 1 {
        let lock = store
            .record_login_failure(&account, at(i64::from(i)))
            .await
            .expect("failure");
        assert_eq!(lock, None, "failure {} does not lock", i + 1);
    }
    assert_eq!(store.login_lock(&account, at(4)).await.expect("lock"), None);
    let lock = store
        .record_login_failure(&account, at(4))
        .await
        .expect("failure");
    assert_eq!(lock, Some(at(4) + LOCK_DURATION));
    assert_eq!(
        store.login_lock(&account, at(5)).await.expect("lock"),
        Some(at(4) + LOCK_DURATION)
    );
    // the lock ends after its duration, and the other kind of key is unaffected
    assert_eq!(
        store.login_lock(&account, at(19)).await.expect("lock"),
        None
    );
    assert_eq!(store.login_lock(&address, at(5)).await.expect("lock"), None);
    assert_eq!(
        store
            .login_lock(&LoginKey::Address("zhang".into()), at(5))
            .await
            .expect("lock"),
        None,
        "kinds are separate even for equal text"
    );
    // after the lock the count starts again
    assert_eq!(
        store
            .record_login_failure(&account, at(20))
            .await
            .expect("failure"),
        None
    );
}

pub async fn failures_older_than_the_window_do_not_count(store: &dyn Store) {
    let key = LoginKey::Address("10.0.0.7".into());
    for i in 0..4 {
        store
            .record_login_failure(&key, at(i))
            .await
            .expect("failure");
    }
    // 16 minutes after the first: only three of the four are within the window
    assert_eq!(
        store.record_login_failure(&key, at(16)).await.expect("f"),
        None
    );
    assert_eq!(
        store.record_login_failure(&key, at(16)).await.expect("f"),
        Some(at(16) + LOCK_DURATION),
        "three in the window plus two now"
    );
}

pub async fn clearing_failures_starts_the_count_again(store: &dyn Store) {
    let key = LoginKey::Account("li".into());
    for i in 0..4 {
        store
            .record_login_failure(&key, at(i))
            .await
            .expect("failure");
    }
    store.clear_login_failures(&key).await.expect("clear");
    assert_eq!(
        store.record_login_failure(&key, at(5)).await.expect("f"),
        None
    );
}

pub async fn password_history_keeps_the_newest_hashes(store: &dyn Store) {
    let f = build(store).await;
    let scope = Fixture::scope_of(&f.jiaotong);
    for i in 1..=7 {
        store
            .set_password(
                &scope,
                None,
                f.jiaotong_user.id,
                &format!("hash-{i}"),
                false,
            )
            .await
            .expect("set password");
    }
    let recent = store
        .recent_password_hashes(f.jiaotong_user.id, 5)
        .await
        .expect("history");
    assert_eq!(recent, ["hash-7", "hash-6", "hash-5", "hash-4", "hash-3"]);
    let fewer = store
        .recent_password_hashes(f.gongyuan_user.id, 5)
        .await
        .expect("history");
    assert_eq!(fewer, ["not-a-real-hash"], "only the current one");
    // a change outside the scope writes nothing, history included
    let outside = store
        .set_password(&scope, None, f.gongyuan_user.id, "x", false)
        .await;
    assert!(matches!(outside, Err(crate::StoreError::NotFound)));
    assert_eq!(
        store
            .recent_password_hashes(f.gongyuan_user.id, 5)
            .await
            .expect("history"),
        ["not-a-real-hash"]
    );
}

pub async fn a_second_factor_is_stored_and_each_step_accepted_once(store: &dyn Store) {
    let f = build(store).await;
    let id = f.jiaotong_user.id;
    assert_eq!(store.second_factor(id).await.expect("read"), None);
    store
        .enable_second_factor(id, "JBSWY3DPEHPK3PXP", 1000, at(0))
        .await
        .expect("enable");
    let sf = store
        .second_factor(id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(sf.secret, "JBSWY3DPEHPK3PXP");
    assert_eq!(sf.last_used_step, Some(1000));
    assert!(
        matches!(
            store.enable_second_factor(id, "OTHER", 1001, at(0)).await,
            Err(crate::StoreError::Refused(_))
        ),
        "a second enrolment is refused"
    );
    assert!(
        !store.use_second_factor_step(id, 1000).await.expect("use"),
        "replay"
    );
    assert!(
        !store.use_second_factor_step(id, 999).await.expect("use"),
        "older"
    );
    assert!(store.use_second_factor_step(id, 1001).await.expect("use"));
    assert!(
        !store.use_second_factor_step(id, 1001).await.expect("use"),
        "replay"
    );
    assert!(
        !store
            .use_second_factor_step(f.gongyuan_user.id, 5000)
            .await
            .expect("use"),
        "no secret, no step"
    );
    // the actor of a session knows whether the user has a second factor
    store
        .create_session(&new_session(&f.jiaotong_user, "tok"))
        .await
        .expect("session");
    let actor = store
        .session_actor("tok", Utc::now(), TimeDelta::minutes(30))
        .await
        .expect("lookup")
        .expect("live");
    assert!(actor.second_factor_enabled && !actor.second_factor_pending);
    assert!(store.disable_second_factor(id).await.expect("disable"));
    assert!(!store.disable_second_factor(id).await.expect("disable"));
    assert_eq!(store.second_factor(id).await.expect("read"), None);
}

pub async fn a_pending_session_completes_its_second_factor(store: &dyn Store) {
    let f = build(store).await;
    let now = Utc::now();
    store
        .create_session(&NewSession {
            second_factor_pending: true,
            expires_at: now + TimeDelta::minutes(5),
            ..new_session(&f.jiaotong_user, "pending")
        })
        .await
        .expect("session");
    let actor = store
        .session_actor("pending", now, TimeDelta::minutes(30))
        .await
        .expect("lookup")
        .expect("live");
    assert!(actor.second_factor_pending);
    let later = now + TimeDelta::hours(12);
    assert!(
        store
            .complete_second_factor("pending", "renewed", later)
            .await
            .expect("complete")
    );
    // GB/T 22239: the session id is renewed — the old one no longer finds it
    assert!(
        store
            .session_actor("pending", now, TimeDelta::minutes(30))
            .await
            .expect("lookup")
            .is_none(),
        "the old token is no longer valid"
    );
    let actor = store
        .session_actor("renewed", now, TimeDelta::minutes(30))
        .await
        .expect("lookup")
        .expect("live");
    assert!(!actor.second_factor_pending);
    // only a pending session completes, once
    assert!(
        !store
            .complete_second_factor("renewed", "again", later)
            .await
            .expect("complete")
    );
    let listed = store
        .user_sessions(f.jiaotong_user.id, now, TimeDelta::minutes(30))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].expires_at.timestamp(), later.timestamp());
}

pub async fn users_list_and_end_only_their_own_sessions(store: &dyn Store) {
    let f = build(store).await;
    for t in ["a1", "a2", "a3"] {
        store
            .create_session(&new_session(&f.jiaotong_user, t))
            .await
            .expect("session");
    }
    store
        .create_session(&new_session(&f.gongyuan_user, "b1"))
        .await
        .expect("session");
    let idle = TimeDelta::minutes(30);
    let now = Utc::now();
    let mine = store
        .user_sessions(f.jiaotong_user.id, now, idle)
        .await
        .expect("list");
    let mut hashes: Vec<&str> = mine.iter().map(|s| s.token_hash.as_str()).collect();
    hashes.sort_unstable();
    assert_eq!(hashes, ["a1", "a2", "a3"]);
    assert_eq!(mine[0].client, "127.0.0.1");
    // idle sessions are not listed
    assert!(
        store
            .user_sessions(f.jiaotong_user.id, now + TimeDelta::minutes(31), idle)
            .await
            .expect("list")
            .is_empty()
    );
    // another user's session cannot be ended through one's own account
    assert!(
        !store
            .delete_user_session(f.jiaotong_user.id, "b1")
            .await
            .expect("delete")
    );
    assert!(
        store
            .delete_user_session(f.jiaotong_user.id, "a1")
            .await
            .expect("delete")
    );
    assert_eq!(
        store
            .delete_other_sessions(f.jiaotong_user.id, "a2")
            .await
            .expect("others"),
        1
    );
    let left = store
        .user_sessions(f.jiaotong_user.id, now, idle)
        .await
        .expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].token_hash, "a2");
    assert!(
        store
            .session_actor("b1", now, idle)
            .await
            .expect("lookup")
            .is_some(),
        "the other user's session lives on"
    );
}
