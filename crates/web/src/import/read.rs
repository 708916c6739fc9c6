//! INFO-1, import — reading a register file: an Excel workbook (`.xlsx`, the template's
//! three sheets by name, cells with their types) or CSV (UTF-8, one or more sheets
//! one after another, each starting at its header row).

use chrono::NaiveDate;
use jiekang_domain::import::{Cell, RawFile, RawRow, Sheet};

/// Most data rows one file may hold.
pub const MAX_ROWS: usize = 1_000_000;

/// Read `bytes` (an `.xlsx` workbook when it is a ZIP, CSV otherwise).
pub fn read(bytes: &[u8]) -> Result<RawFile, String> {
    let file = if bytes.starts_with(b"PK") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if file.rows() == 0 {
        return Err("文件中没有数据行:请使用导入模板,第二行为列名,数据从第三行开始".into());
    }
    if file.rows() > MAX_ROWS {
        return Err(format!("文件超过{MAX_ROWS}行,请分成几个文件导入"));
    }
    Ok(file)
}

fn push(file: &mut RawFile, sheet: Sheet, row: RawRow) {
    match sheet {
        Sheet::Persons => file.persons.push(row),
        Sheet::Orders => file.orders.push(row),
        Sheet::Records => file.records.push(row),
    }
}

/// The sheet whose header this row is (its first cells are the sheet's columns).
fn header_of(cells: &[Cell]) -> Option<Sheet> {
    Sheet::ALL.into_iter().find(|s| {
        let cols = s.columns();
        cells.len() >= cols.len().min(3)
            && cols
                .iter()
                .zip(cells)
                .take(3)
                .all(|(c, cell)| cell.text() == c.header)
    })
}

fn read_xlsx(bytes: &[u8]) -> Result<RawFile, String> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("无法读取Excel文件:{e}"))?;
    let mut file = RawFile::default();
    let mut found = false;
    for sheet in Sheet::ALL {
        let Ok(range) = book.worksheet_range(sheet.name()) else {
            continue;
        };
        found = true;
        let start = range.start().map_or(0, |s| s.0 as usize);
        let mut in_data = false;
        for (i, row) in range.rows().enumerate() {
            let cells: Vec<Cell> = row.iter().map(cell).collect();
            if !in_data {
                in_data = header_of(&cells) == Some(sheet);
                continue;
            }
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            push(
                &mut file,
                sheet,
                RawRow {
                    line: start + i + 1,
                    cells,
                },
            );
        }
    }
    if !found {
        return Err("Excel文件中没有“人员”“决定”“检测谈话”工作表:请使用导入模板".into());
    }
    Ok(file)
}

fn cell(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(t) => excel_day(t.as_f64()).map_or(Cell::Empty, Cell::Date),
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

/// An Excel serial day (1900 system) as a date.
fn excel_day(serial: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    if !(0.0..3_000_000.0).contains(&days) {
        return None;
    }
    base.checked_add_days(chrono::Days::new(days as u64))
}

fn read_csv(bytes: &[u8]) -> Result<RawFile, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "CSV文件须为UTF-8编码(在Excel中另存为“CSV UTF-8”)".to_owned())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = RawFile::default();
    let mut sheet = None;
    for (line, fields) in csv_records(text)? {
        let cells: Vec<Cell> = fields
            .into_iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f)
                }
            })
            .collect();
        if let Some(s) = header_of(&cells) {
            sheet = Some(s);
            continue;
        }
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        match sheet {
            Some(s) => push(&mut file, s, RawRow { line, cells }),
            // a title line before the first header
            None => continue,
        }
    }
    if sheet.is_none() {
        return Err("CSV文件中没有模板的列名行(身份证号码,姓名,所属单位代码 …)".into());
    }
    Ok(file)
}

/// RFC 4180 records with the 1-based line each starts on; quoted fields may hold
/// commas, doubled quotes and line breaks.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("CSV第{start}行的引号没有闭合"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_csv_sections_start_at_their_header_rows() {
        let csv = "\u{feff}历史台账\n身份证号码,姓名,所属单位代码\n\"1506\",\"张,三\",150602001001\n\n\
                   身份证号码,决定书文号,类别,日期,结果或方式\nx,\"A\"\"1\",检测,2024-01-01,阴性\n";
        let f = read(csv.as_bytes()).expect("read");
        assert_eq!(f.persons.len(), 1);
        assert_eq!(f.persons[0].line, 3);
        assert_eq!(f.persons[0].cells[1], Cell::Text("张,三".into()));
        assert_eq!(f.records[0].cells[1], Cell::Text("A\"1".into()));
        assert_eq!(f.records[0].line, 6);
    }

    #[test]
    fn import_excel_serial_days_are_dates() {
        assert_eq!(excel_day(45352.0), NaiveDate::from_ymd_opt(2024, 3, 1));
    }
}
