//! The catalogues and their use: both languages hold the same ids with the same arguments,
//! every id a template or Rust code names exists, and no template holds Chinese outside the
//! regions marked `{# i18n: chinese … #} … {# /i18n #}` (the brand line, legal documents).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use jiekang_web::i18n::fluent::{EN_FTL, ZH_FTL};
use jiekang_web::i18n::{is_cjk, labels};

/// Every message of an .ftl source and the names of the variables it uses.
fn messages(src: &str) -> BTreeMap<String, BTreeSet<String>> {
    fn pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expression_vars(expression, vars);
            }
        }
    }
    fn inline(e: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, vars);
                }
                for a in &arguments.named {
                    inline(&a.value, vars);
                }
            }
            _ => {}
        }
    }
    fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, vars),
            ast::Expression::Select { selector, variants } => {
                inline(selector, vars);
                for v in variants {
                    pattern(&v.value, vars);
                }
            }
        }
    }
    let resource = fluent_syntax::parser::parse(src).unwrap_or_else(|(_, e)| panic!("{e:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                let value = m.value.as_ref().expect("every message has a value");
                pattern(value, &mut vars);
                assert!(
                    out.insert(m.id.name.to_owned(), vars).is_none(),
                    "defined twice: {}",
                    m.id.name
                );
            }
            ast::Entry::Junk { content } => panic!("not Fluent: {content}"),
            _ => {}
        }
    }
    out
}

/// The text of every message of a language (for the Chinese check).
fn texts(src: &str) -> Vec<(String, String)> {
    src.lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(id, text)| (id.trim().to_owned(), text.to_owned()))
        .collect()
}

#[test]
fn every_id_has_both_languages_with_the_same_arguments() {
    let zh = messages(ZH_FTL);
    let en = messages(EN_FTL);
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zh_ids.difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "ids without English"
    );
    assert_eq!(
        en_ids.difference(&zh_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "ids without Chinese"
    );
    for (id, vars) in &zh {
        assert_eq!(Some(vars), en.get(id), "arguments differ: {id}");
    }
    for (id, text) in texts(EN_FTL) {
        assert!(
            // The authenticator app's entry is named 戒康 Jiekang: a name, kept.
            !text.replace("戒康", "").chars().any(is_cjk),
            "Chinese in the English of {id}: {text}"
        );
    }
    // Domain words are built, not written: ids from codes, never one of the files' ids.
    for (family, code, _, _) in labels::words() {
        let id = labels::label_id(family, code);
        assert!(
            !zh.contains_key(&id),
            "{id} is a domain word and a page string"
        );
    }
}

/// Every id the catalogues know, domain words included.
fn known_ids() -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = messages(ZH_FTL).into_keys().collect();
    ids.extend(
        labels::words()
            .into_iter()
            .map(|(family, code, _, _)| labels::label_id(family, code)),
    );
    ids
}

/// The files of `dir` (recursively) ending in `ext`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let path = e.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The string literals of `src` shaped like message ids of a known page group
/// (`persons-title`) that are not known ids, except message families used with a code
/// (`case-state`), and how many known ids it names. In a template only a literal given to a
/// filter (`"…"|t`) or to `t("…")` counts (the others are element ids and classes); in Rust,
/// comments are skipped.
fn unknown_ids(src: &str, template: bool, known: &BTreeSet<String>) -> (Vec<String>, usize) {
    let groups: BTreeSet<&str> = known.iter().filter_map(|id| id.split('-').next()).collect();
    let code: String = if template {
        src.to_owned()
    } else {
        src.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut unknown = Vec::new();
    let mut found = 0;
    let mut rest = code.as_str();
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let lit = &after[..close];
        let preceding = &rest[..open];
        let next = after[close + 1..].chars().next();
        let id_shaped = lit.contains('-')
            && lit.starts_with(|c: char| c.is_ascii_lowercase())
            && lit
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !lit.ends_with('-')
            && lit.split('-').next().is_some_and(|g| groups.contains(g));
        let called = !template || next == Some('|') || preceding.ends_with("t(");
        if id_shaped && called {
            if known.contains(lit) {
                found += 1;
            } else if !known.iter().any(|id| id.starts_with(&format!("{lit}-"))) {
                unknown.push(lit.to_owned());
            }
        }
        rest = &after[close + 1..];
    }
    (unknown, found)
}

#[test]
fn every_id_named_in_templates_and_rust_exists() {
    let known = known_ids();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    let mut used = 0;
    for path in files(&root.join("templates"), "html")
        .into_iter()
        .chain(files(&root.join("src"), "rs"))
    {
        let src = std::fs::read_to_string(&path).expect("source");
        let template = path.extension().is_some_and(|e| e == "html");
        let (unknown, found) = unknown_ids(&src, template, &known);
        used += found;
        missing.extend(
            unknown
                .into_iter()
                .map(|id| format!("{}: {id}", path.display())),
        );
    }
    assert!(used > 400, "ids found: {used}");
    assert!(
        missing.is_empty(),
        "no such message:\n{}",
        missing.join("\n")
    );
}

