//! The PDF writer: a [`Doc`] laid out on A4 pages and written with krilla (typst's PDF
//! library), which embeds only the glyphs the document uses of the CJK font
//! (`build.rs`: Noto Serif CJK, embedded in the binary). Nothing is fetched and no
//! outside program runs. Layout is simple and deterministic: lines are broken by the
//! font's own advance widths (any character may end a line, but a closing punctuation
//! mark stays with the text before it), tables are ruled and their header repeats on a
//! new page, and every page carries 第 n 页 共 m 页.

use std::sync::OnceLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use super::model::{Block, Doc};

/// The CJK font found at build time (`build.rs`).
static FONT_BYTES: &[u8] = include_bytes!(env!("JIEKANG_CJK_FONT_FILE"));

/// A4 in points, and the margins.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 68.0;
const MARGIN_TOP: f32 = 64.0;
const MARGIN_BOTTOM: f32 = 72.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const BODY: f32 = 12.0;
const LEADING: f32 = 1.75;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded CJK font cannot be read")]
    Font,
    #[error("PDF: {0}")]
    Krilla(String),
}

/// The embedded face: krilla's font and the index of the Simplified Chinese face of
/// the collection (the first face when none is named SC).
struct Face {
    font: Font,
    index: u32,
    upem: f32,
}

fn face() -> Result<&'static Face, PdfError> {
    static FACE: OnceLock<Option<Face>> = OnceLock::new();
    FACE.get_or_init(|| {
        let index = sc_index(FONT_BYTES)?;
        let font = Font::new(krilla::Data::from(FONT_BYTES), index)?;
        let upem = f32::from(
            FontRef::from_index(FONT_BYTES, index)
                .ok()?
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Face { font, index, upem })
    })
    .as_ref()
    .ok_or(PdfError::Font)
}

/// The collection's face whose family name says SC (Simplified Chinese).
fn sc_index(bytes: &[u8]) -> Option<u32> {
    match FileRef::new(bytes).ok()? {
        FileRef::Font(_) => Some(0),
        FileRef::Collection(c) => {
            let sc = (0..c.len()).find(|&i| {
                c.get(i).is_ok_and(|f| {
                    f.localized_strings(StringId::FAMILY_NAME)
                        .english_or_first()
                        .is_some_and(|n| n.to_string().ends_with(" SC"))
                })
            });
            Some(sc.unwrap_or(0))
        }
    }
}

/// Text width in points at `size`.
struct Measure {
    font: FontRef<'static>,
    scale: f32,
}

impl Measure {
    fn new(face: &Face) -> Result<Measure, PdfError> {
        let font = FontRef::from_index(FONT_BYTES, face.index).map_err(|_| PdfError::Font)?;
        Ok(Measure {
            font,
            scale: 1.0 / face.upem,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let map = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        text.chars()
            .map(|c| {
                map.map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(1.0 / self.scale)
            })
            .sum::<f32>()
            * self.scale
            * size
    }

    /// Break `text` into lines of at most `width` (the first `first_indent` narrower).
    fn wrap(&self, text: &str, size: f32, width: f32, first_indent: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut used = if lines.is_empty() { first_indent } else { 0.0 };
            for c in para.chars() {
                let w = self.width(c.encode_utf8(&mut [0; 4]), size);
                if used + w > width && !line.is_empty() && !closes(c) {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += w;
            }
            lines.push(line);
        }
        lines
    }
}

/// Punctuation that may not begin a line (it stays with the text before it).
fn closes(c: char) -> bool {
    ",。、;:?!)》」』”’,.;:?!)".contains(c)
}

/// One drawing operation on a page (y grows downwards, text at its baseline).
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        dashed: bool,
    },
}

/// Pages being filled, top to bottom.
struct Layout<'m> {
    m: &'m Measure,
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    y: f32,
}

