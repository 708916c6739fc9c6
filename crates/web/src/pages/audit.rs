//! The auditor's pages (INFO-2 quality trace-back): search the audit trail
//! of the auditor's scope by user, person, unit, action and date, page through it and
//! export it. Every search and every export is itself audited (`audit.search`,
//! `audit.export`).

use crate::i18n::{Msg, filters, msg};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use jiekang_store::model::{AuditEntry, AuditFilter, AuditRecord, PageRequest};
use serde::Deserialize;

use super::{Nav, field_error, render};
use crate::auth::Authenticated;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;

/// Action codes and the message ids of their names, in the order of the search form.
pub const ACTIONS: &[(&str, &str)] = &[
    ("login", "audit-action-login"),
    ("login.failed", "audit-action-login-failed"),
    ("person.create", "audit-action-person-create"),
    ("person.read", "audit-action-person-read"),
    ("person.export", "audit-action-person-export"),
    ("calendar.import", "audit-action-calendar-import"),
    ("audit.search", "audit-action-audit-search"),
    ("audit.export", "audit-action-audit-export"),
    // Administration (jiekang_store::admin_audit), first as one
    // category, then each action.
    (ADMIN_CATEGORY, "audit-action-admin"),
    ("user.created", "audit-action-user-created"),
    ("user.disabled", "audit-action-user-disabled"),
    ("user.enabled", "audit-action-user-enabled"),
    ("user.password_reset", "audit-action-user-password-reset"),
    (
        "user.password_changed",
        "audit-action-user-password-changed",
    ),
    ("totp.reset", "audit-action-totp-reset"),
    ("unit.created", "audit-action-unit-created"),
    ("unit.renamed", "audit-action-unit-renamed"),
    ("unit.retired", "audit-action-unit-retired"),
];

/// The action filter's value for every administrative action at once.
pub const ADMIN_CATEGORY: &str = "admin";

/// Every other action the system records, in words (`audit-action-…` by its code;
/// `case.<step>` is the step's word): the trail is read by people.
pub const OTHER_ACTIONS: &[&str] = &[
    "login.locked",
    "login.lockout",
    "login.password",
    "person.update",
    "person.break_glass",
    "person.read_break_glass",
    "person.duplicate_refused",
    "queue.export",
    "dashboard.export",
    "session.revoked",
    "session.revoked_others",
    "sweep.run",
    "task.answered",
    "task.export",
    "mine.export",
    "totp.enrolled",
    "totp.enrol_failed",
    "totp.disabled",
    "totp.failed",
    "totp.replayed",
    "case.read",
    "case.read_transferred",
    "case.document",
    "case.create",
    "case.test",
    "case.talk",
    "case.search",
    "case.alert_requested",
    "case.warning",
    "case.leave_requested",
    "case.leave_decided",
    "case.leave_returned",
    "case.absence",
    "case.police_notified",
    "case.work_group",
    "case.risk_assessed",
    "case.assigned",
    "risk_scheme.created",
    "case.handover_received",
    "case.attachment_add",
    "case.attachment_read",
    "support.read",
    "support.recorded",
    "support.decided",
    "support.export",
    "clinic.created",
    "clinic.staff",
    "clinic.enrolled",
    "clinic.read",
    "clinic.dose",
    "clinic.test",
    "clinic.ended",
    "clinic.dropout",
    "clinic.export",
    "placement_base.created",
    "placement_base.updated",
    "placement_base.export",
];

/// The name of an action code in `lang` (the code itself when unknown).
pub fn action_label_in(lang: crate::i18n::Lang, code: &str) -> String {
    use crate::i18n::fluent::{format, has};
    if let Some((_, id)) = ACTIONS.iter().find(|(c, _)| *c == code) {
        return format(lang, id, None);
    }
    let id = crate::i18n::labels::label_id("audit-action", code);
    if has(lang, &id) {
        return format(lang, &id, None);
    }
    // a step of a case: 「办理案件:移交公安」
    if let Some(step) = code
        .strip_prefix("case.")
        .and_then(jiekang_domain::case::Step::parse)
    {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set(
            "step",
            format(
                lang,
                &crate::i18n::labels::label_id("case-step", step.code()),
                None,
            ),
        );
        return format(lang, "audit-action-case-step", Some(&args));
    }
    code.to_owned()
}

