//! The name an attachment is downloaded under: the uploaded name's stem with the
//! extension of the type detected from the bytes (pdf, jpg, png) — never the uploaded
//! extension, so a PDF uploaded as `通知.html` is saved as `通知.pdf` and no program opens
//! it as something else.

/// The extension of a detected attachment type (`bin` for anything else).
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

/// The download name of an upload named `uploaded` whose bytes are `content_type`: the
/// last path segment, without its last extension and any trailing dots or spaces (which
/// some systems drop, uncovering an inner extension), then the type's extension.
pub fn download_name(uploaded: &str, content_type: &str) -> String {
    let base = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let base = base.trim_end_matches(['.', ' ']);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.is_empty() { "附件" } else { stem };
    format!("{stem}.{}", extension(content_type))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_detected_type_names_the_extension() {
        assert_eq!(download_name("通知.html", "application/pdf"), "通知.pdf");
        assert_eq!(
            download_name("决定书 1.pdf", "application/pdf"),
            "决定书 1.pdf"
        );
        assert_eq!(download_name("photo.PNG", "image/jpeg"), "photo.jpg");
        assert_eq!(download_name("scan", "image/png"), "scan.png");
        assert_eq!(download_name("a.html. . ", "application/pdf"), "a.pdf");
        assert_eq!(download_name("x.pdf.exe", "application/pdf"), "x.pdf.pdf");
        assert_eq!(download_name("..\\..\\evil.svg", "image/png"), "evil.png");
        assert_eq!(
            download_name(".htaccess", "application/pdf"),
            ".htaccess.pdf"
        );
        assert_eq!(download_name("", "application/pdf"), "附件.pdf");
        assert_eq!(download_name("...", "image/png"), "附件.png");
        assert_eq!(download_name("a", "text/html"), "a.bin");
    }

    proptest! {
        #[test]
        fn every_name_ends_in_the_detected_extension(name in ".{0,40}", which in 0usize..3) {
            let (ct, ext) = [("application/pdf", ".pdf"), ("image/jpeg", ".jpg"), ("image/png", ".png")][which];
            let out = download_name(&name, ct);
            prop_assert!(out.ends_with(ext), "{}", out);
            prop_assert!(!out.contains('/') && !out.contains('\\'), "{}", out);
            prop_assert!(out.len() > ext.len());
        }
    }
}
