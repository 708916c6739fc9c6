//! The case page: its view model (schedule, compliance, the steps open now) and its GET handler.

use super::kept::Kept;
use super::*;
use jiekang_domain::breach::WarningManner;
use jiekang_domain::case::expiry_offered;

impl StepAction {
    /// The id of one of its form's fields (`on-resume`).
    pub fn field_id(&self, field: &str) -> String {
        format!("{field}-{}", self.step.code())
    }
}

/// One step the user may take now, with the fields it needs.
pub struct StepAction {
    pub step: Step,
    /// Its form's name on the page, also its anchor (`step-resume`).
    pub form: String,
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
    /// What was typed into the form a refused post came from.
    kept: Kept,
    test_kinds: [TestKind; 3],
    samples: [Sample; 4],
    outcomes: [TestOutcome; 4],
    talk_kinds: [TalkKind; 3],
    warning_manners: [WarningManner; 2],
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
    /// A timeline sentence in the page's language (a recorded text read back, see
    /// `Msg::recorded`); the agreement entries written before the measure was named
    /// say which agreement (N5).
    fn event_text(&self, e: &jiekang_store::cases::CaseEvent) -> Msg {
        if e.kind == Step::SignAgreement.code() && e.summary == "签订社区戒毒(康复)协议" {
            return msg(match self.file.case.measure {
                Measure::CommunityDetox => "store-tl-agreement-detox",
                Measure::CommunityRehab => "store-tl-agreement-rehab",
            });
        }
        Msg::recorded(e.summary.clone())
    }
    /// The button of a step: a verb that says what it does; "…" when a confirmation
    /// page follows.
    fn step_button(&self, step: &Step) -> Msg {
        msg(step_texts(*step).0)
    }
    /// The date a step asks for, named for that step.
    fn step_date_label(&self, step: &Step) -> Msg {
        msg(step_texts(*step).1)
    }
    fn window_state(&self, index: usize) -> (&'static str, &'static str) {
        use jiekang_domain::compliance::WindowState as W;
        match self.compliance.windows.get(index) {
            Some(w) if w.state == W::Done => ("ok", "case-window-done"),
            // N9: a refusal shows as 拒检, not as 漏检
            Some(w) if w.refused() => ("bad", "case-window-refused"),
            Some(w) if w.state == W::Missed => ("bad", "case-window-missed"),
            Some(w) if w.overdue => ("bad", "common-overdue"),
            Some(w) if w.state == W::Open => ("warn", "case-window-open"),
            _ => ("muted", "case-window-upcoming"),
        }
    }
}

/// A step's button and date label (`case-step-do-…`, `case-step-on-…`).
pub(super) fn step_texts(step: Step) -> (&'static str, &'static str) {
    match step {
        Step::Notify => ("case-step-do-notify", "case-step-on-notify"),
        Step::ReportIn => ("case-step-do-report-in", "case-step-on-report-in"),
        Step::SignAgreement => ("case-step-do-sign-agreement", "case-step-on-sign-agreement"),
        Step::Suspend => ("case-step-do-suspend", "case-step-on-suspend"),
        Step::Resume => ("case-step-do-resume", "case-step-on-resume"),
        Step::Abscond => ("case-step-do-abscond", "case-step-on-abscond"),
        Step::Return => ("case-step-do-return", "case-step-on-return"),
        Step::RequestTransfer => (
            "case-step-do-request-transfer",
            "case-step-on-request-transfer",
        ),
        Step::AcceptTransfer => (
            "case-step-do-accept-transfer",
            "case-step-on-accept-transfer",
        ),
        Step::RefuseTransfer => (
            "case-step-do-refuse-transfer",
            "case-step-on-refuse-transfer",
        ),
        Step::MarkRefused => ("case-step-do-mark-refused", "case-step-on-mark-refused"),
        Step::ReferToPolice => (
            "case-step-do-refer-to-police",
            "case-step-on-refer-to-police",
        ),
        Step::PoliceDeclined => (
            "case-step-do-police-declined",
            "case-step-on-police-declined",
        ),
        Step::DecideIsolation => (
            "case-step-do-decide-isolation",
            "case-step-on-decide-isolation",
        ),
        Step::Terminate => ("case-step-do-terminate", "case-step-on-terminate"),
        Step::Expire => ("case-step-do-expire", "case-step-on-expire"),
    }
}

pub(super) async fn case_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    errors: FieldErrors,
    kept: Kept,
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
            // N12: 期满解除 only once the term has run out
            .filter(|s| *s != Step::Expire || expiry_offered(file.case.term_end, today))
            .map(|step| StepAction {
                step,
                form: super::actions::step_form_name(step.code()),
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
    let status = crate::pages::form_status(&errors);
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
        kept,
        test_kinds: TestKind::ALL,
        samples: Sample::ALL,
        outcomes: TestOutcome::ALL,
        talk_kinds: TalkKind::ALL,
        warning_manners: WarningManner::ALL,
        max_attachment_mb: state.config.max_attachment_bytes / (1024 * 1024),
    });
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    case_page(&state, &auth, id, Vec::new(), Kept::nothing()).await
}
