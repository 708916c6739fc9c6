//! A small organisation tree and users for the contract cases:
//! 鄂尔多斯市 → 东胜区 → 交通街道 (→ 社区 A), 公园街道; 鄂尔多斯市 → 达拉特旗 → 树林召镇.

use chrono::{NaiveDate, TimeDelta, Utc};
use jiekang_domain::id_number::Sex;
use jiekang_domain::org::UnitCode;
use jiekang_domain::permission::Role;

use crate::model::*;
use crate::{Scope, Store};

pub struct Fixture {
    pub city: Unit,
    pub dongsheng: Unit,
    pub jiaotong: Unit,
    pub community_a: Unit,
    pub gongyuan: Unit,
    pub dalate: Unit,
    pub shulinzhao: Unit,
    /// A township-office user of 交通街道.
    pub jiaotong_user: User,
    /// A township-office user of 公园街道.
    pub gongyuan_user: User,
    /// A district-office user of 东胜区.
    pub dongsheng_user: User,
}

impl Fixture {
    pub fn scope_of(unit: &Unit) -> Scope {
        Scope::of_unit(unit.id, unit.path.clone())
    }
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).expect("test code")
}

pub async fn child(store: &dyn Store, parent: &Unit, c: &str, name: &str) -> Unit {
    store
        .create_unit(
            &Scope::system(),
            None,
            &NewUnit {
                parent_id: parent.id,
                code: code(c),
                name: name.into(),
                valid_from: day("2014-11-05"),
            },
        )
        .await
        .expect("create unit")
}

pub async fn user(store: &dyn Store, unit: &Unit, username: &str, role: Role) -> User {
    store
        .create_user(
            &Scope::system(),
            None,
            &NewUser {
                username: username.into(),
                display_name: format!("{username} 测试"),
                unit_id: unit.id,
                role,
                password_hash: "not-a-real-hash".into(),
                must_change_password: false,
            },
        )
        .await
        .expect("create user")
}

pub async fn build(store: &dyn Store) -> Fixture {
    let city = store
        .create_root_unit(&Scope::system(), "150600", "鄂尔多斯市", day("2001-01-01"))
        .await
        .expect("root");
    let dongsheng = child(store, &city, "150602", "东胜区").await;
    let jiaotong = child(store, &dongsheng, "150602001", "交通街道").await;
    let community_a = child(store, &jiaotong, "150602001001", "某社区").await;
    let gongyuan = child(store, &dongsheng, "150602002", "公园街道").await;
    let dalate = child(store, &city, "150621", "达拉特旗").await;
    let shulinzhao = child(store, &dalate, "150621100", "树林召镇").await;
    let jiaotong_user = user(store, &jiaotong, "jiaotong", Role::TownshipOffice).await;
    let gongyuan_user = user(store, &gongyuan, "gongyuan", Role::TownshipOffice).await;
    let dongsheng_user = user(store, &dongsheng, "dongsheng", Role::DistrictOffice).await;
    Fixture {
        city,
        dongsheng,
        jiaotong,
        community_a,
        gongyuan,
        dalate,
        shulinzhao,
        jiaotong_user,
        gongyuan_user,
        dongsheng_user,
    }
}

pub fn new_person(unit: &Unit, name: &str, id_number: &str) -> NewPerson {
    NewPerson {
        unit_id: unit.id,
        name: name.into(),
        id_type: "resident_id".into(),
        id_number: id_number.into(),
        sex: Some(Sex::Male),
        birth_date: Some(day("1990-01-01")),
    }
}

pub fn new_session(user: &User, token_hash: &str) -> NewSession {
    let now = Utc::now();
    NewSession {
        token_hash: token_hash.into(),
        user_id: user.id,
        csrf_token: format!("csrf-{token_hash}"),
        created_at: now,
        expires_at: now + TimeDelta::hours(12),
        client: "127.0.0.1".into(),
        second_factor_pending: false,
    }
}
