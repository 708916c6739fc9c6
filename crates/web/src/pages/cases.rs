//! Case work pages (issue #4): record a decision, the case page with its schedule,
//! compliance, actions and timeline, the printable agreement, hand-overs and
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
use jiekang_store::model::{Person, Unit};
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

/// Units that can be an execution place: townships and communities in use.
fn execution_units(units: Vec<Unit>) -> Vec<Unit> {
    units
        .into_iter()
        .filter(|u| {
            u.valid_to.is_none() && matches!(u.level, UnitLevel::Township | UnitLevel::Community)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewCasePage {
    nav: Nav,
    person: Person,
    units: Vec<Unit>,
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
    let units = execution_units(state.store.units(&actor.scope).await?);
    let status = super::form_status(&errors);
    let page = render(&NewCasePage {
        nav: Nav::for_actor(actor, "/persons"),
        person,
        units,
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
    Form(form): Form<CaseForm>,
) -> Result<Response, AppError> {
    let new = match parse_case(&form, person_id, new_seed()) {
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
                vec![("form", Msg::recorded(message))],
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

/// One step the user may take now, with the fields it needs.
pub struct StepAction {
    pub step: Step,
    pub needs_target: bool,
    pub needs_service: bool,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    nav: Nav,
    file: CaseFile,
    compliance: Compliance,
    steps: Vec<StepAction>,
    can_record: bool,
    can_decide_leave: bool,
    transfer_units: Vec<Unit>,
    exemptions: Vec<IsolationExemption>,
    today: NaiveDate,
    errors: FieldErrors,
    test_kinds: [TestKind; 3],
    samples: [Sample; 4],
    outcomes: [TestOutcome; 4],
    talk_kinds: [TalkKind; 3],
    max_attachment_mb: usize,
}

impl CasePage {
    fn is_serious(&self) -> bool {
        self.file.case.breach_level == BreachLevel::Serious
    }
    fn sample_label(&self, sample: &Option<jiekang_domain::records::Sample>) -> String {
        sample.map_or_else(
            || "—".to_owned(),
            |s| crate::i18n::label("sample", s.code()),
        )
    }
    fn window_state(&self, index: usize) -> (&'static str, &'static str) {
        use jiekang_domain::compliance::WindowState as W;
        match self.compliance.windows.get(index) {
            Some(w) if w.state == W::Done => ("ok", "case-window-done"),
            Some(w) if w.state == W::Missed => ("bad", "case-window-missed"),
            Some(w) if w.overdue => ("bad", "common-overdue"),
            Some(w) if w.state == W::Open => ("warn", "case-window-open"),
            _ => ("muted", "case-window-upcoming"),
        }
    }
}

async fn case_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let file = state
        .store
        .case_file(&actor.scope, actor.user_id, id)
        .await?;
    let today = state.today();
    let compliance = file.compliance(today);
    let case_state = file.case.state;
    let may_write = permits(actor.role, Action::CasesWrite);
    let steps = if may_write {
        steps_from(case_state)
            .filter(|s| s.allowed_for(actor.role) && s.is_taken_by_receiver() == file.as_receiver)
            .map(|step| StepAction {
                step,
                needs_target: step == Step::RequestTransfer,
                needs_service: step == Step::Notify && file.case.served_on.is_none(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let transfer_units = if steps.iter().any(|s| s.needs_target) {
        // N11: any township or community of the installation may receive the case.
        execution_units(state.store.units(&jiekang_store::Scope::system()).await?)
            .into_iter()
            .filter(|u| u.id != file.case.unit_id)
            .collect()
    } else {
        Vec::new()
    };
    let exemptions = if case_state == CaseState::Referred {
        isolation_exemptions(
            file.case.person_is_female(),
            file.case.person_birth_date,
            today,
        )
    } else {
        Vec::new()
    };
    let status = super::form_status(&errors);
    let can_record = may_write && !file.as_receiver && case_state.term_running();
    let page = render(&CasePage {
        nav: Nav::for_actor(actor, "/queues"),
        can_record,
        can_decide_leave: can_record && actor.role == Role::TownshipOffice,
        file,
        compliance,
        steps,
        transfer_units,
        exemptions,
        today,
        errors,
        test_kinds: TestKind::ALL,
        samples: Sample::ALL,
        outcomes: TestOutcome::ALL,
        talk_kinds: TalkKind::ALL,
        max_attachment_mb: state.config.max_attachment_bytes / (1024 * 1024),
    });
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    case_page(&state, &auth, id, Vec::new()).await
}

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
            case_page(state, auth, id, vec![("form", Msg::recorded(message))]).await
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
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    run(&state, &auth, id, &form.version, parse_step(&form)).await
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

/// What an upload's bytes are, by their first bytes (never by name or declared type).
fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// INFO-1 — upload a scanned decision, agreement or notice.
pub async fn upload(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let max = state.config.max_attachment_bytes;
    let mut kind = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let bad = AppError::BadRequest;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad(msg("case-upload-cannot-read")))?
    {
        match field.name() {
            Some("kind") => {
                kind = field
                    .text()
                    .await
                    .map_err(|_| bad(msg("case-attachment-kind-cannot-read")))?
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("附件").to_owned();
                let data = field
                    .bytes()
                    .await
                    .map_err(|_| bad(msg("case-file-too-large-or")))?;
                file = Some((name, data.to_vec()));
            }
            _ => {}
        }
    }
    let (name, data) = file.ok_or_else(|| bad(msg("case-choose-file-upload")))?;
    if data.is_empty() {
        return Err(bad(msg("case-file-empty")));
    }
    if data.len() > max {
        return Err(bad(
            msg("case-file-too-large").arg("max", max / (1024 * 1024))
        ));
    }
    let content_type = sniff(&data).ok_or_else(|| bad(msg("case-only-pdf-jpeg-or")))?;
    let kind = match kind.trim() {
        "decision" | "agreement" | "notice" | "other" => kind.trim().to_owned(),
        _ => "other".to_owned(),
    };
    let file_name: String =
        jiekang_domain::text::clean_text(&name, 1, 120).unwrap_or_else(|_| "附件".to_owned());
    let sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&data))
    };
    let actor = &auth.actor;
    state
        .store
        .add_attachment(
            &actor.scope,
            actor.user_id,
            id,
            &NewAttachment {
                kind,
                file_name,
                content_type: content_type.to_owned(),
                sha256,
                data,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/cases/{id}#attachments")).into_response())
}

/// An attachment's bytes, in scope only, audited; served as a download with the
/// type it was checked to be.
pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let a = state
        .store
        .attachment(&actor.scope, actor.user_id, id)
        .await?;
    let content_type = HeaderValue::from_str(&a.meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    // Named with the extension of the detected type, whatever name it was uploaded with.
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"attachment-{id}.{}\"; filename*=UTF-8''{}",
        crate::download_name::extension(&a.meta.content_type),
        percent_encode(&crate::download_name::download_name(
            &a.meta.file_name,
            &a.meta.content_type
        ))
    ))
    .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        a.data,
    )
        .into_response())
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_recognised_by_content_not_by_name() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(
            percent_encode("决定书 1.pdf"),
            "%E5%86%B3%E5%AE%9A%E4%B9%A6%201.pdf"
        );
    }
}