impl Layout<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Room for `h` more points, else a new page.
    fn ensure(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN_BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, size: f32, text: String) {
        let y = self.y + size;
        self.ops().push(Op::Text { x, y, size, text });
    }

    /// Lines of text from `x`, the first indented by `indent`; `align` centre or right.
    fn lines(&mut self, text: &str, size: f32, x: f32, width: f32, indent: f32, align: Align) {
        for (i, line) in self
            .m
            .wrap(text, size, width, indent)
            .into_iter()
            .enumerate()
        {
            self.ensure(size * LEADING);
            let w = self.m.width(&line, size);
            let at = match align {
                Align::Left => x + if i == 0 { indent } else { 0.0 },
                Align::Centre => x + (width - w).max(0.0) / 2.0,
                Align::Right => x + (width - w).max(0.0),
            };
            self.text(at, size, line);
            self.y += size * LEADING;
        }
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, dashed: bool) {
        self.ops().push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            dashed,
        });
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(t) => {
                self.y += 6.0;
                self.lines(t, 14.0, MARGIN_X, TEXT_W, 0.0, Align::Centre);
            }
            Block::Para(t) => self.lines(t, BODY, MARGIN_X, TEXT_W, 2.0 * BODY, Align::Left),
            Block::Field(l, v) => {
                self.lines(
                    &format!("{l}:{v}"),
                    BODY,
                    MARGIN_X,
                    TEXT_W,
                    0.0,
                    Align::Left,
                );
            }
            Block::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mark = format!("{}. ", i + 1);
                    let hang = self.m.width(&mark, BODY);
                    let lines = self.m.wrap(item, BODY, TEXT_W - hang, 0.0);
                    for (j, line) in lines.into_iter().enumerate() {
                        self.ensure(BODY * LEADING);
                        if j == 0 {
                            self.text(MARGIN_X, BODY, mark.clone());
                        }
                        self.text(MARGIN_X + hang, BODY, line);
                        self.y += BODY * LEADING;
                    }
                }
            }
            Block::Table(head, rows) => self.table(head, rows),
            Block::Signatures(lines) => {
                self.y += BODY;
                for l in lines {
                    self.lines(l, BODY, MARGIN_X, TEXT_W, 0.0, Align::Right);
                    self.y += BODY * 0.6;
                }
            }
            Block::CutLine => {
                self.ensure(BODY * 4.0);
                self.y += BODY * 1.5;
                let label = "沿此线剪开";
                let size = 9.0;
                let w = self.m.width(label, size);
                let mid = MARGIN_X + TEXT_W / 2.0;
                let y = self.y + size * 0.6;
                self.rule(MARGIN_X, y, mid - w / 2.0 - 6.0, y, true);
                self.rule(mid + w / 2.0 + 6.0, y, MARGIN_X + TEXT_W, y, true);
                self.text(mid - w / 2.0, size, label.to_owned());
                self.y += BODY * 2.0;
            }
        }
    }

    /// A ruled table; columns as wide as their contents ask, within the text width.
    fn table(&mut self, head: &[String], rows: &[Vec<String>]) {
        let size = 10.5;
        let pad = 3.0;
        let n = head.len().max(1);
        let want: Vec<f32> = (0..n)
            .map(|i| {
                std::iter::once(head.get(i))
                    .chain(rows.iter().map(|r| r.get(i)))
                    .flatten()
                    .map(|t| self.m.width(t, size))
                    .fold(size * 3.0, f32::max)
                    .min(TEXT_W * 0.6)
            })
            .collect();
        let total: f32 = want.iter().sum();
        let widths: Vec<f32> = want.iter().map(|w| w / total * TEXT_W).collect();
        self.y += 4.0;
        self.row(head, &widths, size, pad);
        for r in rows {
            let h = self.row_height(r, &widths, size, pad);
            if self.y + h > PAGE_H - MARGIN_BOTTOM {
                self.new_page();
                self.row(head, &widths, size, pad);
            }
            self.row(r, &widths, size, pad);
        }
        self.y += 8.0;
    }

    fn cells(&self, cells: &[String], widths: &[f32], size: f32, pad: f32) -> Vec<Vec<String>> {
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map_or("", String::as_str);
                self.m.wrap(text, size, w - 2.0 * pad, 0.0)
            })
            .collect()
    }

    fn row_height(&self, cells: &[String], widths: &[f32], size: f32, pad: f32) -> f32 {
        let most = self
            .cells(cells, widths, size, pad)
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        most as f32 * size * 1.45 + 2.0 * pad
    }

    fn row(&mut self, cells: &[String], widths: &[f32], size: f32, pad: f32) {
        let h = self.row_height(cells, widths, size, pad);
        self.ensure(h);
        let top = self.y;
        let wrapped = self.cells(cells, widths, size, pad);
        let mut x = MARGIN_X;
        for (i, lines) in wrapped.into_iter().enumerate() {
            for (j, line) in lines.into_iter().enumerate() {
                self.y = top + pad + j as f32 * size * 1.45;
                self.text(x + pad, size, line);
            }
            self.rule(x, top, x, top + h, false);
            x += widths[i];
        }
        self.rule(x, top, x, top + h, false);
        self.rule(MARGIN_X, top, MARGIN_X + TEXT_W, top, false);
        self.rule(MARGIN_X, top + h, MARGIN_X + TEXT_W, top + h, false);
        self.y = top + h;
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
    Right,
}

