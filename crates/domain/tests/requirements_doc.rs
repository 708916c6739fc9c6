//! `docs/requirements.md` — the project's own requirements document — has a section for
//! every requirement ID the code cites, and stays well-formed. The rules, so that a
//! failure is never a surprise:
//!
//! **Where IDs are looked for.** Below the workspace root: every `*.rs`, `*.html` and
//! `*.sql` file under `crates/`, and every file under `scripts/`. Directories named
//! `target` or starting with `.` are skipped, and so is this file (its tests hold
//! examples of what is *not* an ID). Comments, strings and code alike are read.
//!
//! **What an ID is.** A match must not touch an ASCII letter, digit or `_` on either
//! side, so `0xD1`, `#D1D5DB`, `JIEKANG_TEST-1`, `N123` and `J1a` are not IDs.
//! * A requirement of requirements.md: one of the prefixes in [`PREFIXES`], a hyphen and
//!   a number (`CASE-2`). Any number counts, so a slip such as `CASE-9` fails. A
//!   wildcard such as `WEL-*` names a group, not an ID, and is not read.
//! * A national rule `N1`..`N20`, a decided interpretation `D1`..`D6` or a worked journey
//!   `J1`..`J8`. These short forms count only inside those ranges and without a leading
//!   zero: anything else (`N21`, `D7`, `D01`) is taken for something that is not an ID,
//!   such as a spreadsheet cell.
//! * A standard cited by number: `GB 11643`, `GB/T 2260`, `GB/T 22239` (any `GB` or
//!   `GB/T` number; a year such as `-1999` is not part of the ID).
//!
//! **Ranges** are expanded: `WEL-2..7`, `STAFF-1..3`, `N1–N16`, `D1..D4`,
//! `CASE-1 … CASE-6`. The separator is `..`, `…` or an en dash `–`. The end repeats the
//! prefix (`N1–N16`; spaces allowed around the separator) or is a bare number written
//! without spaces (`WEL-2..7`). An em dash `—` never makes a range: the code writes
//! "N3 — report in within 15 days".
//!
//! **What a section is.** A level-3 heading `### <ID> — <title>` of the document (the ID
//! written as above, its number without a leading zero), with one line
//! `**Status:** done`, `partly` or `not yet` (then anything) before the next heading of
//! level 3 or above. Level-2 headings are the groups and may say anything. The contents
//! at the top list each section once as `- [<ID>](#<anchor>) — <title> · <status>`, with
//! the section's status; every `](#anchor)` link of the document must name a heading
//! (GitHub's anchors: lower case, spaces to `-`, punctuation dropped).
//!
//! The checks: every ID cited where IDs are looked for has a section (the failure names
//! the ID and the first file:line citing it); every level-3 heading is one well-formed ID
//! with a status, and no ID has two sections; every ID the spec defines ([`SPEC_IDS`])
//! has a section, cited or not; the contents match the sections.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// The document, relative to the workspace root.
const DOC: &str = "docs/requirements.md";

/// The prefixes of the IDs of requirements.md.
const PREFIXES: [&str; 17] = [
    "ORG", "STAFF", "FUND", "FAC", "BASE", "CASE", "TEST", "TRACE", "MMT", "JOB", "WEL", "INFO",
    "STAT", "DEMO", "LIAISON", "INSPECT", "DUTY",
];

/// Every ID the spec defines (requirements.md, national-rules.md, journeys.md), written
/// in the notation the scanner reads.
const SPEC_IDS: &str = "ORG-1..3, STAFF-1..4, FUND-1, FAC-1, BASE-1, CASE-1..8, TEST-1, \
    TRACE-1, MMT-1, JOB-1, WEL-1..7, INFO-1..2, STAT-1, DEMO-1, LIAISON-1, INSPECT-1, DUTY-1, \
    N1..N20, D1..D6, J1..J8, GB 11643, GB/T 2260";

/// The statuses a section may have.
const STATUSES: [&str; 3] = ["done", "partly", "not yet"];

/// The largest number of a short ID (`N20`, `D6`, `J8`).
fn short_max(letter: &str) -> u32 {
    match letter {
        "N" => 20,
        "D" => 6,
        "J" => 8,
        _ => 0,
    }
}

/// A candidate ID, with an optional range end; [`ids_in`] checks what the pattern cannot.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    let p = PREFIXES.join("|");
    let pattern = format!(
        r"(?:(?P<p>{p})-|(?P<s>[NDJ]))(?P<a>[0-9]+)(?:(?P<sep>\s*(?:\.\.|…|–)\s*)(?:(?P<p2>{p})-|(?P<s2>[NDJ]))?(?P<b>[0-9]+))?|(?P<gb>GB(?:/T)?) ?(?P<g>[0-9]{{4,5}})(?:-[0-9]{{4}})?"
    );
    Regex::new(&pattern).expect("the ID pattern compiles")
});

