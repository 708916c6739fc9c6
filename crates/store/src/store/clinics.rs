//! MMT-1, N17 — methadone clinics. The register is kept by an administrator or a
//! district office within its scope; the clinic's work is bounded by the clinic its
//! staff user belongs to (another clinic's enrolment answers like a missing one).

use async_trait::async_trait;
use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::clinic::EnrolmentEnd;
use jiekang_domain::metrics::Period;

use crate::clinics::*;
use crate::error::StoreResult;
use crate::model::{Page, PageRequest};
use crate::scope::Scope;
use crate::tasks::Task;

#[async_trait]
pub trait Clinics: Send + Sync {
    /// Add a clinic to the register of a unit in scope; audited (`clinic.created`).
    async fn create_clinic(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        new: &NewClinic,
    ) -> StoreResult<Clinic>;
    /// The clinics of the scope's units, by name.
    async fn clinics(&self, scope: &Scope) -> StoreResult<Vec<Clinic>>;
    /// Make a `clinic_staff` user of the scope a member of a clinic of the scope (one
    /// clinic per user; a second call moves the user); audited (`clinic.staff`).
    async fn set_clinic_staff(
        &self,
        scope: &Scope,
        actor_user_id: i64,
        user_id: i64,
        clinic_id: i64,
    ) -> StoreResult<()>;
    /// The clinic a staff user belongs to (`None`: none yet).
    async fn staff_clinic(&self, user_id: i64) -> StoreResult<Option<Clinic>>;
    /// MMT-1 — enrol a person at the actor's clinic, found by ID number through the blind
    /// index; refused without consent, for a number not registered, for a date in the
    /// future, and while the person is enrolled anywhere; audited (`clinic.enrolled`).
    async fn enrol(
        &self,
        actor_user_id: i64,
        new: &NewEnrolment,
        today: NaiveDate,
    ) -> StoreResult<ClinicPerson>;
    /// The actor's clinic's enrolled persons (open enrolments), keyset by enrolment id.
    async fn clinic_roster(
        &self,
        actor_user_id: i64,
        today: NaiveDate,
        page: PageRequest,
    ) -> StoreResult<Page<ClinicPerson>>;
    /// One enrolment of the actor's clinic with its doses and tests (newest first).
    async fn clinic_person(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        today: NaiveDate,
    ) -> StoreResult<(ClinicPerson, Vec<Dose>, Vec<ClinicTest>)>;
    /// Record the day's attendance and dose (one a day; not before the enrolment, never
    /// in the future); audited (`clinic.dose`).
    async fn record_dose(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        dosed_on: NaiveDate,
        dose_mg: i64,
        today: NaiveDate,
    ) -> StoreResult<()>;
    /// A urine test at the clinic; a positive one opens 门诊尿检阳性 for the township of
    /// the running measure, the same day (N17); audited (`clinic.test`). It fills no
    /// test window (`jiekang_domain::clinic::CLINIC_TEST_FILLS_WINDOW`).
    async fn record_clinic_test(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        tested_on: NaiveDate,
        positive: bool,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<()>;
    /// End an enrolment; ended by the person, it opens 自行终止美沙酮治疗 for the township
    /// (N17); audited (`clinic.ended`).
    async fn end_enrolment(
        &self,
        actor_user_id: i64,
        enrolment_id: i64,
        ended_on: NaiveDate,
        end: EnrolmentEnd,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<()>;
    /// N17 — find the enrolments that reached 3 consecutive missed days by `today` and
    /// were not yet reported for this absence, open 美沙酮治疗脱失 for the township of each
    /// running measure and mark them reported; idempotent (run by the daily sweep and
    /// when a clinic or township home page opens).
    async fn clinic_dropouts(
        &self,
        cal: &HolidayCalendar,
        today: NaiveDate,
    ) -> StoreResult<DropoutSweep>;
    /// The township's view of a case in scope: the person's latest enrolment, if any.
    async fn case_clinic(&self, scope: &Scope, case_id: i64) -> StoreResult<Option<CaseClinic>>;
    /// N17 — the clinic's reports (tasks of the clinic kinds) about persons in scope,
    /// newest first, for the police (information, not work).
    async fn clinic_alerts(&self, scope: &Scope, page: PageRequest) -> StoreResult<Page<Task>>;
    /// MMT-1 — 就诊率 and 戒治率 of each clinic of the scope for a period.
    async fn clinic_rates(
        &self,
        scope: &Scope,
        period: Period,
        today: NaiveDate,
    ) -> StoreResult<Vec<ClinicRate>>;
}
