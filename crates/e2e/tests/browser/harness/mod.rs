//! The browser harness: Debian's headless Chromium driven through chromedriver (WebDriver,
//! `fantoccini`), against the application served in-process over a fresh SQLite store.
//!
//! - One chromedriver per test process, shared by the tests running at the same time and shut
//!   down when the last of them drops it ([`chromedriver`]).
//! - Each test has its own server ([`Site`]: the contract fixture plus one user per role with
//!   [`PASSWORD`]) and its own browser session with a fresh profile, at one [`Size`].
//! - [`Browser::page`] checks every page the same way: the expected text, no `<script`, no
//!   horizontal scrolling, no browser console errors; and saves a full-page screenshot as
//!   `target/e2e/<journey>-<size>-<page>.png` (`$CARGO_TARGET_DIR/e2e` when that is set).
//! - The console is read through chromedriver's log endpoint (`POST /session/{id}/se/log`,
//!   with the `goog:loggingPrefs` capability `{"browser": "ALL"}`), which fantoccini has no
//!   method for: [`BrowserLog`] is a raw WebDriver command issued through `issue_cmd`. Entries
//!   at level SEVERE or WARNING fail the page, save the documented exceptions ([`Console`] and
//!   [`TOLERATE_MISSING_FAVICON`]).
//! - With `JIEKANG_E2E_DOCS=1` the pages listed in [`DOCS_SCREENSHOTS`] are also written to
//!   `docs/screenshots/` for the README.
//!
//! Chromium or chromedriver missing fails every test with a message naming
//! `scripts/install-browser.sh`; nothing is skipped.

use std::collections::HashMap;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use base64::Engine;
use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use jiekang_domain::permission::Role;
use jiekang_store::contract::fixture::{self, Fixture};
use jiekang_store::model::NewUser;
use jiekang_store::{Scope, Store};
use jiekang_store_sqlite::SqliteStore;
use jiekang_web::auth::password::hash_password_blocking;
use jiekang_web::auth::totp::{code_at, unix_now};
use jiekang_web::{AppState, Clock, WebConfig, app};
use serde_json::{Value, json};

mod browser;
mod checks;
mod chromedriver;
mod journey;
mod layout;
mod login;
mod print;
mod screenshots;
mod site;
mod webdriver;

pub use browser::*;
pub use chromedriver::*;
pub use journey::*;
pub use print::*;
pub use screenshots::*;
pub use site::*;
pub use webdriver::*;

/// The password of every user the harness creates.
pub const PASSWORD: &str = "Correct-Horse-9";

/// Debian's `chromium` and `chromium-driver` packages; never a downloaded browser.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long a page, an element or chromedriver may take before the test fails. Only a bound
/// on waiting: no assertion depends on how fast anything is.
const PATIENCE: Duration = Duration::from_secs(30);

/// A journey still running after this long is stuck (a WebDriver command that never answers);
/// it fails instead of hanging the test run. Again only a bound, never an expectation.
const JOURNEY_LIMIT: Duration = Duration::from_secs(600);

// ---------------------------------------------------------------------------------------------
// Sizes

/// The two screens community work happens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// An office PC: a 1366×768 viewport.
    Desktop,
    /// A phone: a 375×812 viewport, mobile and touch emulation (the viewport meta tag applies,
    /// scrollbars overlay the page as on a real phone).
    Phone,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::Desktop => "desktop",
            Size::Phone => "phone",
        }
    }

    pub fn width(self) -> u32 {
        match self {
            Size::Desktop => 1366,
            Size::Phone => 375,
        }
    }

    pub fn height(self) -> u32 {
        match self {
            Size::Desktop => 768,
            Size::Phone => 812,
        }
    }
}

/// Whether the pages' own JavaScript may run in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    /// As in an ordinary browser (the console is checked for errors).
    Enabled,
    /// Blink's script engine off (`--blink-settings=scriptEnabled=false`): the pages must work
    /// with plain HTML forms and links. WebDriver itself still works.
    Disabled,
}
