//! INFO-1, import — the legacy registers (历史台账) a city brings along: persons, orders and
//! past tests and talks, one sheet each. This module holds the documented columns of
//! the template and the pure row rules; reading the file (Excel or CSV) and looking
//! numbers up in the database happen in the layers above.
//!
//! A cell is judged on its own (an ID number's GB 11643 checksum, a date, a known
//! code), then the file as a whole (a duplicate within the file, dates in order, a
//! second order while another is open, a record of an order the file does not hold).
//! Every refusal names its sheet, row and column so a copy of the file can carry the
//! reason beside the bad cell.

use chrono::NaiveDate;

mod rows;
mod validate;

pub use rows::parse_date;
pub use rows::{OrderRow, PersonRow, RecordKind, RecordRow};
pub use validate::{Checked, validate};

/// The three data sheets of the template, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    Persons,
    Orders,
    Records,
}

impl Sheet {
    pub const ALL: [Sheet; 3] = [Sheet::Persons, Sheet::Orders, Sheet::Records];

    /// The sheet's name in the workbook (and the CSV section header).
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Persons => "人员",
            Sheet::Orders => "决定",
            Sheet::Records => "检测谈话",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Sheet::Persons => "社区戒毒社区康复人员历史台账 — 人员",
            Sheet::Orders => "社区戒毒社区康复人员历史台账 — 决定",
            Sheet::Records => "社区戒毒社区康复人员历史台账 — 历次检测与谈话",
        }
    }

    pub fn parse(name: &str) -> Option<Sheet> {
        Self::ALL.into_iter().find(|s| s.name() == name.trim())
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Sheet::Persons => PERSON_COLUMNS,
            Sheet::Orders => ORDER_COLUMNS,
            Sheet::Records => RECORD_COLUMNS,
        }
    }
}

/// What a column holds (the template's cell type and the notes sheet's wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Date,
    Number,
}

/// One documented column of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub kind: ColumnKind,
    pub required: bool,
    /// What goes in it, for the notes sheet.
    pub note: &'static str,
    /// An example value for the template's sample row.
    pub example: &'static str,
}

const fn col(
    header: &'static str,
    kind: ColumnKind,
    required: bool,
    note: &'static str,
    example: &'static str,
) -> Column {
    Column {
        header,
        kind,
        required,
        note,
        example,
    }
}

use ColumnKind::{Date, Number, Text};

pub const PERSON_COLUMNS: &[Column] = &[
    col(
        "身份证号码",
        Text,
        true,
        "18位居民身份证号码(旧式15位可),按GB 11643校验;性别和出生日期由号码得出",
        "150602198001011234",
    ),
    col("姓名", Text, true, "与身份证一致", "张三"),
    col(
        "所属单位代码",
        Text,
        true,
        "嘎查村/社区(或苏木乡镇/街道)的12位统计用区划代码,须在导入人的辖区内",
        "150602001001",
    ),
];

pub const ORDER_COLUMNS: &[Column] = &[
    col(
        "身份证号码",
        Text,
        true,
        "人员表中的人员,或本辖区已登记的人员",
        "150602198001011234",
    ),
    col(
        "执行地单位代码",
        Text,
        true,
        "执行社区戒毒/社区康复的嘎查村/社区代码,须在导入人的辖区内",
        "150602001001",
    ),
    col("措施", Text, true, "社区戒毒 或 社区康复", "社区戒毒"),
    col(
        "决定期限(年)",
        Number,
        false,
        "社区康复填1至3;社区戒毒不填(三年)",
        "",
    ),
    col(
        "决定机关",
        Text,
        true,
        "作出决定的公安机关",
        "鄂尔多斯市公安局东胜分局",
    ),
    col(
        "决定书文号",
        Text,
        true,
        "与身份证号码、决定日期一起识别一个决定:同一文件重复导入不会重复写入",
        "鄂公(禁)决字〔2024〕000123号",
    ),
    col("决定日期", Date, true, "不晚于今天", "2024-03-01"),
    col("送达日期", Date, false, "不早于决定日期", "2024-03-02"),
    col(
        "通知日期",
        Date,
        false,
        "公安通知乡镇(街道)并移交材料的日期,不早于决定日期",
        "2024-03-05",
    ),
    col(
        "报到日期",
        Date,
        false,
        "不早于通知日期;填写时通知日期必填",
        "2024-03-08",
    ),
    col(
        "协议日期",
        Date,
        false,
        "签订协议日期,不早于报到日期;填写时报到日期必填",
        "2024-03-08",
    ),
    col(
        "解除日期",
        Date,
        false,
        "期满解除的日期,不早于协议日期;未解除的决定不填。同一人员同时只能有一个未解除的决定",
        "",
    ),
];

pub const RECORD_COLUMNS: &[Column] = &[
    col(
        "身份证号码",
        Text,
        true,
        "决定表中的人员",
        "150602198001011234",
    ),
    col(
        "决定书文号",
        Text,
        true,
        "该人员在决定表中的决定",
        "鄂公(禁)决字〔2024〕000123号",
    ),
    col("类别", Text, true, "检测 或 谈话", "检测"),
    col(
        "日期",
        Date,
        true,
        "在协议日期与解除日期(未解除的为今天)之间",
        "2024-04-10",
    ),
    col(
        "结果或方式",
        Text,
        true,
        "检测:阴性、阳性、拒检、逃避检测;谈话:与本人谈心谈话、与家属谈话、家访",
        "阴性",
    ),
    col("检测人或谈话人", Text, false, "检测为第一检测人", "李强"),
    col("第二检测人", Text, false, "检测时必填(两人检测)", "王芳"),
    col("备注", Text, false, "", ""),
];

/// A cell as read from the file: Excel keeps its types, CSV gives text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One data row of a sheet: its 1-based row number in the file and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// The three sheets as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFile {
    pub persons: Vec<RawRow>,
    pub orders: Vec<RawRow>,
    pub records: Vec<RawRow>,
}

impl RawFile {
    pub fn rows(&self) -> usize {
        self.persons.len() + self.orders.len() + self.records.len()
    }

    pub fn sheet(&self, s: Sheet) -> &[RawRow] {
        match s {
            Sheet::Persons => &self.persons,
            Sheet::Orders => &self.orders,
            Sheet::Records => &self.records,
        }
    }
}

/// A refusal beside one cell (`column` is 0-based in the sheet's columns).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellError {
    pub sheet: Sheet,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

#[cfg(test)]
mod tests;
