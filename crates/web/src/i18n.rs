//! The 中文 / English switch. Chinese first: Chinese is the default and the source
//! language; English is the second catalogue, chosen at render time.
//!
//! # How to add a string (read this before adding a page)
//!
//! Every interface text is a message of [Project Fluent](https://projectfluent.org) with a
//! readable kebab-case id, grouped by page (`persons-title`, `case-btn-confirm-receipt`),
//! in two catalogues embedded in the binary:
//! `locales/zh-CN/main.ftl` and `locales/en/main.ftl`.
//!
//! 1. Add the message to **both** files, in the block of its page, with the same id and the
//!    same arguments: `persons-total = 辖区共 { $count } 人` / `persons-total = in scope:
//!    { $count }`. A value is always an argument of one whole message, never a fragment
//!    glued next to a translated word: word order differs between the languages.
//! 2. In a template (the module deriving it does `use crate::i18n::filters;`):
//!
//!    ```text
//!    <h1>{{ "persons-title"|t }}</h1>
//!    <input placeholder="{{ "persons-name-placeholder"|t }}">   attributes the same way
//!    <span>{{ "persons-total"|ta("count", total) }}</span>     ta2 / ta3: more arguments
//!    <td>{{ c.state|label("case-state") }}</td>                a domain word by its code
//!    ```
//!
//!    `base.html` and `nav.html`, shared by every page, call `{{ crate::i18n::t("…") }}`.
//! 3. In Rust, a message shown later (a field error, an [`crate::error::AppError`], a
//!    flash) is a [`Msg`]: `msg("units-parent-required")`, with `.arg("count", n)` for its
//!    arguments; it renders in the language of the page that shows it. [`t`] / [`ta`] give
//!    the text at once.
//! 4. Run the http tests: `tests/http/i18n.rs` fails when an id lacks a language, when the
//!    two languages differ in arguments, when a template or Rust code uses an id that does
//!    not exist, when a template holds Chinese outside the marked regions, and when an
//!    English page shows Chinese interface text.
//!
//! Domain words (states, steps, roles, …) are not in the files: [`labels`] makes their
//! messages from `label_zh()`/`label_en()` in `jiekang-domain`, with ids from their codes
//! (`case-state-executing`, `role-community-police`). Texts that the store or the domain
//! write in Chinese (refusals, validation) are shown through [`Msg::recorded`]: the
//! catalogue's `store-…`/`domain-…` message with the same Chinese gives the English.
//!
//! Printed legal documents (the agreement, notices) stay Chinese in both languages: they
//! are official documents (the page says so in English).
//!
//! # Where the language comes from
//!
//! [`middleware`] (outermost layer of the app) reads the `lang` cookie (`zh` default,
//! `en`) and runs the request inside a tokio task-local [`Ctx`] holding the language and
//! the request's path. The filters, [`t`], `<html lang>` and the header's switch link read
//! it, so no handler has to pass the language around. `GET /lang?to=en&back=/persons`
//! ([`switch`]) sets the cookie and goes back; no JavaScript involved. Outside a request
//! (unit tests) the language is Chinese.

pub mod domain;
pub mod filters;
pub mod fluent;
pub mod labels;
pub mod msg;
mod recorded;
pub mod refusal;

pub use msg::{Arg, Msg, msg};

use std::future::Future;

use axum::extract::{Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::session::{cookie_value, set_cookie};
use crate::state::AppState;

/// The cookie remembering the choice (a year; not a secret, not tied to the session).
pub const COOKIE: &str = "lang";
const COOKIE_MAX_AGE_SECS: i64 = 365 * 24 * 3600;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The cookie and query value: `zh`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `<html lang>` value.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Self {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The switch's own label: each language named in itself.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

/// What a request renders with.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub lang: Lang,
    /// The path and query of the page (where the switch comes back to).
    pub path: String,
}

tokio::task_local! {
    static CTX: Ctx;
}

/// The language of the request being handled (Chinese outside a request).
pub fn lang() -> Lang {
    CTX.try_with(|c| c.lang).unwrap_or_default()
}

/// Run `fut` with `ctx` as the request's language and path (the middleware does this;
/// tests may too).
pub async fn scope<F: Future>(ctx: Ctx, fut: F) -> F::Output {
    CTX.scope(ctx, fut).await
}

/// Run `f` as if the request were for `path` (same language). Error pages use "/": the
/// switch on a 404 goes home, so an error page never repeats the path it was asked for
/// (an out-of-scope record answers exactly like a missing one).
pub fn with_path<R>(path: &str, f: impl FnOnce() -> R) -> R {
    let ctx = Ctx {
        lang: lang(),
        path: path.to_owned(),
    };
    CTX.sync_scope(ctx, f)
}

/// Whether `c` is Chinese text (Han characters, CJK and full-width punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// The message `id` in the request's language.
pub fn t(id: &str) -> String {
    fluent::format(lang(), id, None)
}

/// The message `id` in the request's language with its arguments.
pub fn ta(id: &'static str, args: &[(&'static str, Arg)]) -> String {
    args.iter()
        .fold(msg(id), |m, (name, value)| m.arg(name, value.clone()))
        .to_string()
}

/// The domain word `family-code` in the request's language ("unknown" for a code the
/// catalogue lacks).
pub fn label(family: &str, code: &str) -> String {
    if filters::has_label(family, code) {
        t(&labels::label_id(family, code))
    } else {
        tracing::warn!(family, code, "no such domain word");
        t("common-unknown")
    }
}

/// The switch link of the current page.
pub fn switch_href() -> String {
    let (lang, path) = CTX
        .try_with(|c| (c.lang, c.path.clone()))
        .unwrap_or_default();
    let back: String = serde_urlencoded::to_string([("back", path.as_str())]).unwrap_or_default();
    format!("/lang?to={}&{back}", lang.other().code())
}

/// The layer that puts every request in its language (outermost, so error pages and
/// the guard's refusals are translated too).
pub async fn middleware(req: Request, next: Next) -> Response {
    let lang = cookie_value(req.headers(), COOKIE)
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default();
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned());
    let mut response = scope(Ctx { lang, path }, next.run(req)).await;
    // Caches and the browser must not serve one language's page for the other.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Cookie"));
    response
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// `GET /lang?to=en&back=/path`: remember the language and go back to the page. Only a
/// local path is followed back (no open redirect); anything else goes home.
pub async fn switch(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(q): Query<SwitchQuery>,
) -> Response {
    let back = safe_back(&q.back);
    let Some(lang) = Lang::parse(&q.to) else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    };
    let cookie = set_cookie(
        COOKIE,
        lang.code(),
        state.config.secure_cookies,
        Some(COOKIE_MAX_AGE_SECS),
    );
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// A path on this site to return to: starts with one `/`, no scheme, no backslash, not
/// the switch itself.
pub fn safe_back(back: &str) -> String {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control)
        && !back.starts_with("/lang");
    if local {
        back.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests;
