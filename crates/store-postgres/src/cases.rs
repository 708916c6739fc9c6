//! Case work on Postgres: the SQL shared by both engines, in
//! `crates/store/engine-sql/cases/`, bound to this engine's types.

use async_trait::async_trait;
use jiekang_store::prelude::{Cases, Queues};
use sqlx::{PgConnection as Conn, Postgres as Db};

use crate::PgStore;

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
include!("../../store/engine-sql/cases/document.rs");
include!("../../store/engine-sql/cases/care.rs");

#[async_trait]
impl Cases for PgStore {
    async fn create_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        new: &NewCase,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case> {
        create(&self.pool, scope, actor_user_id, role, new, cal, today).await
    }
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>> {
        of_person(&self.pool, scope, person_id).await
    }
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile> {
        file(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn case_document(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        detail: &str,
    ) -> StoreResult<CaseDocument> {
        document(
            &self.pool,
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
        transferred(&self.pool, scope, actor_user_id, id).await
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
        apply(
            &self.pool,
            &*self.keys.get()?,
            scope,
            actor_user_id,
            role,
            id,
            version,
            command,
            cal,
            today,
        )
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
        receive_handover(&self.pool, scope, actor_user_id, handover_id, on, today).await
    }
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta> {
        add_attachment(
            &self.pool,
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
        attachment(&self.pool, &*self.keys.get()?, scope, actor_user_id, id).await
    }
    async fn replan_provisional_windows(
        &self,
        cal: &HolidayCalendar,
        after: i64,
        limit: i64,
    ) -> StoreResult<(u64, Option<i64>)> {
        replan_provisional(&self.pool, cal, after, limit).await
    }
}

#[async_trait]
impl Queues for PgStore {
    async fn queue(
        &self,
        scope: &Scope,
        kind: QueueKind,
        today: NaiveDate,
        after: Option<QueueCursor>,
        limit: u32,
    ) -> StoreResult<QueuePage> {
        queue(
            &self.pool,
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
        queue_count(&self.pool, scope, kind, today).await
    }
    async fn queue_counts(
        &self,
        scope: &Scope,
        kinds: &[QueueKind],
        today: NaiveDate,
    ) -> StoreResult<QueueCounts> {
        queue_counts(&self.pool, scope, kinds, today).await
    }
}

/// INFO-1 — open the archive ([`jiekang_store::prelude::Persons::open_archive`]): one
/// REPEATABLE READ, READ ONLY transaction (every read sees the same snapshot), then its
/// audit record, committed (and chained after that, see `audit`) before the archive is
/// handed out. Nothing is recorded for a person neither in scope nor granted.
pub(crate) async fn open_archive(
    store: &crate::PgStore,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: PersonId,
    access: ArchiveAccess,
) -> StoreResult<Archive> {
    let mut tx = store.pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let (archive, audit) = archive_in(&mut tx, keys, scope, actor, person_id, access).await?;
    tx.commit().await?;
    jiekang_store::prelude::AuditLog::audit(store, &audit).await?;
    Ok(archive)
}
