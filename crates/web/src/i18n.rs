//! The 中文 / English switch (issue #7 item 2). Chinese first: Chinese is the default and
//! the source text; English is a translation looked up at render time.
//!
//! # How to make a string translatable (read this before adding a page)
//!
//! The catalogue is keyed by the **Chinese text itself** (gettext style), so a template
//! keeps its Chinese visible where it is written:
//!
//! ```text
//! <h1>{{ "人员档案"|t }}</h1>                                 → 人员档案 / Persons
//! <input placeholder="{{ "姓名开头"|t }}">                    → attributes the same way
//! <span>{{ "辖区共 {} 人"|tf(total) }}</span>                 → `{}` replaced by the value
//! <td>{{ c.state_label()|t }}</td>                            → dynamic Chinese words too
//! ```
//!
//! 1. In a template, wrap every piece of Chinese text in `{{ "…"|t }}` (or `|tf(arg)` when it
//!    holds one value at `{}`), including `data-label`, `placeholder`, `title`, `aria-label`.
//!    The module that derives the template must `use crate::i18n::filters;` (askama looks for
//!    a `filters` module next to the struct). `base.html` and `nav.html`, which every page
//!    shares, call `{{ crate::i18n::tr("…") }}` instead, so a page module that does not use
//!    the filters itself compiles without that import.
//! 2. Add the pair `("中文", "English")` to [`catalogue::ENTRIES`] (`src/i18n/catalogue.rs`),
//!    in the block of the page it belongs to. The template test (`tests/http/i18n.rs`) fails
//!    when a template has Chinese outside `"…"|t`/`"…"|tf(…)`, or when a wrapped literal
//!    has no entry.
//! 3. Messages built in Rust (`format!` with values) are translated with [`tr`] / [`trf`]
//!    where they are built, or left Chinese: a key without an entry falls back to the
//!    Chinese text, so nothing ever renders empty.
//!
//! Domain words (`label_zh()` of states, steps, roles, …) come into the catalogue from
//! their `label_en()` next to them in `jiekang-domain` (ui.md's Words table), so
//! `{{ x.label_zh()|t }}` needs no entry of its own.
//!
//! Printed legal documents (the agreement, notices) stay Chinese in both languages: they
//! are official documents (the page says so in English).
//!
//! # Where the language comes from
//!
//! [`middleware`] (outermost layer of the app) reads the `lang` cookie (`zh` default,
//! `en`) and runs the request inside a tokio task-local [`Ctx`] holding the language and
//! the request's path. The filters, [`tr`], `<html lang>` and the header's switch link read
//! it, so no handler has to pass the language around. `GET /lang?to=en&back=/persons`
//! ([`switch`]) sets the cookie and goes back; no JavaScript involved. Outside a request
//! (unit tests) the language is Chinese.

pub mod catalogue;

use std::collections::HashMap;
use std::future::Future;
use std::sync::LazyLock;

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

/// Chinese text → English, built once: the static entries plus the domain words.
static TABLE: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut m: HashMap<&'static str, &'static str> = HashMap::new();
    for (zh, en) in catalogue::domain_words() {
        m.insert(zh, en);
    }
    for (zh, en) in catalogue::ENTRIES {
        m.insert(zh, en);
    }
    m
});

/// The English of a Chinese text, if the catalogue has it.
pub fn english(zh: &str) -> Option<&'static str> {
    TABLE.get(zh).copied()
}

/// `zh` in the request's language (the Chinese itself when there is no entry).
pub fn tr(zh: &str) -> String {
    tr_in(lang(), zh)
}

/// `zh` in `lang`.
pub fn tr_in(lang: Lang, zh: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => english(zh).unwrap_or(zh).to_owned(),
    }
}

/// `zh` in the request's language with its `{}` replaced by `arg`.
pub fn trf(zh: &str, arg: impl std::fmt::Display) -> String {
    tr(zh).replacen("{}", &arg.to_string(), 1)
}

/// The askama filters (`use crate::i18n::filters;` next to a template struct).
pub mod filters {
    use std::fmt::Display;

