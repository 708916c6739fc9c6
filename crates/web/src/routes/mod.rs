//! Every route of the application, each registered with its access rule.
//!
//! [`Table::add`] is the only way to add a route, and it requires an [`Access`]; the
//! guard enforces it after routing. [`route_specs`] lists the table so the
//! authorisation-matrix test can enumerate every route.

use std::time::Duration;

use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, on};
use jiekang_domain::permission::Action;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

mod accounts;
mod cases;
mod json_api;
mod quality;
// staff, staffing and funding (STAFF-1..4, FUND-1)
mod org;
mod supervision;
mod support;
// MMT-1, N17: methadone clinics
mod clinics;
// CASE-1, CASE-2, N16: releases from compulsory isolation
mod isolation;
// CASE-5: stays in a rehabilitation centre
mod rehab_stays;
// FAC-1, INSPECT-1: offices and inspections
mod inspections;

use crate::auth::{guard, resolve};
use crate::pages;
use crate::state::AppState;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (login page, health check, static assets).
    Public,
    /// Any logged-in user (home page, logout).
    LoggedIn,
    /// A logged-in user, even one who must first change their password.
    PasswordChange,
    /// Any session, even one that still owes its TOTP code (the code step, logout).
    AnySession,
    /// A logged-in user who may still have to enrol TOTP (the enrolment pages).
    Enrolment,
    /// A logged-in user whose role permits the action (DUTY-1).
    Permission(Action),
}

/// One row of the route table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Table {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Table {
    fn add<H, T>(mut self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = if method == Method::POST {
            MethodFilter::POST
        } else {
            MethodFilter::GET
        };
        let guarded = on(filter, handler)
            .route_layer(from_fn(move |req, next| guard::check(access, req, next)));
        self.router = self.router.route(path, guarded);
        self.specs.push(RouteSpec {
            method,
            path,
            access,
        });
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add(Method::GET, path, access, h)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add(Method::POST, path, access, h)
    }
}

fn table() -> Table {
    let t = Table {
        router: Router::new(),
        specs: Vec::new(),
    };
    let t = accounts::routes(t);
    let t = cases::routes(t);
    let t = supervision::routes(t);
    let t = quality::routes(t);
    let t = org::routes(t);
    let t = support::routes(t);
    let t = clinics::routes(t);
    let t = isolation::routes(t);
    let t = rehab_stays::routes(t);
    let t = inspections::routes(t);
    json_api::routes(t)
}

/// The route table, for tests and documentation.
pub fn route_specs() -> Vec<RouteSpec> {
    table().specs
}

// --- the baseline route of `jiekang bench` ---

/// The path of the benchmark's baseline route (only with `serve --bench-baseline`).
pub const BENCH_BASELINE_PATH: &str = "/bench/baseline";

/// Add `GET /bench/baseline`: fixed bytes of the size of an archive page, behind the
/// same guard (a logged-in session, looked up in the database) and the same layers as
/// every page, so that an operation's throughput divided by this one's is the share of
/// the machine's HTTP ceiling the operation reaches. Not in [`route_specs`]: the route
/// exists only when the server is started for a benchmark (the authorisation-matrix
/// test builds the router without it; `tests/http/bench_baseline.rs` covers it).
fn with_bench_baseline(table: Table, bytes: usize) -> Table {
    // An HTML-like body built once; each response shares it.
    let mut body = b"<!doctype html><meta charset=\"utf-8\"><title>bench</title>\n".to_vec();
    while body.len() < bytes {
        body.extend_from_slice(
            b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n",
        );
    }
    body.truncate(bytes);
    let body = axum::body::Bytes::from(body);
    table.get(BENCH_BASELINE_PATH, Access::LoggedIn, move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
    })
}

/// Security headers on every response (no inline script anywhere, so the CSP forbids it).
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The whole application: routes, guards, and the layers every request passes.
pub fn app(state: AppState) -> Router {
    let body_limit = (2 * 1024 * 1024).max(state.config.max_attachment_bytes + 64 * 1024);
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let mut routes = table();
    if let Some(bytes) = state.config.bench_baseline_bytes {
        routes = with_bench_baseline(routes, bytes);
    }
    routes
        .router
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), resolve::resolve_actor))
        // Forms stay small; only an attachment upload may reach the configured size.
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // Framework rejections answer in Chinese, never in English text.
        .layer(from_fn(crate::rejection::translate_rejections))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                tracing::error!("a handler panicked");
                crate::error::AppError::Internal.into_response()
            },
        ))
        // Every request in its language (outside the panic page, which stays Chinese).
        .layer(from_fn(crate::i18n::middleware))
        .layer(TraceLayer::new_for_http())
        // Outermost, so that every answer carries them: pages, 404s, and the answers the
        // layers above make themselves (405, 408, 413, 415 and other rejections, the
        // panic page), which would otherwise be built after these were set.
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::CACHE_CONTROL, "no-store"))
        .with_state(state)
}
