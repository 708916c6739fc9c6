//! The person registry pages: list, registration, archive (INFO-1, minimal form). Lists
//! and exports show the masked ID number with the age, never the birth date (N18).

use crate::extract::Id;
use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jiekang_domain::id_number::IdType;
use jiekang_domain::permission::{Action, permits};
use jiekang_store::cases::{ArchiveAccess, PersonId};
use jiekang_store::model::{PageRequest, Person, PersonFilter, PersonListItem};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::input::{PersonInput, parse_person};
use crate::state::AppState;
use crate::unit_picker::{self, UnitPicker};

/// The list's filters, kept in the URL so a link can be shared.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct PersonQuery {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub after: String,
}

impl PersonQuery {
    pub fn filter(&self) -> PersonFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        PersonFilter {
            name_prefix: text(&self.name),
            id_number: text(&self.id_number).map(|s| s.to_ascii_uppercase()),
            unit_id: self.unit_id.trim().parse().ok(),
        }
    }

    /// The query string of the next page.
    pub fn next_query(&self, after: i64) -> String {
        serde_urlencoded::to_string([
            ("name", self.name.as_str()),
            ("id_number", self.id_number.as_str()),
            ("unit_id", self.unit_id.as_str()),
            ("after", &after.to_string()),
        ])
        .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "persons.html")]
struct PersonsPage {
    nav: Nav,
    persons: Vec<PersonListItem>,
    total: i64,
    next: Option<String>,
    /// The unit filter (`macros/unit.html`).
    unit_picker: UnitPicker,
    query: PersonQuery,
    can_register: bool,
    /// N18: ages (周岁) by person id — shown instead of the birth date, which is the part
    /// of the ID number the mask hides.
    ages: std::collections::HashMap<i64, String>,
}

impl PersonsPage {
    /// The unit filter has no error of its own (an unknown unit is a 400 page).
    fn no_error(&self) -> Option<&Msg> {
        None
    }
    fn age(&self, p: &PersonListItem) -> &str {
        self.ages.get(&p.id).map_or("", String::as_str)
    }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(mut query): Query<PersonQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    // the unit filter as the picker sent it, as the unit's id; text naming no unit of
    // the scope is explained (a number is taken as an id, as links of before carry it)
    let unit_picker = unit_picker::in_scope(&state, &actor.scope, |_| true, &query.unit_id).await?;
    if let Err(why) = unit_picker.resolve_field(&mut query.unit_id)
        && query.unit_id.trim().parse::<i64>().is_err()
    {
        return Err(AppError::BadRequest(why));
    }
    let filter = query.filter();
    if filter.name_prefix.is_some() || filter.id_number.is_some() {
        state.search_allowed(actor.user_id)?;
    }
    let after = query.after.trim().parse().ok();
    // three independent reads, side by side: on a database server each is a round trip
    let (page, total) = tokio::try_join!(
        state
            .store
            .persons(&actor.scope, &filter, PageRequest::new(after, 50)),
        state.store.count_persons(&actor.scope),
    )?;
    let next = page.next_after.map(|a| query.next_query(a));
    let ages = page
        .items
        .iter()
        .map(|p| (p.id, state.age_text(p.birth_date)))
        .collect();
    Ok(render(&PersonsPage {
        nav: Nav::for_actor(actor, "/persons"),
        persons: page.items,
        total,
        next,
        unit_picker,
        query,
        can_register: permits(actor.role, Action::PersonsWrite),
        ages,
    }))
}

#[derive(Template)]
#[template(path = "person_new.html")]
struct NewPersonPage {
    nav: Nav,
    /// The unit that holds the person (`macros/unit.html`).
    unit_picker: UnitPicker,
    id_types: Vec<IdType>,
    form: PersonInput,
    errors: FieldErrors,
}

impl NewPersonPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

