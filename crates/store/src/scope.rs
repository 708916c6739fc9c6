//! ORG-3 — the jurisdiction scope of an acting user: their unit's subtree.
//!
//! Units carry a materialised path of ancestor ids (`/1/7/42/`). A record is in
//! scope when its unit path starts with the scope's path; engines express that as
//! the index-friendly range `path >= lower AND path < upper`.

/// The subtree a user may see and change. Only the store builds a scope, from the
/// acting user's unit (or [`Scope::system`] for the operator's command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    unit_id: Option<i64>,
    path: String,
}

impl Scope {
    /// The scope of a user of the unit with this id and materialised path.
    pub fn of_unit(unit_id: i64, path: impl Into<String>) -> Self {
        Self {
            unit_id: Some(unit_id),
            path: path.into(),
        }
    }

    /// Everything: for the operator's command line (`jiekang admin`, `jiekang demo`)
    /// run on the server itself. No web request ever carries this scope.
    pub fn system() -> Self {
        Self {
            unit_id: None,
            path: "/".to_owned(),
        }
    }

    pub fn unit_id(&self) -> Option<i64> {
        self.unit_id
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Inclusive lower bound of the unit paths in scope.
    pub fn lower(&self) -> &str {
        &self.path
    }

    /// Exclusive upper bound: the path with its final `/` replaced by the next
    /// character, `0`. Paths hold only digits and `/`, so every path that starts
    /// with the scope's path sorts in `[lower, upper)` under byte ordering.
    pub fn upper(&self) -> String {
        upper_bound(&self.path)
    }

    /// Whether a unit path lies inside this scope.
    pub fn contains(&self, unit_path: &str) -> bool {
        unit_path.starts_with(&self.path)
    }
}

/// The exclusive upper bound of the unit paths under `path` (see [`Scope::upper`]), for a
/// subtree narrower than the acting user's scope.
pub fn upper_bound(path: &str) -> String {
    let mut upper = path.to_owned();
    upper.pop();
    upper.push('0');
    upper
}

/// The materialised path of a child unit.
pub fn child_path(parent_path: &str, child_id: i64) -> String {
    format!("{parent_path}{child_id}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_bounds_match_prefix_semantics() {
        let s = Scope::of_unit(5, "/1/5/");
        for inside in ["/1/5/", "/1/5/9/", "/1/5/12/300/"] {
            assert!(s.contains(inside));
            assert!(
                inside >= s.lower() && inside < s.upper().as_str(),
                "{inside}"
            );
        }
        for outside in ["/1/50/", "/1/6/", "/1/", "/1/4/9/"] {
            assert!(!s.contains(outside));
            assert!(
                !(outside >= s.lower() && outside < s.upper().as_str()),
                "{outside}"
            );
        }
        let all = Scope::system();
        assert!(all.contains("/1/5/") && "/1/5/" < all.upper().as_str());
    }
}