/// Whether `c` would make a match part of a longer word.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn free_before(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(is_word)
}

fn free_after(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word)
}

/// The start of the character after the one at `at`.
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// The ID `letter_or_prefix` + `number` as its section is headed, or `None` when a short
/// form is out of range (then it is not an ID).
fn id_of(prefix: Option<&str>, letter: Option<&str>, number: &str) -> Option<String> {
    match (prefix, letter) {
        (Some(p), _) => Some(format!("{p}-{number}")),
        (None, Some(l)) => {
            let n: u32 = number.parse().ok()?;
            (!number.starts_with('0') && (1..=short_max(l)).contains(&n)).then(|| format!("{l}{n}"))
        }
        (None, None) => None,
    }
}

/// The IDs of a range match, or `None` when the match is not a range by the rules.
fn range_ids(c: &Captures<'_>) -> Option<Vec<String>> {
    let (sep, b) = (c.name("sep")?.as_str(), c.name("b")?.as_str());
    let (p, s) = (
        c.name("p").map(|m| m.as_str()),
        c.name("s").map(|m| m.as_str()),
    );
    let (p2, s2) = (
        c.name("p2").map(|m| m.as_str()),
        c.name("s2").map(|m| m.as_str()),
    );
    let repeated = p2.is_some() || s2.is_some();
    if (repeated && (p2 != p || s2 != s)) || (!repeated && sep.trim() != sep) {
        return None;
    }
    let a: u32 = c.name("a")?.as_str().parse().ok()?;
    let end: u32 = b.parse().ok()?;
    if end <= a || end - a > 50 || b.starts_with('0') {
        return None;
    }
    (a..=end)
        .map(|n| id_of(p, s, &n.to_string()))
        .collect::<Option<Vec<_>>>()
}

/// Every ID in `text` with the byte offset of its citation (a range gives each of its
/// IDs the range's offset).
fn ids_in(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = CANDIDATE.captures_at(text, at) {
        let whole = c.get(0).expect("group 0 is the match");
        let start = whole.start();
        if !free_before(text, start) {
            at = next_char(text, start);
            continue;
        }
        if let (Some(gb), Some(g)) = (c.name("gb"), c.name("g")) {
            if free_after(text, whole.end()) {
                out.push((format!("{} {}", gb.as_str(), g.as_str()), start));
                at = whole.end();
            } else {
                at = next_char(text, start);
            }
            continue;
        }
        if let Some(ids) = range_ids(&c).filter(|_| free_after(text, whole.end())) {
            out.extend(ids.into_iter().map(|id| (id, start)));
            at = whole.end();
            continue;
        }
        let a = c.name("a").expect("an ID has a number");
        let prefix = c.name("p").map(|m| m.as_str());
        let letter = c.name("s").map(|m| m.as_str());
        match id_of(prefix, letter, a.as_str()).filter(|_| free_after(text, a.end())) {
            Some(id) => {
                out.push((id, start));
                at = a.end();
            }
            None => at = next_char(text, start),
        }
    }
    out
}

/// The workspace root.
fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The files IDs are looked for in, in a stable order.
fn sources(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    walk(&path, keep, out);
                }
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    // `file!()` is relative to the workspace root for a member of the workspace
    let this_file = root.join(file!());
    let mut out = Vec::new();
    let code = |p: &Path| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("rs" | "html" | "sql")
        ) && p != this_file
    };
    walk(&root.join("crates"), &code, &mut out);
    walk(&root.join("scripts"), &|_| true, &mut out);
    out
}

/// Each ID cited in the sources, with its first citation (`path:line`) and how often.
fn cited(root: &Path) -> BTreeMap<String, (String, usize)> {
    let mut out: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for path in sources(root) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let shown = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (id, offset) in ids_in(&text) {
            out.entry(id)
                .and_modify(|(_, n)| *n += 1)
                .or_insert_with(|| {
                    let line = text[..offset].matches('\n').count() + 1;
                    (format!("{shown}:{line}"), 1)
                });
        }
    }
    out
}

/// A section of the document.
#[derive(Debug)]
struct Section {
    line: usize,
    title: String,
    anchor: String,
    statuses: Vec<String>,
}

/// The document's ID sections by ID, every heading's anchor, and what is malformed.
struct Doc {
    sections: BTreeMap<String, Section>,
    anchors: BTreeSet<String>,
    problems: Vec<String>,
    text: String,
}

