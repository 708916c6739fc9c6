//! Case work on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::{Cases, Queues};
use sqlx::{Sqlite as Db, SqliteConnection as Conn};

use crate::SqliteStore;

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
include!("../../store/engine-sql/cases/document.rs");
include!("../../store/engine-sql/cases/care.rs");

#[async_trait]
impl Cases for SqliteStore {
    async fn create_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        new: &NewCase,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case> {
        create(&self.write, scope, actor_user_id, role, new, cal, today).await
    }
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>> {
        of_person(&self.read, scope, person_id).await
    }
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile> {
        file(&self.write, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn case_document(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        detail: &str,
    ) -> StoreResult<CaseDocument> {
        document(
            &self.write,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            id,
            detail,
        )
        .await
    }
    async fn transferred_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<TransferredCase> {
        transferred(&self.write, scope, actor_user_id, id).await
    }
    async fn apply_case_command(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        id: i64,
        version: i64,
        command: &CaseCommand,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case> {
        let (scope, command, cal) = (scope.clone(), command.clone(), cal.clone());
        let keys = self.keys.get()?;
        self.commits
            .change(move |conn| {
                Box::pin(async move {
                    apply_in(
                        conn,
                        &keys,
                        &scope,
                        actor_user_id,
                        role,
                        id,
                        version,
                        &command,
                        &cal,
                        today,
                    )
                    .await
                })
            })
            .await
    }
    async fn receive_handover(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        handover_id: i64,
        on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<()> {
        receive_handover(&self.write, scope, actor_user_id, handover_id, on, today).await
    }
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta> {
        add_attachment(
            &self.write,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            case_id,
            new,
        )
        .await
    }
    async fn attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Attachment> {
        attachment(&self.write, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn replan_provisional_windows(
        &self,
        cal: &HolidayCalendar,
        after: i64,
        limit: i64,
    ) -> StoreResult<(u64, Option<i64>)> {
        replan_provisional(&self.write, cal, after, limit).await
    }
}

#[async_trait]
impl Queues for SqliteStore {
    async fn queue(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> StoreResult<QueuePage> {
        queue(
            &self.read,
            &*self.keys.get()?,
            scope,
            kind,
            today,
            after,
            limit,
        )
        .await
    }
    async fn queue_count(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
    ) -> StoreResult<i64> {
        queue_count(&self.read, scope, kind, today).await
    }
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<QueueCounts> {
        queue_counts(&self.read, scope, kinds, today).await
    }
}

/// INFO-1 — open the archive ([`jiekang_store::prelude::Persons::open_archive`]): one
/// read transaction on a reader connection (in WAL mode its first read fixes the
/// snapshot every later read sees), then its audit record through the group commit;
/// the archive is handed out only once the record is committed. Nothing is recorded
/// for a person neither in scope nor granted.
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
