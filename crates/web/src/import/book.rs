//! INFO-1, import — the workbooks of the import: the documented template (three data
//! sheets with a title row, a frozen header and typed columns, and a notes sheet
//! explaining each column with an example), and the dry run's copy of the file with
//! the reason beside every bad cell (the cell marked red with a note, and a last
//! column 错误原因 listing them).

use std::collections::HashMap;

use jiekang_domain::import::{Cell, CellError, ColumnKind, RawFile, Sheet};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Note, Workbook, XlsxError};

fn head() -> Format {
    Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
}

fn day_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn excel_day(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

fn width(header: &str) -> f64 {
    (header.chars().count() * 2 + 4).clamp(12, 40) as f64
}

/// The template: empty data sheets ready to fill, and 填写说明.
pub fn template() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(13);
    let text = Format::new().set_num_format("@");
    for sheet in Sheet::ALL {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name())?;
        let cols = sheet.columns();
        ws.merge_range(0, 0, 0, (cols.len() - 1) as u16, sheet.title(), &title)?;
        for (c, col) in cols.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(1, c, col.header, &head())?;
            ws.set_column_width(c, width(col.header))?;
            // typed columns: dates as dates, ID numbers and codes as text (no
            // scientific notation of 18 digits)
            match col.kind {
                ColumnKind::Date => ws.set_column_format(c, &day_format())?,
                ColumnKind::Text => ws.set_column_format(c, &text)?,
                ColumnKind::Number => ws,
            };
        }
        ws.set_freeze_panes(2, 0)?;
    }
    let ws = book.add_worksheet();
    ws.set_name("填写说明")?;
    ws.merge_range(
        0,
        0,
        0,
        5,
        "社区戒毒社区康复人员历史台账导入模板 — 填写说明",
        &title,
    )?;
    for (c, h) in ["工作表", "列名", "类型", "必填", "说明", "示例"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &head())?;
    }
    let mut r = 2;
    for sheet in Sheet::ALL {
        for col in sheet.columns() {
            ws.write_string(r, 0, sheet.name())?;
            ws.write_string(r, 1, col.header)?;
            ws.write_string(
                r,
                2,
                match col.kind {
                    ColumnKind::Text => "文本",
                    ColumnKind::Date => "日期(2024-03-01)",
                    ColumnKind::Number => "数字",
                },
            )?;
            ws.write_string(r, 3, if col.required { "是" } else { "否" })?;
            ws.write_string(r, 4, col.note)?;
            ws.write_string(r, 5, col.example)?;
            r += 1;
        }
    }
    r += 1;
    for line in NOTES {
        ws.write_string(r, 0, *line)?;
        r += 1;
    }
    for (c, w) in [10.0, 16.0, 16.0, 6.0, 70.0, 30.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(2, 0)?;
    book.save_to_buffer()
}

const NOTES: &[&str] = &[
    "1. 每个工作表第一行为标题,第二行为列名,数据从第三行开始;请勿改动列名和列的顺序。",
    "2. 也可导入CSV文件(UTF-8编码):每个工作表的列名行开始一段,三段可放在一个文件里。",
    "3. 导入前先“试导入”:不写入任何数据,返回本文件的副本,每个有误的单元格标红并注明原因。",
    "4. 决定按系统的规则排期(移交、报到期限,期限,检测周期);历次检测记入所在周期,已结束而未检测的周期记为漏检。",
    "5. 同一文件可重复导入:已导入的人员和决定(身份证号码+决定书文号+决定日期)不会重复写入。",
];

/// The file as read, with the reason beside each bad cell; rows without a reason
/// are left out unless `all_rows`.
pub fn report(file: &RawFile, errors: &[CellError], all_rows: bool) -> Result<Vec<u8>, XlsxError> {
    let mut by_row: HashMap<(Sheet, usize), Vec<&CellError>> = HashMap::new();
    for e in errors {
        by_row.entry((e.sheet, e.line)).or_default().push(e);
    }
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(13);
    let bad = Format::new().set_background_color(Color::RGB(0xF8CBAD));
    let bad_day = day_format().set_background_color(Color::RGB(0xF8CBAD));
    let reason = Format::new()
        .set_font_color(Color::RGB(0xC00000))
        .set_text_wrap();
    for sheet in Sheet::ALL {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name())?;
        let cols = sheet.columns();
        let last = cols.len() as u16;
        let refused = file
            .sheet(sheet)
            .iter()
            .filter(|r| by_row.contains_key(&(sheet, r.line)))
            .count();
        let line = format!(
            "{} — 试导入结果:{refused} 行有误(红色单元格,原因见批注和最后一列)",
            sheet.title()
        );
        ws.merge_range(0, 0, 0, last, &line, &title)?;
        for (c, col) in cols.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, col.header, &head())?;
            ws.set_column_width(c as u16, width(col.header))?;
        }
        ws.write_string_with_format(1, last, "错误原因", &head())?;
        ws.set_column_width(last, 60)?;
        ws.write_string_with_format(1, last + 1, "原文件行号", &head())?;
        let mut r = 2u32;
        for row in file.sheet(sheet) {
            let errs = by_row.get(&(sheet, row.line));
            if errs.is_none() && !all_rows {
                continue;
            }
            let bad_cols: HashMap<usize, Vec<&str>> =
                errs.into_iter().flatten().fold(HashMap::new(), |mut m, e| {
                    m.entry(e.column).or_default().push(e.reason.as_str());
                    m
                });
            for c in 0..cols.len().max(row.cells.len()) {
                let cell = row.cells.get(c).unwrap_or(&Cell::Empty);
                let marked = bad_cols.contains_key(&c);
                let col = c as u16;
                match (cell, marked) {
                    (Cell::Date(d), false) => {
                        ws.write_datetime_with_format(r, col, excel_day(*d)?, &day_format())?;
                    }
                    (Cell::Date(d), true) => {
                        ws.write_datetime_with_format(r, col, excel_day(*d)?, &bad_day)?;
                    }
                    (Cell::Number(n), false) => {
                        ws.write_number(r, col, *n)?;
                    }
                    (Cell::Number(n), true) => {
                        ws.write_number_with_format(r, col, *n, &bad)?;
                    }
                    (c, false) => {
                        ws.write_string(r, col, c.text())?;
                    }
                    (c, true) => {
                        ws.write_string_with_format(r, col, c.text(), &bad)?;
                    }
                }
                if let Some(reasons) = bad_cols.get(&c) {
                    ws.insert_note(r, col, &Note::new(reasons.join(";")).set_author("戒康"))?;
                }
            }
            let mut text: Vec<(usize, &str)> = bad_cols
                .iter()
                .flat_map(|(c, rs)| rs.iter().map(move |x| (*c, *x)))
                .collect();
            text.sort();
            let text: Vec<String> = text
                .into_iter()
                .map(|(c, x)| format!("{}:{x}", cols.get(c).map_or("", |h| h.header)))
                .collect();
            ws.write_string_with_format(r, last, text.join(";"), &reason)?;
            ws.write_number(r, last + 1, row.line as f64)?;
            r += 1;
        }
        ws.set_freeze_panes(2, 0)?;
    }
    book.save_to_buffer()
}
