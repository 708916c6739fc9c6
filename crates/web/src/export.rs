//! Excel export of lists and reports (ui.md: every list has 导出Excel). Each sheet has a
//! title row (what the list is, whose scope, who exported it and when, in Beijing time), a
//! bold header row frozen under it with a filter, columns as wide as their contents, and
//! cells of their real kind: whole numbers and ratios as numbers, days as Excel dates
//! (shown `yyyy-mm-dd`), times as Excel date-times; text as text. Identifiers are masked
//! by the callers; every export is written to the audit trail with its number of rows.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::AppError;

/// Most rows one export carries; larger scopes are narrowed with the list's filters.
pub const MAX_ROWS: usize = 50_000;

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count or an identifier that is a number (an audit record's number).
    Int(i64),
    /// A ratio or a share, written as a number with `format` (`0.0%`).
    Ratio(f64),
    /// A day, written as an Excel date.
    Day(NaiveDate),
    /// A local (Beijing) time, written as an Excel date-time.
    Time(NaiveDateTime),
    /// An amount of money in fen, written as yuan with two decimals (`#,##0.00`).
    Money(i64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}
impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Day(d)
    }
}
impl From<NaiveDateTime> for Cell {
    fn from(t: NaiveDateTime) -> Self {
        Cell::Time(t)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// What the sheet's first row says.
#[derive(Debug, Clone)]
pub struct Title {
    /// The list or report (`人员名单`, `待检测/逾期`).
    pub list: String,
    /// The unit whose scope it covers.
    pub unit: String,
    /// Who exported it (display name or username).
    pub by: String,
    /// When, on Beijing's clock (`2026-12-07 21:30`).
    pub at: String,
}

impl Title {
    /// The list `list` exported now by `actor` over its own unit's scope.
    pub fn now(list: impl Into<String>, actor: &jiekang_store::model::Actor) -> Self {
        Title {
            list: list.into(),
            unit: actor.unit_name.clone(),
            by: actor.display_name.clone(),
            at: crate::shown_time::minutes(&chrono::Utc::now()),
        }
    }

    fn line(&self) -> String {
        format!(
            "{} · {} · 导出:{} · {}(北京时间)",
            self.list, self.unit, self.by, self.at
        )
    }
}

/// Rows under the header.
const FIRST_DATA_ROW: u32 = 2;
/// Column widths, in characters (a CJK character counts two).
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 48;

/// One sheet of a workbook: its name, its header row and its rows.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub head: &'a [&'a str],
    pub rows: &'a [Vec<Cell>],
}

/// Build a one-sheet workbook: the title row, the bold header row frozen with a filter,
/// then the rows in their cells' kinds.
pub fn workbook(
    sheet: &str,
    title: &Title,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, AppError> {
    workbook_sheets(
        title,
        &[Sheet {
            name: sheet,
            head: header,
            rows,
        }],
    )
}

/// A workbook of several sheets, each laid out as [`workbook`]'s one, under the same title.
pub fn workbook_sheets(title: &Title, sheets: &[Sheet<'_>]) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    for sheet in sheets {
        build(&mut book, sheet, title).map_err(|e| {
            tracing::error!(error = %e, "xlsx export failed");
            AppError::Internal
        })?;
    }
    book.save_to_buffer().map_err(|e| {
        tracing::error!(error = %e, "xlsx export failed");
        AppError::Internal
    })
}

fn build(book: &mut Workbook, sheet: &Sheet<'_>, title: &Title) -> Result<(), XlsxError> {
    let (header, rows) = (sheet.head, sheet.rows);
    let ws = book.add_worksheet();
    ws.set_name(sheet.name)?;
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let last_col = col(columns - 1);

    let title_format = Format::new().set_bold().set_font_size(13);
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, &title.line(), &title_format)?;
    } else {
        ws.write_string_with_format(0, 0, title.line(), &title_format)?;
    }
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(1, col(c), *h, &head)?;
    }

    let formats = Formats::new();
    let mut widths: Vec<usize> = header.iter().map(|h| shown_width(h)).collect();
    widths.resize(columns, 0);
    for (r, row) in rows.iter().enumerate() {
        let at = FIRST_DATA_ROW + u32::try_from(r).unwrap_or(u32::MAX - FIRST_DATA_ROW);
        for (c, cell) in row.iter().enumerate() {
            let width = write(ws, at, col(c), cell, &formats)?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let chars = (*w + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        ws.set_column_width(col(c), chars as f64)?;
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    if !header.is_empty() {
        let last_row = FIRST_DATA_ROW + u32::try_from(rows.len()).unwrap_or(0);
        ws.autofilter(
            1,
            0,
            last_row.saturating_sub(1).max(1),
            col(header.len() - 1),
        )?;
    }
    Ok(())
}

struct Formats {
    day: Format,
    time: Format,
    ratio: Format,
    money: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            day: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            ratio: Format::new().set_num_format("0.0%"),
            money: Format::new().set_num_format("#,##0.00"),
        }
    }
}

