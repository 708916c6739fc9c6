//! Administration in the audit trail (GB/T 22239-2019 8.1.4.3 安全审计,
//! INFO-2): who created, disabled or enabled an account, reset or changed a password,
//! reset a second factor, created, renamed or retired a unit — with the values before
//! and after. The engines write these records in the same transaction as the change,
//! through their one audit writer (the hash chain), so a change that fails writes
//! nothing and a change that is committed is always recorded.
//!
//! The actor is the user who acted (`None` for the operator's command line); the audit
//! writer files the record under that user's unit (the root unit for the command
//! line), so the auditor of that subtree finds it.
//!
//! The detail is JSON, `{"before": …, "after": …}` (`before` is `null` for a creation),
//! built only from [`User`] and [`Unit`], which never carry a password or its hash.

use chrono::Utc;
use serde_json::{Value, json};

use crate::model::{AuditEntry, Unit, User};

pub const USER_CREATED: &str = "user.created";
pub const USER_DISABLED: &str = "user.disabled";
pub const USER_ENABLED: &str = "user.enabled";
/// A password set by someone else (an administrator, or `jiekang admin reset-password`).
pub const USER_PASSWORD_RESET: &str = "user.password_reset";
/// A user's own change of password, also the forced change at the first login (then
/// `before.must_change_password` is true).
pub const USER_PASSWORD_CHANGED: &str = "user.password_changed";
/// An administrator removed a user's TOTP second factor (a lost phone).
pub const TOTP_RESET: &str = "totp.reset";
pub const UNIT_CREATED: &str = "unit.created";
pub const UNIT_RENAMED: &str = "unit.renamed";
pub const UNIT_RETIRED: &str = "unit.retired";

/// Every action code of this module, for the auditor's action filter.
pub const ACTIONS: &[&str] = &[
    USER_CREATED,
    USER_DISABLED,
    USER_ENABLED,
    USER_PASSWORD_RESET,
    USER_PASSWORD_CHANGED,
    TOTP_RESET,
    UNIT_CREATED,
    UNIT_RENAMED,
    UNIT_RETIRED,
];

/// What an auditor needs to know of an account. No password, no hash.
fn user_view(u: &User) -> Value {
    json!({
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.code(),
        "unit": { "id": u.unit_id, "code": u.unit_code, "name": u.unit_name },
        "active": !u.disabled,
        "must_change_password": u.must_change_password,
    })
}

fn unit_view(u: &Unit) -> Value {
    json!({
        "code": u.code,
        "name": u.name,
        "level": u.level.code(),
        "parent_id": u.parent_id,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
    })
}

fn entry(
    actor: Option<i64>,
    action: &str,
    object_type: &str,
    id: i64,
    before: Value,
    after: Value,
) -> AuditEntry {
    let detail = json!({ "before": before, "after": after }).to_string();
    AuditEntry::of_object(Utc::now(), actor, action, object_type, Some(id), detail)
}

pub fn user_created(actor: Option<i64>, user: &User) -> AuditEntry {
    entry(
        actor,
        USER_CREATED,
        "user",
        user.id,
        Value::Null,
        user_view(user),
    )
}

/// `user.disabled` or `user.enabled`, by the state after the change.
pub fn user_active_changed(actor: Option<i64>, before: &User, after: &User) -> AuditEntry {
    let action = if after.disabled {
        USER_DISABLED
    } else {
        USER_ENABLED
    };
    entry(
        actor,
        action,
        "user",
        after.id,
        user_view(before),
        user_view(after),
    )
}

/// A new password: `user.password_changed` when the user set their own, otherwise
/// `user.password_reset`. Only the account's state is recorded, never the password.
pub fn password_set(actor: Option<i64>, before: &User, after: &User) -> AuditEntry {
    let action = if actor == Some(after.id) {
        USER_PASSWORD_CHANGED
    } else {
        USER_PASSWORD_RESET
    };
    entry(
        actor,
        action,
        "user",
        after.id,
        user_view(before),
        user_view(after),
    )
}

pub fn totp_reset(actor: Option<i64>, user: &User) -> AuditEntry {
    let mut before = user_view(user);
    let mut after = before.clone();
    before["second_factor"] = Value::Bool(true);
    after["second_factor"] = Value::Bool(false);
    entry(actor, TOTP_RESET, "user", user.id, before, after)
}

pub fn unit_created(actor: Option<i64>, unit: &Unit) -> AuditEntry {
    entry(
        actor,
        UNIT_CREATED,
        "unit",
        unit.id,
        Value::Null,
        unit_view(unit),
    )
}

pub fn unit_renamed(actor: Option<i64>, before: &Unit, after: &Unit) -> AuditEntry {
    entry(
        actor,
        UNIT_RENAMED,
        "unit",
        after.id,
        unit_view(before),
        unit_view(after),
    )
}

pub fn unit_retired(actor: Option<i64>, before: &Unit, after: &Unit) -> AuditEntry {
    entry(
        actor,
        UNIT_RETIRED,
        "unit",
        after.id,
        unit_view(before),
        unit_view(after),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiekang_domain::permission::Role;

    fn user(id: i64) -> User {
        User {
            id,
            username: "zhang".into(),
            display_name: "张三".into(),
            role: Role::TownshipOffice,
            unit_id: 3,
            unit_name: "交通街道".into(),
            unit_code: "150602001".into(),
            disabled: false,
            must_change_password: true,
            created_at: Utc::now(),
            last_login_at: None,
        }
    }

    #[test]
    fn a_password_record_says_who_set_it_and_holds_only_the_account_state() {
        let before = user(7);
        let after = User {
            must_change_password: false,
            ..before.clone()
        };
        let own = password_set(Some(7), &before, &after);
        assert_eq!(own.action, USER_PASSWORD_CHANGED);
        let reset = password_set(Some(1), &before, &after);
        assert_eq!(reset.action, USER_PASSWORD_RESET);
        assert_eq!(
            password_set(None, &before, &after).action,
            USER_PASSWORD_RESET
        );
        let v: Value = serde_json::from_str(&own.detail).expect("json");
        assert_eq!(v["before"]["must_change_password"], true);
        assert_eq!(v["after"]["must_change_password"], false);
        assert_eq!(v["after"]["unit"]["code"], "150602001");
        assert_eq!(own.object_id, Some(7));
        assert_eq!(own.user_id, Some(7));
        assert!(!own.detail.contains("hash"), "{}", own.detail);
    }

    #[test]
    fn disabling_and_enabling_are_named_by_the_state_after() {
        let on = user(7);
        let off = User {
            disabled: true,
            ..on.clone()
        };
        let d = user_active_changed(Some(1), &on, &off);
        assert_eq!(d.action, USER_DISABLED);
        let v: Value = serde_json::from_str(&d.detail).expect("json");
        assert_eq!(
            (v["before"]["active"].clone(), v["after"]["active"].clone()),
            (Value::Bool(true), Value::Bool(false))
        );
        assert_eq!(user_active_changed(None, &off, &on).action, USER_ENABLED);
        let c: Value = serde_json::from_str(&user_created(None, &on).detail).expect("json");
        assert!(c["before"].is_null());
        assert_eq!(c["after"]["role"], Role::TownshipOffice.code());
    }
}
