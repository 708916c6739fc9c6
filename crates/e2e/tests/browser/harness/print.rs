//! Printing: the page printed to PDF by Chromium (WebDriver's Print Page, A4, the print
//! stylesheet applies), and the text of a PDF, read with poppler's `pdftotext` (Debian's
//! `poppler-utils`, installed by `scripts/install-browser.sh`).

use std::process::Command;

use fantoccini::wd::PrintConfiguration;

use super::*;

/// Debian's `pdftotext`.
const PDFTOTEXT: &str = "/usr/bin/pdftotext";

impl Browser {
    /// Print the page now shown as Chromium's print dialog would (A4, the print stylesheet)
    /// and save it as `target/e2e/<journey>-<size>-<page>.pdf`; its path.
    pub async fn print_to_pdf(&self, page: &str) -> PathBuf {
        let config = PrintConfiguration::builder()
            .build()
            .expect("the default print configuration (A4)");
        let pdf = self
            .client
            .print(config)
            .await
            .unwrap_or_else(|e| panic!("print {page} to PDF: {e}"));
        assert!(
            pdf.starts_with(b"%PDF-"),
            "Chromium printed a PDF of {page}"
        );
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot directory");
        let path = dir.join(format!("{}-{}-{page}.pdf", self.journey, self.size.name()));
        std::fs::write(&path, pdf).expect("write the printed PDF");
        path
    }
}

/// The text of a PDF, as `pdftotext -layout` reads it.
pub fn pdf_text(pdf: &Path) -> String {
    let exe = executable("JIEKANG_PDFTOTEXT", PDFTOTEXT, "poppler-utils");
    let out = Command::new(exe)
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("run pdftotext on {}: {e}", pdf.display()));
    assert!(
        out.status.success(),
        "pdftotext could not read {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// Text without its white space: a PDF's text comes back with spaces and line breaks where
/// the layout put them, so words are compared without any.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The ways a day may be written on a page or a paper: 2024-10-08, 2024/10/08,
/// 2024年10月8日 and 2024年10月08日.
pub fn day_spellings(day: chrono::NaiveDate) -> [String; 4] {
    [
        day.format("%Y-%m-%d").to_string(),
        day.format("%Y/%m/%d").to_string(),
        day.format("%Y年%-m月%-d日").to_string(),
        day.format("%Y年%m月%d日").to_string(),
    ]
}