/// Chinese left in a template outside the marked regions and comments: `file:line: text`.
fn template_problems(name: &str, src: &str) -> Vec<String> {
    let mut untranslated = Vec::new();
    // Regions that stay Chinese on purpose.
    let mut kept = String::new();
    let mut rest = src;
    while let Some(start) = rest.find("{# i18n: chinese") {
        kept.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("{# /i18n #}")
            .unwrap_or_else(|| panic!("{name}: an i18n: chinese region is not closed"));
        // Keep the line count for the messages.
        kept.extend(after[..end].chars().filter(|c| *c == '\n'));
        rest = &after[end..];
    }
    kept.push_str(rest);
    for (n, line) in kept.lines().enumerate() {
        let mut rest = line.to_owned();
        // Comments are not shown.
        while let (Some(a), Some(b)) = (rest.find("{#"), rest.find("#}")) {
            if b < a {
                break;
            }
            rest.replace_range(a..b + 2, "");
        }
        if rest.chars().any(is_cjk) {
            untranslated.push(format!("{name}:{}: {}", n + 1, line.trim()));
        }
    }
    untranslated
}

#[test]
fn no_template_holds_chinese_outside_the_marked_regions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let files = files(&dir, "html");
    assert!(files.len() > 10, "templates found: {files:?}");
    let mut untranslated = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(&dir)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("template");
        untranslated.extend(template_problems(&name, &src));
    }
    assert!(
        untranslated.is_empty(),
        "Chinese in a template: use a message id (see src/i18n.rs):\n{}",
        untranslated.join("\n")
    );
}

#[test]
fn the_scanners_find_bare_chinese_and_unknown_ids() {
    let u = template_problems(
        "t.html",
        "<h1>{{ \"common-persons\"|t }}</h1>\n<p>裸露的中文</p>\n\
         {# i18n: chinese — kept #}<p>协议正文</p>{# /i18n #}\n{# 注释 #}",
    );
    assert_eq!(u, vec!["t.html:2: <p>裸露的中文</p>".to_owned()]);
    let known = known_ids();
    let (unknown, found) = unknown_ids(
        "{{ \"common-persons\"|t }} {{ \"common-no-such-thing\"|t }} \
         {{ x|label(\"case-state\") }} <p id=\"case-note\" class=\"hidden-print\">",
        true,
        &known,
    );
    assert_eq!(
        (unknown, found),
        (vec!["common-no-such-thing".to_owned()], 1)
    );
    let (unknown, _) = unknown_ids("// \"case-no-such\"\nmsg(\"case-nope\")", false, &known);
    assert_eq!(unknown, vec!["case-nope".to_owned()]);
}

/// The ids of `Refusal::message("…", …)` in `src`.
fn refusal_ids(src: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("Refusal::message(") {
        rest = &rest[at + "Refusal::message(".len()..];
        let lit = rest.trim_start();
        if let Some(body) = lit.strip_prefix('"')
            && let Some(end) = body.find('"')
        {
            ids.push(body[..end].to_owned());
        }
    }
    ids
}

#[test]
fn every_refusal_the_store_names_has_a_message() {
    let known = known_ids();
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut named = 0;
    let mut missing = Vec::new();
    for dir in [
        "store/src",
        "store/engine-sql",
        "store-sqlite/src",
        "store-postgres/src",
    ] {
        for path in files(&crates.join(dir), "rs") {
            let src = std::fs::read_to_string(&path).expect("source");
            for id in refusal_ids(&src) {
                named += 1;
                if !known.contains(&id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
    }
    assert!(named >= 7, "refusals found: {named}");
    assert!(
        missing.is_empty(),
        "no such message:\n{}",
        missing.join("\n")
    );
    assert_eq!(
        refusal_ids(r#"Refusal::message( "store-x", "…") Refusal::message(id, t)"#),
        ["store-x"]
    );
}

/// The fixed Chinese texts of `refused("…")` and `StoreError::refused("…")` in `src`
/// (a text with an id, `refused("store-…", "…")`, is a message the test above checks).
fn refusal_texts(src: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("refused(") {
        rest = &rest[at + "refused(".len()..];
        let lit = rest.trim_start();
        if let Some(body) = lit.strip_prefix('"')
            && let Some(end) = body.find('"')
            && body[end + 1..].trim_start().starts_with(')')
        {
            texts.push(body[..end].to_owned());
        }
    }
    texts
}

/// A fixed refusal text is shown in the page's language through the `store-` message
/// whose Chinese is that text; one without such a message stays Chinese on English pages.
#[test]
fn every_fixed_refusal_text_has_a_message_in_both_languages() {
    let chinese: BTreeSet<String> = texts(ZH_FTL)
        .into_iter()
        .filter(|(id, _)| id.starts_with("store-") || id.starts_with("domain-"))
        .map(|(_, text)| text.trim().to_owned())
        .collect();
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = 0;
    let mut missing = Vec::new();
    for dir in [
        "store/src",
        "store/engine-sql",
        "store-sqlite/src",
        "store-postgres/src",
    ] {
        for path in files(&crates.join(dir), "rs") {
            if path.components().any(|c| c.as_os_str() == "contract") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("source");
            for text in refusal_texts(&src) {
                found += 1;
                // a text that names its cause in English too is for operators, not users
                if !chinese.contains(&text) && !text.contains('(') {
                    missing.push(format!("{}: {text}", path.display()));
                }
            }
        }
    }
    assert!(found >= 20, "refusal texts found: {found}");
    assert!(
        missing.is_empty(),
        "refusal texts without a store- message:\n{}",
        missing.join("\n")
    );
    assert_eq!(
        refusal_texts(r#"refused("甲") StoreError::refused( "乙" ) refused("id", "丙")"#),
        ["甲", "乙"]
    );
}
