//! The benchmark's own accounts, created through the Store (or reused: same name, same
//! unit) with a fresh random password on every run. Named `bench.<role>.<unit code>` so
//! they are plain to see in the users page and the audit trail. Every security rule
//! holds for them: the city supervisor enrols a TOTP secret the benchmark generates
//! and logs in with its codes, like any city supervisor.

use chrono::Utc;
use jiekang_domain::permission::Role;
use jiekang_domain::second_factor::{SKEW_STEPS, required_for, step_of};
use jiekang_store::model::{NewUser, Unit};
use jiekang_store::{Scope, Store, StoreError};
use jiekang_web::auth::password::hash_password_blocking;
use jiekang_web::auth::totp::{new_secret, unix_now};
use jiekang_web::pages::users::temporary_password;

use super::BenchResult;
use super::prepare::{Plan, scope_of};

/// One benchmark account with its password for this run.
#[derive(Debug, Clone)]
pub struct Account {
    pub user_id: i64,
    pub username: String,
    pub password: String,
    pub role: Role,
    pub unit: Unit,
    /// The TOTP secret enrolled for this run (roles that must use a second factor).
    pub totp_secret: Option<String>,
}

impl Account {
    pub fn scope(&self) -> Scope {
        scope_of(&self.unit)
    }
}

/// The accounts of the benchmark, one per role it drives.
pub struct Accounts {
    /// 社区专职 of the busy community: its work queue, archives, recording tests.
    pub staff: Account,
    /// 社区民警 of the same community: exact ID lookups.
    pub police: Account,
    /// 乡镇(街道)办公室: its work queue.
    pub township: Account,
    /// 旗区禁毒办: the district dashboard.
    pub district: Account,
    /// 市督导指导组 (TOTP): the city dashboard.
    pub city: Account,
}

async fn ensure(store: &dyn Store, role: Role, key: &str, unit: &Unit) -> BenchResult<Account> {
    let system = Scope::system();
    let username = format!("bench.{key}.{}", unit.code);
    let password = temporary_password();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || hash_password_blocking(&p))
            .await?
            .map_err(|e| e.to_string())?
    };
    let user = match store.user_by_username(&system, &username).await {
        Ok(user) => {
            if user.role != role || user.unit_id != unit.id {
                return Err(format!(
                    "{username} 已存在但角色或单位不同 (exists with another role or unit)"
                )
                .into());
            }
            // A new password ends the account's old sessions.
            store
                .set_password(&system, None, user.id, &hash, false)
                .await?;
            if user.disabled {
                store
                    .set_user_disabled(&system, None, user.id, false)
                    .await?
            } else {
                user
            }
        }
        Err(StoreError::NotFound) => {
            store
                .create_user(
                    &system,
                    None,
                    &NewUser {
                        username: username.clone(),
                        display_name: format!("性能基准({})", role.label_zh()),
                        unit_id: unit.id,
                        role,
                        password_hash: hash,
                        must_change_password: false,
                    },
                )
                .await?
        }
        Err(e) => return Err(e.into()),
    };
    let totp_secret = if required_for(role) {
        // A fresh secret each run, as after `jiekang admin reset-totp` and enrolment.
        // The enrolment's code is taken to be one of a minute ago, so the login code
        // of the current step is fresh (each step is accepted once).
        store.disable_second_factor(user.id).await?;
        let secret = new_secret();
        let enrolled_step = step_of(unix_now()).saturating_sub(u64::from(SKEW_STEPS) + 1);
        store
            .enable_second_factor(user.id, &secret, enrolled_step, Utc::now())
            .await?;
        Some(secret)
    } else {
        None
    };
    Ok(Account {
        user_id: user.id,
        username,
        password,
        role,
        unit: unit.clone(),
        totp_secret,
    })
}

pub async fn prepare(store: &dyn Store, plan: &Plan) -> BenchResult<Accounts> {
    Ok(Accounts {
        staff: ensure(store, Role::CommunityStaff, "staff", &plan.community).await?,
        police: ensure(store, Role::CommunityPolice, "police", &plan.community).await?,
        township: ensure(store, Role::TownshipOffice, "township", &plan.township).await?,
        district: ensure(store, Role::DistrictOffice, "district", &plan.district).await?,
        city: ensure(store, Role::CitySupervisor, "city", &plan.city).await?,
    })
}

/// The full ID numbers the police account looks up: read from the archives of its own
/// community through the Store (each read audited as the benchmark's police user, as
/// the archive page would be).
pub async fn lookup_numbers(
    store: &dyn Store,
    police: &Account,
    persons: &[i64],
) -> BenchResult<Vec<(String, String)>> {
    let scope = police.scope();
    let mut out = Vec::new();
    // The plan's persons include those of the township's other communities when the
    // community alone had too few cases due (a database reused after a run, or a new
    // day): the police look up only their own.
    for id in persons {
        if out.len() == 50 {
            break;
        }
        match store.person(&scope, police.user_id, *id).await {
            Ok(p) => out.push((p.id_number, p.name)),
            Err(jiekang_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if out.is_empty() {
        return Err("社区没有人员可供查询 (no person to look up)".into());
    }
    Ok(out)
}
