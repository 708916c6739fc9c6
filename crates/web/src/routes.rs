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

use crate::auth::{guard, resolve};
use crate::state::AppState;
use crate::{api, assets, pages};

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
    /// Issue #5 item 4.
    AnySession,
    /// A logged-in user who may still have to enrol TOTP (the enrolment pages).
    /// Issue #5 item 4.
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
    use Access::*;
    let t = Table {
        router: Router::new(),
        specs: Vec::new(),
    };
    t.get("/healthz", Public, api::health::healthz)
        .get("/assets/app.css", Public, assets::stylesheet)
        // Issue #7: the 中文 / English switch (a link; sets the `lang` cookie).
        .get("/lang", Public, crate::i18n::switch)
        .get("/login", Public, pages::login::show)
        .post("/login", Public, pages::login::submit)
        .post("/logout", AnySession, pages::login::logout)
        // --- Accounts (issue #5 item 4): second factor, own sessions ---
        .get("/login/totp", AnySession, pages::second_factor::show)
        .post("/login/totp", AnySession, pages::second_factor::submit)
        .get("/account/totp", Enrolment, pages::totp::show)
        .post("/account/totp/enable", Enrolment, pages::totp::enable)
        .post("/account/totp/disable", LoggedIn, pages::totp::disable)
        .get("/account/sessions", LoggedIn, pages::sessions::list)
        .post(
            "/account/sessions/revoke-others",
            LoggedIn,
            pages::sessions::revoke_others,
        )
        .post(
            "/account/sessions/{id}/revoke",
            LoggedIn,
            pages::sessions::revoke,
        )
        .post(
            "/users/{id}/reset-totp",
            Permission(Action::UsersManage),
            pages::users::reset_totp,
        )
        .get("/api/v1/sessions", LoggedIn, api::sessions::list)
        .post(
            "/api/v1/sessions/revoke-others",
            LoggedIn,
            api::sessions::revoke_others,
        )
        .post(
            "/api/v1/sessions/{id}/revoke",
            LoggedIn,
            api::sessions::revoke,
        )
        .get("/", LoggedIn, pages::home::show)
        .get("/account/password", PasswordChange, pages::account::show)
        .post("/account/password", PasswordChange, pages::account::submit)
        .get("/units", Permission(Action::UnitsRead), pages::units::list)
        .post(
            "/units",
            Permission(Action::UnitsManage),
            pages::units::create,
        )
        .post(
            "/units/{id}/rename",
            Permission(Action::UnitsManage),
            pages::units::rename,
        )
        .post(
            "/units/{id}/retire",
            Permission(Action::UnitsManage),
            pages::units::retire,
        )
        .get("/users", Permission(Action::UsersRead), pages::users::list)
        .post(
            "/users",
            Permission(Action::UsersManage),
            pages::users::create,
        )
        .post(
            "/users/{id}/disable",
            Permission(Action::UsersManage),
            pages::users::disable,
        )
        .post(
            "/users/{id}/enable",
            Permission(Action::UsersManage),
            pages::users::enable,
        )
        // Issue #7 (ui-i18n): the confirmation page before 停用 / 重置密码 / 重置两步验证.
        .get(
            "/users/{id}/confirm",
            Permission(Action::UsersManage),
            pages::users::confirm,
        )
        .post(
            "/users/{id}/reset-password",
            Permission(Action::UsersManage),
            pages::users::reset_password,
        )
        .get(
            "/calendar",
            Permission(Action::CalendarManage),
            pages::calendar::show,
        )
        .post(
            "/calendar/import",
            Permission(Action::CalendarManage),
            pages::calendar::import,
        )
        .get(
            "/persons",
            Permission(Action::PersonsRead),
            pages::persons::list,
        )
        .get(
            "/persons/export.xlsx",
            Permission(Action::PersonsRead),
            pages::persons::export,
        )
        .get(
            "/persons/new",
            Permission(Action::PersonsWrite),
            pages::persons::new_form,
        )
        .post(
            "/persons/new",
            Permission(Action::PersonsWrite),
            pages::persons::create,
        )
        .get(
            "/persons/{id}",
            Permission(Action::PersonsRead),
            pages::persons::show,
        )
        .get(
            "/persons/emergency",
            Permission(Action::PersonsRead),
            pages::emergency::show,
        )
        .post(
            "/persons/emergency",
            Permission(Action::PersonsRead),
            pages::emergency::open,
        )
        .get(
            "/persons/{id}/profile",
            Permission(Action::PersonsWrite),
            pages::persons::profile_form,
        )
        .post(
            "/persons/{id}/profile",
            Permission(Action::PersonsWrite),
            pages::persons::profile_save,
        )
        .get(
            "/persons/{id}/cases/new",
            Permission(Action::CasesWrite),
            pages::cases::new_form,
        )
        .post(
            "/persons/{id}/cases/new",
            Permission(Action::CasesWrite),
            pages::cases::create,
        )
        .get(
            "/cases/{id}",
            Permission(Action::PersonsRead),
            pages::cases::show,
        )
        .get(
            "/cases/{id}/agreement",
            Permission(Action::PersonsRead),
            pages::cases::agreement,
        )
        .post(
            "/cases/{id}/steps",
            Permission(Action::CasesWrite),
            pages::cases::step,
        )
        .post(
            "/cases/{id}/tests",
            Permission(Action::CasesWrite),
            pages::cases::test,
        )
        .post(
            "/cases/{id}/records",
            Permission(Action::CasesWrite),
            pages::cases::record,
        )
        .post(
            "/cases/{id}/attachments",
            Permission(Action::CasesWrite),
            pages::cases::upload,
        )
        .get(
            "/attachments/{id}",
            Permission(Action::PersonsRead),
            pages::cases::download,
        )
        .post(
            "/handovers/{id}/receive",
            Permission(Action::CasesWrite),
            pages::cases::receive_handover,
        )
        .get(
            "/queues",
            Permission(Action::PersonsRead),
            pages::queues::show,
        )
        .get(
            "/queues/export.xlsx",
            Permission(Action::PersonsRead),
            pages::queues::export,
        )
        // issue #5: the auditor's search of the audit trail, its export and JSON twin
        .get("/audit", Permission(Action::AuditRead), pages::audit::list)
        .get(
            "/audit/export.xlsx",
            Permission(Action::AuditRead),
            pages::audit::export,
        )
        .get(
            "/api/v1/persons/{id}/cases",
            Permission(Action::PersonsRead),
            api::cases::of_person,
        )
        .post(
            "/api/v1/persons/{id}/cases",
            Permission(Action::CasesWrite),
            api::cases::create,
        )
        .get(
            "/api/v1/cases/{id}",
            Permission(Action::PersonsRead),
            api::cases::show,
        )
        .post(
            "/api/v1/cases/{id}/steps",
            Permission(Action::CasesWrite),
            api::cases::step,
        )
        .post(
            "/api/v1/cases/{id}/tests",
            Permission(Action::CasesWrite),
            api::cases::test,
        )
        .post(
            "/api/v1/cases/{id}/records",
            Permission(Action::CasesWrite),
            api::cases::record,
        )
        .get(
            "/api/v1/queues",
            Permission(Action::PersonsRead),
            api::cases::queue,
        )
        .get("/api/v1/openapi.json", Public, api::openapi::document)
        .get(
            "/api/v1/calendar",
            Permission(Action::CalendarManage),
            api::calendar::show,
        )
        .post("/api/v1/session", Public, api::session::login)
        .post("/api/v1/session/logout", LoggedIn, api::session::logout)
        .get("/api/v1/me", LoggedIn, api::session::me)
        .get(
            "/api/v1/units",
            Permission(Action::UnitsRead),
            api::units::list,
        )
        .get(
            "/api/v1/audit",
            Permission(Action::AuditRead),
            api::audit::list,
        )
        .get(
            "/api/v1/users",
            Permission(Action::UsersRead),
            api::users::list,
        )
        .get(
            "/api/v1/persons",
            Permission(Action::PersonsRead),
            api::persons::list,
        )
        .post(
            "/api/v1/persons",
            Permission(Action::PersonsWrite),
            api::persons::create,
        )
        .get(
            "/api/v1/persons/{id}",
            Permission(Action::PersonsRead),
            api::persons::show,
        )
        // --- 待办事项: tasks addressed to the units of one's scope ---
        .get("/tasks", Permission(Action::TasksWork), pages::tasks::list)
        .get(
            "/tasks/{id}",
            Permission(Action::TasksWork),
            pages::tasks::show,
        )
        .post(
            "/tasks/{id}/answer",
            Permission(Action::TasksWork),
            pages::tasks::answer,
        )
        .get(
            "/api/v1/tasks",
            Permission(Action::TasksWork),
            api::tasks::list,
        )
        .get(
            "/api/v1/tasks/{id}",
            Permission(Action::TasksWork),
            api::tasks::show,
        )
        .post(
            "/api/v1/tasks/{id}/answer",
            Permission(Action::TasksWork),
            api::tasks::answer,
        )
        // --- Supervision dashboards (STAT-1, issue #6) ---
        .get(
            "/dashboard",
            Permission(Action::SupervisionRead),
            pages::dashboard::show,
        )
        .get(
            "/dashboard/export.xlsx",
            Permission(Action::SupervisionRead),
            pages::dashboard::export,
        )
        .get(
            "/api/v1/dashboard",
            Permission(Action::SupervisionRead),
            api::dashboard::show,
        )
}

/// The route table, for tests and documentation.
pub fn route_specs() -> Vec<RouteSpec> {
    table().specs
}

// --- issue #6 item 2: the baseline route of `jiekang bench` ---

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
        // Issue #5 item 9: framework rejections answer in Chinese, never in English text.
        .layer(from_fn(crate::rejection::translate_rejections))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                tracing::error!("a handler panicked");
                crate::error::AppError::Internal.into_response()
            },
        ))
        // Issue #7: every request in its language (outside the panic page, which stays Chinese).
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
