//! D2 — holiday notices as data: one year's special dates ([`CalendarYearNotice`]) and
//! what can be wrong with them ([`NoticeProblem`]). The file format is in `import.rs`.
//!
//! - `holiday`: a day off inside an announced block. A `holiday` on a Saturday or Sunday is
//!   accepted (notices announce blocks such as "10月1日至7日", which span weekends, and the
//!   embedded data lists them so); it changes nothing for the working-day rule.
//! - `workday`: a 调休 make-up working day; refused unless it is a Saturday or Sunday.
//! - A date may appear only once in a year. Each date belongs to its own calendar year (a
//!   New Year block starting on 30 December belongs to the earlier year).

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The years a notice may cover. Bounded so that a typo ("2207-01-01") is refused rather
/// than stored, and so that the calendar's per-year table stays small.
pub const NOTICE_YEARS: RangeInclusive<i32> = 1949..=2199;

/// Longest holiday name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest per-date source (usually a URL) accepted, in characters.
pub const MAX_SOURCE_CHARS: usize = 500;

/// What a special date is (D2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off inside a holiday block (放假).
    Holiday,
    /// A make-up working day on a weekend (调休上班).
    Workday,
}

impl DayKind {
    /// The code used in the file format and the database.
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    /// Parses a code, ignoring ASCII case.
    pub fn parse(code: &str) -> Option<DayKind> {
        if code.eq_ignore_ascii_case("holiday") {
            Some(DayKind::Holiday)
        } else if code.eq_ignore_ascii_case("workday") {
            Some(DayKind::Workday)
        } else {
            None
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DayKind::Holiday => "放假",
            DayKind::Workday => "调休上班",
        }
    }
}

/// One special date of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// The holiday the date belongs to, e.g. "Spring Festival / 春节".
    pub name: String,
    /// Where the date was announced (a notice URL), if known.
    pub source: Option<String>,
}

/// One year's holiday arrangement. A value of this type is valid: its entries lie in its
/// year, are sorted by date without duplicates, and every make-up workday is a weekend day.
/// Given to [`super::HolidayCalendar::with_overrides`], it replaces that whole year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarYearNotice {
    year: i32,
    entries: Vec<CalendarEntry>,
    source: String,
}

impl CalendarYearNotice {
    /// Validates and builds a notice; `entries` may come in any order.
    pub fn new(
        year: i32,
        mut entries: Vec<CalendarEntry>,
        source: impl Into<String>,
    ) -> Result<Self, NoticeProblem> {
        if !NOTICE_YEARS.contains(&year) {
            return Err(NoticeProblem::YearOutOfRange { year });
        }
        entries.sort_by_key(|e| e.date);
        for pair in entries.windows(2) {
            if pair[0].date == pair[1].date {
                return Err(NoticeProblem::DuplicateDate {
                    date: pair[0].date,
                    first_line: None,
                });
            }
        }
        for entry in &entries {
            if entry.date.year() != year {
                return Err(NoticeProblem::DateOutsideYear {
                    date: entry.date,
                    year: Some(year),
                });
            }
            check_entry(entry)?;
        }
        Ok(Self {
            year,
            entries,
            source: source.into(),
        })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// The special dates, sorted by date.
    pub fn entries(&self) -> &[CalendarEntry] {
        &self.entries
    }

    /// Where the notice came from (URLs, or who imported it).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The entry for `date`, if it is a special date of this notice.
    pub fn entry(&self, date: NaiveDate) -> Option<&CalendarEntry> {
        self.entries
            .binary_search_by_key(&date, |e| e.date)
            .ok()
            .and_then(|i| self.entries.get(i))
    }
}

/// Checks one entry on its own (kind against weekday, text fields).
pub(super) fn check_entry(entry: &CalendarEntry) -> Result<(), NoticeProblem> {
    if entry.kind == DayKind::Workday && !is_weekend(entry.date) {
        return Err(NoticeProblem::WorkdayNotWeekend { date: entry.date });
    }
    check_text(&entry.name, "name", MAX_NAME_CHARS)?;
    if entry.name.trim().is_empty() {
        return Err(NoticeProblem::EmptyName);
    }
    if let Some(source) = &entry.source {
        check_text(source, "source", MAX_SOURCE_CHARS)?;
    }
    Ok(())
}

fn check_text(text: &str, field: &'static str, max: usize) -> Result<(), NoticeProblem> {
    if text.chars().any(char::is_control) {
        return Err(NoticeProblem::ControlCharacter { field });
    }
    if text.chars().count() > max {
        return Err(NoticeProblem::TooLong { field, max });
    }
    Ok(())
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// What is wrong with a notice or a line of a notice file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeProblem {
    FieldCount {
        found: usize,
    },
    BadDate {
        text: String,
    },
    UnknownKind {
        text: String,
    },
    EmptyName,
    ControlCharacter {
        field: &'static str,
    },
    TooLong {
        field: &'static str,
        max: usize,
    },
    WorkdayNotWeekend {
        date: NaiveDate,
    },
    DuplicateDate {
        date: NaiveDate,
        first_line: Option<usize>,
    },
    YearOutOfRange {
        year: i32,
    },
    /// `year` is the notice's year, or `None` for "not among the declared `#year`s".
    DateOutsideYear {
        date: NaiveDate,
        year: Option<i32>,
    },
    BadDirective {
        text: String,
    },
    DuplicateYear {
        year: i32,
    },
    NoData,
}

fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

fn field_zh(field: &str) -> &'static str {
    if field == "name" { "名称" } else { "来源" }
}

