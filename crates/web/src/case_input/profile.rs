//! The person's profile form (INFO-1): its wire shape and its parser.

use chrono::NaiveDate;
use serde::Deserialize;

use super::Fields;
use crate::error::FieldErrors;
use crate::i18n::msg;

/// INFO-1 — the person's profile form.
#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProfileForm {
    pub version: String,
    pub former_names: String,
    pub ethnicity: String,
    pub phone: String,
    pub household_address: String,
    pub residence_address: String,
    pub fixed_home: String,
    pub family_contacts: String,
    pub substances: String,
    pub first_use_on: String,
    pub addiction_assessed_on: String,
    pub prior_isolation: String,
}

impl ProfileForm {
    pub fn of(p: &jiekang_store::cases::PersonProfile, version: i64) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            version: version.to_string(),
            former_names: p.former_names.clone(),
            ethnicity: p.ethnicity.clone(),
            phone: p.phone.clone(),
            household_address: p.household_address.clone(),
            residence_address: p.residence_address.clone(),
            fixed_home: if p.fixed_home {
                "yes".into()
            } else {
                String::new()
            },
            family_contacts: p.family_contacts.clone(),
            substances: p.substances.clone(),
            first_use_on: date(p.first_use_on),
            addiction_assessed_on: date(p.addiction_assessed_on),
            prior_isolation: p.prior_isolation.clone(),
        }
    }
}

pub fn parse_profile(
    form: &ProfileForm,
    today: NaiveDate,
) -> Result<(i64, jiekang_store::cases::PersonProfile), FieldErrors> {
    let mut f = Fields::new();
    let version = form.version.trim().parse::<i64>().ok();
    if version.is_none() {
        f.errors
            .push(("version", msg("case-form-has-expired-reload")));
    }
    let phone = form.phone.trim().to_owned();
    if !phone.is_empty()
        && (phone.len() > 20
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '+'))
    {
        f.errors.push(("phone", msg("profile-phone-characters")));
    }
    let past_date = |f: &mut Fields, field: &'static str, value: &str| {
        let d = f.date(field, value, false);
        if d.is_some_and(|d| d > today) {
            f.errors.push((field, msg("profile-date-after-today")));
        }
        d
    };
    let first_use_on = past_date(&mut f, "first_use_on", &form.first_use_on);
    let addiction_assessed_on =
        past_date(&mut f, "addiction_assessed_on", &form.addiction_assessed_on);
    let profile = jiekang_store::cases::PersonProfile {
        former_names: f.short("former_names", &form.former_names, false),
        ethnicity: f.short("ethnicity", &form.ethnicity, false),
        phone,
        household_address: f.short("household_address", &form.household_address, false),
        residence_address: f.short("residence_address", &form.residence_address, false),
        fixed_home: form.fixed_home == "yes",
        family_contacts: f.note("family_contacts", &form.family_contacts),
        substances: f.short("substances", &form.substances, false),
        first_use_on,
        addiction_assessed_on,
        prior_isolation: f.note("prior_isolation", &form.prior_isolation),
    };
    f.finish(version.map(|v| (v, profile)))
}
