//! CASE-7, D6 — the risk-assessment scheme, edited by the administrator: every version
//! (newest first) and the form that saves a new one (prefilled with the newest). A new
//! version never changes past assessments; they keep the version they were made with.

use std::collections::HashMap;

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::risk::{MAX_CLASSES, MAX_ITEMS, RiskClass, RiskItem, RiskLevel, RiskScheme};
use jiekang_store::risk::StoredScheme;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::state::AppState;

/// Blank rows offered under the current items and classes.
const SPARE_ITEMS: usize = 3;
const SPARE_CLASSES: usize = 2;

#[derive(Template)]
#[template(path = "risk_schemes.html")]
struct SchemesPage {
    nav: Nav,
    versions: Vec<StoredScheme>,
    /// The form's rows: what was typed, or the newest version and blank rows.
    form: SchemeForm,
    errors: Vec<Msg>,
    levels: [RiskLevel; 3],
}

/// The form as text, row by row.
#[derive(Debug, Clone, Default)]
struct SchemeForm {
    name: String,
    items: Vec<[String; 3]>,
    classes: Vec<[String; 7]>,
}

impl SchemeForm {
    fn of(s: &RiskScheme) -> Self {
        let mut items: Vec<[String; 3]> = s
            .items
            .iter()
            .map(|i| [i.code.clone(), i.label.clone(), i.max_score.to_string()])
            .collect();
        items.resize(
            (s.items.len() + SPARE_ITEMS).min(MAX_ITEMS),
            Default::default(),
        );
        let mut classes: Vec<[String; 7]> = s
            .classes_by_score()
            .into_iter()
            .map(|c| {
                [
                    c.code.clone(),
                    c.label.clone(),
                    c.level.code().to_owned(),
                    c.min_score.to_string(),
                    c.talk_interval_days.to_string(),
                    c.visit_interval_days.to_string(),
                    c.reassess_days.to_string(),
                ]
            })
            .collect();
        classes.resize(
            (s.classes.len() + SPARE_CLASSES).min(MAX_CLASSES),
            Default::default(),
        );
        Self {
            name: s.name.clone(),
            items,
            classes,
        }
    }

    fn posted(form: &HashMap<String, String>) -> Self {
        let get = |k: String| {
            form.get(&k)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let items = (0..MAX_ITEMS)
            .map(|i| {
                [
                    get(format!("item_code_{i}")),
                    get(format!("item_label_{i}")),
                    get(format!("item_max_{i}")),
                ]
            })
            .collect::<Vec<_>>();
        let classes = (0..MAX_CLASSES)
            .map(|i| {
                [
                    get(format!("class_code_{i}")),
                    get(format!("class_label_{i}")),
                    get(format!("class_level_{i}")),
                    get(format!("class_min_{i}")),
                    get(format!("class_talk_{i}")),
                    get(format!("class_visit_{i}")),
                    get(format!("class_reassess_{i}")),
                ]
            })
            .collect::<Vec<_>>();
        // keep as many rows as were offered (the last filled one and the blanks after it)
        let offered = |n: &str, max: usize| {
            (0..max)
                .filter(|i| form.contains_key(&format!("{n}_code_{i}")))
                .count()
        };
        let mut f = Self {
            name: get("name".to_owned()),
            items,
            classes,
        };
        f.items.truncate(offered("item", MAX_ITEMS).max(1));
        f.classes.truncate(offered("class", MAX_CLASSES).max(2));
        f
    }

    /// The scheme the rows describe (blank rows left out), or why it cannot be read.
    fn scheme(&self) -> Result<RiskScheme, Msg> {
        let number = |v: &str| v.parse::<u32>().map_err(|_| msg("schemes-numbers"));
        let items = self
            .items
            .iter()
            .filter(|r| r.iter().any(|v| !v.is_empty()))
            .map(|r| {
                Ok(RiskItem {
                    code: r[0].clone(),
                    label: r[1].clone(),
                    max_score: number(&r[2])?,
                })
            })
            .collect::<Result<Vec<_>, Msg>>()?;
        let classes = self
            .classes
            .iter()
            .filter(|r| r.iter().any(|v| !v.is_empty()))
            .map(|r| {
                Ok(RiskClass {
                    code: r[0].clone(),
                    label: r[1].clone(),
                    level: RiskLevel::parse(&r[2]).ok_or_else(|| msg("schemes-level"))?,
                    min_score: number(&r[3])?,
                    talk_interval_days: number(&r[4])?,
                    visit_interval_days: number(&r[5])?,
                    reassess_days: number(&r[6])?,
                })
            })
            .collect::<Result<Vec<_>, Msg>>()?;
        Ok(RiskScheme {
            name: self.name.clone(),
            items,
            classes,
        })
    }
}

async fn page(
    state: &AppState,
    auth: &Authenticated,
    form: Option<SchemeForm>,
    errors: Vec<Msg>,
) -> Result<Response, AppError> {
    let versions = state.store.risk_schemes().await?;
    let form = match (form, versions.first()) {
        (Some(f), _) => f,
        (None, Some(v)) => SchemeForm::of(&v.scheme),
        (None, None) => SchemeForm::of(&jiekang_domain::risk::default_scheme()),
    };
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&SchemesPage {
            nav: Nav::for_actor(&auth.actor, "/risk-schemes"),
            versions,
            form,
            errors,
            levels: RiskLevel::ALL,
        }),
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    page(&state, &auth, None, Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = SchemeForm::posted(&posted);
    let scheme = match form.scheme() {
        Ok(s) => s,
        Err(m) => return page(&state, &auth, Some(form), vec![m]).await,
    };
    match state
        .store
        .add_risk_scheme(auth.actor.user_id, &scheme)
        .await
    {
        Ok(_) => Ok(Redirect::to("/risk-schemes").into_response()),
        Err(jiekang_store::StoreError::Refused(r)) => {
            page(
                &state,
                &auth,
                Some(form),
                vec![crate::i18n::refusal::refusal(&r)],
            )
            .await
        }
        Err(jiekang_store::StoreError::Stale) => {
            page(
                &state,
                &auth,
                Some(form),
                vec![msg("schemes-saved-meanwhile")],
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
