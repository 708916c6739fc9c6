//! The case page: its view model (schedule, compliance, the steps open now) and its GET handler.

use super::kept::Kept;
use super::*;
use jiekang_domain::breach::WarningManner;
use jiekang_domain::case::expiry_offered;
use jiekang_store::cases::TransferredCase;

use crate::unit_picker::{UnitPicker, UnitTree};

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
    /// 接收变更执行地 into a township with communities: which one (CASE-4).
    pub needs_community: bool,
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
    /// 申请变更执行地: every township and community but the case's own and its parents.
    transfer_picker: Option<UnitPicker>,
    /// 接收变更执行地: the communities of the receiving unit.
    community_picker: Option<UnitPicker>,
    /// Full paths (东胜区 › 交通街道 › 某社区) of the execution place and of the
    /// receiving unit of a pending transfer.
    unit_path: String,
    transfer_path: Option<String>,
    units: std::sync::Arc<UnitTree>,
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
    /// CASE-7, D6, N6 — the class and the caseload (`case_care.html`).
    care: super::care::CareView,
    /// INFO-2 — the sweep's flags and the quality findings (`case_quality.html`).
    quality: crate::pages::quality::CaseQuality,
}

impl CasePage {
    /// A unit's full path (a hand-over's receiving unit).
    fn path_of(&self, id: &i64) -> String {
        self.units.path_label(*id)
    }
    fn level_status(&self, level: &jiekang_domain::risk::RiskLevel) -> &'static str {
        super::care::level_status(level)
    }
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
        timeline_text(self.file.case.measure, e)
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

/// A timeline sentence in the page's language (a recorded text read back, see
/// `Msg::recorded`); the agreement entries written before the measure was named say
/// which agreement (N5).
fn timeline_text(measure: Measure, e: &jiekang_store::cases::CaseEvent) -> Msg {
    if e.kind == Step::SignAgreement.code() && e.summary == "签订社区戒毒(康复)协议" {
        return msg(match measure {
            Measure::CommunityDetox => "store-tl-agreement-detox",
            Measure::CommunityRehab => "store-tl-agreement-rehab",
        });
    }
    Msg::recorded(e.summary.clone())
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
    // every unit by id, to name the case's units by their full paths (unit names are
    // no secret: any township may be chosen as a transfer's receiver)
    let tree = state.unit_tree().await?;
    let c = &file.case;
    let community_picker = c
        .transfer_to_path
        .as_deref()
        .filter(|_| file.as_receiver)
        .map(|to| {
            tree.picker(
                |u| u.level == UnitLevel::Community && u.path.starts_with(to),
                "",
            )
        })
        .filter(|p| !p.is_empty());
    let steps: Vec<StepAction> = if may_write {
        steps_from(case_state)
            .filter(|s| s.allowed_for(actor.role) && s.is_taken_by_receiver() == file.as_receiver)
            // N12: 期满解除 only once the term has run out
            .filter(|s| *s != Step::Expire || expiry_offered(file.case.term_end, today))
            .map(|step| StepAction {
                step,
                form: super::actions::step_form_name(step.code()),
                needs_target: step == Step::RequestTransfer,
                needs_community: step == Step::AcceptTransfer && community_picker.is_some(),
                needs_service: step == Step::Notify && file.case.served_on.is_none(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let transfer_picker = steps.iter().any(|s| s.needs_target).then(|| {
        // N11: any township or community of the installation may receive the case,
        // but not the case's own unit or one above it.
        tree.picker(
            |u| {
                crate::unit_picker::is_execution_unit(u)
                    && u.id != c.unit_id.get()
                    && !c.unit_path.starts_with(&u.path)
            },
            "",
        )
    });
    // a refused step shows the unit that was typed or chosen again
    let keep_unit = |form: &str, mut picker: UnitPicker| {
        picker.value = kept.value(form, "transfer_to_unit_id", &picker.value);
        picker
    };
    let transfer_picker = transfer_picker.map(|p| keep_unit("step-request_transfer", p));
    let community_picker = community_picker.map(|p| keep_unit("step-accept_transfer", p));
    let unit_path = tree.path_label(c.unit_id.get());
    let transfer_path = c.transfer_to_unit_id.map(|u| tree.path_label(u.get()));
    let exemptions = if case_state == CaseState::Referred {
        isolation_exemptions(
            file.case.person_is_female(),
            file.case.person_birth_date,
            today,
        )
    } else {
        Vec::new()
    };
    let care = super::care::CareView::load(state, auth, &file).await?;
    let quality = crate::pages::quality::CaseQuality::load(state, auth, id).await?;
    let status = crate::pages::form_status(&errors);
    let can_record = may_write && !file.as_receiver && case_state.term_running();
    let page = render(&CasePage {
        nav: Nav::for_actor(actor, "/queues"),
        can_record,
        can_decide_leave: can_record && actor.role == Role::TownshipOffice,
        file,
        compliance,
        steps,
        transfer_picker,
        community_picker,
        unit_path,
        transfer_path,
        units: tree,
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
        care,
        quality,
    });
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    match case_page(&state, &auth, id, Vec::new(), Kept::nothing()).await {
        // CASE-4: the office that transferred the case away keeps its stub
        Err(AppError::NotFound) => transferred_page(&state, &auth, id).await,
        other => other,
    }
}

#[derive(Template)]
#[template(path = "case_transferred.html")]
struct TransferredPage {
    nav: Nav,
    stub: TransferredCase,
    /// Full paths of the unit that ran the case and of the one it went to.
    from_path: String,
    placed_path: String,
}

impl TransferredPage {
    fn event_text(&self, e: &jiekang_store::cases::CaseEvent) -> Msg {
        timeline_text(self.stub.measure, e)
    }
}

/// CASE-4 — what the sending office still sees of a case it transferred: the store
/// decides (a received transfer sent from the user's scope) and audits the read;
/// anyone else gets the same 404 as for a missing case.
async fn transferred_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let stub = state
        .store
        .transferred_case(&actor.scope, actor.user_id, id)
        .await?;
    let tree = state.unit_tree().await?;
    Ok(render(&TransferredPage {
        nav: Nav::for_actor(actor, "/queues"),
        from_path: tree.path_label(stub.from_unit_id.get()),
        placed_path: tree.path_label(stub.placed_unit_id.get()),
        stub,
    })
    .into_response())
}
