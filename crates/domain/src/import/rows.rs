//! INFO-1, import — one row of each sheet, typed: each cell parsed on its own.

use chrono::NaiveDate;

use super::{Cell, CellError, RawRow, Sheet};
use crate::compliance::TestOutcome;
use crate::id_number::IdNumber;
use crate::measure::Measure;
use crate::records::TalkKind;

/// A person of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub line: usize,
    pub id_number: IdNumber,
    pub name: String,
    pub unit_code: String,
}

/// An order (决定) of the register, with the steps the register recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub line: usize,
    pub id_number: IdNumber,
    pub unit_code: String,
    pub measure: Measure,
    pub years: Option<u8>,
    pub organ: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub agreement_on: Option<NaiveDate>,
    pub released_on: Option<NaiveDate>,
}

/// What a record was: a test with its result, or a talk of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Test(TestOutcome),
    Talk(TalkKind),
}

/// A past test or talk of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub line: usize,
    pub id_number: IdNumber,
    pub decision_number: String,
    pub on: NaiveDate,
    pub kind: RecordKind,
    pub by: String,
    pub second: String,
    pub note: String,
}

static EMPTY: Cell = Cell::Empty;

/// Reads the cells of one row, collecting a reason per bad cell.
pub(super) struct Reader<'a> {
    pub sheet: Sheet,
    pub row: &'a RawRow,
    pub today: NaiveDate,
    pub errors: Vec<CellError>,
}

impl<'a> Reader<'a> {
    pub fn new(sheet: Sheet, row: &'a RawRow, today: NaiveDate) -> Self {
        Self {
            sheet,
            row,
            today,
            errors: Vec::new(),
        }
    }

    pub fn refuse(&mut self, column: usize, reason: impl Into<String>) {
        self.errors.push(CellError {
            sheet: self.sheet,
            line: self.row.line,
            column,
            reason: reason.into(),
        });
    }

    fn cell(&self, column: usize) -> &'a Cell {
        self.row.cells.get(column).unwrap_or(&EMPTY)
    }

    /// Text; a required empty cell is refused.
    pub fn text(&mut self, column: usize) -> String {
        let t = self.cell(column).text();
        if t.is_empty() && self.sheet.columns()[column].required {
            self.refuse(column, "必填项为空");
        }
        t
    }

    pub fn id_number(&mut self, column: usize) -> Option<IdNumber> {
        let t = self.text(column);
        if t.is_empty() {
            return None;
        }
        match IdNumber::parse(&t, self.today) {
            Ok(n) => Some(n),
            Err(e) => {
                self.refuse(column, e.to_string());
                None
            }
        }
    }

    /// A date: an Excel date cell, or text `2024-03-01`, `2024/3/1`, `2024.3.1`,
    /// `20240301`, `2024年3月1日`. The future is refused.
    pub fn date(&mut self, column: usize) -> Option<NaiveDate> {
        let d = match self.cell(column) {
            Cell::Date(d) => Some(*d),
            c if c.is_empty() => {
                if self.sheet.columns()[column].required {
                    self.refuse(column, "必填项为空");
                }
                return None;
            }
            c => parse_date(&c.text()),
        };
        match d {
            None => {
                self.refuse(column, "日期无法识别,应为 2024-03-01 格式");
                None
            }
            Some(d) if d > self.today => {
                self.refuse(column, format!("日期{d}晚于今天"));
                None
            }
            Some(d) => Some(d),
        }
    }
}

/// Text dates as offices type them.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let norm: String = s
        .replace("年", "-")
        .replace("月", "-")
        .replace("日", "")
        .chars()
        .map(|c| if c == '/' || c == '.' { '-' } else { c })
        .collect();
    // a date-time cell typed as text: the date part
    let norm = norm.split_whitespace().next().unwrap_or("");
    NaiveDate::parse_from_str(norm, "%Y-%m-%d").ok()
}

pub(super) fn person(row: &RawRow, today: NaiveDate) -> Result<PersonRow, Vec<CellError>> {
    let mut r = Reader::new(Sheet::Persons, row, today);
    let id_number = r.id_number(0);
    let name = r.text(1);
    if name.chars().count() > 50 {
        r.refuse(1, "姓名过长(最多50字)");
    }
    let unit_code = r.text(2);
    match id_number {
        Some(id_number) if r.errors.is_empty() => Ok(PersonRow {
            line: row.line,
            id_number,
            name,
            unit_code,
        }),
        _ => Err(r.errors),
    }
}

