//! Case work pages: record a decision, the case page with its schedule,
//! compliance, actions and timeline, hand-overs and
//! attachments. Every rule is the domain's; every read and write goes through the
//! store with the actor's scope.

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::breach::BreachLevel;
use jiekang_domain::case::{CaseState, PlaceBasis, Step, steps_from};
use jiekang_domain::compliance::{Compliance, TestOutcome};
use jiekang_domain::measure::Measure;
use jiekang_domain::org::UnitLevel;
use jiekang_domain::permission::{Action, Role, permits};
use jiekang_domain::records::{
    IsolationExemption, Sample, TalkKind, TestKind, isolation_exemptions,
};
use jiekang_store::cases::{CaseCommand, CaseFile, NewAttachment};
use jiekang_store::model::Person;
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::case_input::{
    CaseForm, RecordForm, StepForm, TestForm, parse_case, parse_record, parse_step, parse_test,
    parse_version,
};
use crate::error::{AppError, FieldErrors};
use crate::extract::Id;
use crate::state::AppState;
use crate::unit_picker::is_execution_unit;

/// CASE-4 — the unit a transfer step names, as the picker sent it (a code, a full path
/// ending in its code, a unique name, or the id), resolved to its id in the form: for
/// 申请变更执行地 any township or community in use, for 接收变更执行地 any community
/// in use (the store checks that it lies under the receiving unit). Other steps and an
/// empty field are left as they are.
pub(crate) async fn resolve_step_unit(
    state: &AppState,
    form: &mut StepForm,
) -> Result<Result<(), FieldErrors>, AppError> {
    let step = Step::parse(form.step.trim());
    let text = form.transfer_to_unit_id.trim().to_owned();
    if text.is_empty() || !matches!(step, Some(Step::RequestTransfer | Step::AcceptTransfer)) {
        return Ok(Ok(()));
    }
    let tree = state.unit_tree().await?;
    let picker = if step == Some(Step::AcceptTransfer) {
        tree.picker(|u| u.level == UnitLevel::Community, &text)
    } else {
        tree.picker(is_execution_unit, &text)
    };
    Ok(match picker.resolve(&text) {
        Ok(unit) => {
            form.transfer_to_unit_id = unit.id.to_string();
            Ok(())
        }
        Err(why) => Err(vec![("transfer_to_unit_id", why)]),
    })
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewCasePage {
    nav: Nav,
    person: Person,
    /// The execution place (`macros/unit.html`).
    unit_picker: crate::unit_picker::UnitPicker,
    measures: [Measure; 2],
    bases: [PlaceBasis; 3],
    form: CaseForm,
    errors: FieldErrors,
}

impl NewCasePage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

async fn new_case_page(
    state: &AppState,
    auth: &Authenticated,
    person_id: i64,
    form: CaseForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let person = state
        .store
        .person(&actor.scope, actor.user_id, person_id)
        .await?;
    let unit_picker =
        crate::unit_picker::in_scope(state, &actor.scope, is_execution_unit, &form.unit_id).await?;
    let status = super::form_status(&errors);
    let page = render(&NewCasePage {
        nav: Nav::for_actor(actor, "/persons"),
        person,
        unit_picker,
        measures: Measure::ALL,
        bases: PlaceBasis::ALL,
        form,
        errors,
    });
    Ok((status, page).into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(person_id): Id,
) -> Result<Response, AppError> {
    let form = CaseForm {
        measure: Measure::CommunityDetox.code().to_owned(),
        place_basis: PlaceBasis::Household.code().to_owned(),
        ..CaseForm::default()
    };
    new_case_page(&state, &auth, person_id, form, Vec::new()).await
}

/// D4 — the per-case secret seed, from the operating system's random source.
fn new_seed() -> i64 {
    // the thread generator is a CSPRNG seeded from the operating system
    (rand::random::<u64>() >> 1) as i64
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(person_id): Id,
    Form(mut form): Form<CaseForm>,
) -> Result<Response, AppError> {
    // the execution place as the picker sent it (code, full path, name or id), as its id
    let picker =
        crate::unit_picker::in_scope(&state, &auth.actor.scope, is_execution_unit, "").await?;
    let unresolved = picker.resolve_field(&mut form.unit_id).err();
    let parsed = crate::unit_picker::with_unit_error(
        parse_case(&form, person_id, new_seed()),
        "unit_id",
        unresolved,
    );
    let new = match parsed {
        Ok(new) => new,
        Err(errors) => return new_case_page(&state, &auth, person_id, form, errors).await,
    };
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let actor = &auth.actor;
    match state
        .store
        .create_case(
            &actor.scope,
            actor.user_id,
            actor.role,
            &new,
            &cal,
            state.today(),
        )
        .await
    {
        Ok(case) => Ok(Redirect::to(&format!("/cases/{}", case.id)).into_response()),
        Err(jiekang_store::StoreError::Refused(message)) => {
            new_case_page(
                &state,
                &auth,
                person_id,
                form,
                vec![("form", crate::i18n::refusal::refusal(&message))],
            )
            .await
        }
        Err(jiekang_store::StoreError::Conflict { message, .. }) => {
            new_case_page(
                &state,
                &auth,
                person_id,
                form,
                vec![("form", Msg::recorded(message))],
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

mod actions;
mod care;
mod confirm;
mod files;
mod kept;
mod view;

pub use actions::{ReceiveForm, receive_handover, record, step, test};
pub use care::{AssignForm, assess, assign, level_status};
pub(crate) use care::{parse_assessment, parse_assignment};
pub use confirm::confirm_step;
pub use files::{download, upload};
pub use view::{StepAction, show};
