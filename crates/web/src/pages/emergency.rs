//! Break the glass: open one person outside one's scope by exact ID
//! number with a written reason. The grant expires, every grant and read is audited,
//! and the grants of a unit's users and persons are listed here for its supervisors.

use crate::i18n::domain::identifier_error;
use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::id_number::{IdType, PersonIdentifier};
use jiekang_store::emergency::{EmergencyGrant, EmergencyRequest, MIN_REASON_CHARS};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct EmergencyForm {
    pub id_type: String,
    pub id_number: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "emergency.html")]
struct EmergencyPage {
    nav: Nav,
    form: EmergencyForm,
    errors: FieldErrors,
    grants: Vec<EmergencyGrant>,
    hours: i64,
    min_reason: usize,
    now: chrono::DateTime<chrono::Utc>,
}

impl EmergencyPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

async fn page(
    state: &AppState,
    auth: &Authenticated,
    form: EmergencyForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let grants = state.store.emergency_grants(&auth.actor.scope, 200).await?;
    let status = super::form_status(&errors);
    let page = render(&EmergencyPage {
        nav: Nav::for_actor(&auth.actor, "/persons"),
        form,
        errors,
        grants,
        hours: state.config.emergency_ttl.num_hours(),
        min_reason: MIN_REASON_CHARS,
        now: chrono::Utc::now(),
    });
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    page(&state, &auth, EmergencyForm::default(), Vec::new()).await
}

pub async fn open(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<EmergencyForm>,
) -> Result<Response, AppError> {
    state.search_allowed(auth.actor.user_id)?;
    let mut errors: FieldErrors = Vec::new();
    let id_type = match form.id_type.trim() {
        "" => IdType::ResidentId,
        code => IdType::parse(code).unwrap_or(IdType::ResidentId),
    };
    let identifier = PersonIdentifier::parse(id_type, &form.id_number, state.today())
        .map_err(|e| errors.push(("id_number", identifier_error(&e))))
        .ok();
    let reason = jiekang_domain::text::clean_note(&form.reason, 500).unwrap_or_default();
    if reason.chars().count() < MIN_REASON_CHARS {
        errors.push((
            "reason",
            msg("emergency-reason-required").arg("min", MIN_REASON_CHARS),
        ));
    }
    let Some(identifier) = identifier.filter(|_| errors.is_empty()) else {
        return page(&state, &auth, form, errors).await;
    };
    let actor = &auth.actor;
    let request = EmergencyRequest {
        user_id: actor.user_id,
        user_path: actor.scope.path().to_owned(),
        id_type: identifier.id_type().code().to_owned(),
        id_number: identifier.number().to_owned(),
        reason,
        now: chrono::Utc::now(),
        ttl: state.config.emergency_ttl,
    };
    match state.store.open_emergency_access(&request).await {
        Ok(person_id) => Ok(Redirect::to(&format!("/persons/{person_id}")).into_response()),
        Err(jiekang_store::StoreError::NotFound) => {
            let errors = vec![("id_number", msg("emergency-no-person-with-id"))];
            page(&state, &auth, form, errors).await
        }
        Err(jiekang_store::StoreError::Refused(message)) => {
            page(
                &state,
                &auth,
                form,
                vec![("id_number", crate::i18n::refusal::refusal(&message))],
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