/// CASE-1: the measure in Chinese (or its code), years only for 社区康复 (1 to 3).
pub(super) fn order(row: &RawRow, today: NaiveDate) -> Result<OrderRow, Vec<CellError>> {
    let mut r = Reader::new(Sheet::Orders, row, today);
    let id_number = r.id_number(0);
    let unit_code = r.text(1);
    let m = r.text(2);
    let measure = Measure::ALL
        .into_iter()
        .find(|x| x.label_zh() == m || x.code() == m);
    if measure.is_none() && !m.is_empty() {
        r.refuse(2, "措施应为“社区戒毒”或“社区康复”");
    }
    let y = r.text(3);
    let years = if y.is_empty() {
        None
    } else {
        match y.parse::<u8>() {
            Ok(n @ 1..=3) => Some(n),
            _ => {
                r.refuse(3, "决定期限应为1至3年");
                None
            }
        }
    };
    match (measure, years) {
        (Some(Measure::CommunityDetox), Some(_)) => r.refuse(3, "社区戒毒期限为三年,不填决定期限"),
        (Some(Measure::CommunityRehab), None) if y.is_empty() => {
            r.refuse(3, "社区康复须填决定期限(1至3年)")
        }
        _ => {}
    }
    let organ = r.text(4);
    let decision_number = r.text(5);
    let decided_on = r.date(6);
    let served_on = r.date(7);
    let notified_on = r.date(8);
    let reported_on = r.date(9);
    let agreement_on = r.date(10);
    let released_on = r.date(11);
    // N2–N5: each step on or after the one before it; a later step needs the earlier
    let steps = [
        (7, served_on, 6, decided_on, "送达日期早于决定日期"),
        (8, notified_on, 6, decided_on, "通知日期早于决定日期"),
        (9, reported_on, 8, notified_on, "报到日期早于通知日期"),
        (10, agreement_on, 9, reported_on, "协议日期早于报到日期"),
        (11, released_on, 10, agreement_on, "解除日期早于协议日期"),
    ];
    for (col, at, prev_col, prev, reason) in steps {
        match (at, prev) {
            (Some(a), Some(p)) if a < p => r.refuse(col, reason),
            (Some(_), None) if col > 7 && r.row.cells.get(prev_col).is_none_or(Cell::is_empty) => {
                let header = Sheet::Orders.columns()[prev_col].header;
                r.refuse(col, format!("填写此日期时{header}必填"));
            }
            _ => {}
        }
    }
    match (id_number, measure, decided_on) {
        (Some(id_number), Some(measure), Some(decided_on)) if r.errors.is_empty() => Ok(OrderRow {
            line: row.line,
            id_number,
            unit_code,
            measure,
            years,
            organ,
            decision_number,
            decided_on,
            served_on,
            notified_on,
            reported_on,
            agreement_on,
            released_on,
        }),
        _ => Err(r.errors),
    }
}

/// TEST-1, CASE-8: a test needs two testers and a result; a talk its kind.
pub(super) fn record(row: &RawRow, today: NaiveDate) -> Result<RecordRow, Vec<CellError>> {
    let mut r = Reader::new(Sheet::Records, row, today);
    let id_number = r.id_number(0);
    let decision_number = r.text(1);
    let k = r.text(2);
    let on = r.date(3);
    let what = r.text(4);
    let by = r.text(5);
    let second = r.text(6);
    let note = r.text(7);
    let kind = match k.as_str() {
        "检测" => match TestOutcome::ALL.into_iter().find(|o| o.label_zh() == what) {
            Some(o) => Some(RecordKind::Test(o)),
            None => {
                r.refuse(4, "检测结果应为阴性、阳性、拒检或逃避检测");
                None
            }
        },
        "谈话" => match TalkKind::ALL.into_iter().find(|t| t.label_zh() == what) {
            Some(t) => Some(RecordKind::Talk(t)),
            None => {
                r.refuse(4, "谈话方式应为与本人谈心谈话、与家属谈话或家访");
                None
            }
        },
        "" => None,
        _ => {
            r.refuse(2, "类别应为“检测”或“谈话”");
            None
        }
    };
    if matches!(kind, Some(RecordKind::Test(_))) {
        if by.is_empty() {
            r.refuse(5, "检测须填写第一检测人");
        }
        if second.is_empty() {
            r.refuse(6, "检测须由两人进行,第二检测人必填");
        }
    }
    match (id_number, on, kind) {
        (Some(id_number), Some(on), Some(kind)) if r.errors.is_empty() => Ok(RecordRow {
            line: row.line,
            id_number,
            decision_number,
            on,
            kind,
            by,
            second,
            note,
        }),
        _ => Err(r.errors),
    }
}
