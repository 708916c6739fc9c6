//! Demo accounts of every role at several units, with random passwords printed once.

use jiekang_domain::permission::Role;
use jiekang_store::model::NewUser;
use jiekang_store::{Scope, Store};
use jiekang_web::auth::password::hash_password_blocking;
use jiekang_web::pages::users::temporary_password;

use super::DemoResult;
use super::units::Tree;

pub struct Account {
    pub user_id: i64,
    pub username: String,
    pub password: String,
    pub role: Role,
    pub unit_name: String,
}

/// (username, display name, unit code — or a township code whose first community is meant, role)
const ACCOUNTS: &[(&str, &str, &str, bool, Role)] = &[
    ("admin", "系统管理员", "150600", false, Role::Admin),
    ("city", "市督导组", "150600", false, Role::CitySupervisor),
    ("auditor", "审计员", "150600", false, Role::Auditor),
    (
        "dongsheng",
        "东胜区禁毒办",
        "150602",
        false,
        Role::DistrictOffice,
    ),
    (
        "dalate",
        "达拉特旗禁毒办",
        "150621",
        false,
        Role::DistrictOffice,
    ),
    (
        "zhungeer",
        "准格尔旗禁毒办",
        "150622",
        false,
        Role::DistrictOffice,
    ),
    (
        "jiaotong",
        "交通街道办公室",
        "150602001",
        false,
        Role::TownshipOffice,
    ),
    (
        "shulinzhao",
        "树林召镇办公室",
        "150621100",
        false,
        Role::TownshipOffice,
    ),
    (
        "xuejiawan",
        "薛家湾镇办公室",
        "150622100",
        false,
        Role::TownshipOffice,
    ),
    (
        "jiaotong.staff",
        "交通街道社区专职",
        "150602001",
        true,
        Role::CommunityStaff,
    ),
    (
        "jiaotong.police",
        "交通街道社区民警",
        "150602001",
        true,
        Role::CommunityPolice,
    ),
    (
        "shulinzhao.staff",
        "树林召镇社区专职",
        "150621100",
        true,
        Role::CommunityStaff,
    ),
    (
        "xuejiawan.police",
        "薛家湾镇社区民警",
        "150622100",
        true,
        Role::CommunityPolice,
    ),
    ("clinic", "美沙酮门诊", "150602", false, Role::ClinicStaff),
    // CASE-2, N16: the centre sits at the city (it serves every township of the city)
    (
        "isolation",
        "鄂尔多斯市强制隔离戒毒所",
        "150600",
        false,
        Role::IsolationCentre,
    ),
    (
        "minzheng",
        "东胜区民政",
        "150602",
        false,
        Role::CivilAffairs,
    ),
    (
        "renshe",
        "东胜区人社",
        "150602",
        false,
        Role::HumanResources,
    ),
];

pub async fn seed(store: &dyn Store, tree: &Tree) -> DemoResult<Vec<Account>> {
    let mut out = Vec::new();
    for &(username, display, code, first_community, role) in ACCOUNTS {
        let unit = if first_community {
            tree.by_code.get(&format!("{code}001"))
        } else {
            tree.by_code.get(code)
        }
        .ok_or_else(|| format!("demo data: no unit {code}"))?;
        let password = temporary_password();
        let password_hash = hash_password_blocking(&password).map_err(|e| e.to_string())?;
        let user = store
            .create_user(
                &Scope::system(),
                None,
                &NewUser {
                    username: username.to_owned(),
                    display_name: display.to_owned(),
                    unit_id: unit.id,
                    role,
                    password_hash,
                    must_change_password: false,
                },
            )
            .await?;
        out.push(Account {
            user_id: user.id,
            username: username.to_owned(),
            password,
            role,
            unit_name: unit.name.clone(),
        });
    }
    Ok(out)
}
