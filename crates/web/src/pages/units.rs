//! The unit tree of one's scope, and its maintenance (ORG-1).

use crate::extract::Id;
use crate::i18n::domain::{text_error, unit_code_error};
use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::NaiveDate;
use jiekang_domain::org::UnitCode;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::text::clean_text;
use jiekang_store::model::{NewUnit, Unit};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    nav: Nav,
    units: Vec<Unit>,
    /// The new unit's parent: any unit in use that may have children (`macros/unit.html`).
    parent_picker: crate::unit_picker::UnitPicker,
    can_manage: bool,
    errors: FieldErrors,
    form: CreateUnitForm,
    today: String,
}

impl UnitsPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
    fn indent(&self, unit: &Unit) -> usize {
        let root = self.units.first().map(Unit::depth).unwrap_or(0);
        unit.depth().saturating_sub(root)
    }
}

async fn page(
    state: &AppState,
    auth: &Authenticated,
    errors: FieldErrors,
    form: CreateUnitForm,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let status = super::form_status(&errors);
    let units = state.store.units(&actor.scope).await?;
    let parent_picker =
        crate::unit_picker::in_scope(state, &actor.scope, may_have_children, &form.parent_id)
            .await?;
    let page = render(&UnitsPage {
        nav: Nav::for_actor(actor, "/units"),
        units,
        parent_picker,
        can_manage: permits(actor.role, Action::UnitsManage),
        errors,
        form,
        today: jiekang_domain::clock::beijing_date(chrono::Utc::now()).to_string(),
    });
    Ok((status, page).into_response())
}

/// Units that may receive a child (all but communities).
fn may_have_children(u: &Unit) -> bool {
    u.level.child().is_some()
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    page(&state, &auth, Vec::new(), CreateUnitForm::default()).await
}

#[derive(Deserialize, Default, Clone)]
pub struct CreateUnitForm {
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    valid_from: String,
}

pub fn parse_date(input: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").ok()
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(mut form): Form<CreateUnitForm>,
) -> Result<Response, AppError> {
    let mut errors: FieldErrors = Vec::new();
    // the parent as the picker sent it (code, full path, name or id), as its id
    let picker =
        crate::unit_picker::in_scope(&state, &auth.actor.scope, may_have_children, "").await?;
    let unresolved = picker.resolve_field(&mut form.parent_id).err();
    let parent_id = form.parent_id.trim().parse::<i64>().ok();
    if let Some(why) = unresolved {
        errors.push(("parent_id", why));
    } else if parent_id.is_none() {
        errors.push(("parent_id", msg("units-choose-parent-unit")));
    }
    let code = UnitCode::parse(&form.code)
        .map_err(|e| errors.push(("code", unit_code_error(&e))))
        .ok();
    let name = clean_text(&form.name, 2, 40)
        .map_err(|e| errors.push(("name", text_error(&e, Some(msg("units-unit-name"))))))
        .ok();
    let valid_from = parse_date(&form.valid_from);
    if valid_from.is_none() {
        errors.push(("valid_from", msg("units-enter-date-use-from")));
    }
    let (Some(parent_id), Some(code), Some(name), Some(valid_from), true) =
        (parent_id, code, name, valid_from, errors.is_empty())
    else {
        return page(&state, &auth, errors, form).await;
    };
    match state
        .store
        .create_unit(
            &auth.actor.scope,
            Some(auth.actor.user_id),
            &NewUnit {
                parent_id,
                code,
                name,
                valid_from,
            },
        )
        .await
    {
        Ok(_) => {
            state.units_changed();
            Ok(Redirect::to("/units").into_response())
        }
        Err(jiekang_store::StoreError::Conflict { field, message }) => {
            page(&state, &auth, vec![(field, Msg::recorded(message))], form).await
        }
        Err(jiekang_store::StoreError::NotFound) => {
            page(
                &state,
                &auth,
                vec![("parent_id", msg("units-parent-unit-does-not"))],
                form,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
}

pub async fn rename(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<RenameForm>,
) -> Result<Response, AppError> {
    let name = clean_text(&form.name, 2, 40).map_err(|e| {
        AppError::Invalid(vec![("name", text_error(&e, Some(msg("units-unit-name"))))])
    })?;
    let version = form
        .version
        .parse()
        .map_err(|_| AppError::BadRequest(msg("units-version-missing")))?;
    state
        .store
        .rename_unit(
            &auth.actor.scope,
            Some(auth.actor.user_id),
            id,
            &name,
            version,
        )
        .await?;
    state.units_changed();
    Ok(Redirect::to("/units").into_response())
}

#[derive(Deserialize)]
pub struct RetireForm {
    #[serde(default)]
    valid_to: String,
    #[serde(default)]
    version: String,
}

pub async fn retire(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<RetireForm>,
) -> Result<Response, AppError> {
    let valid_to = parse_date(&form.valid_to).ok_or_else(|| {
        AppError::Invalid(vec![("valid_to", msg("units-enter-retirement-date-yyyy"))])
    })?;
    let version = form
        .version
        .parse()
        .map_err(|_| AppError::BadRequest(msg("units-version-missing")))?;
    state
        .store
        .retire_unit(
            &auth.actor.scope,
            Some(auth.actor.user_id),
            id,
            valid_to,
            version,
        )
        .await?;
    state.units_changed();
    Ok(Redirect::to("/units").into_response())
}
