//! Parsing outside input into typed values, shared by pages and the API, so both
//! refuse the same things with the same messages.

use chrono::NaiveDate;
use jiekang_domain::id_number::{IdType, PersonIdentifier};
use jiekang_domain::text::PersonName;
use jiekang_store::model::NewPerson;
use serde::Deserialize;

use crate::error::FieldErrors;
use crate::i18n::domain::{identifier_error, text_error};
use crate::i18n::msg;

/// The fields of a person registration, as submitted (form or JSON).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonInput {
    #[serde(default)]
    pub name: String,
    /// `resident_id` (default), `passport`, `hk_macao_permit`, `taiwan_permit`, `foreigner_permanent`.
    #[serde(default)]
    pub id_type: String,
    #[serde(default)]
    pub id_number: String,
    /// The unit (township or community) that will hold the person.
    #[serde(default)]
    pub unit_id: String,
}

/// INFO-1 — validate a registration. For a resident ID the sex and birth date are
/// derived from the number (GB 11643); for other documents they stay unknown.
pub fn parse_person(input: &PersonInput, today: NaiveDate) -> Result<NewPerson, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let name = PersonName::parse(&input.name)
        .map_err(|e| errors.push(("name", text_error(&e, Some(msg("common-name"))))))
        .ok();
    let id_type = match input.id_type.trim() {
        "" => Some(IdType::ResidentId),
        code => IdType::parse(code),
    };
    if id_type.is_none() {
        errors.push(("id_type", msg("person-new-choose-document-type")));
    }
    let identifier = id_type.and_then(|t| {
        PersonIdentifier::parse(t, &input.id_number, today)
            .map_err(|e| errors.push(("id_number", identifier_error(&e))))
            .ok()
    });
    let unit_id = input.unit_id.trim().parse::<i64>().ok();
    if unit_id.is_none() {
        errors.push(("unit_id", msg("common-choose-unit")));
    }
    match (name, identifier, unit_id) {
        (Some(name), Some(identifier), Some(unit_id)) if errors.is_empty() => {
            let resident = identifier.id_number();
            Ok(NewPerson {
                unit_id,
                name: name.as_str().to_owned(),
                id_type: identifier.id_type().code().to_owned(),
                id_number: identifier.number().to_owned(),
                sex: resident.map(|n| n.sex()),
                birth_date: resident.map(|n| n.birth_date()),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
    }

    #[test]
    fn a_resident_id_yields_sex_and_birth_date() {
        let input = PersonInput {
            name: "张某".into(),
            id_type: String::new(),
            id_number: "150602199001011238".into(),
            unit_id: "7".into(),
        };
        let p = parse_person(&input, today()).expect("valid");
        assert_eq!(p.sex.map(|s| s.code()), Some("male"));
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(p.id_type, "resident_id");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = PersonInput {
            name: "<script>".into(),
            id_type: "resident_id".into(),
            id_number: "150602199001011239".into(),
            unit_id: "x".into(),
        };
        let errors = parse_person(&input, today()).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "id_number", "unit_id"]);
    }
}
