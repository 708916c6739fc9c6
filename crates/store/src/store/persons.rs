//! Persons (INFO-1): registration, the register, the archive and its profile.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jiekang_domain::calendar::HolidayCalendar;

use crate::cases::{Archive, ArchiveAccess, PersonId, PersonProfile};
use crate::error::StoreResult;
use crate::model::{NewPerson, Page, PageRequest, Person, PersonFilter, PersonListItem};
use crate::scope::Scope;

#[async_trait]
pub trait Persons: Send + Sync {
    /// Register a person. One person per ID number across the whole system. A number
    /// held inside the scope is refused naming the unit that holds it. A number held
    /// outside the scope is refused naming nothing (registration is no oracle of where
    /// numbers are held), and in one transaction the refusal is audited
    /// (`person.duplicate_refused`, with both units, on the held person) and the holding
    /// unit's office gets a task 他处登记重复证件号码, due by `cal` counted from `today`
    /// (one open task per person and registering unit).
    async fn register_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<Person>;
    /// [`Persons::register_person`] on Beijing's today with the embedded calendar, for
    /// the command line, demonstrations and tests.
    async fn create_person(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewPerson,
    ) -> StoreResult<Person> {
        self.register_person(
            scope,
            actor_user_id,
            new,
            HolidayCalendar::embedded(),
            jiekang_domain::clock::beijing_date(Utc::now()),
        )
        .await
    }
    async fn persons(
        &self,
        scope: &Scope,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> StoreResult<Page<PersonListItem>>;
    /// Open a person's archive; the read is written to the audit trail in the same transaction.
    async fn person(&self, scope: &Scope, actor_user_id: i64, id: i64) -> StoreResult<Person>;
    async fn count_persons(&self, scope: &Scope) -> StoreResult<i64>;
    /// INFO-1 — open a person's archive: the person, the profile and the cases read in
    /// one snapshot, and its audit record (`person.read`; through a grant
    /// `person.read_break_glass`) written before it is handed out. Outside the scope
    /// and without a grant: [`crate::StoreError::NotFound`], nothing recorded.
    async fn open_archive(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: PersonId,
        access: ArchiveAccess,
    ) -> StoreResult<Archive>;
    /// INFO-1 — the person's identity and history beyond the registry.
    async fn person_profile(&self, scope: &Scope, person_id: i64) -> StoreResult<PersonProfile>;
    /// Save the profile of a person the user saw at `version`; audited.
    async fn update_person_profile(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        person_id: i64,
        version: i64,
        profile: &PersonProfile,
    ) -> StoreResult<()>;
}
