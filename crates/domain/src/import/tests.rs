//! INFO-1, import — the row rules.

use chrono::NaiveDate;

use super::*;
use crate::id_number::check_character;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn today() -> NaiveDate {
    d(2026, 6, 1)
}

fn id(seq: u32) -> String {
    let first17 = format!("15060219800101{seq:03}");
    format!("{first17}{}", check_character(&first17).expect("check"))
}

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

fn row(line: usize, cells: &[&str]) -> RawRow {
    RawRow {
        line,
        cells: cells.iter().map(|c| t(c)).collect(),
    }
}

fn person(line: usize, seq: u32) -> RawRow {
    row(line, &[&id(seq), "张三", "150602001001"])
}

fn order(line: usize, seq: u32, number: &str, decided: &str, released: &str) -> RawRow {
    row(
        line,
        &[
            &id(seq),
            "150602001001",
            "社区戒毒",
            "",
            "东胜分局",
            number,
            decided,
            decided,
            decided,
            decided,
            decided,
            released,
        ],
    )
}

fn test_row(line: usize, seq: u32, number: &str, on: &str) -> RawRow {
    row(
        line,
        &[&id(seq), number, "检测", on, "阴性", "李强", "王芳", ""],
    )
}

fn any_unit(_: &str) -> Option<String> {
    None
}

fn reasons(c: &Checked) -> Vec<(Sheet, usize, usize)> {
    c.sorted_errors()
        .into_iter()
        .map(|e| (e.sheet, e.line, e.column))
        .collect()
}

#[test]
fn import_a_clean_file_passes_whole() {
    let file = RawFile {
        persons: vec![person(3, 1), person(4, 2)],
        orders: vec![
            order(3, 1, "A1", "2024-03-01", ""),
            order(4, 2, "B1", "2025-01-02", ""),
        ],
        records: vec![test_row(3, 1, "A1", "2024-04-01")],
    };
    let c = validate(&file, today(), &any_unit);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(
        (c.persons.len(), c.orders.len(), c.records.len()),
        (2, 2, 1)
    );
}

#[test]
fn import_a_bad_checksum_is_refused_beside_the_cell_and_takes_its_orders_along() {
    let mut bad = id(1);
    let last = if bad.ends_with('0') { "1" } else { "0" };
    bad.replace_range(17.., last);
    let file = RawFile {
        persons: vec![row(3, &[&bad, "张三", "150602001001"])],
        orders: vec![row(
            3,
            &[
                &bad,
                "150602001001",
                "社区戒毒",
                "",
                "x",
                "A1",
                "2024-03-01",
            ],
        )],
        records: vec![],
    };
    let c = validate(&file, today(), &any_unit);
    let e = c.sorted_errors();
    assert!(e[0].reason.contains("校验码"), "{e:?}");
    assert_eq!((e[0].sheet, e[0].column), (Sheet::Persons, 0));
    assert!(c.orders.is_empty());
}

#[test]
fn import_units_outside_the_scope_are_refused_with_the_callers_reason() {
    let file = RawFile {
        persons: vec![person(3, 1)],
        ..RawFile::default()
    };
    let c = validate(&file, today(), &|code: &str| {
        Some(format!("单位代码{code}不在您的辖区内"))
    });
    assert_eq!(reasons(&c), vec![(Sheet::Persons, 3, 2)]);
    assert!(c.errors[0].reason.contains("不在您的辖区内"));
}

#[test]
fn import_dates_in_the_wrong_order_or_the_future_are_refused() {
    let mut o = order(3, 1, "A1", "2024-03-01", "");
    o.cells[9] = t("2024-02-01"); // reported before notified
    let mut f = order(4, 2, "B1", "2024-03-01", "");
    f.cells[11] = t("2030-01-01"); // released in the future
    let file = RawFile {
        orders: vec![o, f],
        ..RawFile::default()
    };
    let c = validate(&file, today(), &any_unit);
    let e = reasons(&c);
    assert!(e.contains(&(Sheet::Orders, 3, 9)), "{e:?}");
    assert!(e.contains(&(Sheet::Orders, 4, 11)), "{e:?}");
}

#[test]
fn import_duplicates_within_the_file_are_refused() {
    let file = RawFile {
        persons: vec![person(3, 1), person(4, 1)],
        orders: vec![
            order(3, 1, "A1", "2020-03-01", "2023-03-01"),
            order(4, 1, "A1", "2020-03-01", "2023-03-01"),
        ],
        ..RawFile::default()
    };
    let c = validate(&file, today(), &any_unit);
    assert_eq!(
        reasons(&c),
        vec![(Sheet::Persons, 4, 0), (Sheet::Orders, 4, 5)]
    );
}

#[test]
fn import_a_second_order_while_another_is_open_is_refused() {
    let file = RawFile {
        orders: vec![
            order(3, 1, "A1", "2020-03-01", ""),
            order(4, 1, "A2", "2024-03-01", ""),
            order(5, 2, "B1", "2019-03-01", "2022-03-01"),
            order(6, 2, "B2", "2023-03-01", ""),
        ],
        ..RawFile::default()
    };
    let c = validate(&file, today(), &any_unit);
    assert_eq!(reasons(&c), vec![(Sheet::Orders, 4, 6)]);
    assert_eq!(c.orders.len(), 3);
}

#[test]
fn import_records_must_belong_to_an_order_and_fall_inside_its_term() {
    let file = RawFile {
        orders: vec![order(3, 1, "A1", "2024-03-01", "2025-01-01")],
        records: vec![
            test_row(3, 1, "A1", "2024-02-01"),
            test_row(4, 1, "XX", "2024-04-01"),
            test_row(5, 1, "A1", "2025-02-01"),
            row(6, &[&id(1), "A1", "检测", "2024-04-01", "阴性", "李强", ""]),
            test_row(7, 1, "A1", "2024-04-01"),
        ],
        ..RawFile::default()
    };
    let c = validate(&file, today(), &any_unit);
    assert_eq!(
        reasons(&c),
        vec![
            (Sheet::Records, 3, 3),
            (Sheet::Records, 4, 1),
            (Sheet::Records, 5, 3),
            (Sheet::Records, 6, 6)
        ]
    );
    assert_eq!(c.records.len(), 1);
}

#[test]
fn import_refusing_a_person_later_cascades_to_orders_and_records() {
    let file = RawFile {
        persons: vec![person(3, 1)],
        orders: vec![order(3, 1, "A1", "2024-03-01", "")],
        records: vec![test_row(3, 1, "A1", "2024-04-01")],
    };
    let mut c = validate(&file, today(), &any_unit);
    c.refuse(Sheet::Persons, 3, 0, "该证件号码已在他处登记");
    assert!(c.persons.is_empty() && c.orders.is_empty() && c.records.is_empty());
    assert_eq!(c.errors.len(), 3);
}

#[test]
fn import_dates_are_read_as_offices_type_them() {
    for s in [
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "20240301",
        "2024年3月1日",
    ] {
        assert_eq!(rows::parse_date(s), Some(d(2024, 3, 1)), "{s}");
    }
    assert_eq!(rows::parse_date("2024-02-30"), None);
}
