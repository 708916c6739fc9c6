//! # jiekang-e2e — real-browser tests
//!
//! Test-only crate: `cargo test -p jiekang-e2e` starts the application in-process over a
//! fresh SQLite store, drives Debian's headless Chromium through chromedriver (WebDriver)
//! at an office-PC size (1366×768) and a phone size (375×812), and saves a screenshot of
//! every page under `target/e2e/`. The harness and the journeys are in `tests/browser/`.
//! Install the browser with `scripts/install-browser.sh`.
