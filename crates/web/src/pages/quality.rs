//! INFO-2 质量倒查 — the data-quality checks of the user's jurisdiction: the open findings
//! per check (counted by the daily sweep), each check's list with Excel, and the 倒查
//! (trace-back) a supervising office opens on a case ([`trace`]).

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use jiekang_domain::permission::{Action, permits};
use jiekang_domain::quality::QualityCheck;
use jiekang_store::model::PageRequest;
use jiekang_store::quality::{QualityCount, QualityFinding};
use serde::Deserialize;

use super::{Nav, render};
use crate::auth::Authenticated;
use crate::error::AppError;
use crate::i18n::filters;
use crate::state::AppState;

pub mod trace;

const PAGE_SIZE: u32 = 50;

#[derive(Template)]
#[template(path = "quality.html")]
struct QualityPage {
    nav: Nav,
    counts: Vec<QualityCount>,
    in_control: i64,
    may_trace: bool,
}

/// `GET /quality`: every check with its open findings in the scope.
pub async fn show(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let counts = state.store.quality_counts(scope).await?;
    let in_control = state.store.count_in_control(scope).await?;
    Ok(render(&QualityPage {
        nav: Nav::for_actor(&auth.actor, "/quality"),
        counts,
        in_control,
        may_trace: permits(auth.actor.role, Action::QualityTraceBack),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub check: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "quality_findings.html")]
struct FindingsPage {
    nav: Nav,
    check: QualityCheck,
    findings: Vec<QualityFinding>,
    next: Option<i64>,
}

/// The check named in the query; none (or an unknown one) is the first check, so that
/// the list always opens.
impl FindingsPage {
    /// What the detail column holds for this check.
    fn detail_id(&self) -> &'static str {
        match self.check {
            QualityCheck::AddictedWithoutMeasure => "quality-detail-assessed-on",
            QualityCheck::DecidedWithoutHandover => "quality-detail-handover-deadline",
            QualityCheck::AgreementMissing => "quality-detail-reported-on",
            QualityCheck::WorkGroupMissing => "quality-detail-agreement-on",
            QualityCheck::NoContactTwoWindows => "quality-detail-windows",
            QualityCheck::BatchEntry => "quality-detail-batch",
            QualityCheck::LateEntry => "quality-detail-late",
            QualityCheck::ReleasedWithoutRehab => "quality-detail-released-on",
        }
    }
}

fn check_of(code: &str) -> Result<QualityCheck, AppError> {
    Ok(QualityCheck::parse(code.trim()).unwrap_or(QualityCheck::ALL[0]))
}

/// `GET /quality/findings?check=…`: the open findings of one check, oldest first (keyset).
pub async fn list(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let check = check_of(&q.check)?;
    let page = state
        .store
        .quality_findings(
            &auth.actor.scope,
            check,
            PageRequest {
                after: q.after.trim().parse().ok(),
                limit: PAGE_SIZE,
            },
        )
        .await?;
    Ok(render(&FindingsPage {
        nav: Nav::for_actor(&auth.actor, "/quality"),
        check,
        findings: page.items,
        next: page.next_after,
    }))
}

/// `GET /quality/findings/export.xlsx?check=…`: the whole list as Excel (it names
/// persons: counted against the search limit and audited).
pub async fn export(
    State(state): State<AppState>,
    Extension(auth): Extension<Authenticated>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use crate::export::{Cell, MAX_ROWS, Title, download, workbook};
    let check = check_of(&q.check)?;
    let actor = &auth.actor;
    state.search_allowed(actor.user_id)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let batch = state
            .store
            .quality_findings(&actor.scope, check, page)
            .await?;
        rows.extend(batch.items.into_iter().map(|f| {
            vec![
                Cell::from(f.person_name),
                Cell::from(f.unit_name),
                Cell::from(f.case_id),
                Cell::from(f.detail),
                Cell::from(f.raised_on),
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
        "数据质量",
        &Title::now(check.label_zh(), actor),
        &["人员", "单位", "案件编号", "情况", "发现日期"],
        &rows,
    )?;
    crate::export::audit_export(
        &state,
        actor,
        "quality.export",
        "quality",
        None,
        format!("{} {} rows", check.code(), rows.len()),
    )
    .await?;
    let name = format!(
        "quality-{}-{}.xlsx",
        check.code(),
        state.today().format("%Y%m%d")
    );
    Ok(download(&name, bytes))
}

/// What the case page shows of a case's quality: the sweep's flags and the data-quality
/// findings (open and withdrawn), and whether the user may open a 倒查 on it.
pub struct CaseQuality {
    pub flags: Vec<jiekang_store::sweep::CaseFlag>,
    pub findings: Vec<QualityFinding>,
    pub may_trace: bool,
}

impl CaseQuality {
    pub async fn load(
        state: &AppState,
        auth: &Authenticated,
        case_id: i64,
    ) -> Result<Self, AppError> {
        let scope = &auth.actor.scope;
        // a receiving township sees the case before it is its own: no findings then
        let findings = match state.store.case_quality(scope, case_id).await {
            Err(jiekang_store::StoreError::NotFound) => Vec::new(),
            other => other?,
        };
        let flags = state.store.case_flags(case_id).await?;
        Ok(Self {
            flags,
            findings,
            may_trace: permits(auth.actor.role, Action::QualityTraceBack),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty() && self.findings.is_empty() && !self.may_trace
    }
}