/// GitHub's anchor of a heading: lower case, each space a `-`, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn read_doc(root: &Path) -> Doc {
    let text = std::fs::read_to_string(root.join(DOC))
        .unwrap_or_else(|e| panic!("{DOC} cannot be read: {e}"));
    let mut doc = Doc {
        sections: BTreeMap::new(),
        anchors: BTreeSet::new(),
        problems: Vec::new(),
        text: String::new(),
    };
    let mut current: Option<String> = None;
    let mut in_code = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let level = line.chars().take_while(|&c| c == '#').count();
        if level > 0 && line[level..].starts_with(' ') {
            let heading = line[level..].trim();
            doc.anchors.insert(anchor(heading));
            if level <= 3 {
                current = None;
            }
            if level != 3 {
                continue;
            }
            let Some((id, title)) = heading.split_once(" — ") else {
                doc.problems
                    .push(format!("{DOC}:{n}: `{line}` is not `### <ID> — <title>`"));
                continue;
            };
            let found = ids_in(id);
            let leading_zero = id.split_once('-').is_some_and(|(_, n)| n.starts_with('0'));
            if found.len() != 1 || found[0].0 != id || leading_zero {
                doc.problems.push(format!(
                    "{DOC}:{n}: `{id}` is not one requirement ID (see the rules of this test)"
                ));
                continue;
            }
            if let Some(first) = doc.sections.get(id) {
                doc.problems.push(format!(
                    "{DOC}:{n}: a second section for {id} (the first is at line {})",
                    first.line
                ));
                continue;
            }
            doc.sections.insert(
                id.to_owned(),
                Section {
                    line: n,
                    title: title.to_owned(),
                    anchor: anchor(heading),
                    statuses: Vec::new(),
                },
            );
            current = Some(id.to_owned());
        } else if let (Some(id), Some(rest)) = (&current, line.strip_prefix("**Status:**")) {
            let rest = rest.trim_start();
            let status = STATUSES
                .iter()
                .find(|s| rest.starts_with(**s))
                .map_or_else(|| format!("unknown: {rest}"), |s| (*s).to_owned());
            if let Some(section) = doc.sections.get_mut(id) {
                section.statuses.push(status);
            }
        }
    }
    for (id, s) in &doc.sections {
        match s.statuses.as_slice() {
            [one] if STATUSES.contains(&one.as_str()) => {}
            [] => doc.problems.push(format!(
                "{DOC}:{}: section {id} has no line `**Status:** done|partly|not yet`",
                s.line
            )),
            more => doc.problems.push(format!(
                "{DOC}:{}: section {id} needs exactly one status among {STATUSES:?}, has {more:?}",
                s.line
            )),
        }
    }
    doc.text = text;
    doc
}

#[test]
fn every_id_cited_in_the_code_has_a_section() {
    let root = root();
    let doc = read_doc(&root);
    let cited = cited(&root);
    assert!(
        cited.len() > 40,
        "the scan found only {} IDs: is the workspace root {} right?",
        cited.len(),
        root.display()
    );
    let missing: Vec<String> = cited
        .iter()
        .filter(|(id, _)| !doc.sections.contains_key(*id))
        .map(|(id, (at, n))| format!("  {id} — cited at {at} ({n} citation(s) in all)"))
        .collect();
    assert!(
        missing.is_empty(),
        "{DOC} has no section for these IDs cited in the code:\n{}\n\
         Add a section `### <ID> — <title>` with what the rule is, where it lives, how it is \
         tested and its status, and list it in the contents (rules: the comment at the top of \
         crates/domain/tests/requirements_doc.rs).",
        missing.join("\n")
    );
}

#[test]
fn every_section_heading_is_one_well_formed_id_with_a_status() {
    let doc = read_doc(&root());
    assert!(
        doc.problems.is_empty(),
        "{DOC} is malformed:\n  {}",
        doc.problems.join("\n  ")
    );
}

#[test]
fn every_id_of_the_spec_has_a_section() {
    let doc = read_doc(&root());
    let spec: Vec<String> = ids_in(SPEC_IDS).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        spec.len(),
        36 + 20 + 6 + 8 + 2,
        "the spec's list reads as {spec:?}"
    );
    let missing: Vec<&String> = spec
        .iter()
        .filter(|id| !doc.sections.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{DOC} has no section for these IDs of the spec: {missing:?}"
    );
}

