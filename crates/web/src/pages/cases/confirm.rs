//! N10, N12, N13, N14 — the steps that cannot be taken back (终止, 移交公安, 期满解除,
//! 强制隔离戒毒) are confirmed: the case page's form posts here, this page states what
//! the step does, and its button posts the same fields to `/cases/{id}/steps`. Plain
//! forms: no script needed.

use super::actions::step_form_name;
use super::kept::Kept;
use super::view::{case_page, step_texts};
use super::*;

#[derive(Template)]
#[template(path = "case_confirm.html")]
struct ConfirmPage {
    nav: Nav,
    file: CaseFile,
    step: Step,
    form: StepForm,
    /// The message that says what the step does.
    consequence: &'static str,
}

impl ConfirmPage {
    /// The date the step was given, named for that step.
    fn date_label(&self) -> Msg {
        msg(step_texts(self.step).1)
    }
}

/// What the step does, as the page says it (`case-confirm-…`).
fn consequence(step: Step) -> &'static str {
    match step {
        Step::Terminate => "case-confirm-terminate",
        Step::ReferToPolice => "case-confirm-refer-to-police",
        Step::Expire => "case-confirm-expire",
        Step::DecideIsolation => "case-confirm-decide-isolation",
        _ => "case-confirm-other",
    }
}

/// The confirmation page of a step: the form is checked as the step would check it
/// (bad fields go back to the case page); nothing is written here.
pub async fn confirm_step(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    let parsed = parse_version(&form.version).and_then(|_| parse_step(&form));
    let step = match parsed {
        Ok(CaseCommand::Step(input)) => input.step,
        Ok(_) => return Err(AppError::NotFound),
        Err(errors) => {
            let kept = Kept::posted(step_form_name(&form.step), &form, &errors);
            return case_page(&state, &auth, id, errors, kept).await;
        }
    };
    let actor = &auth.actor;
    let file = state
        .store
        .case_file(&actor.scope, actor.user_id, id)
        .await?;
    if file.as_receiver && !step.is_taken_by_receiver() {
        return Err(AppError::NotFound);
    }
    Ok(render(&ConfirmPage {
        nav: Nav::for_actor(actor, "/queues"),
        file,
        step,
        form,
        consequence: consequence(step),
    }))
}
