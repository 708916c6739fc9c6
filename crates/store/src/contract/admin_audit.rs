//! Contract: administration is audited (`crate::admin_audit`). Each
//! change of a user or a unit writes exactly one record, in its own transaction, with
//! the values before and after, filed under the acting user's unit (the root for the
//! command line); no record holds a password or a hash; a refused change writes nothing.

use jiekang_domain::permission::Role;
use serde_json::Value;

use super::fixture::{Fixture, build, code, day};
use crate::model::{AuditFilter, AuditRecord, NewUnit, NewUser, PageRequest};
use crate::{Scope, Store, StoreError};

/// Hashes in the shape the application stores (argon2id PHC strings).
const HASH_1: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$Zmlyc3QtaGFzaC1vZi10aGUtdGVzdA";
const HASH_2: &str = "$argon2id$v=19$m=19456,t=2,p=1$cGVwcGVycw$c2Vjb25kLWhhc2gtb2YtdGhlLXRlc3Q";
const HASH_3: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHkyMg$dGhpcmQtaGFzaC1vZi10aGUtdGVzdA";

/// Every record, oldest first.
async fn trail(store: &dyn Store) -> Vec<AuditRecord> {
    let page = store
        .audit_events(
            &Scope::system(),
            &AuditFilter::default(),
            PageRequest::first(PageRequest::MAX_LIMIT),
        )
        .await
        .expect("records");
    let mut all = page.items;
    all.reverse();
    all
}

/// The one record written since `before` records, checked for its action, actor and
/// unit; returns its detail as JSON.
async fn only_new_record(
    store: &dyn Store,
    before: usize,
    action: &str,
    actor: Option<(i64, &str)>,
    unit_id: i64,
    object_id: i64,
) -> Value {
    let all = trail(store).await;
    let new: Vec<&AuditRecord> = all[before..].iter().collect();
    assert_eq!(new.len(), 1, "exactly one record for {action}: {new:?}");
    let r = new[0];
    assert_eq!(r.action, action);
    assert_eq!(r.user_id, actor.map(|(id, _)| id), "{r:?}");
    assert_eq!(r.username, actor.map_or("", |(_, name)| name), "{r:?}");
    assert_eq!(
        r.unit_id,
        Some(unit_id),
        "filed under the actor's unit: {r:?}"
    );
    assert_eq!(r.object_id, Some(object_id), "{r:?}");
    assert_no_secret(r);
    serde_json::from_str(&r.detail).expect("the detail is JSON")
}

fn assert_no_secret(r: &AuditRecord) {
    for secret in ["$argon2", "argon2", HASH_1, HASH_2, HASH_3, "password_hash"] {
        assert!(!r.detail.contains(secret), "{secret} in {r:?}");
    }
}

