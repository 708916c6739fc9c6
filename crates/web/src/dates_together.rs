//! A date never breaks across lines: Chromium may break `2024-10-08` after a hyphen when a
//! narrow phone column ends there (in a sentence such as 「应于 2024-10-14 前报到」). Every
//! `yyyy-mm-dd` in a page's text is wrapped in `<span class="date">`, which the style sheet
//! keeps on one line. Tags and their attribute values are left alone, and so are the
//! contents of `textarea`, `title`, `option`, `script` and `style` (text there is not laid
//! out, or a form would submit the markup). Copying a date from the page gives the date.

use std::borrow::Cow;

const OPEN: &str = "<span class=\"date\">";
const CLOSE: &str = "</span>";
/// Elements whose text is not laid out as page text.
const RAW: [&str; 5] = ["textarea", "title", "option", "script", "style"];

/// `html` with every date of its text wrapped (borrowed when there is none).
pub fn keep_dates_together(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let end = html[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                i = match raw_element(&html[i..end]) {
                    // skip to the element's end tag
                    Some(name) => find_end_tag(html, end, name),
                    None => end,
                };
            }
            b'0'..=b'9' if is_date_at(bytes, i) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len() + 256));
                buf.push_str(&html[copied..i]);
                buf.push_str(OPEN);
                buf.push_str(&html[i..i + 10]);
                buf.push_str(CLOSE);
                i += 10;
                copied = i;
            }
            _ => i += 1,
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// `yyyy-mm-dd` starts at `i`, not inside a longer run of digits.
fn is_date_at(b: &[u8], i: usize) -> bool {
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let at = |k: usize, c: u8| b.get(k) == Some(&c);
    (i == 0 || !b[i - 1].is_ascii_digit())
        && (0..4).all(|k| digit(i + k))
        && at(i + 4, b'-')
        && digit(i + 5)
        && digit(i + 6)
        && at(i + 7, b'-')
        && digit(i + 8)
        && digit(i + 9)
        && !digit(i + 10)
}

/// The name of the raw-text element `tag` opens (`<textarea …>`), if it is one.
fn raw_element(tag: &str) -> Option<&'static str> {
    let name: String = tag[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    RAW.into_iter().find(|r| *r == name)
}

/// The index just past `</name…>` at or after `from` (the end of `html` if it has none).
fn find_end_tag(html: &str, from: usize, name: &str) -> usize {
    let lower = html[from..].to_ascii_lowercase();
    match lower.find(&format!("</{name}")) {
        Some(at) => {
            let start = from + at;
            html[start..]
                .find('>')
                .map_or(html.len(), |e| start + e + 1)
        }
        None => html.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_in_text_are_wrapped_and_nothing_else() {
        let html = "<p>应于 2024-10-14 前报到,已报到 2024-10-08</p>";
        assert_eq!(
            keep_dates_together(html),
            "<p>应于 <span class=\"date\">2024-10-14</span> 前报到,已报到 \
             <span class=\"date\">2024-10-08</span></p>"
        );
        assert!(matches!(
            keep_dates_together("<p>没有日期 2024-1-8 120-10-08</p>"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            keep_dates_together("<p>12024-10-081</p>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tags_attributes_and_raw_text_are_left_alone() {
        let html = "<title>2024-10-08</title><input value=\"2024-10-08\" max=\"2026-12-07\">\
                    <textarea name=\"note\">2024-10-08 谈话</textarea>\
                    <select><option value=\"2024\">2024-01-01</option></select>\
                    <p>2024-10-08 09:00</p>";
        let out = keep_dates_together(html);
        assert_eq!(
            out,
            "<title>2024-10-08</title><input value=\"2024-10-08\" max=\"2026-12-07\">\
             <textarea name=\"note\">2024-10-08 谈话</textarea>\
             <select><option value=\"2024\">2024-01-01</option></select>\
             <p><span class=\"date\">2024-10-08</span> 09:00</p>"
        );
    }

    #[test]
    fn an_unclosed_raw_element_or_tag_ends_the_scan() {
        assert!(matches!(
            keep_dates_together("<textarea>2024-10-08"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            keep_dates_together("<p title=\"2024-10-08"),
            Cow::Borrowed(_)
        ));
    }

    proptest! {
        /// Taking the wrappers out again gives the page back, whatever it holds.
        #[test]
        fn unwrapping_gives_the_page_back(html in "[<>/a-z\"= 0-9-]{0,80}") {
            let out = keep_dates_together(&html);
            prop_assert_eq!(out.replace(OPEN, "").replace(CLOSE, ""), html.replace(OPEN, "").replace(CLOSE, ""));
        }
    }
}
