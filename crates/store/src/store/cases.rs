//! Case work: an order's life from the decision on, its hand-overs and attachments.

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::permission::Role;

use crate::cases::*;
use crate::error::StoreResult;
use crate::scope::Scope;

#[async_trait]
pub trait Cases: Send + Sync {
    /// Record a decision (CASE-1): a new case in state 已决定 with its CASE-2 and N3
    /// deadlines. Refused while the person has an open case, and from any role but the
    /// police (N1, `jiekang_domain::case::may_record_decision`).
    async fn create_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        role: Role,
        new: &NewCase,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Case>;
    /// The cases of a person in scope, newest first.
    async fn person_cases(&self, scope: &Scope, person_id: i64) -> StoreResult<Vec<CaseSummary>>;
    /// Everything about one case; the read is audited. The receiving township of a
    /// pending transfer may read it too.
    async fn case_file(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<CaseFile>;
    /// INFO-1 — a case with its person's identity and addresses, for a printed
    /// document; the read is audited (`case.document`, `detail` naming the document).
    /// Only through the case's execution place: the receiving township of a pending
    /// transfer, and anyone outside the scope, get [`crate::StoreError::NotFound`].
    async fn case_document(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
        detail: &str,
    ) -> StoreResult<CaseDocument>;
    /// CASE-4 — the stub of a case transferred away from a unit in scope and accepted
    /// by the receiver: where it went, when, and the timeline up to the acceptance.
    /// [`crate::StoreError::NotFound`] for anyone whose scope sent no such transfer.
    /// The read is audited.
    async fn transferred_case(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<TransferredCase>;
    /// Apply one command to a case the user saw at `version`; [`crate::StoreError::Stale`]
    /// if someone saved it since.
    #[allow(clippy::too_many_arguments)]
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
    ) -> StoreResult<Case>;
    /// CASE-2 — acknowledge a police hand-over sent to a unit in scope.
    async fn receive_handover(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        handover_id: i64,
        on: NaiveDate,
        today: NaiveDate,
    ) -> StoreResult<()>;
    async fn add_attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        case_id: i64,
        new: &NewAttachment,
    ) -> StoreResult<AttachmentMeta>;
    /// An attachment with its bytes; the read is audited.
    async fn attachment(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        id: i64,
    ) -> StoreResult<Attachment>;
    /// D2, D4 — re-plan provisionally drawn test dates with the calendar now in force,
    /// up to `limit` cases after case id `after`; returns (cases re-planned, last case
    /// id seen or `None` when done). Call again with the last id until `None`.
    async fn replan_provisional_windows(
        &self,
        cal: &HolidayCalendar,
        after: i64,
        limit: i64,
    ) -> StoreResult<(u64, Option<i64>)>;
}
