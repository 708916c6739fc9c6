//! Choosing a unit (ORG-1, CASE-4): the units a form offers, each named by its full
//! path from the district down (东胜区 › 新华街道 › 新华村) and its code, grouped by
//! parent, and what the user chose or typed resolved to one unit on the server.
//!
//! Rendered by `templates/macros/unit.html`: a short list is a `<select>` with one
//! `<optgroup>` per parent (a phone's own picker shows the groups); a long one is a
//! text field with a `<datalist>` of full paths, which every current browser searches
//! as the user types a name, a code or a parent's name, without any script. Both send
//! text the server resolves here: the code, a full path ending in `(code)`, or a name
//! or path that only one unit has. A bare number that is no unit's code is read as the
//! unit's id, as links and API clients written before the picker send it.

use std::collections::HashMap;

use jiekang_domain::org::UnitLevel;
use jiekang_store::model::Unit;

use crate::i18n::{Msg, msg};

/// Up to this many units the picker is a grouped `<select>`; beyond, a searchable list.
pub const SELECT_AT_MOST: usize = 40;

/// Between the names of a path.
const SEPARATOR: &str = " › ";

/// Every unit of the installation by id, to name any unit by its full path.
pub struct UnitTree {
    by_id: HashMap<i64, Unit>,
}

impl UnitTree {
    pub fn new(units: Vec<Unit>) -> Self {
        Self {
            by_id: units.into_iter().map(|u| (u.id, u)).collect(),
        }
    }

    pub fn get(&self, id: i64) -> Option<&Unit> {
        self.by_id.get(&id)
    }

    /// The township (乡镇/街道) a unit is or belongs to: its office runs the measure there.
    pub fn township_of(&self, id: i64) -> Option<&Unit> {
        let mut next = self.by_id.get(&id);
        while let Some(u) = next {
            if u.level == UnitLevel::Township {
                return Some(u);
            }
            next = u.parent_id.and_then(|p| self.by_id.get(&p));
        }
        None
    }

    /// The district (旗区) a unit is or belongs to (BASE-1 counts facilities per district).
    pub fn district_of(&self, id: i64) -> Option<&Unit> {
        let mut next = self.by_id.get(&id);
        while let Some(u) = next {
            if u.level == UnitLevel::District {
                return Some(u);
            }
            next = u.parent_id.and_then(|p| self.by_id.get(&p));
        }
        None
    }

    /// The names from the district (旗区) down to the unit; a city or province alone.
    pub fn path_label(&self, id: i64) -> String {
        let mut names = Vec::new();
        let mut next = self.by_id.get(&id);
        while let Some(u) = next {
            if !matches!(
                u.level,
                UnitLevel::District | UnitLevel::Township | UnitLevel::Community
            ) {
                break;
            }
            names.push(u.name.as_str());
            next = u.parent_id.and_then(|p| self.by_id.get(&p));
        }
        if names.is_empty() {
            return self
                .by_id
                .get(&id)
                .map_or_else(String::new, |u| u.name.clone());
        }
        names.reverse();
        names.join(SEPARATOR)
    }

    /// A picker of the units in use that `offer` keeps, `value` being what the form
    /// sent (shown again, and selected when it names one of them).
    pub fn picker(&self, offer: impl Fn(&Unit) -> bool, value: &str) -> UnitPicker {
        let mut units: Vec<&Unit> = self
            .by_id
            .values()
            .filter(|u| u.valid_to.is_none() && offer(u))
            .collect();
        // by parent (a parent's code sorts before its children's), then by code
        let parent_code = |u: &Unit| {
            u.parent_id
                .and_then(|p| self.by_id.get(&p))
                .map_or_else(String::new, |p| p.code.clone())
        };
        units.sort_by_cached_key(|u| (parent_code(u), u.code.clone()));
        let mut groups: Vec<UnitGroup> = Vec::new();
        for u in units {
            let label = u.parent_id.map_or_else(String::new, |p| self.path_label(p));
            let choice = UnitChoice {
                id: u.id,
                code: u.code.clone(),
                name: u.name.clone(),
                path: self.path_label(u.id),
            };
            match groups.last_mut() {
                Some(g) if g.label == label => g.units.push(choice),
                _ => groups.push(UnitGroup {
                    label,
                    units: vec![choice],
                }),
            }
        }
        UnitPicker {
            groups,
            value: value.trim().to_owned(),
        }
    }
}