/// Lay out `doc` on A4 pages.
fn layout(doc: &Doc, m: &Measure) -> Vec<Vec<Op>> {
    let mut l = Layout {
        m,
        pages: vec![Vec::new()],
        y: MARGIN_TOP,
    };
    l.lines(&doc.title, 20.0, MARGIN_X, TEXT_W, 0.0, Align::Centre);
    l.lines(&doc.number, 11.0, MARGIN_X, TEXT_W, 0.0, Align::Centre);
    l.y += 8.0;
    for b in &doc.blocks {
        l.block(b);
    }
    let total = l.pages.len();
    for (i, page) in l.pages.iter_mut().enumerate() {
        let text = format!("第 {} 页 共 {total} 页", i + 1);
        let w = m.width(&text, 9.0);
        page.push(Op::Text {
            x: (PAGE_W - w) / 2.0,
            y: PAGE_H - MARGIN_BOTTOM / 2.0,
            size: 9.0,
            text,
        });
    }
    l.pages
}

/// The document as PDF bytes.
pub fn write(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    let face = face()?;
    let m = Measure::new(face)?;
    let pages = layout(doc, &m);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", doc.title, doc.number))
            .creator(doc.office.clone())
            .language("zh-CN".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => surface.draw_text(
                    Point::from_xy(x, y),
                    face.font.clone(),
                    size,
                    &text,
                    false,
                    TextDirection::Auto,
                ),
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    dashed,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(x1, y1);
                    pb.line_to(x2, y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: 0.6,
                            dash: dashed.then(|| StrokeDash {
                                array: vec![3.0, 2.0],
                                offset: 0.0,
                            }),
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(krilla::paint::Fill::default()));
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Krilla(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        Doc {
            title: "社区戒毒协议".to_owned(),
            number: "戒康协〔2024〕000123号".to_owned(),
            office: "交通街道社区戒毒社区康复工作办公室".to_owned(),
            blocks: vec![
                Block::field("甲方(执行地)", "交通街道社区戒毒社区康复工作办公室"),
                Block::para("根据《中华人民共和国禁毒法》和《戒毒条例》,乙方自2024年10月8日起执行社区戒毒,至2027年10月7日期满。双方约定如下:".repeat(3)),
                Block::List(vec!["甲方为乙方提供戒毒知识辅导。".to_owned(); 3]),
                Block::table(
                    &["检测时间", "结果", "本人签名"],
                    vec![vec!["2024-10-08 09:30".into(), "阴性".into(), String::new()]; 60],
                ),
                Block::CutLine,
                Block::signatures(&["甲方(盖章):__________", "签订日期:2024年10月8日"]),
            ],
        }
    }

    /// A subset font's name: six capital letters and '+' (PDF 32000, 9.6.4).
    fn is_subset_name(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() > 7 && b[..6].iter().all(u8::is_ascii_uppercase) && b[6] == b'+'
    }

    #[test]
    fn a_document_is_a_pdf_with_a_subset_of_the_cjk_font() {
        let pdf = write(&sample()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        if let Ok(path) = std::env::var("JIEKANG_PDF_SAMPLE") {
            std::fs::write(path, &pdf).expect("write");
        }
        let text = String::from_utf8_lossy(&pdf);
        // an embedded font program, named as a subset (six capitals and '+')
        assert!(text.contains("/FontFile"), "no embedded font");
        assert!(
            text.split("/BaseFont/").skip(1).any(is_subset_name),
            "no subset font"
        );
        // only the used glyphs: far smaller than the whole face
        assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
        // the long table runs over onto a second page, numbered
        assert!(layout(&sample(), &Measure::new(face().expect("face")).expect("m")).len() >= 2);
    }

    #[test]
    fn lines_break_within_the_width_and_keep_closing_punctuation() {
        let m = Measure::new(face().expect("face")).expect("m");
        let text = "一二三四五六七八九十".repeat(10);
        let lines = m.wrap(&text, 12.0, 120.0, 0.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, 12.0) <= 120.5));
        let lines = m.wrap("一二三四五六七八九十,", 12.0, 120.0, 0.0);
        assert!(lines.iter().all(|l| !l.starts_with(',')), "{lines:?}");
    }
}
