//! Raw WebDriver commands fantoccini has no method for (the console log, CDP).

use super::*;

/// chromedriver's log endpoint (`POST /session/{id}/se/log`, type `browser`): the console
/// entries since the last call. Needs the `goog:loggingPrefs` capability.
#[derive(Debug)]
pub(super) struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// A Chrome DevTools command through chromedriver (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
pub(super) struct Cdp {
    pub(super) cmd: &'static str,
    pub(super) params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The pages link no icon, so Chromium asks for `/favicon.ico`, which answers 404 and logs a
/// console error on every page. Tolerated (that one entry only) until `base.html` links an
/// icon or the router serves one; then set this to `false`.
pub(super) const TOLERATE_MISSING_FAVICON: bool = false;

pub(super) fn is_favicon_404(e: &LogEntry) -> bool {
    e.source == "network"
        && e.message.contains("/favicon.ico - ")
        && e.message.contains("status of 404")
}

/// One entry of the browser console.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}