/// One unit offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChoice {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The full path, 东胜区 › 新华街道 › 新华村.
    pub path: String,
}

impl UnitChoice {
    /// The text of the searchable list: the full path and the code.
    pub fn text(&self) -> String {
        format!("{}({})", self.path, self.code)
    }
}

/// The units of one parent, labelled by the parent's full path.
#[derive(Debug, Clone)]
pub struct UnitGroup {
    pub label: String,
    pub units: Vec<UnitChoice>,
}

/// The units a form offers and what it sent.
#[derive(Debug, Clone)]
pub struct UnitPicker {
    pub groups: Vec<UnitGroup>,
    pub value: String,
}

impl UnitPicker {
    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.units.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A grouped `<select>` (few units) or a searchable text field (many).
    pub fn as_select(&self) -> bool {
        self.len() <= SELECT_AT_MOST
    }

    pub fn choices(&self) -> impl Iterator<Item = &UnitChoice> {
        self.groups.iter().flat_map(|g| g.units.iter())
    }

    /// Whether the form sent this unit (to select it again).
    pub fn is_chosen(&self, c: &UnitChoice) -> bool {
        matches!(self.resolve(&self.value), Ok(chosen) if chosen.id == c.id)
    }

    /// The text to show in the field again: the chosen unit's full path, or what was
    /// typed.
    pub fn shown_value(&self) -> String {
        match self.resolve(&self.value) {
            Ok(c) => c.text(),
            Err(_) => self.value.clone(),
        }
    }

    /// The unit `text` names among those offered, or why none.
    pub fn resolve(&self, text: &str) -> Result<&UnitChoice, Msg> {
        let text = text.trim();
        if text.is_empty() {
            return Err(msg("case-please-choose"));
        }
        let by_code = |code: &str| self.choices().find(|c| c.code == code);
        if let Some(code) = code_in(text) {
            return by_code(code).ok_or_else(|| unknown(text));
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            // the code, or (links of before) the unit's id
            return by_code(text)
                .or_else(|| {
                    let id: i64 = text.parse().ok()?;
                    self.choices().find(|c| c.id == id)
                })
                .ok_or_else(|| unknown(text));
        }
        let named: Vec<&UnitChoice> = self
            .choices()
            .filter(|c| c.name == text || c.path == text)
            .collect();
        match named.as_slice() {
            [one] => Ok(one),
            [] => Err(unknown(text)),
            many => Err(msg("unit-picker-ambiguous")
                .arg("unit", text.to_owned())
                .arg("count", i64::try_from(many.len()).unwrap_or(i64::MAX))),
        }
    }
}

fn unknown(text: &str) -> Msg {
    msg("unit-picker-unknown").arg("unit", text.to_owned())
}

/// The code in a text that ends with it in parentheses, ASCII or full-width.
fn code_in(text: &str) -> Option<&str> {
    let inner = text.strip_suffix(')').or_else(|| text.strip_suffix(')'))?;
    let open = inner.rfind(['(', '('])?;
    let code = inner[open..].trim_start_matches(['(', '(']).trim();
    (!code.is_empty()).then_some(code)
}

/// The picker of the units of `scope` that `offer` keeps, each named by its full path
/// (every unit is read for the names above the scope), with `value` as the form sent it.
pub async fn in_scope(
    state: &crate::state::AppState,
    scope: &jiekang_store::Scope,
    offer: impl Fn(&Unit) -> bool,
    value: &str,
) -> Result<UnitPicker, crate::error::AppError> {
    let tree = state.unit_tree().await?;
    Ok(tree.picker(|u| scope.contains(&u.path) && offer(u), value))
}