/// The name of an action code in the request's language.
pub fn action_label(code: &str) -> String {
    action_label_in(crate::i18n::lang(), code)
}

/// Dates in the search form are days in Beijing time (UTC+8).
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// An instant as shown to the auditor: Beijing time to the second.
pub fn local_time(at: DateTime<Utc>) -> String {
    crate::shown_time::seconds(&at)
}

fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(beijing())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The search's filters as typed in, kept in the URL so that a search can be shared.
#[derive(Debug, Default, Deserialize, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Exact username of the actor.
    #[serde(default)]
    pub username: String,
    /// Person id (编号).
    #[serde(default)]
    pub person_id: String,
    /// Only records of this unit's subtree.
    #[serde(default)]
    pub unit_id: String,
    /// Action code, e.g. `person.read`; `admin` for every administrative action
    /// (accounts and units).
    #[serde(default)]
    pub action: String,
    /// First day, `YYYY-MM-DD` (Beijing time), inclusive.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (Beijing time), inclusive.
    #[serde(default)]
    pub to: String,
    /// The `next_after` cursor of the previous page.
    #[serde(default)]
    pub after: String,
    /// Page size, 1–500 (API only; pages show 50).
    #[serde(default)]
    pub limit: String,
}

impl AuditQuery {
    /// The store filter, or a message for each field that cannot be read.
    pub fn filter(&self) -> Result<AuditFilter, FieldErrors> {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let mut errors: FieldErrors = Vec::new();
        let mut id = |field: &'static str, value: &str, message: &'static str| -> Option<i64> {
            let value = text(value)?;
            match value.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push((field, msg(message)));
                    None
                }
            }
        };
        let person_id = id(
            "person_id",
            &self.person_id,
            "audit-person-number-positive-whole",
        );
        let unit_id = id("unit_id", &self.unit_id, "audit-choose-unit-from-list");
        let mut day = |field: &'static str, value: &str| -> Option<NaiveDate> {
            let value = text(value)?;
            match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((field, msg("audit-dates-look-like-year")));
                    None
                }
            }
        };
        let from = day("from", &self.from);
        let to = day("to", &self.to);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            errors.push(("to", msg("audit-end-date-cannot-before")));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (action, actions) = match text(&self.action) {
            Some(a) if a == ADMIN_CATEGORY => (
                None,
                jiekang_store::admin_audit::ACTIONS
                    .iter()
                    .map(|a| (*a).to_owned())
                    .collect(),
            ),
            action => (action, Vec::new()),
        };
        Ok(AuditFilter {
            username: text(&self.username).map(|u| u.to_ascii_lowercase()),
            person_id,
            unit_id,
            action,
            actions,
            from: from.and_then(start_of),
            until: to
                .and_then(|d| d.checked_add_signed(TimeDelta::days(1)))
                .and_then(start_of),
        })
    }

    /// The cursor; a malformed one starts from the newest record.
    pub fn after(&self) -> Option<i64> {
        self.after.trim().parse().ok()
    }

    /// The filters that were set, for the `audit.search` / `audit.export` record.
    pub fn summary(&self) -> String {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&self.filters_query())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The filters as a query string, without the cursor (for links).
    pub fn filters_query(&self) -> String {
        serde_urlencoded::to_string([
            ("username", self.username.trim()),
            ("person_id", self.person_id.trim()),
            ("unit_id", self.unit_id.trim()),
            ("action", self.action.trim()),
            ("from", self.from.trim()),
            ("to", self.to.trim()),
        ])
        .unwrap_or_default()
    }
}

/// Write the `audit.search` / `audit.export` record of the auditor's own use of the trail.
pub async fn audit_use(
    state: &AppState,
    auth: &Authenticated,
    action: &str,
    detail: String,
) -> Result<(), AppError> {
    let actor = &auth.actor;
    state
        .store
        .audit(&AuditEntry {
            at: Utc::now(),
            user_id: Some(actor.user_id),
            username: actor.username.clone(),
            action: action.to_owned(),
            object_type: "audit_event".to_owned(),
            object_id: None,
            person_id: None,
            detail,
            // the request's address (GB/T 22239; `client_addr`)
            client: jiekang_store::audit_client::current(),
        })
        .await?;
    Ok(())
}

