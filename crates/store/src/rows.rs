//! Row shapes shared by the engines. The SQL differs per engine; the columns it
//! selects do not, so each engine decodes into these and converts once, here.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::id_number::Sex;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::Role;

use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::scope::Scope;
use crate::sealed::{Field, Keyring};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("unexpected {what} in database: {value:?}").into())
}

#[derive(Debug, sqlx::FromRow)]
pub struct UnitRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub level: String,
    pub path: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub version: i64,
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;
    fn try_from(r: UnitRow) -> StoreResult<Unit> {
        let level = UnitLevel::parse(&r.level).ok_or_else(|| corrupt("unit level", &r.level))?;
        Ok(Unit {
            id: r.id,
            parent_id: r.parent_id,
            code: r.code,
            name: r.name,
            level,
            path: r.path,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            version: r.version,
        })
    }
}

/// Columns: `u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name,
/// n.code AS unit_code, u.disabled, u.must_change_password, u.created_at, u.last_login_at`.
#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_code: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> StoreResult<User> {
        let role = Role::parse(&r.role).ok_or_else(|| corrupt("role", &r.role))?;
        Ok(User {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            unit_code: r.unit_code,
            disabled: r.disabled,
            must_change_password: r.must_change_password,
            created_at: r.created_at,
            last_login_at: r.last_login_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ActorRow {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_level: String,
    pub unit_path: String,
    pub csrf_token: String,
    pub must_change_password: bool,
    pub last_seen_at: DateTime<Utc>,
    pub second_factor_pending: bool,
    pub second_factor_enabled: bool,
}

impl TryFrom<ActorRow> for Actor {
    type Error = StoreError;
    fn try_from(r: ActorRow) -> StoreResult<Actor> {
        let role = Role::parse(&r.role).ok_or_else(|| corrupt("role", &r.role))?;
        let unit_level =
            UnitLevel::parse(&r.unit_level).ok_or_else(|| corrupt("unit level", &r.unit_level))?;
        Ok(Actor {
            user_id: r.user_id,
            username: r.username,
            display_name: r.display_name,
            role,
            scope: Scope::of_unit(r.unit_id, r.unit_path),
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            unit_level,
            csrf_token: r.csrf_token,
            must_change_password: r.must_change_password,
            last_seen_at: r.last_seen_at,
            second_factor_pending: r.second_factor_pending,
            second_factor_enabled: r.second_factor_enabled,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub id_type: String,
    /// Sealed; opened by [`PersonRow::open`].
    pub id_number_sealed: Vec<u8>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

impl PersonRow {
    /// The person with the ID number opened (the archive page shows it in full).
    pub fn open(self, keys: &Keyring) -> StoreResult<Person> {
        let r = self;
        Ok(Person {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            name: r.name,
            id_number: keys.open_str(Field::IdNumber, &r.id_number_sealed)?,
            id_type: r.id_type,
            sex: r.sex,
            birth_date: r.birth_date,
            created_at: r.created_at,
            created_by: r.created_by,
            updated_at: r.updated_at,
            updated_by: r.updated_by,
            version: r.version,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PersonListRow {
    pub id: i64,
    pub unit_name: String,
    pub name: String,
    pub id_number_sealed: Vec<u8>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
}

impl PersonListRow {
    /// The list row, ID number masked. The number is opened to be masked: the store
    /// keeps no masked copy, because its hidden digits are exactly the birth date,
    /// which is a column of its own (mask + birth date = the full number).
    pub fn open(self, keys: &Keyring) -> StoreResult<PersonListItem> {
        let r = self;
        Ok(PersonListItem {
            id: r.id,
            unit_name: r.unit_name,
            name: r.name,
            id_number_masked: jiekang_domain::text::mask_identifier(
                &keys.open_str(Field::IdNumber, &r.id_number_sealed)?,
            ),
            sex: r.sex,
            birth_date: r.birth_date,
        })
    }
}

/// Build a keyset page from `limit + 1` fetched rows.
pub fn keyset_page<T>(mut items: Vec<T>, limit: u32, id_of: impl Fn(&T) -> i64) -> Page<T> {
    let limit = limit as usize;
    let next_after = if items.len() > limit {
        items.truncate(limit);
        items.last().map(&id_of)
    } else {
        None
    };
    Page { items, next_after }
}

/// The message for a duplicate ID number: it names only the unit that holds it (CASE, INFO-1).
pub fn duplicate_person_message(holder_unit_name: &str) -> String {
    format!("该证件号码已在「{holder_unit_name}」登记,请联系该单位")
}

/// The person already holding an ID number, and where.
#[derive(Debug, sqlx::FromRow)]
pub struct Holder {
    pub person_id: i64,
    pub unit_id: i64,
    pub unit_path: String,
    pub unit_name: String,
}

/// The audit detail of a refused out-of-scope duplicate: both units, by id and path (the
/// path names every ancestor, so the auditor sees both townships and districts).
pub fn duplicate_refused_detail(
    registering_unit: i64,
    registering_path: &str,
    holding_unit: i64,
    holding_path: &str,
) -> String {
    format!(
        "登记单位 #{registering_unit}({registering_path});持有单位 #{holding_unit}({holding_path})"
    )
}
