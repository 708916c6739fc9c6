//! [`Msg`]: a message built in Rust (a validation message, an error, a flash) kept as an
//! id with its arguments until it is shown, so it renders in the language of the page that
//! shows it.

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::{FluentArgs, FluentValue};

use super::{Lang, fluent, lang};

/// One argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A value shown as is (a date, a name, a code).
    Text(String),
    /// A number (Fluent may choose a plural form by it).
    Number(i64),
    /// Another message, rendered in the same language (a field's name, say).
    Msg(Box<Msg>),
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i8, i16, i32, i64, u8, u16, u32, u64, usize);

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<chrono::NaiveDate> for Arg {
    fn from(d: chrono::NaiveDate) -> Self {
        Arg::Text(d.to_string())
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Id(Cow<'static, str>),
    /// A text the store or the domain wrote: shown through its `store-`/`domain-` id when
    /// the catalogue has it, as written otherwise.
    Recorded(String),
    /// A text the domain wrote in both languages (a calendar file's problem, which
    /// names the line and the value it could not read).
    Both {
        zh: String,
        en: String,
    },
    /// A recorded text of several clauses (joined by 「;」), each read on its own.
    Clauses(Vec<Msg>),
}

/// What joins the clauses of a recorded text.
const CLAUSE: char = ';';

/// A message: an id of the catalogue and its named arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    body: Body,
    args: Vec<(&'static str, Arg)>,
}

/// The message `id` (no arguments yet).
pub fn msg(id: &'static str) -> Msg {
    Msg {
        body: Body::Id(Cow::Borrowed(id)),
        args: Vec::new(),
    }
}

impl Msg {
    /// A message whose id is computed (`case-state-{code}`).
    pub fn dynamic(id: String) -> Self {
        Msg {
            body: Body::Id(Cow::Owned(id)),
            args: Vec::new(),
        }
    }

    /// A text the store or the domain wrote in Chinese (see [`Body::Recorded`]): the
    /// catalogue's message with that Chinese, or a domain word, or a message with values
    /// read back from it ([`super::recorded`]), clause by clause if need be; else as
    /// written.
    pub fn recorded(text: impl Into<String>) -> Self {
        let text = text.into();
        if let Some(id) = fluent::recorded_id(&text) {
            return msg(id);
        }
        if let Some(id) = super::recorded::WORDS.get(text.as_str()) {
            return Msg::dynamic(id.clone());
        }
        if let Some((id, args)) = super::recorded::read(&text) {
            let mut m = msg(id);
            for (name, value) in args {
                m = m.arg(name, Msg::recorded(value));
            }
            return m;
        }
        if text.contains(CLAUSE) {
            let clauses: Vec<Msg> = text.split(CLAUSE).map(Msg::recorded).collect();
            if clauses.iter().any(|c| !c.is_as_written()) {
                return Msg {
                    body: Body::Clauses(clauses),
                    args: Vec::new(),
                };
            }
        }
        Msg {
            body: Body::Recorded(text),
            args: Vec::new(),
        }
    }

    /// Some of it is a recorded text the catalogue does not know, shown as written (in
    /// Chinese: the page marks it `lang="zh-CN"`).
    pub fn is_as_written(&self) -> bool {
        match &self.body {
            Body::Recorded(_) => true,
            Body::Clauses(c) => c.iter().any(Msg::is_as_written),
            Body::Id(_) | Body::Both { .. } => false,
        }
    }

    /// A text the domain wrote in Chinese and in English; shown in the page's language.
    pub fn both(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Msg {
            body: Body::Both {
                zh: zh.into(),
                en: en.into(),
            },
            args: Vec::new(),
        }
    }

    /// Add the argument `$name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The id (`None` for a recorded text the catalogue does not know).
    pub fn id(&self) -> Option<&str> {
        match &self.body {
            Body::Id(id) => Some(id),
            Body::Recorded(_) | Body::Both { .. } | Body::Clauses(_) => None,
        }
    }

    /// The argument names (for the tests).
    pub fn arg_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.args.iter().map(|(n, _)| *n)
    }

    /// The message in `lang`.
    pub fn render_in(&self, lang: Lang) -> String {
        match &self.body {
            Body::Recorded(text) => text.clone(),
            Body::Both { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            Body::Clauses(clauses) => {
                let parts: Vec<String> = clauses.iter().map(|c| c.render_in(lang)).collect();
                parts.join(match lang {
                    Lang::Zh => ";",
                    Lang::En => "; ",
                })
            }
            Body::Id(id) if self.args.is_empty() => fluent::format(lang, id, None),
            Body::Id(id) => {
                let mut args = FluentArgs::new();
                for (name, value) in &self.args {
                    let v: FluentValue<'static> = match value {
                        Arg::Text(s) => FluentValue::from(s.clone()),
                        Arg::Number(n) => FluentValue::from(*n),
                        Arg::Msg(m) => FluentValue::from(m.render_in(lang)),
                    };
                    args.set(*name, v);
                }
                fluent::format(lang, id, Some(&args))
            }
        }
    }
}

/// The message in the request's language.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_in(lang()))
    }
}

impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}