impl NoticeProblem {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            NoticeProblem::FieldCount { .. } => "field_count",
            NoticeProblem::BadDate { .. } => "bad_date",
            NoticeProblem::UnknownKind { .. } => "unknown_kind",
            NoticeProblem::EmptyName => "empty_name",
            NoticeProblem::ControlCharacter { .. } => "control_character",
            NoticeProblem::TooLong { .. } => "too_long",
            NoticeProblem::WorkdayNotWeekend { .. } => "workday_not_weekend",
            NoticeProblem::DuplicateDate { .. } => "duplicate_date",
            NoticeProblem::YearOutOfRange { .. } => "year_out_of_range",
            NoticeProblem::DateOutsideYear { .. } => "date_outside_year",
            NoticeProblem::BadDirective { .. } => "bad_directive",
            NoticeProblem::DuplicateYear { .. } => "duplicate_year",
            NoticeProblem::NoData => "no_data",
        }
    }

    pub fn message_zh(&self) -> String {
        let (lo, hi) = (NOTICE_YEARS.start(), NOTICE_YEARS.end());
        match self {
            NoticeProblem::FieldCount { found } => {
                format!("应有3或4个以制表符分隔的字段(日期、类型、名称、来源),实有{found}个")
            }
            NoticeProblem::BadDate { text } => format!("日期格式错误,应为 YYYY-MM-DD:“{text}”"),
            NoticeProblem::UnknownKind { text } => {
                format!("类型“{text}”无效,应为 holiday(放假)或 workday(调休上班)")
            }
            NoticeProblem::EmptyName => "节日名称不能为空".to_owned(),
            NoticeProblem::ControlCharacter { field } => {
                format!("{}含有控制字符", field_zh(field))
            }
            NoticeProblem::TooLong { field, max } => {
                format!("{}不能超过{max}个字符", field_zh(field))
            }
            NoticeProblem::WorkdayNotWeekend { date } => {
                format!("{date}是{},调休上班日只能是周六或周日", weekday_zh(*date))
            }
            NoticeProblem::DuplicateDate { date, first_line } => match first_line {
                Some(line) => format!("日期{date}重复(第{line}行已出现)"),
                None => format!("日期{date}重复"),
            },
            NoticeProblem::YearOutOfRange { year } => {
                format!("年份{year}超出支持范围({lo}–{hi})")
            }
            NoticeProblem::DateOutsideYear { date, year } => match year {
                Some(year) => format!("日期{date}不属于{year}年"),
                None => format!("日期{date}不在 #year 行声明的年份内"),
            },
            NoticeProblem::BadDirective { text } => {
                format!("指令“{text}”无效,应为 #year YYYY 或 #years YYYY-YYYY")
            }
            NoticeProblem::DuplicateYear { year } => format!("年份{year}重复声明"),
            NoticeProblem::NoData => "文件中没有任何日期或 #year 行".to_owned(),
        }
    }

    pub fn message_en(&self) -> String {
        let (lo, hi) = (NOTICE_YEARS.start(), NOTICE_YEARS.end());
        match self {
            NoticeProblem::FieldCount { found } => format!(
                "expected 3 or 4 tab-separated fields (date, kind, name, source), found {found}"
            ),
            NoticeProblem::BadDate { text } => format!("bad date '{text}', expected YYYY-MM-DD"),
            NoticeProblem::UnknownKind { text } => {
                format!("unknown kind '{text}', expected holiday or workday")
            }
            NoticeProblem::EmptyName => "holiday name is empty".to_owned(),
            NoticeProblem::ControlCharacter { field } => {
                format!("{field} contains a control character")
            }
            NoticeProblem::TooLong { field, max } => {
                format!("{field} is longer than {max} characters")
            }
            NoticeProblem::WorkdayNotWeekend { date } => format!(
                "make-up workday {date} is a {}, not a Saturday or Sunday",
                date.weekday()
            ),
            NoticeProblem::DuplicateDate { date, first_line } => match first_line {
                Some(line) => format!("duplicate date {date} (first on line {line})"),
                None => format!("duplicate date {date}"),
            },
            NoticeProblem::YearOutOfRange { year } => {
                format!("year {year} outside the supported range {lo}-{hi}")
            }
            NoticeProblem::DateOutsideYear { date, year } => match year {
                Some(year) => format!("date {date} is not in year {year}"),
                None => format!("date {date} is not in a year declared by #year"),
            },
            NoticeProblem::BadDirective { text } => {
                format!("bad directive '{text}', expected #year YYYY or #years YYYY-YYYY")
            }
            NoticeProblem::DuplicateYear { year } => format!("year {year} declared twice"),
            NoticeProblem::NoData => "the file has no dates and no #year line".to_owned(),
        }
    }
}

impl fmt::Display for NoticeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message_zh(), self.message_en())
    }
}

impl std::error::Error for NoticeProblem {}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn notice_constructor_validates() {
        let entry = |date, kind| CalendarEntry {
            date,
            kind,
            name: "元旦".into(),
            source: None,
        };
        let wrong_year =
            CalendarYearNotice::new(2027, vec![entry(d(2026, 12, 31), DayKind::Holiday)], "");
        assert_eq!(wrong_year.unwrap_err().code(), "date_outside_year");
        let dup = CalendarYearNotice::new(
            2027,
            vec![
                entry(d(2027, 1, 1), DayKind::Holiday),
                entry(d(2027, 1, 1), DayKind::Holiday),
            ],
            "",
        );
        assert_eq!(dup.unwrap_err().code(), "duplicate_date");
        let weekday_work =
            CalendarYearNotice::new(2027, vec![entry(d(2027, 1, 5), DayKind::Workday)], "");
        assert_eq!(weekday_work.unwrap_err().code(), "workday_not_weekend");
        assert_eq!(
            CalendarYearNotice::new(1800, vec![], "")
                .unwrap_err()
                .code(),
            "year_out_of_range"
        );
    }
}
