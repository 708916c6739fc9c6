//! The person's profile pages (INFO-1 identity and history): the form and its save.

use super::*;

#[derive(Template)]
#[template(path = "person_profile.html")]
struct ProfilePage {
    nav: Nav,
    person_id: i64,
    person_name: String,
    form: crate::case_input::ProfileForm,
    errors: FieldErrors,
}

impl ProfilePage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

async fn profile_page(
    state: &AppState,
    auth: &Authenticated,
    id: i64,
    form: Option<crate::case_input::ProfileForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let person = state.store.person(&actor.scope, actor.user_id, id).await?;
    let form = match form {
        Some(f) => f,
        None => crate::case_input::ProfileForm::of(
            &state.store.person_profile(&actor.scope, id).await?,
            person.version,
        ),
    };
    let status = crate::pages::form_status(&errors);
    let page = render(&ProfilePage {
        nav: Nav::for_actor(actor, "/persons"),
        person_id: person.id,
        person_name: person.name,
        form,
        errors,
    });
    Ok((status, page).into_response())
}

/// `GET /persons/{id}/profile`: INFO-1 identity and history form.
pub async fn profile_form(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    profile_page(&state, &auth, id, None, Vec::new()).await
}

pub async fn profile_save(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
    Form(form): Form<crate::case_input::ProfileForm>,
) -> Result<Response, AppError> {
    let (version, profile) = match crate::case_input::parse_profile(&form, state.today()) {
        Ok(v) => v,
        Err(errors) => return profile_page(&state, &auth, id, Some(form), errors).await,
    };
    let actor = &auth.actor;
    match state
        .store
        .update_person_profile(&actor.scope, actor.user_id, id, version, &profile)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/persons/{id}")).into_response()),
        Err(jiekang_store::StoreError::Stale) => {
            profile_page(
                &state,
                &auth,
                id,
                None,
                vec![("stale", msg("persons-someone-else-changed-record"))],
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
