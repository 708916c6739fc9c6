//! User administration within one's scope (ORG-3).

use crate::extract::Id;
use crate::i18n::domain::{password_error, text_error};
use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::password::{REUSED_MESSAGE, check_password_policy};
use jiekang_domain::permission::{Action, Role, permits};
use jiekang_domain::text::{Username, clean_text};
use jiekang_store::model::{NewUser, PageRequest, User};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::auth::password::{hash_password, reuses_recent};
use crate::auth::session::new_token;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::unit_picker::UnitPicker;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    /// The acting user: their own row offers no 停用.
    self_id: i64,
    users: Vec<User>,
    next_after: Option<i64>,
    /// The new user's unit (`macros/unit.html`).
    unit_picker: UnitPicker,
    roles: Vec<Role>,
    can_manage: bool,
    errors: FieldErrors,
    form: CreateUserForm,
    /// A temporary password to hand over, shown once after a reset.
    issued: Option<(String, String)>,
}

impl UsersPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    #[serde(default)]
    after: Option<String>,
}

struct Extra {
    errors: FieldErrors,
    form: CreateUserForm,
    issued: Option<(String, String)>,
    after: Option<i64>,
}

async fn page(state: &AppState, auth: &Authenticated, extra: Extra) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let status = super::form_status(&extra.errors);
    let users = state
        .store
        .users(&actor.scope, PageRequest::new(extra.after, 100))
        .await?;
    let unit_picker =
        crate::unit_picker::in_scope(state, &actor.scope, |_| true, &extra.form.unit_id).await?;
    let page = render(&UsersPage {
        nav: Nav::for_actor(actor, "/users"),
        self_id: actor.user_id,
        users: users.items,
        next_after: users.next_after,
        unit_picker,
        roles: Role::ALL.to_vec(),
        can_manage: permits(actor.role, Action::UsersManage),
        errors: extra.errors,
        form: extra.form,
        issued: extra.issued,
    });
    Ok((status, page).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<UsersQuery>,
) -> Result<Response, AppError> {
    let after = q.after.and_then(|a| a.parse().ok());
    page(
        &state,
        &auth,
        Extra {
            errors: Vec::new(),
            form: CreateUserForm::default(),
            issued: None,
            after,
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct CreateUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(mut form): Form<CreateUserForm>,
) -> Result<Response, AppError> {
    let mut errors: FieldErrors = Vec::new();
    // the unit as the picker sent it (code, full path, name or id), as its id
    let picker = crate::unit_picker::in_scope(&state, &auth.actor.scope, |_| true, "").await?;
    let unresolved = picker.resolve_field(&mut form.unit_id).err();
    let username = Username::parse(&form.username)
        .map_err(|e| {
            errors.push((
                "username",
                msg("users-username-rule")
                    .arg("error", text_error(&e, Some(msg("common-username")))),
            ))
        })
        .ok();
    let display_name = clean_text(&form.display_name, 1, 40)
        .map_err(|e| errors.push(("display_name", text_error(&e, Some(msg("common-name"))))))
        .ok();
    let unit_id = form.unit_id.trim().parse::<i64>().ok();
    if let Some(why) = unresolved {
        errors.push(("unit_id", why));
    } else if unit_id.is_none() {
        errors.push(("unit_id", msg("common-choose-unit")));
    }
    let role = Role::parse(form.role.trim());
    if role.is_none() {
        errors.push(("role", msg("users-choose-role")));
    }
    if let Err(e) = check_password_policy(&form.password) {
        errors.push(("password", password_error(&e)));
    }
    let (Some(username), Some(display_name), Some(unit_id), Some(role), true) =
        (username, display_name, unit_id, role, errors.is_empty())
    else {
        return page(
            &state,
            &auth,
            Extra {
                errors,
                form,
                issued: None,
                after: None,
            },
        )
        .await;
    };
    let password_hash = hash_password(form.password.clone()).await?;
    let new = NewUser {
        username: username.as_str().to_owned(),
        display_name,
        unit_id,
        role,
        password_hash,
        must_change_password: true,
    };
    match state
        .store
        .create_user(&auth.actor.scope, Some(auth.actor.user_id), &new)
        .await
    {
        Ok(_) => Ok(Redirect::to("/users").into_response()),
        Err(jiekang_store::StoreError::Conflict { field, message }) => {
            let field = if field == "unit" { "unit_id" } else { field };
            page(
                &state,
                &auth,
                Extra {
                    errors: vec![(field, Msg::recorded(message))],
                    form,
                    issued: None,
                    after: None,
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_disabled(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    disabled: bool,
) -> Result<Response, AppError> {
    if id == auth.actor.user_id {
        return Err(AppError::Conflict(msg("users-you-cannot-disable-own")));
    }
    state
        .store
        .set_user_disabled(&auth.actor.scope, Some(auth.actor.user_id), id, disabled)
        .await?;
    Ok(Redirect::to("/users").into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    set_disabled(&state, &auth, id, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    set_disabled(&state, &auth, id, false).await
}

/// A temporary password meeting the policy: random, with every class present.
pub fn temporary_password() -> String {
    format!("Jk-{}a9", &new_token()[..14])
}

pub async fn reset_password(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    let user = state.store.user(&auth.actor.scope, id).await?;
    let mut temp = temporary_password();
    // A reset, too, may not bring back one of the last five passwords.
    // A random temporary password practically never does; draw again if it did.
    for _ in 0..3 {
        if !reuses_recent(state.store.as_ref(), user.id, &temp).await? {
            break;
        }
        temp = temporary_password();
    }
    if reuses_recent(state.store.as_ref(), user.id, &temp).await? {
        return Err(AppError::Conflict(Msg::recorded(REUSED_MESSAGE)));
    }
    let hash = hash_password(temp.clone()).await?;
    state
        .store
        .set_password(&auth.actor.scope, Some(auth.actor.user_id), id, &hash, true)
        .await?;
    page(
        &state,
        &auth,
        Extra {
            errors: Vec::new(),
            form: CreateUserForm::default(),
            issued: Some((user.username, temp)),
            after: None,
        },
    )
    .await
}

/// Remove a user's TOTP (a lost phone). The user enrols again at the
/// next login if the role requires it. The store checks the scope (else not found) and
/// audits the reset in the same transaction.
pub async fn reset_totp(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    state
        .store
        .reset_second_factor(&auth.actor.scope, Some(auth.actor.user_id), id)
        .await?;
    Ok(Redirect::to("/users").into_response())
}

// ---- A confirmation page before 停用, 重置密码, 重置两步验证. ----

#[derive(Template)]
#[template(path = "user_confirm.html")]
struct ConfirmPage {
    nav: Nav,
    user: User,
    /// The POST route under `/users/{id}/`: disable, reset-password, reset-totp.
    action: &'static str,
    title: &'static str,
    warning: &'static str,
    button: &'static str,
}

#[derive(Deserialize)]
pub struct ConfirmQuery {
    #[serde(default)]
    action: String,
}

/// `GET /users/{id}/confirm?action=…`: what will happen, to whom, and the one button that
/// does it (the list only links here).
pub async fn confirm(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Query(q): Query<ConfirmQuery>,
) -> Result<Response, AppError> {
    // In scope, or not found.
    let user = state.store.user(&auth.actor.scope, id).await?;
    let (action, title, warning, button) = match q.action.as_str() {
        "disable" => (
            "disable",
            "users-disable-user",
            "users-disabled-user-cannot-log",
            "users-confirm-disable",
        ),
        "reset-password" => (
            "reset-password",
            "users-reset-password",
            "users-temporary-password-generated-all",
            "users-confirm-reset-password",
        ),
        "reset-totp" => (
            "reset-totp",
            "users-reset-two-step-verification",
            "users-user-must-set-up",
            "users-confirm-reset-two-step",
        ),
        _ => return Ok(Redirect::to("/users").into_response()),
    };
    if action == "disable" && user.id == auth.actor.user_id {
        return Err(AppError::Conflict(msg("users-you-cannot-disable-own")));
    }
    Ok(render(&ConfirmPage {
        nav: Nav::for_actor(&auth.actor, "/users"),
        user,
        action,
        title,
        warning,
        button,
    }))
}