/// Write one cell; how wide it shows, in characters.
fn write(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<usize, XlsxError> {
    Ok(match cell {
        Cell::Text(s) => {
            ws.write_string(row, c, s)?;
            shown_width(s)
        }
        Cell::Int(n) => {
            // whole numbers up to 2^53 are exact in Excel's doubles
            #[allow(clippy::cast_precision_loss)]
            ws.write_number(row, c, *n as f64)?;
            n.to_string().len()
        }
        Cell::Ratio(x) => {
            ws.write_number_with_format(row, c, *x, &f.ratio)?;
            7
        }
        Cell::Day(d) => {
            ws.write_datetime_with_format(row, c, excel_day(*d)?, &f.day)?;
            10
        }
        Cell::Time(t) => {
            let at = excel_day(t.date())?.and_hms(
                u16::try_from(t.hour()).unwrap_or(0),
                u8::try_from(t.minute()).unwrap_or(0),
                t.second(),
            )?;
            ws.write_datetime_with_format(row, c, at, &f.time)?;
            19
        }
        Cell::Money(fen) => {
            // fen up to 2^53 are exact; the division is the only rounding
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(row, c, *fen as f64 / 100.0, &f.money)?;
            fen.to_string().len() + 2
        }
        Cell::Empty => 0,
    })
}

fn excel_day(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// How many character widths `s` takes (a CJK or full-width character counts two).
fn shown_width(s: &str) -> usize {
    s.chars()
        .map(|ch| if (ch as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Write an export to the audit trail: `action` (`person.export` …) on `object_type`,
/// with `detail` (the rows it carried), by `actor`, from the request's address.
pub async fn audit_export(
    state: &crate::state::AppState,
    actor: &jiekang_store::model::Actor,
    action: &str,
    object_type: &str,
    object_id: Option<i64>,
    detail: String,
) -> Result<(), AppError> {
    state
        .store
        .audit(&jiekang_store::model::AuditEntry {
            at: chrono::Utc::now(),
            user_id: Some(actor.user_id),
            username: actor.username.clone(),
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id,
            person_id: None,
            detail,
            // the request's address (GB/T 22239; `client_addr`)
            client: jiekang_store::audit_client::current(),
        })
        .await?;
    Ok(())
}

/// The download response for a workbook.
pub fn download(filename_ascii: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename_ascii}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn title() -> Title {
        Title {
            list: "人员名单".into(),
            unit: "交通街道".into(),
            by: "李干事".into(),
            at: "2026-12-07 21:30".into(),
        }
    }

    #[test]
    fn cells_keep_their_kind_under_a_title_and_a_header() {
        let rows = vec![
            vec![
                Cell::from("张某"),
                Cell::Int(35),
                Cell::Day(NaiveDate::from_ymd_opt(2024, 10, 8).expect("day")),
                Cell::Ratio(0.875),
                Cell::Empty,
            ],
            vec![Cell::from("李某"), Cell::from(None::<i64>)],
        ];
        let bytes = workbook(
            "人员名单",
            &title(),
            &["姓名", "年龄", "报到日期", "执行率", "备注"],
            &rows,
        )
        .expect("workbook");
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
        let sheet = book.worksheet_range("人员名单").expect("sheet");
        let at = |r: u32, c: u32| sheet.get_value((r, c)).cloned();
        assert_eq!(
            at(0, 0),
            Some(Data::String(
                "人员名单 · 交通街道 · 导出:李干事 · 2026-12-07 21:30(北京时间)".into()
            ))
        );
        assert_eq!(at(1, 2), Some(Data::String("报到日期".into())));
        assert_eq!(at(2, 0), Some(Data::String("张某".into())));
        assert_eq!(at(2, 1), Some(Data::Float(35.0)));
        match at(2, 2) {
            // Excel's day number: days since 1899-12-30
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45_573.0),
            other => panic!("a date cell, not {other:?}"),
        }
        assert_eq!(at(2, 3), Some(Data::Float(0.875)));
        assert!(matches!(at(3, 1), None | Some(Data::Empty)));
    }

    #[test]
    fn widths_count_chinese_characters_twice() {
        assert_eq!(shown_width("abc"), 3);
        assert_eq!(shown_width("交通街道"), 8);
        assert_eq!(shown_width("2024-10-08"), 10);
    }
}
