//! A printed document as data: title, number, office and blocks, rendered both as an
//! HTML page (print stylesheet) and as a PDF (`pdf.rs`) from the same value, so the two
//! can never say different things.

use chrono::NaiveDate;

/// One document, ready to render.
#[derive(Debug, Clone)]
pub struct Doc {
    pub title: String,
    /// INFO-1 — the stable number ([`jiekang_domain::documents::document_number`]).
    pub number: String,
    /// The issuing office (the township's 社区戒毒社区康复工作办公室).
    pub office: String,
    pub blocks: Vec<Block>,
}

/// A piece of a document, top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading (e.g. 回执).
    Heading(String),
    /// A paragraph of running text (first line indented two characters).
    Para(String),
    /// `label:value` on one line (wrapping under itself).
    Field(String, String),
    /// Numbered items.
    List(Vec<String>),
    /// A ruled table: header row and rows, as text.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Signature and seal lines, right-aligned, with space to sign.
    Signatures(Vec<String>),
    /// The dashed line a receipt is cut along.
    CutLine,
}

impl Block {
    pub fn field(label: &str, value: impl Into<String>) -> Block {
        Block::Field(label.to_owned(), value.into())
    }
    pub fn para(text: impl Into<String>) -> Block {
        Block::Para(text.into())
    }
    pub fn heading(text: &str) -> Block {
        Block::Heading(text.to_owned())
    }
    pub fn signatures(lines: &[&str]) -> Block {
        Block::Signatures(lines.iter().map(|s| (*s).to_owned()).collect())
    }
    pub fn table(head: &[&str], rows: Vec<Vec<String>>) -> Block {
        Block::Table(head.iter().map(|s| (*s).to_owned()).collect(), rows)
    }
}

/// A day as a Chinese document writes it: 2024年10月8日.
pub fn cn_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// A day, or the blank to write it in by hand.
pub fn cn_date_or_blank(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| BLANK_DATE.to_owned(), cn_date)
}

/// The blank for a handwritten date.
pub const BLANK_DATE: &str = "______年____月____日";

/// Recorded text, or a dash when nothing was recorded.
pub fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        s.trim().to_owned()
    }
}
