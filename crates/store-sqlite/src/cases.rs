//! Case work (issue #4) on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use sqlx::{Sqlite as Db, SqliteConnection as Conn};

/// SQLite has one writer, so the write transaction itself serialises changes to a case.
const FOR_UPDATE: &str = "";

include!("../../store/engine-sql/cases/shared.rs");
include!("../../store/engine-sql/cases/create.rs");
include!("../../store/engine-sql/cases/read.rs");
include!("../../store/engine-sql/cases/archive.rs");
include!("../../store/engine-sql/cases/commands.rs");
include!("../../store/engine-sql/cases/handover.rs");
include!("../../store/engine-sql/cases/queue.rs");
include!("../../store/engine-sql/cases/profile.rs");
include!("../../store/engine-sql/cases/windows.rs");

/// INFO-1 — open the archive: one read transaction on a reader connection (in WAL
/// mode its first read fixes the snapshot every later read sees), then its audit record
/// through the group commit; the archive is handed out only once the record is
/// committed. Nothing is recorded for a person neither in scope nor granted.
pub(crate) async fn open_archive(
    read: &Pool<Db>,
    commits: &crate::group_commit::GroupCommit,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: PersonId,
    access: ArchiveAccess,
) -> StoreResult<Archive> {
    let mut tx = read.begin().await?;
    let (archive, audit) = archive_in(&mut tx, keys, scope, actor, person_id, access).await?;
    tx.commit().await?;
    commits.audit(audit).await?;
    Ok(archive)
}
