//! Why the store refused a change, kept structured until it is shown: a fixed text, a
//! message id with its values, or the domain rule's own typed error. Its `Display` is
//! the Chinese the command line and the logs show; the web layer turns each into a
//! message of its catalogue, in the page's language, with the values as arguments.

use std::fmt;

use chrono::NaiveDate;
use jiekang_domain::case::{DateOrderError, IllegalTransition};
use jiekang_domain::org::UnitCodeError;
use jiekang_domain::records::TestRecordError;
use jiekang_domain::term::TermError;

/// A value a refusal names (a date, a unit, a count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalArg {
    Text(String),
    Number(i64),
    Date(NaiveDate),
}

impl fmt::Display for RefusalArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusalArg::Text(t) => f.write_str(t),
            RefusalArg::Number(n) => write!(f, "{n}"),
            RefusalArg::Date(d) => write!(f, "{d}"),
        }
    }
}

impl From<&str> for RefusalArg {
    fn from(s: &str) -> Self {
        RefusalArg::Text(s.to_owned())
    }
}
impl From<String> for RefusalArg {
    fn from(s: String) -> Self {
        RefusalArg::Text(s)
    }
}
impl From<i64> for RefusalArg {
    fn from(n: i64) -> Self {
        RefusalArg::Number(n)
    }
}
impl From<NaiveDate> for RefusalArg {
    fn from(d: NaiveDate) -> Self {
        RefusalArg::Date(d)
    }
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A fixed text (the catalogue's `store-…` message with the same Chinese gives the
    /// other languages).
    Text(String),
    /// The message `id` of the interface catalogue with its arguments; `text` is its
    /// Chinese, for the command line and the logs.
    Message {
        id: &'static str,
        args: Vec<(&'static str, RefusalArg)>,
        text: String,
    },
    /// A step the state machine does not allow from the case's state.
    Transition(IllegalTransition),
    /// A date out of order (N3, N4, N5, N12).
    DateOrder(DateOrderError),
    /// A term that cannot be computed (N2).
    Term(TermError),
    /// A drug test record that breaks N20.
    TestRecord(TestRecordError),
    /// A malformed unit code.
    UnitCode(UnitCodeError),
}

impl Refusal {
    /// The message `id` whose Chinese is `text`; add its values with [`Refusal::arg`].
    pub fn message(id: &'static str, text: impl Into<String>) -> Self {
        Refusal::Message {
            id,
            args: Vec::new(),
            text: text.into(),
        }
    }

    /// Add the argument `$name` (only to a [`Refusal::Message`]).
    pub fn arg(mut self, name: &'static str, value: impl Into<RefusalArg>) -> Self {
        if let Refusal::Message { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// Whether the Chinese text contains `needle` (for the tests' checks).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Text(t) | Refusal::Message { text: t, .. } => f.write_str(t),
            Refusal::Transition(e) => write!(f, "{e}"),
            Refusal::DateOrder(e) => write!(f, "{e}"),
            Refusal::Term(e) => write!(f, "{e}"),
            Refusal::TestRecord(e) => write!(f, "{e}"),
            Refusal::UnitCode(e) => write!(f, "{e}"),
        }
    }
}

impl From<&str> for Refusal {
    fn from(s: &str) -> Self {
        Refusal::Text(s.to_owned())
    }
}
impl From<String> for Refusal {
    fn from(s: String) -> Self {
        Refusal::Text(s)
    }
}
impl From<IllegalTransition> for Refusal {
    fn from(e: IllegalTransition) -> Self {
        Refusal::Transition(e)
    }
}
impl From<DateOrderError> for Refusal {
    fn from(e: DateOrderError) -> Self {
        Refusal::DateOrder(e)
    }
}
impl From<TermError> for Refusal {
    fn from(e: TermError) -> Self {
        Refusal::Term(e)
    }
}
impl From<TestRecordError> for Refusal {
    fn from(e: TestRecordError) -> Self {
        Refusal::TestRecord(e)
    }
}
impl From<UnitCodeError> for Refusal {
    fn from(e: UnitCodeError) -> Self {
        Refusal::UnitCode(e)
    }
}
