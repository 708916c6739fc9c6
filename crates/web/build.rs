//! The printed documents' font (INFO-1): the server writes PDFs itself with a CJK font
//! embedded as a subset of the glyphs a document uses, so the binary carries the whole
//! face. It is Noto Serif CJK (SIL Open Font License 1.1) from Debian's `fonts-noto-cjk`
//! package, found here at build time and embedded with `include_bytes!`; nothing of it
//! is committed to the repository. `scripts/install-fonts.sh` installs the package (the
//! README's set-up commands run it). `JIEKANG_CJK_FONT=/path/to/font.{ttc,otf,ttf}`
//! names another CJK face (a collection's Simplified Chinese face is chosen).

use std::path::Path;

/// Where Debian (and most distributions) put the Noto CJK collections.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];

fn main() {
    println!("cargo:rerun-if-env-changed=JIEKANG_CJK_FONT");
    println!("cargo:rerun-if-changed=build.rs");
    let chosen = match std::env::var("JIEKANG_CJK_FONT") {
        Ok(path) if !path.trim().is_empty() => {
            if !Path::new(&path).is_file() {
                fail(&format!(
                    "JIEKANG_CJK_FONT names {path}, which is not a file."
                ));
            }
            path
        }
        _ => match CANDIDATES.iter().find(|p| Path::new(p).is_file()) {
            Some(p) => (*p).to_owned(),
            None => fail("no CJK font found for the printed documents (PDF)."),
        },
    };
    println!("cargo:rerun-if-changed={chosen}");
    println!("cargo:rustc-env=JIEKANG_CJK_FONT_FILE={chosen}");
}

fn fail(why: &str) -> ! {
    eprintln!(
        "\n\njiekang-web: {why}\n\
         The server embeds a CJK font (Noto Serif CJK, Debian package fonts-noto-cjk) to write\n\
         its printed documents as PDF. Install it with\n\
         \n    sudo ./scripts/install-fonts.sh      (or: sudo apt-get install fonts-noto-cjk)\n\
         \nor point JIEKANG_CJK_FONT at a CJK .ttc/.otf/.ttf file, then build again.\n"
    );
    std::process::exit(1);
}
