//! D2 — the notice file format shared by the embedded table (`data/cn_calendar.tsv`) and
//! `jiekang calendar import FILE`: parsing with line-numbered errors, and export.
//!
//! File format, one line per special date, fields separated by TAB (shown as `→`):
//!
//! ```text
//! # comment
//! #year 2027                      (optional; `#years 2004-2026` declares a range)
//! 2027-01-01→holiday→元旦→https://www.gov.cn/...
//! 2027-02-07→workday→春节
//! ```
//!
//! - `holiday`: a day off inside an announced block. A `holiday` on a Saturday or Sunday is
//!   accepted (notices announce blocks such as "10月1日至7日", which span weekends, and the
//!   embedded data lists them so); it changes nothing for the working-day rule.
//! - `workday`: a 调休 make-up working day; refused unless it is a Saturday or Sunday.
//! - A date may appear only once (a duplicate is reported with both line numbers).
//! - `#year`/`#years` lines mark years as covered even if they have no special dates; when
//!   present, every date must lie in a declared year. Without them, the years of the dates
//!   are the years covered.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::notice::{
    CalendarEntry, CalendarYearNotice, DayKind, NOTICE_YEARS, NoticeProblem, check_entry,
};

/// A refused notice file: the problem and the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarImportError {
    /// `None` for a problem with the file as a whole (e.g. no data).
    pub line: Option<usize>,
    pub problem: NoticeProblem,
}

impl CalendarImportError {
    fn at(line: usize, problem: NoticeProblem) -> Self {
        Self {
            line: Some(line),
            problem,
        }
    }

    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    pub fn message_en(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}: {}", self.problem.message_en()),
            None => self.problem.message_en(),
        }
    }
}

impl fmt::Display for CalendarImportError {
    /// E.g. `第3行:日期格式错误,应为 YYYY-MM-DD:“2024-13-01” (line 3: bad date '2024-13-01', expected YYYY-MM-DD)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "第{line}行:{} ({})",
                self.problem.message_zh(),
                self.message_en()
            ),
            None => write!(f, "{} ({})", self.problem.message_zh(), self.message_en()),
        }
    }
}

impl std::error::Error for CalendarImportError {}

/// D2 — parses a notice file (format in the module docs) into one notice per year, sorted
/// by year. Each notice's `source` lists its distinct per-date sources in date order,
/// joined by "; ".
pub fn parse_notice_file(text: &str) -> Result<Vec<CalendarYearNotice>, CalendarImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut declared: BTreeMap<i32, usize> = BTreeMap::new();
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    let mut entries: Vec<(usize, CalendarEntry)> = Vec::new();

    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        // Keep trailing tabs: they delimit (empty) fields that should be reported as such.
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.trim_start().strip_prefix('#') {
            if let Some(years) =
                parse_directive(comment).map_err(|p| CalendarImportError::at(line_no, p))?
            {
                for year in years {
                    if declared.insert(year, line_no).is_some() {
                        return Err(CalendarImportError::at(
                            line_no,
                            NoticeProblem::DuplicateYear { year },
                        ));
                    }
                }
            }
            continue;
        }
        let entry = parse_entry_line(line).map_err(|p| CalendarImportError::at(line_no, p))?;
        if let Some(&first_line) = seen.get(&entry.date) {
            let problem = NoticeProblem::DuplicateDate {
                date: entry.date,
                first_line: Some(first_line),
            };
            return Err(CalendarImportError::at(line_no, problem));
        }
        seen.insert(entry.date, line_no);
        entries.push((line_no, entry));
    }

    let mut by_year: BTreeMap<i32, Vec<CalendarEntry>> =
        declared.keys().map(|&year| (year, Vec::new())).collect();
    for (line_no, entry) in entries {
        let year = entry.date.year();
        if !declared.is_empty() && !declared.contains_key(&year) {
            let problem = NoticeProblem::DateOutsideYear {
                date: entry.date,
                year: None,
            };
            return Err(CalendarImportError::at(line_no, problem));
        }
        by_year.entry(year).or_default().push(entry);
    }
    if by_year.is_empty() {
        return Err(CalendarImportError {
            line: None,
            problem: NoticeProblem::NoData,
        });
    }

    let mut notices = Vec::with_capacity(by_year.len());
    for (year, mut entries) in by_year {
        // Sources in date order, so that the result does not depend on line order.
        entries.sort_by_key(|e| e.date);
        let mut sources: Vec<&str> = Vec::new();
        for source in entries.iter().filter_map(|e| e.source.as_deref()) {
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        let source = sources.join("; ");
        // Every check of `new` was already made line by line above, so this cannot fail;
        // should it ever, the error is still reported rather than panicking.
        let notice = CalendarYearNotice::new(year, entries, source).map_err(|problem| {
            CalendarImportError {
                line: declared.get(&year).copied(),
                problem,
            }
        })?;
        notices.push(notice);
    }
    Ok(notices)
}