    /// `{{ "中文"|t }}`: the text in the request's language.
    #[askama::filter_fn]
    pub fn t<T: Display>(s: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::tr(&s.to_string()))
    }

    /// `{{ "共 {} 人"|tf(n) }}`: the text in the request's language, `{}` replaced by `arg`.
    #[askama::filter_fn]
    pub fn tf<T: Display, A: Display>(
        s: T,
        _: &dyn askama::Values,
        arg: A,
    ) -> askama::Result<String> {
        Ok(super::trf(&s.to_string(), arg))
    }

    /// `{{ ""|html_lang }}`: the `<html lang>` value.
    #[askama::filter_fn]
    pub fn html_lang<T: Display>(_: T, _: &dyn askama::Values) -> askama::Result<&'static str> {
        Ok(super::lang().html_lang())
    }

    /// `{{ ""|switch_href }}`: the link that switches to the other language and back here.
    #[askama::filter_fn]
    pub fn switch_href<T: Display>(_: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::switch_href())
    }

    /// `{{ ""|switch_label }}`: the other language's name, in itself.
    #[askama::filter_fn]
    pub fn switch_label<T: Display>(_: T, _: &dyn askama::Values) -> askama::Result<&'static str> {
        Ok(super::lang().other().native_name())
    }

    /// `{{ date|long_date }}`: `2024年10月8日` in Chinese (printed style), `2024-10-08` in English.
    #[askama::filter_fn]
    pub fn long_date(d: &chrono::NaiveDate, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(match super::lang() {
            super::Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
            super::Lang::En => d.format("%Y-%m-%d").to_string(),
        })
    }

    /// `{{ ""|switch_lang }}`: the other language's `lang` value (for the link's `lang`).
    #[askama::filter_fn]
    pub fn switch_lang<T: Display>(_: T, _: &dyn askama::Values) -> askama::Result<&'static str> {
        Ok(super::lang().other().html_lang())
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
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_english_falls_back_to_chinese() {
        assert_eq!(tr("人员档案"), "人员档案");
        assert_eq!(tr_in(Lang::En, "人员档案"), "Persons");
        assert_eq!(tr_in(Lang::En, "没有这个词条"), "没有这个词条");
        // Domain words come from label_en().
        assert_eq!(tr_in(Lang::En, "执行中"), "executing");
    }

    #[tokio::test]
    async fn the_request_scope_carries_the_language() {
        let ctx = Ctx {
            lang: Lang::En,
            path: "/persons?name=王".to_owned(),
        };
        let (t, href) = scope(ctx, async { (tr("首页"), switch_href()) }).await;
        assert_eq!(t, "Home");
        assert_eq!(href, "/lang?to=zh&back=%2Fpersons%3Fname%3D%E7%8E%8B");
        assert_eq!(trf_in_en("辖区共 {} 人", 3).await, "in scope: 3");
    }

    async fn trf_in_en(zh: &str, n: i32) -> String {
        let ctx = Ctx {
            lang: Lang::En,
            path: "/".to_owned(),
        };
        scope(ctx, async { trf(zh, n) }).await
    }

    #[test]
    fn only_local_paths_are_followed_back() {
        assert_eq!(safe_back("/persons?x=1"), "/persons?x=1");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "",
            "/lang?to=en",
        ] {
            assert_eq!(safe_back(bad), "/", "{bad}");
        }
    }

    #[test]
    fn every_domain_word_has_english_from_ui_md() {
        for (zh, en) in catalogue::domain_words() {
            assert!(!en.trim().is_empty(), "{zh}");
            assert!(!en.chars().any(catalogue::is_cjk), "{zh}: {en}");
        }
        // ui.md's Words table.
        assert_eq!(
            tr_in(Lang::En, "已通知(待报到)"),
            "notified, awaiting report-in"
        );
        assert_eq!(tr_in(Lang::En, "期满解除"), "expired and released");
        assert_eq!(tr_in(Lang::En, "逃避检测"), "evaded");
        assert_eq!(tr_in(Lang::En, "社区康复"), "community rehabilitation");
    }

    #[test]
    fn every_entry_has_both_languages_and_no_key_twice() {
        let mut seen = std::collections::HashSet::new();
        for (zh, en) in catalogue::ENTRIES {
            assert!(!zh.is_empty() && !en.trim().is_empty(), "{zh}");
            assert!(seen.insert(*zh), "twice in the catalogue: {zh}");
            assert!(
                // The authenticator app's entry is named 戒康 Jiekang: a name, kept.
                !en.replace("戒康", "").chars().any(catalogue::is_cjk),
                "Chinese in the English of {zh}: {en}"
            );
            assert_eq!(
                zh.matches("{}").count(),
                en.matches("{}").count(),
                "placeholders differ: {zh}"
            );
        }
    }
}
