//! Full-page screenshots under `target/e2e/`, and the README's under `docs/screenshots/`.

use super::*;

impl Browser {
    /// Save a full-page PNG as `target/e2e/<journey>-<size>-<page>.png`; with
    /// `JIEKANG_E2E_DOCS` set, the pages the README shows also go to `docs/screenshots/`.
    pub async fn screenshot(&self, page: &str) -> PathBuf {
        let png = self.capture(None, false).await;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot directory");
        let path = dir.join(format!("{}-{}-{page}.png", self.journey, self.size.name()));
        std::fs::write(&path, png).expect("write the screenshot");
        if std::env::var_os("JIEKANG_E2E_DOCS").is_some_and(|v| !v.is_empty()) {
            self.docs_screenshot(page).await;
        }
        path
    }

    /// The page as a PNG, whole (not only the viewport); `scale` 1.0 gives one image pixel per
    /// CSS pixel, `None` the device's own resolution. With a scale, `first_screen` keeps only
    /// the top of the page, one screen high.
    pub(super) async fn capture(&self, scale: Option<f64>, first_screen: bool) -> Vec<u8> {
        let mut params = json!({ "format": "png", "captureBeyondViewport": true });
        if let Some(scale) = scale {
            let size = self
                .client
                .execute(
                    "const d = document.documentElement; \
                     return [d.scrollWidth, d.scrollHeight, window.devicePixelRatio];",
                    vec![],
                )
                .await
                .expect("measure the page");
            let n = |i: usize| size[i].as_f64().expect("page size");
            let height = if first_screen {
                n(1).min(f64::from(self.size.height()))
            } else {
                n(1)
            };
            params["clip"] = json!({
                "x": 0, "y": 0, "width": n(0), "height": height, "scale": scale / n(2),
            });
        }
        let shot = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.captureScreenshot",
                params,
            })
            .await
            .expect("capture a screenshot");
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 screenshot")
    }

    /// The README's copy of a page, at one image pixel per CSS pixel so it stays small.
    pub(super) async fn docs_screenshot(&self, page: &str) {
        let Some(&(_, _, name, extent)) = DOCS_SCREENSHOTS
            .iter()
            .find(|(journey, p, _, _)| *journey == self.journey && *p == page)
        else {
            return;
        };
        let png = self.capture(Some(1.0), extent == Extent::FirstScreen).await;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        std::fs::create_dir_all(&dir).expect("create docs/screenshots");
        let path = dir.join(format!("{name}-{}.png", self.size.name()));
        assert!(
            png.len() <= DOCS_SCREENSHOT_LIMIT,
            "{} would be {} KB; the README's screenshots stay under {} KB",
            path.display(),
            png.len() / 1024,
            DOCS_SCREENSHOT_LIMIT / 1024
        );
        std::fs::write(&path, png).expect("write the docs screenshot");
    }
}

/// How much of a page the README shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extent {
    Page,
    /// The top of a long page, as it first appears on the screen (the case page).
    FirstScreen,
}

/// The screenshots `docs/screenshots/README.md` shows, as (journey, page, name, extent):
/// written as `docs/screenshots/<name>-<size>.png` when `JIEKANG_E2E_DOCS=1`.
pub(super) const DOCS_SCREENSHOTS: [(&str, &str, &str, Extent); 9] = [
    // The English switch.
    ("english", "home-en", "home-english", Extent::Page),
    ("english", "case-en", "case-english", Extent::FirstScreen),
    ("roles", "login", "login", Extent::Page),
    (
        "roles",
        "home-community_staff",
        "home-community-staff",
        Extent::Page,
    ),
    ("register", "persons", "persons", Extent::Page),
    ("register", "archive", "archive", Extent::Page),
    ("roles", "district_office-units", "units", Extent::Page),
    ("case-life", "case-executing", "case", Extent::FirstScreen),
    ("case-life", "queue-handovers", "queues", Extent::Page),
];

/// The README's screenshots are committed: each stays under this size.
pub(super) const DOCS_SCREENSHOT_LIMIT: usize = 150 * 1024;

/// `$CARGO_TARGET_DIR/e2e`, else the workspace's `target/e2e`.
pub fn screenshot_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    };
    target.join("e2e")
}

/// The files in a folder (none if it does not exist).
pub(super) fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}