#[test]
fn the_contents_list_every_section_with_its_status_and_links_resolve() {
    let doc = read_doc(&root());
    let entry = Regex::new(
        r"^- \[(?P<id>[^\]]+)\]\(#(?P<anchor>[^)]+)\) — (?P<title>.+) · (?P<status>[a-z ]+)$",
    )
    .expect("the contents pattern compiles");
    let link = Regex::new(r"\]\(#(?P<anchor>[^)\s]+)\)").expect("the link pattern compiles");
    let mut problems = Vec::new();
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in doc.text.lines().enumerate() {
        let n = i + 1;
        for l in link.captures_iter(line) {
            if !doc.anchors.contains(&l["anchor"]) {
                problems.push(format!(
                    "{DOC}:{n}: the link #{} names no heading",
                    &l["anchor"]
                ));
            }
        }
        let Some(e) = entry.captures(line) else {
            continue;
        };
        let id = &e["id"];
        let Some(section) = doc.sections.get(id) else {
            continue;
        };
        *listed.entry(id.to_owned()).or_default() += 1;
        if e["anchor"] != section.anchor || e["title"] != section.title {
            problems.push(format!(
                "{DOC}:{n}: the contents' entry for {id} should read `- [{id}](#{}) — {} · …`",
                section.anchor, section.title
            ));
        }
        if section.statuses.first().map(String::as_str) != Some(&e["status"]) {
            problems.push(format!(
                "{DOC}:{n}: the contents give {id} the status `{}`, its section (line {}) {:?}",
                &e["status"], section.line, section.statuses
            ));
        }
    }
    for (id, section) in &doc.sections {
        match listed.get(id) {
            Some(1) => {}
            None => problems.push(format!(
                "{DOC}: the contents do not list {id} (section at line {})",
                section.line
            )),
            Some(k) => problems.push(format!("{DOC}: the contents list {id} {k} times")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// --- The scanner itself ---------------------------------------------------------------

fn ids(text: &str) -> Vec<String> {
    ids_in(text).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn the_scanner_reads_ids_ranges_and_standards() {
    assert_eq!(
        ids("CASE-2, N9; D4 (TEST-1)"),
        ["CASE-2", "N9", "D4", "TEST-1"]
    );
    assert_eq!(ids("-- N2: the residence"), ["N2"]);
    assert_eq!(
        ids("见 D5。D2's calendar; J1 → J7"),
        ["D5", "D2", "J1", "J7"]
    );
    assert_eq!(ids("见D5"), ["D5"], "Chinese text is not part of a word");
    assert_eq!(ids("STAFF-1..3"), ["STAFF-1", "STAFF-2", "STAFF-3"]);
    assert_eq!(ids("WEL-2..7").len(), 6);
    assert_eq!(ids("N1–N3"), ["N1", "N2", "N3"]);
    assert_eq!(ids("CASE-1 … CASE-3"), ["CASE-1", "CASE-2", "CASE-3"]);
    assert_eq!(ids("D1..D3, J1–J2"), ["D1", "D2", "D3", "J1", "J2"]);
    assert_eq!(
        ids("GB 11643-1999, GB/T 2260 and GB/T 22239-2019 8.1.4.1"),
        ["GB 11643", "GB/T 2260", "GB/T 22239"]
    );
    assert_eq!(
        ids("the CASE-9 slip"),
        ["CASE-9"],
        "any number of a prefix counts"
    );
}

#[test]
fn the_scanner_skips_what_only_looks_like_an_id() {
    for text in [
        "0xD1",
        "#D1D5DB",
        "JIEKANG_TEST-1",
        "N123",
        "J1a",
        "N21",
        "D7",
        "J9",
        "D01",
        "N0",
        "CASE-*",
        "WEL-*",
        "test-1",
        "SUBCASE-1",
        "N+1 queries",
        "GB 123",
    ] {
        assert_eq!(ids(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn the_scanner_keeps_ranges_to_their_rules() {
    // an em dash and a spaced bare number are prose, not a range
    assert_eq!(ids("N3 — 15 days"), ["N3"]);
    assert_eq!(ids("N3 – 15 days"), ["N3"]);
    // different prefixes: two IDs, not a range
    assert_eq!(ids("CASE-2 – TEST-1"), ["CASE-2", "TEST-1"]);
    // a range past the short IDs' end is not a range; its start still counts
    assert_eq!(ids("N19..N22"), ["N19"]);
    // backwards: the start counts, the end is read on its own
    assert_eq!(ids("N5..N3"), ["N5", "N3"]);
    // dates are not ranges of IDs
    assert_eq!(ids("2024-10-08..2024-11-07"), Vec::<String>::new());
}

#[test]
fn anchors_follow_github() {
    assert_eq!(
        anchor("N9 — Serious breach (严重违反协议)"),
        "n9--serious-breach-严重违反协议"
    );
    assert_eq!(
        anchor("GB/T 2260 — Division codes"),
        "gbt-2260--division-codes"
    );
    assert_eq!(anchor("CASE-2 — Hand-over"), "case-2--hand-over");
}