/// `#year 2027`, `#years 2004-2026` → the years; any other comment → `None`.
fn parse_directive(comment: &str) -> Result<Option<Vec<i32>>, NoticeProblem> {
    let mut words = comment.split_whitespace();
    let keyword = words.next().unwrap_or("");
    if keyword != "year" && keyword != "years" {
        return Ok(None);
    }
    let bad = || NoticeProblem::BadDirective {
        text: format!("#{}", comment.trim()),
    };
    let (Some(arg), None) = (words.next(), words.next()) else {
        return Err(bad());
    };
    let (first, last) = match arg.split_once('-') {
        Some((a, b)) => (
            parse_year(a).ok_or_else(bad)?,
            parse_year(b).ok_or_else(bad)?,
        ),
        None => {
            let year = parse_year(arg).ok_or_else(bad)?;
            (year, year)
        }
    };
    if first > last {
        return Err(bad());
    }
    for year in [first, last] {
        if !NOTICE_YEARS.contains(&year) {
            return Err(NoticeProblem::YearOutOfRange { year });
        }
    }
    Ok(Some((first..=last).collect()))
}

fn parse_year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_entry_line(line: &str) -> Result<CalendarEntry, NoticeProblem> {
    let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
    if !(3..=4).contains(&fields.len()) {
        return Err(NoticeProblem::FieldCount {
            found: fields.len(),
        });
    }
    let date = parse_iso_date(fields[0]).ok_or_else(|| NoticeProblem::BadDate {
        text: fields[0].to_owned(),
    })?;
    if !NOTICE_YEARS.contains(&date.year()) {
        return Err(NoticeProblem::YearOutOfRange { year: date.year() });
    }
    let kind = DayKind::parse(fields[1]).ok_or_else(|| NoticeProblem::UnknownKind {
        text: fields[1].to_owned(),
    })?;
    let source = fields
        .get(3)
        .filter(|s| !s.is_empty())
        .map(|s| (*s).to_owned());
    let entry = CalendarEntry {
        date,
        kind,
        name: fields[2].to_owned(),
        source,
    };
    check_entry(&entry)?;
    Ok(entry)
}

/// Strict `YYYY-MM-DD` (chrono alone would also take "2024-1-5").
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Writes notices in the file format, one `#year` block each; [`parse_notice_file`] reads
/// it back to equal notices (for notices whose `source` is derived from their entries).
pub fn to_notice_file<'a>(notices: impl IntoIterator<Item = &'a CalendarYearNotice>) -> String {
    let mut out = String::from(
        "# Jiekang holiday calendar (D2): date<TAB>holiday|workday<TAB>name<TAB>source\n",
    );
    for notice in notices {
        out.push_str(&format!("#year {}\n", notice.year()));
        if !notice.source().is_empty() {
            // A comment only: the source may hold anything but line breaks.
            let source = notice.source().replace(['\n', '\r'], " ");
            out.push_str(&format!("# source: {source}\n"));
        }
        for e in notice.entries() {
            out.push_str(&format!("{}\t{}\t{}", e.date, e.kind.code(), e.name));
            if let Some(source) = &e.source {
                out.push('\t');
                out.push_str(source);
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests;