async fn new_page(
    state: &AppState,
    auth: &Authenticated,
    form: PersonInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status = super::form_status(&errors);
    // Persons are held by a township or a community in use.
    let unit_picker = unit_picker::in_scope(
        state,
        &auth.actor.scope,
        unit_picker::is_execution_unit,
        &form.unit_id,
    )
    .await?;
    let page = render(&NewPersonPage {
        nav: Nav::for_actor(&auth.actor, "/persons"),
        unit_picker,
        id_types: vec![
            IdType::ResidentId,
            IdType::Passport,
            IdType::HkMacaoPermit,
            IdType::TaiwanPermit,
            IdType::ForeignerPermanent,
        ],
        form,
        errors,
    });
    Ok((status, page).into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    new_page(&state, &auth, PersonInput::default(), Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Form(mut form): Form<PersonInput>,
) -> Result<Response, AppError> {
    let today = state.today();
    // the unit as the picker sent it (code, full path, name or id), as its id
    let picker = unit_picker::in_scope(
        &state,
        &auth.actor.scope,
        unit_picker::is_execution_unit,
        "",
    )
    .await?;
    let unresolved = picker.resolve_field(&mut form.unit_id).err();
    let parsed = unit_picker::with_unit_error(parse_person(&form, today), "unit_id", unresolved);
    let new = match parsed {
        Ok(new) => new,
        Err(errors) => return new_page(&state, &auth, form, errors).await,
    };
    // A registration looks an ID number up across the whole system: it counts against
    // the search limit, so it cannot be used to probe numbers in bulk (INFO-1).
    state.search_allowed(auth.actor.user_id)?;
    let cal = jiekang_store::calendar::effective_calendar(state.store.as_ref()).await?;
    match state
        .store
        .register_person(&auth.actor.scope, auth.actor.user_id, &new, &cal, today)
        .await
    {
        Ok(person) => Ok(Redirect::to(&format!("/persons/{}", person.id)).into_response()),
        Err(jiekang_store::StoreError::Conflict { field, message }) => {
            let field = if field == "unit" { "unit_id" } else { field };
            new_page(&state, &auth, form, vec![(field, Msg::recorded(message))]).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    nav: Nav,
    person: Person,
    /// The message id of the document's name (`id-type-resident-id`).
    id_type_label: String,
    cases: Vec<jiekang_store::cases::CaseSummary>,
    can_decide: bool,
    profile: jiekang_store::cases::PersonProfile,
    can_edit: bool,
    /// Opened through a break-the-glass grant.
    emergency: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Id(id): Id,
) -> Result<Response, AppError> {
    // One store call reads the archive in one snapshot and records the reading; outside
    // the scope only through an unexpired break-the-glass grant of this user (the
    // identity alone, recorded with the grant).
    let archive = state
        .store
        .open_archive(
            &auth.actor.scope,
            auth.actor.user_id,
            PersonId(id),
            ArchiveAccess::ScopeOrEmergency {
                now: chrono::Utc::now(),
            },
        )
        .await?;
    if archive.emergency_grant.is_some() {
        return Ok(render(&PersonPage {
            nav: Nav::for_actor(&auth.actor, "/persons"),
            person: archive.person,
            id_type_label: "common-id-number".to_owned(),
            cases: Vec::new(),
            can_decide: false,
            profile: jiekang_store::cases::PersonProfile::default(),
            can_edit: false,
            emergency: true,
        }));
    }
    let person = archive.person;
    let id_type_label = IdType::parse(&person.id_type).map_or_else(
        || "person-document-number".to_owned(),
        |t| crate::i18n::labels::label_id("id-type", t.code()),
    );
    let cases = archive.cases;
    // CASE-1: a new order only when no order is open.
    let can_decide =
        permits(auth.actor.role, Action::CasesWrite) && cases.iter().all(|c| c.closed_on.is_some());
    Ok(render(&PersonPage {
        nav: Nav::for_actor(&auth.actor, "/persons"),
        person,
        id_type_label,
        cases,
        can_decide,
        profile: archive.profile,
        can_edit: permits(auth.actor.role, Action::PersonsWrite),
        emergency: false,
    }))
}

/// `GET /persons/export.xlsx`: the filtered list as Excel, masked, audited.
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(query): Query<PersonQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    // An export is a search of the whole list: it counts against the same per-user limit.
    state.search_allowed(actor.user_id)?;
    let filter = query.filter();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state.store.persons(&actor.scope, &filter, page).await?;
        rows.extend(batch.items.into_iter().map(|p| {
            let sex = match p.sex.map(jiekang_domain::id_number::Sex::code) {
                Some("male") => "男",
                Some("female") => "女",
                _ => "",
            };
            vec![
                Cell::from(p.name),
                Cell::from(p.id_number_masked),
                Cell::from(sex),
                // N18: the age, never the birth date (the digits the mask hides)
                Cell::from(state.age(p.birth_date)),
                Cell::from(p.unit_name),
            ]
        }));
        match batch.next_after {
            Some(after) if rows.len() < MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let bytes = workbook(
        "人员名单",
        &Title::now("人员名单", actor),
        &["姓名", "证件号码", "性别", "年龄", "所属单位"],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "person.export",
        "person",
        None,
        format!("{} rows", rows.len()),
    )
    .await?;
    let name = format!(
        "persons-{}.xlsx",
        jiekang_domain::clock::beijing_date(chrono::Utc::now()).format("%Y%m%d")
    );
    Ok(download(&name, bytes))
}

mod profile;
pub use profile::{profile_form, profile_save};
