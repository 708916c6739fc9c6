//! The case page's POST handlers: steps, drug tests, records, the agreement print-out
//! and hand-over receipt, all run through the store with the actor's scope.

use super::view::case_page;
use super::*;

/// Apply a parsed command, then show the case again: on success by redirect (so a
/// reload does not post twice), on a refusal with the message and the right status.
async fn run(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    version: &str,
    command: Result<CaseCommand, FieldErrors>,
) -> Result<Response, AppError> {
    let version = match parse_version(version) {
        Ok(v) => v,
        Err(errors) => return case_page(state, auth, id, errors).await,
    };
    let command = match command {
        Ok(c) => c,
        Err(errors) => return case_page(state, auth, id, errors).await,
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
            Ok(Redirect::to(&format!("/cases/{id}")).into_response())
        }
        // A refused transfer leaves the receiver without access.
        Ok(_) => Ok(Redirect::to("/queues?q=transfers").into_response()),
        Err(jiekang_store::StoreError::Refused(message)) => {
            case_page(
                state,
                auth,
                id,
                vec![("form", crate::i18n::refusal::refusal(&message))],
            )
            .await
        }
        Err(jiekang_store::StoreError::Stale) => {
            case_page(
                state,
                auth,
                id,
                vec![("stale", msg("case-someone-else-changed-case"))],
            )
            .await
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
    let command = match super::resolve_step_unit(&state, &mut form).await? {
        Ok(()) => parse_step(&form),
        Err(errors) => Err(errors),
    };
    run(&state, &auth, id, &form.version, command).await
}

pub async fn test(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<TestForm>,
) -> Result<Response, AppError> {
    run(&state, &auth, id, &form.version, parse_test(&form)).await
}

pub async fn record(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<RecordForm>,
) -> Result<Response, AppError> {
    let form = form.with_defaults(&auth.actor.display_name, state.today());
    run(&state, &auth, id, &form.version, parse_record(&form)).await
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    file: CaseFile,
}

/// N5 — the agreement as a printable document.
pub async fn agreement(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let file = state
        .store
        .case_file(&actor.scope, actor.user_id, id)
        .await?;
    if file.as_receiver {
        return Err(AppError::NotFound);
    }
    Ok(render(&AgreementPage { file }))
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