pub async fn user_administration_is_audited_with_before_and_after(store: &dyn Store) {
    let f = build(store).await;
    let admin = Some((f.dongsheng_user.id, "dongsheng"));
    let district = Fixture::scope_of(&f.dongsheng);
    let by_admin = Some(f.dongsheng_user.id);

    let n = trail(store).await.len();
    let new = NewUser {
        username: "zhangsan".into(),
        display_name: "张三".into(),
        unit_id: f.community_a.id,
        role: Role::CommunityStaff,
        password_hash: HASH_1.into(),
        must_change_password: true,
    };
    let u = store
        .create_user(&district, by_admin, &new)
        .await
        .expect("create");
    let d = only_new_record(store, n, "user.created", admin, f.dongsheng.id, u.id).await;
    assert!(d["before"].is_null());
    assert_eq!(d["after"]["username"], "zhangsan");
    assert_eq!(d["after"]["display_name"], "张三");
    assert_eq!(d["after"]["role"], Role::CommunityStaff.code());
    assert_eq!(d["after"]["unit"]["code"], f.community_a.code);
    assert_eq!(d["after"]["unit"]["name"], f.community_a.name);
    assert_eq!(d["after"]["active"], true);
    assert_eq!(d["after"]["must_change_password"], true);

    let n = trail(store).await.len();
    store
        .set_user_disabled(&district, by_admin, u.id, true)
        .await
        .expect("disable");
    let d = only_new_record(store, n, "user.disabled", admin, f.dongsheng.id, u.id).await;
    assert_eq!(
        (&d["before"]["active"], &d["after"]["active"]),
        (&Value::Bool(true), &Value::Bool(false))
    );
    assert_eq!(d["after"]["username"], "zhangsan");

    let n = trail(store).await.len();
    store
        .set_user_disabled(&district, by_admin, u.id, false)
        .await
        .expect("enable");
    let d = only_new_record(store, n, "user.enabled", admin, f.dongsheng.id, u.id).await;
    assert_eq!(
        (&d["before"]["active"], &d["after"]["active"]),
        (&Value::Bool(false), &Value::Bool(true))
    );

    // an administrator's reset, then the forced change at the user's first login
    let n = trail(store).await.len();
    store
        .set_password(&district, by_admin, u.id, HASH_2, true)
        .await
        .expect("reset");
    let d = only_new_record(store, n, "user.password_reset", admin, f.dongsheng.id, u.id).await;
    assert_eq!(d["after"]["must_change_password"], true);
    let n = trail(store).await.len();
    let own = Fixture::scope_of(&f.community_a);
    store
        .set_password(&own, Some(u.id), u.id, HASH_3, false)
        .await
        .expect("own change");
    let d = only_new_record(
        store,
        n,
        "user.password_changed",
        Some((u.id, "zhangsan")),
        f.community_a.id,
        u.id,
    )
    .await;
    assert_eq!(d["before"]["must_change_password"], true, "a forced change");
    assert_eq!(d["after"]["must_change_password"], false);

    // the command line acts as nobody: the record belongs to the root unit
    let n = trail(store).await.len();
    store
        .set_password(&Scope::system(), None, u.id, HASH_1, true)
        .await
        .expect("cli reset");
    only_new_record(store, n, "user.password_reset", None, f.city.id, u.id).await;

    // a TOTP reset by an administrator; nothing to reset writes nothing
    store
        .enable_second_factor(u.id, "JBSWY3DPEHPK3PXP", 1000, chrono::Utc::now())
        .await
        .expect("enrol");
    let n = trail(store).await.len();
    assert!(
        store
            .reset_second_factor(&district, by_admin, u.id)
            .await
            .expect("reset totp")
    );
    let d = only_new_record(store, n, "totp.reset", admin, f.dongsheng.id, u.id).await;
    assert_eq!(
        (&d["before"]["second_factor"], &d["after"]["second_factor"]),
        (&Value::Bool(true), &Value::Bool(false))
    );
    assert!(
        !d.to_string().contains("JBSWY3DPEHPK3PXP"),
        "no secret: {d}"
    );
    assert!(store.second_factor(u.id).await.expect("read").is_none());
    let n = trail(store).await.len();
    assert!(
        !store
            .reset_second_factor(&district, by_admin, u.id)
            .await
            .expect("none left")
    );
    assert_eq!(trail(store).await.len(), n);

    // the auditor of 东胜区 finds the administration by action; 达拉特旗's does not
    let created = AuditFilter {
        action: Some("user.created".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .count_audit_events(&district, &created)
            .await
            .expect("n"),
        1
    );
    let dalate = Fixture::scope_of(&f.dalate);
    assert_eq!(
        store
            .count_audit_events(&dalate, &created)
            .await
            .expect("n"),
        0
    );
    // …and all of it with the category filter: the administrator's five records and
    // the user's own change (the command line's reset belongs to the root)
    let administration = AuditFilter {
        actions: crate::admin_audit::ACTIONS
            .iter()
            .map(|a| (*a).to_owned())
            .collect(),
        ..Default::default()
    };
    let found = store
        .audit_events(&district, &administration, PageRequest::first(50))
        .await
        .expect("search");
    let mut actions: Vec<&str> = found.items.iter().map(|r| r.action.as_str()).collect();
    actions.reverse();
    assert_eq!(
        actions,
        [
            "user.created",
            "user.disabled",
            "user.enabled",
            "user.password_reset",
            "user.password_changed",
            "totp.reset"
        ]
    );
    assert_eq!(
        store
            .count_audit_events(&district, &administration)
            .await
            .expect("n"),
        6
    );
    for r in trail(store).await {
        assert_no_secret(&r);
    }
    assert!(
        store
            .audit_verify(&|_, _| {})
            .await
            .expect("verify")
            .is_intact()
    );
}

pub async fn unit_administration_is_audited_with_before_and_after(store: &dyn Store) {
    let f = build(store).await;
    // the fixture's root and units were made on the command line: no actor, the root
    let first = &trail(store).await[0];
    assert_eq!(
        (
            first.action.as_str(),
            first.user_id,
            first.unit_id,
            first.object_id
        ),
        ("unit.created", None, Some(f.city.id), Some(f.city.id))
    );
    let admin = Some((f.dongsheng_user.id, "dongsheng"));
    let district = Fixture::scope_of(&f.dongsheng);
    let by_admin = Some(f.dongsheng_user.id);

    let n = trail(store).await.len();
    let unit = store
        .create_unit(
            &district,
            by_admin,
            &NewUnit {
                parent_id: f.jiaotong.id,
                code: code("150602001002"),
                name: "新建社区".into(),
                valid_from: day("2026-01-01"),
            },
        )
        .await
        .expect("create");
    let d = only_new_record(store, n, "unit.created", admin, f.dongsheng.id, unit.id).await;
    assert!(d["before"].is_null());
    assert_eq!(d["after"]["code"], "150602001002");
    assert_eq!(d["after"]["name"], "新建社区");
    assert_eq!(d["after"]["parent_id"], f.jiaotong.id);
    assert_eq!(d["after"]["valid_from"], "2026-01-01");
    assert!(d["after"]["valid_to"].is_null());

    let n = trail(store).await.len();
    let renamed = store
        .rename_unit(&district, by_admin, unit.id, "幸福社区", unit.version)
        .await
        .expect("rename");
    let d = only_new_record(store, n, "unit.renamed", admin, f.dongsheng.id, unit.id).await;
    assert_eq!(
        (&d["before"]["name"], &d["after"]["name"]),
        (&Value::from("新建社区"), &Value::from("幸福社区"))
    );
    assert_eq!(d["after"]["code"], "150602001002");

    let n = trail(store).await.len();
    store
        .retire_unit(
            &district,
            by_admin,
            unit.id,
            day("2026-06-30"),
            renamed.version,
        )
        .await
        .expect("retire");
    let d = only_new_record(store, n, "unit.retired", admin, f.dongsheng.id, unit.id).await;
    assert!(d["before"]["valid_to"].is_null());
    assert_eq!(d["after"]["valid_to"], "2026-06-30");
    assert!(
        store
            .audit_verify(&|_, _| {})
            .await
            .expect("verify")
            .is_intact()
    );
}

/// A change the store refuses leaves the trail as it was: the record is written in the
/// change's transaction, so it is rolled back with it.
pub async fn refused_administration_writes_nothing(store: &dyn Store) {
    let f = build(store).await;
    let district = Fixture::scope_of(&f.dongsheng);
    let township = Fixture::scope_of(&f.jiaotong);
    let by = Some(f.dongsheng_user.id);
    let before = trail(store).await;
    let new_user = |username: &str, unit_id: i64| NewUser {
        username: username.into(),
        display_name: "某人".into(),
        unit_id,
        role: Role::CommunityStaff,
        password_hash: HASH_1.into(),
        must_change_password: true,
    };
    let refused = [
        // duplicate username
        store
            .create_user(&district, by, &new_user("jiaotong", f.community_a.id))
            .await
            .map(|_| ()),
        // a unit outside the scope
        store
            .create_user(&district, by, &new_user("outside", f.shulinzhao.id))
            .await
            .map(|_| ()),
        // a code that does not extend the parent's
        store
            .create_unit(
                &district,
                by,
                &NewUnit {
                    parent_id: f.jiaotong.id,
                    code: code("150602002001"),
                    name: "错码社区".into(),
                    valid_from: day("2026-01-01"),
                },
            )
            .await
            .map(|_| ()),
        // a code in use
        store
            .create_unit(
                &district,
                by,
                &NewUnit {
                    parent_id: f.jiaotong.id,
                    code: code("150602001001"),
                    name: "重码社区".into(),
                    valid_from: day("2026-01-01"),
                },
            )
            .await
            .map(|_| ()),
        store
            .rename_unit(
                &district,
                by,
                f.jiaotong.id,
                "旧版本",
                f.jiaotong.version + 7,
            )
            .await
            .map(|_| ()),
        store
            .rename_unit(&township, by, f.dalate.id, "越权", f.dalate.version)
            .await
            .map(|_| ()),
        // still has users and children
        store
            .retire_unit(
                &district,
                by,
                f.jiaotong.id,
                day("2026-06-30"),
                f.jiaotong.version,
            )
            .await
            .map(|_| ()),
        store
            .set_user_disabled(&township, by, f.gongyuan_user.id, true)
            .await
            .map(|_| ()),
        store
            .set_password(&township, by, f.gongyuan_user.id, HASH_2, true)
            .await,
        store
            .reset_second_factor(&township, by, f.gongyuan_user.id)
            .await
            .map(|_| ()),
    ];
    for (i, r) in refused.iter().enumerate() {
        assert!(
            matches!(
                r,
                Err(StoreError::Conflict { .. }
                    | StoreError::NotFound
                    | StoreError::Stale
                    | StoreError::Refused(_))
            ),
            "case {i}: {r:?}"
        );
    }
    assert_eq!(trail(store).await, before, "no record of a refused change");
    assert!(
        store
            .audit_verify(&|_, _| {})
            .await
            .expect("verify")
            .is_intact()
    );
}
