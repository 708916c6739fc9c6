//! Changing one's own password (forced after an initial or reset password).

use crate::i18n::domain::password_error;
use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::password::{REUSED_MESSAGE, check_password_policy};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::auth::password::{hash_password, reuses_recent, verify_password};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    nav: Nav,
    forced: bool,
    errors: FieldErrors,
}

impl PasswordPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

pub async fn show(Extension(auth): Extension<Authenticated>) -> Response {
    render(&PasswordPage {
        nav: Nav::for_actor(&auth.actor, "/account/password"),
        forced: auth.actor.must_change_password,
        errors: Vec::new(),
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let mut errors: FieldErrors = Vec::new();
    let stored = state
        .store
        .credentials(&actor.username)
        .await?
        .map(|c| c.password_hash);
    if !verify_password(form.current.clone(), stored).await {
        errors.push(("current", msg("account-current-password-wrong")));
    }
    if let Err(e) = check_password_policy(&form.new_password) {
        errors.push(("new_password", password_error(&e)));
    } else if form.new_password == form.current {
        errors.push(("new_password", msg("account-new-password-must-differ")));
    } else if reuses_recent(state.store.as_ref(), actor.user_id, &form.new_password).await? {
        // None of the last five passwords again.
        errors.push(("new_password", Msg::recorded(REUSED_MESSAGE)));
    }
    if form.confirm != form.new_password {
        errors.push(("confirm", msg("account-two-new-passwords-differ")));
    }
    if !errors.is_empty() {
        let page = render(&PasswordPage {
            nav: Nav::for_actor(actor, "/account/password"),
            forced: actor.must_change_password,
            errors,
        });
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = hash_password(form.new_password).await?;
    // Own account: the scope is the user's own unit, which contains the user.
    state
        .store
        .set_password(
            &actor.scope,
            Some(actor.user_id),
            actor.user_id,
            &hash,
            false,
        )
        .await?;
    Ok(Redirect::to("/login").into_response())
}
