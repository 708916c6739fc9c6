//! # jiekang-web — the HTTP layer
//!
//! Server-rendered zh-CN pages (askama) and the same data as JSON under `/api/v1`,
//! over one [`jiekang_store::Store`]. Every route is registered in [`routes`] with
//! its access rule; a route without one cannot be added. The acting user's scope
//! travels to every store call; templates never filter data.

pub mod account_sessions;
pub mod api;
pub mod assets;
pub mod auth;
pub mod case_input;
// GB/T 22239: the client address (X-Forwarded-For only from a trusted proxy)
pub mod client_addr;
// Dashboards of recent requests, per scope
pub mod dashboard_cache;
pub mod dates_together;
pub mod documents;
// the name an attachment is downloaded under
pub mod download_name;
pub mod error;
pub mod export;
pub mod extract;
pub mod i18n;
// INFO-1: import of legacy registers (shared with `jiekang import`)
pub mod import;
pub mod input;
pub mod pages;
pub mod rate_limit;
pub mod rejection;
pub mod routes;
pub mod shown_time;
pub mod state;
pub mod unit_cache;
pub mod unit_picker;

pub use routes::{RouteSpec, app};
pub use state::{AppState, Clock, WebConfig};
