//! The case page's POST handlers: steps, drug tests, records, the agreement print-out
//! and hand-over receipt, all run through the store with the actor's scope.

use super::kept::Kept;
use super::view::case_page;
use super::*;
use serde::Serialize;

/// The form a post came from: its name on the case page (which is also its anchor),
/// what was typed, and the part of the page a success lands on.
pub(super) struct Origin<'a, T: Serialize> {
    pub(super) form: String,
    pub(super) fields: &'a T,
    pub(super) done_at: &'static str,
}

impl<T: Serialize> Origin<'_, T> {
    fn kept(&self, errors: &FieldErrors) -> Kept {
        Kept::posted(self.form.clone(), self.fields, errors)
    }
}

/// Apply a parsed command, then show the case again: on success by redirect (so a
/// reload does not post twice), on a refusal with the message, everything typed kept,
/// and the right status.
pub(super) async fn run<T: Serialize>(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    version: &str,
    command: Result<CaseCommand, FieldErrors>,
    origin: Origin<'_, T>,
) -> Result<Response, AppError> {
    let refused = |errors: FieldErrors| {
        let kept = origin.kept(&errors);
        case_page(state, auth, id, errors, kept)
    };
    let version = match parse_version(version) {
        Ok(v) => v,
        Err(errors) => return refused(errors).await,
    };
    let command = match command {
        Ok(c) => c,
        Err(errors) => return refused(errors).await,
    };
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    let actor = &auth.actor;
    let result = state
        .store
        .apply_case_command(
            &actor.scope,
            actor.user_id,
            actor.role,
            id,
            version,
            &command,
            &cal,
            state.today(),
        )
        .await;
    match result {
        Ok(case) if scope_still_holds(actor, &case.unit_path) => {
            Ok(Redirect::to(&format!("/cases/{id}#{}", origin.done_at)).into_response())
        }
        // A refused transfer leaves the receiver without access.
        Ok(_) => Ok(Redirect::to("/queues?q=transfers").into_response()),
        Err(jiekang_store::StoreError::Refused(message)) => {
            refused(vec![("form", crate::i18n::refusal::refusal(&message))]).await
        }
        Err(jiekang_store::StoreError::Stale) => {
            refused(vec![("stale", msg("case-someone-else-changed-case"))]).await
        }
        Err(e) => Err(e.into()),
    }
}

fn scope_still_holds(actor: &jiekang_store::model::Actor, path: &str) -> bool {
    actor.scope.contains(path)
}

pub async fn step(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(mut form): Form<StepForm>,
) -> Result<Response, AppError> {
    // what was typed, before the unit picker's text becomes the unit's id
    let typed = form.clone();
    let command = match super::resolve_step_unit(&state, &mut form).await? {
        Ok(()) => parse_step(&form),
        Err(errors) => Err(errors),
    };
    let origin = Origin {
        form: step_form_name(&typed.step),
        fields: &typed,
        done_at: "case",
    };
    run(&state, &auth, id, &form.version, command, origin).await
}

/// The name (and anchor) of a step's form on the case page.
pub(super) fn step_form_name(step: &str) -> String {
    format!("step-{}", step.trim())
}

pub async fn test(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<TestForm>,
) -> Result<Response, AppError> {
    let origin = Origin {
        form: "test".to_owned(),
        fields: &form,
        done_at: "tests",
    };
    run(&state, &auth, id, &form.version, parse_test(&form), origin).await
}

pub async fn record(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<RecordForm>,
) -> Result<Response, AppError> {
    let form = form.with_defaults(&auth.actor.display_name, state.today());
    let kind = form.kind.trim();
    let done_at = match kind {
        "police_notified" => "tests",
        "leave_requested" | "leave_decided" | "leave_returned" => "leaves",
        _ => "timeline",
    };
    let origin = Origin {
        form: format!("record-{kind}"),
        fields: &form,
        done_at,
    };
    run(
        &state,
        &auth,
        id,
        &form.version,
        parse_record(&form),
        origin,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReceiveForm {
    pub on: String,
}

/// CASE-2 — acknowledge a hand-over.
pub async fn receive_handover(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<ReceiveForm>,
) -> Result<Response, AppError> {
    let today = state.today();
    let on = match form.on.trim() {
        "" => today,
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| AppError::BadRequest(msg("common-date-format")))?,
    };
    let actor = &auth.actor;
    state
        .store
        .receive_handover(&actor.scope, actor.user_id, id, on, today)
        .await?;
    Ok(Redirect::to("/queues?q=handovers").into_response())
}
