//! 账户 · 两步验证 — enrol and remove a TOTP second factor (issue #5 item 4; RFC 6238;
//! GB/T 22239-2019 8.1.4.1 d). Every user may enrol; admin, city supervision and audit
//! must (the guard sends them here until they have).
//!
//! Enrolment keeps no half-done state: the page shows a fresh secret (QR code drawn by
//! the server, and as text for manual entry) and carries it in the form; the secret is
//! stored only once a code computed from it comes back.

use crate::i18n::filters;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::{DateTime, Utc};
use jiekang_domain::second_factor::required_for;
use jiekang_store::model::{Actor, AuditEntry};
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::auth::resolve::ClientAddr;
use crate::auth::totp::{
    CODE_REPLAYED, CODE_WRONG, grouped, matching_step, new_secret, otpauth_url, qr_svg, unix_now,
};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account_totp.html")]
struct TotpPage {
    nav: Nav,
    /// This role must use TOTP (issue #5).
    mandatory: bool,
    enabled_at: Option<DateTime<Utc>>,
    /// For enrolment: the secret, its grouped text and its QR code.
    secret: String,
    secret_text: String,
    qr: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

fn audit(actor: &Actor, action: &str, client: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        user_id: Some(actor.user_id),
        username: actor.username.clone(),
        action: action.to_owned(),
        object_type: "user".to_owned(),
        object_id: Some(actor.user_id),
        person_id: None,
        detail: String::new(),
        client: client.to_owned(),
    }
}

async fn page(
    state: &AppState,
    actor: &Actor,
    secret: Option<String>,
    error: Option<String>,
    notice: Option<&'static str>,
) -> Result<TotpPage, AppError> {
    let enabled_at = state
        .store
        .second_factor(actor.user_id)
        .await?
        .map(|sf| sf.enabled_at);
    let (secret, secret_text, qr) = if enabled_at.is_some() {
        (String::new(), String::new(), String::new())
    } else {
        let secret = secret.unwrap_or_else(new_secret);
        let qr = otpauth_url(&secret, &actor.username)
            .and_then(|url| qr_svg(&url))
            .unwrap_or_default();
        (secret.clone(), grouped(&secret), qr)
    };
    Ok(TotpPage {
        nav: Nav::for_actor(actor, "/account/totp"),
        mandatory: required_for(actor.role),
        enabled_at,
        secret,
        secret_text,
        qr,
        error,
        notice,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    Ok(render(&page(&state, &auth.actor, None, None, None).await?))
}

#[derive(Deserialize)]
pub struct EnableForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

pub async fn enable(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<EnableForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    if state.store.second_factor(actor.user_id).await?.is_some() {
        return Ok(Redirect::to("/account/totp").into_response());
    }
    // Only a secret of the length we issue is accepted back.
    let secret = form.secret.trim().to_owned();
    let usable = secret.len() == 32 && crate::auth::totp::generator(&secret, "x").is_some();
    if !usable {
        return Err(AppError::BadRequest(
            "绑定信息无效,请刷新页面重新扫码".into(),
        ));
    }
    let Some(step) = matching_step(&secret, &form.code, unix_now()) else {
        state
            .store
            .audit(&audit(actor, "totp.enrol_failed", &client))
            .await?;
        let p = page(&state, actor, Some(secret), Some(CODE_WRONG.into()), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
    };
    state
        .store
        .enable_second_factor(actor.user_id, &secret, step, Utc::now())
        .await?;
    state
        .store
        .audit(&audit(actor, "totp.enrolled", &client))
        .await?;
    let p = page(
        &state,
        actor,
        None,
        None,
        Some("两步验证已启用,以后登录时需输入验证码。"),
    )
    .await?;
    Ok(render(&p))
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    code: String,
}

pub async fn disable(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    Form(form): Form<DisableForm>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    if required_for(actor.role) {
        return Err(AppError::Conflict("该角色必须使用两步验证,不能关闭".into()));
    }
    let Some(sf) = state.store.second_factor(actor.user_id).await? else {
        return Ok(Redirect::to("/account/totp").into_response());
    };
    // Removing the factor needs a fresh code, so a session alone cannot do it.
    let step = matching_step(&sf.secret, &form.code, unix_now());
    let fresh = match step {
        Some(step) => {
            state
                .store
                .use_second_factor_step(actor.user_id, step)
                .await?
        }
        None => false,
    };
    if !fresh {
        state
            .store
            .audit(&audit(actor, "totp.failed", &client))
            .await?;
        let msg = if step.is_some() {
            CODE_REPLAYED
        } else {
            CODE_WRONG
        };
        let p = page(&state, actor, None, Some(msg.into()), None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
    }
    state.store.disable_second_factor(actor.user_id).await?;
    state
        .store
        .audit(&audit(actor, "totp.disabled", &client))
        .await?;
    let p = page(&state, actor, None, None, Some("两步验证已关闭。")).await?;
    Ok(render(&p))
}
