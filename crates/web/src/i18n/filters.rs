//! The askama filters (`use crate::i18n::filters;` next to a template struct).
//!
//! ```text
//! {{ "persons-title"|t }}                          a message without arguments
//! {{ "persons-total"|ta("count", total) }}         one argument
//! {{ "common-from-to"|ta2("from", r, "to", e) }}    two (ta3: three; |arg(…) adds more)
//! {{ c.state|label("case-state") }}                a domain word by its code
//! {{ e.summary|recorded }}                         a text the store wrote (see Msg::recorded)
//! {{ m }}                                          a Msg built in Rust renders itself
//! {{ e.created_at|beijing }}                       a time, on Beijing's clock (crate::shown_time)
//! {{ a.created_at|beijing_day }}                   the Beijing day of an instant
//! ```

use std::fmt::Display;

use super::msg::{Arg, Msg};
use super::{Lang, fluent, labels, lang};

/// A value a template passes as a message argument.
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

macro_rules! to_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::from(self.clone())
            }
        }
    )*};
}
to_arg!(
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    usize,
    String,
    chrono::NaiveDate,
    Msg
);

impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::from(self)
    }
}

fn dynamic(id: impl Display) -> Msg {
    Msg::dynamic(id.to_string())
}

/// `{{ "id"|t }}`: the message in the request's language.
#[askama::filter_fn]
pub fn t<T: Display>(id: T, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(dynamic(id).to_string())
}

/// `{{ "id"|ta("name", value) }}`: the message with one argument.
#[askama::filter_fn]
pub fn ta<T: Display, A: ToArg>(
    id: T,
    _: &dyn askama::Values,
    name: &'static str,
    value: A,
) -> askama::Result<Msg> {
    Ok(dynamic(id).arg(name, value.to_arg()))
}

/// `{{ "id"|ta2("a", x, "b", y) }}`: the message with two arguments.
#[askama::filter_fn]
pub fn ta2<T: Display, A: ToArg, B: ToArg>(
    id: T,
    _: &dyn askama::Values,
    name_a: &'static str,
    a: A,
    name_b: &'static str,
    b: B,
) -> askama::Result<Msg> {
    Ok(dynamic(id).arg(name_a, a.to_arg()).arg(name_b, b.to_arg()))
}

/// `{{ "id"|ta3("a", x, "b", y, "c", z) }}`: the message with three arguments.
#[askama::filter_fn]
#[allow(clippy::too_many_arguments)]
pub fn ta3<T: Display, A: ToArg, B: ToArg, C: ToArg>(
    id: T,
    _: &dyn askama::Values,
    name_a: &'static str,
    a: A,
    name_b: &'static str,
    b: B,
    name_c: &'static str,
    c: C,
) -> askama::Result<Msg> {
    Ok(dynamic(id)
        .arg(name_a, a.to_arg())
        .arg(name_b, b.to_arg())
        .arg(name_c, c.to_arg()))
}

/// `{{ "id"|ta3(…)|arg("d", w) }}`: one more argument (the `ta` filters give a message that
/// renders itself, so arguments can be added one by one).
#[askama::filter_fn]
pub fn arg<A: ToArg>(
    m: Msg,
    _: &dyn askama::Values,
    name: &'static str,
    value: A,
) -> askama::Result<Msg> {
    Ok(m.arg(name, value.to_arg()))
}

/// `{{ code|label("family") }}`: the domain word `family-code`; "unknown" for a code the
/// catalogue does not have.
#[askama::filter_fn]
pub fn label<T: Display>(code: T, _: &dyn askama::Values, family: &str) -> askama::Result<String> {
    Ok(super::label(family, &code.to_string()))
}

/// `{{ text|recorded }}`: a text the store or the domain wrote in Chinese, in the request's
/// language when the catalogue knows it, as written otherwise.
#[askama::filter_fn]
pub fn recorded<T: Display>(text: T, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(Msg::recorded(text.to_string()).to_string())
}

/// `{{ date|long_date }}`: `2024年10月8日` in Chinese (printed style), `2024-10-08` in English.
#[askama::filter_fn]
pub fn long_date(d: &chrono::NaiveDate, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(match lang() {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    })
}

/// `{{ at|beijing }}`: a time on Beijing's clock, `2026-03-02 00:30` (see
/// [`crate::shown_time`]; templates format no time themselves).
#[askama::filter_fn]
pub fn beijing<T: crate::shown_time::Shown>(
    at: T,
    _: &dyn askama::Values,
) -> askama::Result<String> {
    Ok(crate::shown_time::minutes(&at))
}

/// `{{ at|beijing_day }}`: the day on Beijing's calendar of an instant.
#[askama::filter_fn]
pub fn beijing_day<T: crate::shown_time::Shown>(
    at: T,
    _: &dyn askama::Values,
) -> askama::Result<chrono::NaiveDate> {
    Ok(crate::shown_time::day(&at))
}

/// Whether a domain word exists (for the `label` filter's fallback).
pub(super) fn has_label(family: &str, code: &str) -> bool {
    fluent::has(lang(), &labels::label_id(family, code))
}

/// A field's error, whatever the page keeps it as (`Option<&Msg>`, `Option<&str>`).
pub trait FieldError {
    fn is_error(&self) -> bool;
}
impl<T> FieldError for Option<T> {
    fn is_error(&self) -> bool {
        self.is_some()
    }
}
impl<T: FieldError + ?Sized> FieldError for &T {
    fn is_error(&self) -> bool {
        (**self).is_error()
    }
}

/// `{{ self.error("name")|invalid("name")|safe }}`: the attributes that mark a control
/// invalid and point at its error (see `templates/macros/field.html`).
#[askama::filter_fn]
pub fn invalid<E: FieldError>(
    error: E,
    _: &dyn askama::Values,
    id: &str,
) -> askama::Result<String> {
    Ok(if error.is_error() {
        format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\"")
    } else {
        String::new()
    })
}
