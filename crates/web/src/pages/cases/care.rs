//! CASE-7, D6 — the risk class on the case page (current class, what it demands, the
//! assessments, the assessment form); N6 — the responsible worker and police officer
//! (the assignment form and its history). Shown by `case_care.html`, included by the
//! case page; posts go through the same `run` as every other case form.

use std::collections::HashMap;

use jiekang_domain::risk::RiskLevel;
use jiekang_store::cases::NewAssessment;
use jiekang_store::risk::{Assessment, Assignment, Candidate, StoredScheme};

use super::actions::{Origin, run};
use super::*;

/// What the case page shows of the class and the caseload.
pub struct CareView {
    /// The scheme new assessments are made with (the newest version).
    pub scheme: StoredScheme,
    pub assessments: Vec<Assessment>,
    pub assignments: Vec<Assignment>,
    /// The users the township may name (only for the township office).
    pub candidates: Vec<Candidate>,
    pub can_assess: bool,
    pub can_assign: bool,
    /// The ids named now, as the assignment form's selects send them ("" for none).
    pub worker_id: String,
    pub police_id: String,
    /// MMT-1 — the person's (latest) methadone clinic enrolment and last attendance; no
    /// doses (the township's duty needs to know that treatment runs, not its details).
    pub clinic: Option<jiekang_store::clinics::CaseClinic>,
}

impl CareView {
    pub(super) async fn load(
        state: &AppState,
        auth: &Authenticated,
        file: &CaseFile,
    ) -> Result<Self, AppError> {
        let actor = &auth.actor;
        let id = file.case.id.get();
        let store = &state.store;
        let own = !file.as_receiver;
        let can_assess =
            own && permits(actor.role, Action::RiskAssess) && file.case.state.term_running();
        let can_assign = own
            && permits(actor.role, Action::CasesAssign)
            && file.case.closed_on.is_none()
            && !file.case.state.is_closed();
        let (assessments, assignments, clinic) = if own {
            (
                store.risk_assessments(&actor.scope, id).await?,
                store.case_assignments(&actor.scope, id).await?,
                store.case_clinic(&actor.scope, id).await?,
            )
        } else {
            (Vec::new(), Vec::new(), None)
        };
        let candidates = if can_assign {
            store.assignment_candidates(&actor.scope).await?
        } else {
            Vec::new()
        };
        Ok(Self {
            scheme: store.risk_scheme(None).await?,
            assessments,
            assignments,
            candidates,
            can_assess,
            can_assign,
            clinic,
            worker_id: file
                .case
                .care
                .worker_id
                .map(|w| w.to_string())
                .unwrap_or_default(),
            police_id: file
                .case
                .care
                .police_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
        })
    }

    pub fn workers(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.role == Role::CommunityStaff.code())
    }

    pub fn police(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates
            .iter()
            .filter(|c| c.role == Role::CommunityPolice.code())
    }
}

/// The status colour of a level (ui.md: colour and word together).
pub fn level_status(level: &RiskLevel) -> &'static str {
    match level {
        RiskLevel::High => "bad",
        RiskLevel::Medium => "warn",
        RiskLevel::Low => "ok",
    }
}

/// The assessment form: `version`, `scheme_version`, `assessed_on`, `assessor`, `note`
/// and one `score-{item}` per item of the scheme.
pub async fn assess(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let command = parse_assessment(&form);
    let origin = Origin {
        form: "assess".to_owned(),
        fields: &form,
        done_at: "care",
    };
    run(&state, &auth, id, &field("version"), command, origin).await
}

pub(crate) fn parse_assessment(form: &HashMap<String, String>) -> Result<CaseCommand, FieldErrors> {
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut errors: FieldErrors = Vec::new();
    let scheme_version = field("scheme_version").parse::<i64>().ok();
    if scheme_version.is_none() {
        errors.push(("form", msg("care-scheme-missing")));
    }
    let assessed_on = NaiveDate::parse_from_str(&field("assessed_on"), "%Y-%m-%d").ok();
    if assessed_on.is_none() {
        errors.push(("assessed_on", msg("care-date-required")));
    }
    let mut scores = Vec::new();
    let mut names: Vec<&String> = form.keys().filter(|k| k.starts_with("score-")).collect();
    names.sort();
    for name in names {
        let code = name.trim_start_matches("score-").to_owned();
        match field(name).parse::<u32>() {
            Ok(v) => scores.push((code, v)),
            Err(_) => {
                errors.push(("form", msg("care-score-number")));
                break;
            }
        }
    }
    match (scheme_version, assessed_on) {
        (Some(scheme_version), Some(assessed_on)) if errors.is_empty() => {
            Ok(CaseCommand::Assess(NewAssessment {
                scheme_version,
                scores,
                assessed_on,
                assessor: field("assessor"),
                note: field("note"),
            }))
        }
        _ => Err(errors),
    }
}

/// The assignment form: `version`, `worker_id`, `police_id` (empty = none), `on`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct AssignForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub worker_id: String,
    #[serde(default)]
    pub police_id: String,
    #[serde(default)]
    pub on: String,
}

pub(crate) fn parse_assignment(form: &AssignForm) -> Result<CaseCommand, FieldErrors> {
    let user = |v: &str| -> Result<Option<i64>, ()> {
        let v = v.trim();
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse().map(Some).map_err(|_| ())
        }
    };
    let mut errors: FieldErrors = Vec::new();
    let worker_id = user(&form.worker_id).unwrap_or_else(|()| {
        errors.push(("worker_id", msg("care-choose-account")));
        None
    });
    let police_id = user(&form.police_id).unwrap_or_else(|()| {
        errors.push(("police_id", msg("care-choose-account")));
        None
    });
    let on = NaiveDate::parse_from_str(form.on.trim(), "%Y-%m-%d").ok();
    if on.is_none() {
        errors.push(("on", msg("care-date-required")));
    }
    match on {
        Some(on) if errors.is_empty() => Ok(CaseCommand::Assign {
            worker_id,
            police_id,
            on,
        }),
        _ => Err(errors),
    }
}

pub async fn assign(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<AssignForm>,
) -> Result<Response, AppError> {
    let origin = Origin {
        form: "assign".to_owned(),
        fields: &form,
        done_at: "care",
    };
    run(
        &state,
        &auth,
        id,
        &form.version,
        parse_assignment(&form),
        origin,
    )
    .await
}
