//! Case work (issue #4) on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use sqlx::{PgConnection as Conn, Postgres as Db};

/// PostgreSQL locks the case row for the length of the change.
const FOR_UPDATE: &str = " FOR UPDATE";

include!("../../store/engine-sql/cases/shared.rs");
include!("../../store/engine-sql/cases/create.rs");
include!("../../store/engine-sql/cases/read.rs");
include!("../../store/engine-sql/cases/archive.rs");
include!("../../store/engine-sql/cases/commands.rs");
include!("../../store/engine-sql/cases/handover.rs");
include!("../../store/engine-sql/cases/queue.rs");
include!("../../store/engine-sql/cases/profile.rs");
include!("../../store/engine-sql/cases/windows.rs");

/// INFO-1 — open the archive: one REPEATABLE READ, READ ONLY transaction (every read
/// sees the same snapshot), then its audit record in a transaction of its own before
/// the archive is handed out. The record is not appended inside the snapshot: the
/// audit chain's head is locked for update, which a REPEATABLE READ transaction
/// refuses (a serialisation failure) whenever another record was appended since the
/// snapshot began. Nothing is recorded for a person neither in scope nor granted.
pub(crate) async fn open_archive(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: PersonId,
    access: ArchiveAccess,
) -> StoreResult<Archive> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let (archive, audit) = archive_in(&mut tx, keys, scope, actor, person_id, access).await?;
    tx.commit().await?;
    let mut tx = pool.begin().await?;
    crate::audit::append(&mut tx, &audit).await?;
    tx.commit().await?;
    Ok(archive)
}
