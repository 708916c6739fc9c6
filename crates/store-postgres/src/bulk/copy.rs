//! The `COPY … FROM STDIN` text format the bulk load writes its rows in.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use jiekang_store::StoreResult;
use sqlx::PgConnection;

/// Bytes sent per `COPY` message.
const SEND_AT: usize = 1 << 20;

/// One `COPY` in text format: columns separated by tabs, rows by newlines, `\N` for
/// NULL, backslash escapes in text.
pub(super) struct CopyRows {
    buf: Vec<u8>,
    first: bool,
}

impl CopyRows {
    fn new() -> Self {
        Self {
            buf: Vec::with_capacity(SEND_AT + 4096),
            first: true,
        }
    }

    fn sep(&mut self) {
        if !self.first {
            self.buf.push(b'\t');
        }
        self.first = false;
    }

    fn end_row(&mut self) {
        self.buf.push(b'\n');
        self.first = true;
    }

    pub(super) fn null(&mut self) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(b"\\N");
        self
    }

    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        self.sep();
        for b in s.bytes() {
            match b {
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                _ => self.buf.push(b),
            }
        }
        self
    }

    /// A `bytea` in hex form (`\\x…`, the backslash escaped for the text format).
    pub(super) fn opt_bytes(&mut self, b: Option<&[u8]>) -> &mut Self {
        let Some(b) = b else {
            return self.null();
        };
        self.sep();
        self.buf.extend_from_slice(b"\\\\x");
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for &byte in b {
            self.buf.push(HEX[usize::from(byte >> 4)]);
            self.buf.push(HEX[usize::from(byte & 0x0f)]);
        }
        self
    }

    pub(super) fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    pub(super) fn raw(&mut self, args: std::fmt::Arguments<'_>) -> &mut Self {
        self.sep();
        let mut s = String::new();
        let _ = s.write_fmt(args);
        self.buf.extend_from_slice(s.as_bytes());
        self
    }

    pub(super) fn int(&mut self, v: i64) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(itoa(v).as_bytes());
        self
    }

    pub(super) fn opt_int(&mut self, v: Option<i64>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    pub(super) fn bool(&mut self, v: bool) -> &mut Self {
        self.sep();
        self.buf.push(if v { b't' } else { b'f' });
        self
    }

    pub(super) fn opt_bool(&mut self, v: Option<bool>) -> &mut Self {
        match v {
            Some(v) => self.bool(v),
            None => self.null(),
        }
    }

    pub(super) fn date(&mut self, d: NaiveDate) -> &mut Self {
        self.raw(format_args!("{}", d.format("%Y-%m-%d")))
    }

    pub(super) fn opt_date(&mut self, d: Option<NaiveDate>) -> &mut Self {
        match d {
            Some(d) => self.date(d),
            None => self.null(),
        }
    }

    pub(super) fn at(&mut self, t: DateTime<Utc>) -> &mut Self {
        self.raw(format_args!("{}+00", t.format("%Y-%m-%d %H:%M:%S%.6f")))
    }

    pub(super) fn local(&mut self, t: NaiveDateTime) -> &mut Self {
        self.raw(format_args!("{}", t.format("%Y-%m-%d %H:%M:%S%.6f")))
    }
}

fn itoa(v: i64) -> String {
    v.to_string()
}

/// Run `COPY {table_and_columns} FROM STDIN` with rows written by `fill`, which gets
/// a fresh [`CopyRows`] and returns when it has written everything; the buffer is sent
/// whenever it passes [`SEND_AT`].
pub(super) async fn copy_in<T: Copy>(
    conn: &mut PgConnection,
    target: &str,
    rows: &[T],
    fill: impl Fn(&mut CopyRows, T),
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut copy = conn
        .copy_in_raw(&format!("COPY {target} FROM STDIN"))
        .await?;
    let mut c = CopyRows::new();
    for &row in rows {
        fill(&mut c, row);
        c.end_row();
        if c.buf.len() >= SEND_AT {
            copy.send(std::mem::take(&mut c.buf)).await?;
            c.buf.reserve(SEND_AT + 4096);
        }
    }
    if !c.buf.is_empty() {
        copy.send(c.buf).await?;
    }
    copy.finish().await?;
    Ok(())
}
