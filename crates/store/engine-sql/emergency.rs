// "break the glass" — the SQL both engines run, written once (see
// README.md beside this file for how it is included).

use chrono::{DateTime, Utc};
use jiekang_store::emergency::{EmergencyGrant, EmergencyRequest};
use jiekang_store::model::{AuditEntry, Person};
use jiekang_store::rows::PersonRow;
use jiekang_store::sealed::Keyring;
use jiekang_store::{Scope, StoreError, StoreResult};
use sqlx::Pool;

fn entry(user: i64, action: &str, person: i64, detail: String) -> AuditEntry {
    let mut e = AuditEntry::of_object(
        Utc::now(),
        Some(user),
        action,
        "person",
        Some(person),
        detail,
    );
    e.person_id = Some(person);
    e
}

/// Grant the user access to the person with this exact ID number; the grant, its
/// reason and its expiry are audited in the same transaction. Returns the person id.
pub(crate) async fn open(
    pool: &Pool<Db>,
    keys: &Keyring,
    req: &EmergencyRequest,
) -> StoreResult<i64> {
    let mut tx = pool.begin().await?;
    // exact match through the blind index
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, unit_path FROM persons WHERE id_number_index = $1 AND id_type = $2",
    )
    .bind(keys.blind_index(&req.id_type, &req.id_number))
    .bind(&req.id_type)
    .fetch_optional(&mut *tx)
    .await?;
    let (person_id, person_path) = found.ok_or(StoreError::NotFound)?;
    if Scope::of_unit(0, req.user_path.clone()).contains(&person_path) {
        return Err(StoreError::refused("该人员在您的辖区内,请直接查阅档案"));
    }
    let expires_at = req.now + req.ttl;
    sqlx::query(
        "INSERT INTO emergency_access (user_id, user_path, person_id, person_path, reason,
            granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(req.user_id)
    .bind(&req.user_path)
    .bind(person_id)
    .bind(&person_path)
    .bind(&req.reason)
    .bind(req.now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    crate::audit::append(
        &mut tx,
        &entry(
            req.user_id,
            "person.break_glass",
            person_id,
            format!(
                "至 {} 有效;事由:{}",
                expires_at.format("%Y-%m-%d %H:%M UTC"),
                req.reason
            ),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(person_id)
}

/// Open a person through an unexpired grant of this user; the read is audited.
pub(crate) async fn person(
    pool: &Pool<Db>,
    keys: &Keyring,
    user_id: i64,
    person_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Person> {
    let mut tx = pool.begin().await?;
    let granted: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM emergency_access WHERE user_id = $1 AND person_id = $2 AND expires_at > $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(person_id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let grant = granted.ok_or(StoreError::NotFound)?;
    let row: PersonRow = sqlx::query_as(
        "SELECT p.id, p.unit_id, n.name AS unit_name, p.name, p.id_type, p.id_number_sealed, p.sex,
            p.birth_date, p.created_at, cu.display_name AS created_by, p.updated_at,
            uu.display_name AS updated_by, p.version
         FROM persons p
         JOIN units n ON n.id = p.unit_id
         JOIN users cu ON cu.id = p.created_by
         JOIN users uu ON uu.id = p.updated_by
         WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    crate::audit::append(
        &mut tx,
        &entry(
            user_id,
            "person.read_break_glass",
            person_id,
            format!("grant {grant}"),
        ),
    )
    .await?;
    tx.commit().await?;
    row.open(keys)
}

/// Grants whose user or person lies in the scope (the supervisors of both units see
/// them), newest first.
pub(crate) async fn grants(
    pool: &Pool<Db>,
    scope: &Scope,
    limit: i64,
) -> StoreResult<Vec<EmergencyGrant>> {
    Ok(sqlx::query_as(
        "SELECT g.id, g.user_id, u.display_name AS user_name, un.name AS user_unit,
            g.person_id, p.name AS person_name, pn.name AS person_unit, g.reason,
            g.granted_at, g.expires_at
         FROM emergency_access g
         JOIN users u ON u.id = g.user_id JOIN units un ON un.id = u.unit_id
         JOIN persons p ON p.id = g.person_id JOIN units pn ON pn.id = p.unit_id
         WHERE (g.user_path >= $1 AND g.user_path < $2)
            OR (g.person_path >= $1 AND g.person_path < $2)
         ORDER BY g.id DESC LIMIT $3",
    )
    .bind(scope.lower())
    .bind(scope.upper())
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
