use super::*;
use crate::calendar::MAX_NAME_CHARS;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn err(text: &str) -> CalendarImportError {
    parse_notice_file(text).unwrap_err()
}

#[test]
fn parses_a_year_with_header_comments_and_crlf() {
    let text = "\u{feff}# 2027 notice\r\n#year 2027\r\n\r\n2027-01-01\tholiday\t元旦\thttps://example.gov/1\r\n2027-02-06\tWORKDAY\t春节\r\n";
    let notices = parse_notice_file(text).unwrap();
    assert_eq!(notices.len(), 1);
    let n = &notices[0];
    assert_eq!(n.year(), 2027);
    assert_eq!(n.source(), "https://example.gov/1");
    assert_eq!(n.entries().len(), 2);
    assert_eq!(n.entry(d(2027, 2, 6)).unwrap().kind, DayKind::Workday);
    assert_eq!(n.entry(d(2027, 1, 1)).unwrap().name, "元旦");
    assert_eq!(n.entry(d(2027, 2, 6)).unwrap().source, None);
    assert!(n.entry(d(2027, 1, 2)).is_none());
}

#[test]
fn years_come_from_dates_without_directive_and_entries_are_sorted() {
    let text =
        "2028-10-01\tholiday\t国庆节\n2027-12-31\tholiday\t元旦\n2028-01-01\tholiday\t元旦\n";
    let notices = parse_notice_file(text).unwrap();
    assert_eq!(
        notices.iter().map(|n| n.year()).collect::<Vec<_>>(),
        [2027, 2028]
    );
    assert_eq!(notices[1].entries()[0].date, d(2028, 1, 1));
}

#[test]
fn a_declared_year_without_dates_is_still_a_notice() {
    let notices = parse_notice_file("#years 2030-2031\n").unwrap();
    assert_eq!(notices.len(), 2);
    assert!(notices.iter().all(|n| n.entries().is_empty()));
}

#[test]
fn rejects_a_bad_date_with_line_number_in_both_languages() {
    let e = err("# c\n#year 2027\n2027-13-01\tholiday\t元旦\n");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.code(), "bad_date");
    let shown = e.to_string();
    assert!(
        shown.starts_with("第3行:日期格式错误,应为 YYYY-MM-DD"),
        "{shown}"
    );
    assert!(shown.contains("(line 3: bad date '2027-13-01'"), "{shown}");
    assert_eq!(err("2027-1-05\tholiday\t元旦\n").code(), "bad_date");
    assert_eq!(err("2027-02-30\tholiday\tx\n").code(), "bad_date");
}

#[test]
fn rejects_unknown_kind_and_wrong_field_count() {
    assert_eq!(err("2027-01-01\toff\t元旦\n").code(), "unknown_kind");
    let e = err("2027-01-01 holiday 元旦\n");
    assert_eq!((e.line, e.code()), (Some(1), "field_count"));
    assert_eq!(
        err("2027-01-01\tholiday\t元旦\turl\textra\n").code(),
        "field_count"
    );
}

#[test]
fn rejects_a_make_up_workday_on_a_weekday() {
    // 2027-01-04 is a Monday.
    let e = err("2027-01-04\tworkday\t元旦\n");
    assert_eq!(e.code(), "workday_not_weekend");
    assert!(e.to_string().contains("周一"), "{e}");
}

#[test]
fn accepts_a_holiday_on_a_weekend() {
    // 2027-01-02 is a Saturday inside a New Year block.
    let notices = parse_notice_file("2027-01-02\tholiday\t元旦\n").unwrap();
    assert_eq!(notices[0].entries()[0].kind, DayKind::Holiday);
}

#[test]
fn rejects_duplicates_naming_the_first_line() {
    let e = err("2027-01-01\tholiday\t元旦\n\n2027-01-01\tholiday\t元旦\n");
    assert_eq!(e.line, Some(3));
    assert_eq!(
        e.problem,
        NoticeProblem::DuplicateDate {
            date: d(2027, 1, 1),
            first_line: Some(1)
        }
    );
    assert_eq!(
        err("#year 2027\n#years 2026-2027\n").code(),
        "duplicate_year"
    );
}

#[test]
fn rejects_dates_outside_declared_years_and_bad_directives() {
    let e = err("#year 2027\n2028-01-01\tholiday\t元旦\n");
    assert_eq!((e.line, e.code()), (Some(2), "date_outside_year"));
    assert_eq!(err("#year 27\n").code(), "bad_directive");
    assert_eq!(err("#years 2030-2029\n").code(), "bad_directive");
    assert_eq!(err("#year 2027 2028\n").code(), "bad_directive");
    assert_eq!(err("#year 2300\n").code(), "year_out_of_range");
    assert_eq!(err("2300-01-01\tholiday\tx\n").code(), "year_out_of_range");
    // Not a directive: an ordinary comment.
    assert_eq!(err("#yearly review\n").code(), "no_data");
}

#[test]
fn rejects_empty_names_control_characters_and_empty_files() {
    assert_eq!(err("2027-01-01\tholiday\t \n").code(), "empty_name");
    assert_eq!(
        err("2027-01-01\tholiday\ta\u{7}b\n").code(),
        "control_character"
    );
    let long = "节".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        err(&format!("2027-01-01\tholiday\t{long}\n")).code(),
        "too_long"
    );
    let e = err("# only a comment\n");
    assert_eq!((e.line, e.code()), (None, "no_data"));
}

#[test]
fn export_round_trips() {
    let text = "#year 2027\n2027-02-06\tworkday\t春节\thttps://a\n2027-01-01\tholiday\t元旦\thttps://b\n2027-10-01\tholiday\t国庆节\n#year 2028\n";
    let notices = parse_notice_file(text).unwrap();
    let exported = to_notice_file(&notices);
    assert!(exported.contains("#year 2028\n"));
    assert_eq!(parse_notice_file(&exported).unwrap(), notices);
}

/// Any text, and any mangling of a good file, is parsed or refused
/// with a line number inside the file; never a panic.
mod hostile {
    use super::*;
    use proptest::prelude::*;

    const GOOD: &str =
        "#year 2027\n2027-01-01\tholiday\t元旦\thttps://example.gov/1\n2027-02-06\tworkday\t春节\n";

    fn check(text: &str) {
        match parse_notice_file(text) {
            Ok(notices) => {
                for n in &notices {
                    assert!(NOTICE_YEARS.contains(&n.year()), "{}", n.year());
                }
            }
            Err(e) => {
                if let Some(line) = e.line {
                    assert!(line >= 1 && line <= text.lines().count(), "{e}");
                }
                assert!(!e.to_string().is_empty());
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_is_parsed_or_refused_with_a_line(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn any_mangled_line_is_parsed_or_refused_with_a_line(
            cut in 0usize..GOOD.len(),
            insert in "[\\t\\n0-9a-z#-]{0,12}",
        ) {
            let mut text = GOOD.to_owned();
            let at = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.insert_str(at, &insert);
            check(&text);
        }
    }
}