/// A township or a community: a unit that holds persons and carries measures out.
pub fn is_execution_unit(u: &Unit) -> bool {
    matches!(u.level, UnitLevel::Township | UnitLevel::Community)
}

impl UnitPicker {
    /// Replace the text a form sent for a unit with the id of the unit it names (an
    /// empty field stays empty), or say why it names none.
    pub fn resolve_field(&self, field: &mut String) -> Result<(), Msg> {
        if field.trim().is_empty() {
            return Ok(());
        }
        let id = self.resolve(field)?.id;
        *field = id.to_string();
        Ok(())
    }
}

/// A form's parse result with the unit picker's own message for `field` when the unit
/// could not be resolved (in place of the parser's, with the other fields' errors kept).
pub fn with_unit_error<T>(
    parsed: Result<T, crate::error::FieldErrors>,
    field: &'static str,
    unresolved: Option<Msg>,
) -> Result<T, crate::error::FieldErrors> {
    let Some(why) = unresolved else {
        return parsed;
    };
    let mut errors = parsed.err().unwrap_or_default();
    errors.retain(|(f, _)| *f != field);
    errors.push((field, why));
    Err(errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn unit(id: i64, parent: Option<i64>, code: &str, name: &str, level: UnitLevel) -> Unit {
        Unit {
            id,
            parent_id: parent,
            code: code.into(),
            name: name.into(),
            level,
            path: String::new(),
            valid_from: NaiveDate::from_ymd_opt(2014, 11, 5).expect("date"),
            valid_to: None,
            version: 1,
        }
    }

    fn tree() -> UnitTree {
        UnitTree::new(vec![
            unit(1, None, "150600", "鄂尔多斯市", UnitLevel::City),
            unit(2, Some(1), "150602", "东胜区", UnitLevel::District),
            unit(3, Some(2), "150602001", "新华街道", UnitLevel::Township),
            unit(4, Some(3), "150602001001", "新华村", UnitLevel::Community),
            unit(5, Some(2), "150602002", "公园街道", UnitLevel::Township),
            unit(6, Some(5), "150602002001", "新华村", UnitLevel::Community),
        ])
    }

    #[test]
    fn full_paths_start_at_the_district() {
        let t = tree();
        assert_eq!(t.path_label(4), "东胜区 › 新华街道 › 新华村");
        assert_eq!(t.path_label(2), "东胜区");
        assert_eq!(t.path_label(1), "鄂尔多斯市");
    }

    #[test]
    fn groups_follow_the_parents() {
        let p = tree().picker(|_| true, "");
        let labels: Vec<&str> = p.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "",
                "鄂尔多斯市",
                "东胜区",
                "东胜区 › 新华街道",
                "东胜区 › 公园街道"
            ]
        );
    }

    #[test]
    fn a_code_a_full_path_or_a_unique_name_resolves() {
        let p = tree().picker(|u| u.level == UnitLevel::Community, "");
        assert_eq!(p.resolve("150602002001").ok().map(|c| c.id), Some(6));
        assert_eq!(
            p.resolve("东胜区 › 新华街道 › 新华村(150602001001)")
                .ok()
                .map(|c| c.id),
            Some(4)
        );
        assert_eq!(
            p.resolve("东胜区 › 公园街道 › 新华村").ok().map(|c| c.id),
            Some(6)
        );
        // the id, as links of before send it
        assert_eq!(p.resolve("4").ok().map(|c| c.id), Some(4));
        let twice = p.resolve("新华村").expect_err("two 新华村");
        assert_eq!(twice.id(), Some("unit-picker-ambiguous"));
        for bad in ["150699999999", "不存在(1)", "新华街道", "3"] {
            let e = p.resolve(bad).expect_err(bad);
            assert_eq!(e.id(), Some("unit-picker-unknown"), "{bad}");
        }
        assert_eq!(
            p.resolve(" ").expect_err("empty").id(),
            Some("case-please-choose")
        );
    }
}
