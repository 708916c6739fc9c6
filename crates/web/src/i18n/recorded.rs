//! Texts the store and the domain write in Chinese with values in them (the case
//! timeline's sentences, refusals such as "日期 2025-02-01 早于检测日期 2025-03-01"),
//! read back into a message and its arguments, so an English page shows them in English.
//!
//! A catalogue message whose id starts with `store-` or `domain-` and whose Chinese has
//! arguments (`store-tl-leave-returned = 请假返回(原定 { $date })`) is a pattern: its
//! literal pieces must appear in order and the text between them becomes the arguments.
//! Each argument is itself read as a recorded text (a domain word such as 「现场检测」
//! becomes `test-kind-on-site`), or kept as written (dates, names, places: data). A text
//! of several clauses joined by 「;」 is read clause by clause. What no pattern matches
//! stays as written (it is shown marked `lang="zh-CN"`).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::fluent::{ZH_FTL, entries};

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Lit(&'static str),
    Var(&'static str),
}

/// A message whose Chinese has arguments, as pieces.
#[derive(Debug)]
pub(super) struct Pattern {
    pub id: &'static str,
    pieces: Vec<Piece>,
}

/// `{ $name }` placeholders and the text between them; `None` for anything else (a
/// selector, a term reference, two arguments side by side, too little literal text to
/// recognise the message by).
fn pieces(text: &'static str) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Lit(&rest[..open]));
        }
        let close = rest[open..].find('}')? + open;
        let name = rest[open + 1..close].trim().strip_prefix('$')?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        if matches!(out.last(), Some(Piece::Var(_))) {
            return None;
        }
        out.push(Piece::Var(name));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Lit(rest));
    }
    let literal: usize = out
        .iter()
        .map(|p| match p {
            Piece::Lit(l) => l.chars().count(),
            Piece::Var(_) => 0,
        })
        .sum();
    (literal >= 2).then_some(out)
}

/// Every pattern, the most literal text first (the most specific wins).
pub(super) static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let mut all: Vec<(usize, Pattern)> = entries(ZH_FTL)
        .filter(|(id, _)| id.starts_with("store-") || id.starts_with("domain-"))
        .filter(|(_, text)| text.contains('{'))
        .filter_map(|(id, text)| {
            let pieces = pieces(text)?;
            let literal = pieces
                .iter()
                .map(|p| match p {
                    Piece::Lit(l) => l.len(),
                    Piece::Var(_) => 0,
                })
                .sum();
            Some((literal, Pattern { id, pieces }))
        })
        .collect();
    all.sort_by_key(|(literal, p)| (std::cmp::Reverse(*literal), p.id));
    all.into_iter().map(|(_, p)| p).collect()
});

/// Domain words by their Chinese (the argument 「现场检测」 → `test-kind-on-site`).
pub(super) static WORDS: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (family, code, zh, _) in super::labels::words() {
        map.entry(zh)
            .or_insert_with(|| super::labels::label_id(family, code));
    }
    map
});

impl Pattern {
    /// The arguments, when `text` is this message with values in it.
    pub(super) fn read(&self, text: &str) -> Option<Vec<(&'static str, String)>> {
        let mut args = Vec::new();
        read_from(&self.pieces, text, &mut args).then_some(args)
    }
}

/// Match `pieces` against the whole of `text`, trying every place a literal occurs (the
/// value before it may itself contain that literal).
fn read_from(pieces: &[Piece], text: &str, args: &mut Vec<(&'static str, String)>) -> bool {
    match pieces {
        [] => text.is_empty(),
        [Piece::Lit(l), rest @ ..] => text
            .strip_prefix(*l)
            .is_some_and(|after| read_from(rest, after, args)),
        [Piece::Var(name)] => {
            if text.is_empty() {
                return false;
            }
            args.push((*name, text.to_owned()));
            true
        }
        [Piece::Var(name), Piece::Lit(l), rest @ ..] => {
            let mut from = 0;
            while let Some(i) = text[from..].find(*l).map(|i| i + from) {
                if i > 0 {
                    let len = args.len();
                    args.push((*name, text[..i].to_owned()));
                    if read_from(rest, &text[i + l.len()..], args) {
                        return true;
                    }
                    args.truncate(len);
                }
                from = i + l.len().max(1);
                if from > text.len() {
                    break;
                }
            }
            false
        }
        // two arguments side by side are refused when the pattern is made
        [Piece::Var(_), Piece::Var(_), ..] => false,
    }
}

/// The first pattern `text` is an instance of, with its arguments.
pub(super) fn read(text: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    PATTERNS
        .iter()
        .find_map(|p| p.read(text).map(|args| (p.id, args)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_reads_its_values_back() {
        let p = Pattern {
            id: "x",
            pieces: pieces("请假({ $from } 至 { $to })已批准").expect("pattern"),
        };
        assert_eq!(
            p.read("请假(2025-01-02 至 2025-01-09)已批准"),
            Some(vec![
                ("from", "2025-01-02".to_owned()),
                ("to", "2025-01-09".to_owned())
            ])
        );
        assert_eq!(p.read("请假(2025-01-02 至 2025-01-09)不批准"), None);
        assert_eq!(p.read("某段未收录的文字"), None);
        // a value may contain the next literal: every place is tried
        let q = Pattern {
            id: "y",
            pieces: pieces("查找:{ $place };结果:{ $outcome }").expect("pattern"),
        };
        assert_eq!(
            q.read("查找:东区;西区;结果:未找到"),
            Some(vec![
                ("place", "东区;西区".to_owned()),
                ("outcome", "未找到".to_owned())
            ])
        );
    }

    #[test]
    fn placeholders_side_by_side_or_without_text_are_no_pattern() {
        assert_eq!(pieces("{ $a }{ $b }"), None);
        assert_eq!(pieces("{ $a }"), None);
        assert_eq!(pieces("{ $n -> [one] x *[other] y }"), None);
    }
}
