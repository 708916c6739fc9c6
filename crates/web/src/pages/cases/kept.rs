//! What the user typed into one of the case page's forms, kept when the post is refused:
//! the page comes back with every field as typed, that form open, its messages beside
//! its fields and at its top, and the browser scrolled to it (the form's action carries
//! the form's anchor, so no script is needed).

use std::collections::HashMap;
use std::fmt::Display;

use serde::Serialize;

use crate::error::FieldErrors;
use crate::i18n::Msg;

/// The posted form's name (`test`, `step-resume`, `record-talk` …) and its fields.
#[derive(Debug, Default)]
pub struct Kept {
    form: String,
    values: HashMap<String, String>,
    errors: FieldErrors,
}

impl Kept {
    /// Nothing posted: every form shows its defaults.
    pub fn nothing() -> Self {
        Self::default()
    }

    /// The form `form` posted with `fields` (a form struct of text fields) and refused
    /// with `errors`.
    pub fn posted<T: Serialize>(form: impl Into<String>, fields: &T, errors: &FieldErrors) -> Self {
        let values = match serde_json::to_value(fields) {
            Ok(serde_json::Value::Object(map)) => map
                .into_iter()
                .filter_map(|(name, value)| match value {
                    serde_json::Value::String(s) => Some((name, s)),
                    _ => None,
                })
                .collect(),
            _ => HashMap::new(),
        };
        Self {
            form: form.into(),
            values,
            errors: errors.clone(),
        }
    }

    /// Whether `form` is the one posted (its `<details>` opens).
    pub fn is(&self, form: &str) -> bool {
        !self.form.is_empty() && self.form == form
    }

    /// The value to show in `field` of `form`: as typed when `form` was posted, else
    /// `default`.
    pub fn value(&self, form: &str, field: &str, default: impl Display) -> String {
        match self.values.get(field) {
            Some(v) if self.is(form) => v.clone(),
            _ => default.to_string(),
        }
    }

    /// Whether `option` of the select or checkbox `field` of `form` is chosen: as posted
    /// when `form` was posted, else `default`.
    pub fn chosen(
        &self,
        form: &str,
        field: &str,
        option: &str,
        default: impl std::borrow::Borrow<bool>,
    ) -> bool {
        if self.is(form) {
            self.values.get(field).is_some_and(|v| v == option)
        } else {
            *default.borrow()
        }
    }

    /// The message for `field` of `form`, shown beside it.
    pub fn error(&self, form: &str, field: &str) -> Option<&Msg> {
        if !self.is(form) {
            return None;
        }
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, m)| m)
    }

    /// Every message of `form`, shown at its top (the refusals that name no field
    /// included).
    pub fn messages(&self, form: &str) -> Vec<&Msg> {
        if !self.is(form) {
            return Vec::new();
        }
        self.errors.iter().map(|(_, m)| m).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::msg;

    #[derive(Serialize)]
    struct Form {
        tester_1: String,
        note: String,
        planned: String,
    }

    fn posted() -> Kept {
        let form = Form {
            tester_1: "王五".into(),
            note: "拒绝采样".into(),
            planned: String::new(),
        };
        Kept::posted("test", &form, &vec![("sample", msg("common-date-format"))])
    }

    #[test]
    fn the_posted_form_shows_what_was_typed_and_others_their_defaults() {
        let kept = posted();
        assert!(kept.is("test"));
        assert!(!kept.is("step-resume"));
        assert_eq!(kept.value("test", "tester_1", ""), "王五");
        assert_eq!(kept.value("test", "note", ""), "拒绝采样");
        assert_eq!(kept.value("record-talk", "note", "x"), "x");
        assert_eq!(kept.value("test", "unknown", "2026-12-07"), "2026-12-07");
        assert!(!Kept::nothing().is(""));
    }

    #[test]
    fn an_unticked_box_stays_unticked_and_others_keep_their_default() {
        let kept = posted();
        assert!(!kept.chosen("test", "planned", "yes", true));
        assert!(kept.chosen("record-talk", "planned", "yes", true));
        assert!(!Kept::nothing().chosen("test", "planned", "yes", false));
    }

    #[test]
    fn messages_belong_to_the_posted_form_only() {
        let kept = posted();
        assert!(kept.error("test", "sample").is_some());
        assert!(kept.error("test", "tester_1").is_none());
        assert!(kept.error("record-talk", "sample").is_none());
        assert_eq!(kept.messages("test").len(), 1);
        assert!(kept.messages("step-resume").is_empty());
    }
}
