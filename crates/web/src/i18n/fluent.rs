//! The two catalogues as Fluent bundles: `locales/<lang>/main.ftl` (embedded in the
//! binary) plus the domain words built from the domain's own `label_zh()`/`label_en()`
//! ([`super::labels`]). Built once, shared by every request (the `concurrent` bundle is
//! `Send + Sync`, so a tokio worker on any thread may format with it).

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

use super::Lang;

/// The Chinese catalogue (the source language).
pub const ZH_FTL: &str = include_str!("../../locales/zh-CN/main.ftl");
/// The English catalogue.
pub const EN_FTL: &str = include_str!("../../locales/en/main.ftl");

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.html_lang().parse().expect("language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the pages are HTML, the values are
    // dates, numbers and names.
    bundle.set_use_isolating(false);
    let main = match lang {
        Lang::Zh => ZH_FTL,
        Lang::En => EN_FTL,
    };
    for (name, text) in [
        ("main.ftl", main.to_owned()),
        ("labels", super::labels::ftl(lang)),
    ] {
        let resource = FluentResource::try_new(text)
            .unwrap_or_else(|(_, e)| panic!("{} {name} does not parse: {e:?}", lang.code()));
        // An id defined twice (say a domain label and a page string) is refused here: one
        // id, one meaning.
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("{} {name}: ids defined twice: {e:?}", lang.code()));
    }
    bundle
}

static ZH: LazyLock<Bundle> = LazyLock::new(|| build(Lang::Zh));
static EN: LazyLock<Bundle> = LazyLock::new(|| build(Lang::En));

fn bundle(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Whether `id` is a message of `lang`'s catalogue.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The message `id` in `lang` with `args`. A missing id renders as the id itself (and is
/// logged), so nothing ever renders empty; the tests make sure no used id is missing.
pub fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, lang = lang.code(), "no such message");
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "message formatted with errors");
    }
    text.into_owned()
}

/// Texts the store and the domain hand over already written (in Chinese) whose catalogue
/// ids start with `store-` or `domain-`: Chinese text → id, for [`super::Msg::recorded`].
static RECORDED: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    entries(ZH_FTL)
        .filter(|(id, _)| id.starts_with("store-") || id.starts_with("domain-"))
        .filter(|(_, text)| !text.contains('{'))
        .map(|(id, text)| (text, id))
        .collect()
});

/// The id of a text the store or the domain wrote, when the catalogue has it.
pub fn recorded_id(zh: &str) -> Option<&'static str> {
    RECORDED.get(zh).copied()
}

/// The one-line `id = text` entries of an .ftl source (what the catalogues are made of).
pub fn entries(src: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    src.lines().filter_map(|l| {
        let (id, text) = l.split_once(" = ")?;
        let id = id.trim_end();
        let plain = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (plain && !id.is_empty() && !l.starts_with(' ')).then_some((id, text.trim()))
    })
}