/// A row of the result table.
pub struct Row {
    pub record: AuditRecord,
    pub when: String,
    pub action_label: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    query: AuditQuery,
    filters: String,
    /// The unit filter (`macros/unit.html`).
    unit_picker: crate::unit_picker::UnitPicker,
    actions: &'static [(&'static str, &'static str)],
    rows: Vec<Row>,
    total: i64,
    next: Option<String>,
    errors: FieldErrors,
}

impl AuditPage {
    fn error(&self, field: &str) -> Option<&Msg> {
        field_error(&self.errors, field)
    }
}

/// `GET /audit`: the search form and one page of results, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(mut query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let actor = &auth.actor;
    let unit_picker =
        crate::unit_picker::in_scope(&state, &actor.scope, |_| true, &query.unit_id).await?;
    // the unit as the picker sent it, as its id; anything else is left for the
    // filter to refuse with 「请选择列表中的单位」
    let _ = unit_picker.resolve_field(&mut query.unit_id);
    let filters = query.filters_query();
    let (rows, total, next, errors) = match query.filter() {
        Ok(filter) => {
            let page = state
                .store
                .audit_events(&actor.scope, &filter, PageRequest::new(query.after(), 50))
                .await?;
            let total = state
                .store
                .count_audit_events(&actor.scope, &filter)
                .await?;
            audit_use(&state, &auth, "audit.search", query.summary()).await?;
            let next = page.next_after.map(|a| format!("{filters}&after={a}"));
            let rows = page
                .items
                .into_iter()
                .map(|record| Row {
                    when: local_time(record.at),
                    action_label: action_label(&record.action),
                    record,
                })
                .collect();
            (rows, total, next, Vec::new())
        }
        Err(errors) => (Vec::new(), 0, None, errors),
    };
    let status = super::form_status(&errors);
    let page = render(&AuditPage {
        nav: Nav::for_actor(actor, "/audit"),
        query,
        filters,
        unit_picker,
        actions: ACTIONS,
        rows,
        total,
        next,
        errors,
    });
    Ok((status, page).into_response())
}

/// `GET /audit/export.xlsx`: the filtered records as Excel (at most [`MAX_ROWS`]), audited.
///
/// [`MAX_ROWS`]: crate::export::MAX_ROWS
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let actor = &auth.actor;
    let filter = query.filter().map_err(AppError::Invalid)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state
            .store
            .audit_events(&actor.scope, &filter, page)
            .await?;
        rows.extend(batch.items.into_iter().map(|r| {
            let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            vec![
                Cell::Int(r.id),
                Cell::Time(r.at.with_timezone(&beijing()).naive_local()),
                Cell::from(r.username),
                Cell::from(r.unit_name),
                // The export is a Chinese document, like its column heads.
                Cell::from(action_label_in(crate::i18n::Lang::Zh, &r.action)),
                Cell::from(r.action),
                Cell::from(
                    format!("{} {}", r.object_type, opt(r.object_id))
                        .trim()
                        .to_owned(),
                ),
                Cell::from(r.person_id),
                Cell::from(r.detail),
                Cell::from(r.client),
            ]
        }));
        match batch.next_after {
            Some(after) if rows.len() < MAX_ROWS => {
                page = PageRequest::new(Some(after), PageRequest::MAX_LIMIT)
            }
            _ => break,
        }
    }
    rows.truncate(MAX_ROWS);
    let bytes = workbook(
        "审计日志",
        &Title::now("审计日志", actor),
        &[
            "编号",
            "时间(北京时间)",
            "用户",
            "单位",
            "操作",
            "操作代码",
            "对象",
            "人员编号",
            "详情",
            "客户端",
        ],
        &rows,
    )?;
    let detail = format!("{} rows {}", rows.len(), query.summary())
        .trim_end()
        .to_owned();
    audit_use(&state, &auth, "audit.export", detail).await?;
    let name = format!(
        "audit-{}.xlsx",
        Utc::now().with_timezone(&beijing()).format("%Y%m%d")
    );
    Ok(download(&name, bytes))
}
