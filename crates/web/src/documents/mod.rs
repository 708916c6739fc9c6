//! INFO-1 — the printed documents of a case: each built from the recorded data as a
//! [`model::Doc`], then shown as an A4 page for the browser's print (print stylesheet)
//! or written by the server as a PDF with the CJK font's used glyphs embedded (`pdf.rs`).
//!
//! Every document is read through [`jiekang_store::prelude::Cases::case_document`]: the
//! acting user's scope decides (out of scope answers 404 like a missing case) and the read
//! is audited as `case.document` naming the document. No document shows a planned test
//! date (D4: they are secret from the person): the builders never read the test windows.
//! The issuing office is the township's 社区戒毒社区康复工作办公室 (N5).

mod kinds;
pub mod model;
pub mod pdf;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jiekang_domain::documents::DocumentKind;
use jiekang_store::cases::CaseDocument;
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::extract::Id;
use crate::i18n::filters;
use crate::pages::render;
use crate::state::AppState;
use model::{Block, Doc};

/// What a builder reads: the case with its person, and who issues the document.
pub struct Ctx {
    pub data: CaseDocument,
    /// The township's office (甲方, the issuing office).
    pub office: String,
    /// The township (乡镇/街道) itself.
    pub township: String,
}

/// `?record=N`: one test, talk, leave or warning; without it the document lists them all.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordQuery {
    pub record: Option<String>,
}

impl RecordQuery {
    fn id(&self) -> Result<Option<i64>, AppError> {
        match self.record.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| AppError::NotFound),
        }
    }
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    kind: DocumentKind,
    doc: Doc,
    doc_person: String,
    case_id: i64,
    pdf_href: String,
}

impl DocumentPage {
    /// The kind's name in the interface language (the page's title).
    fn kind_label(&self) -> crate::i18n::Msg {
        crate::i18n::Msg::dynamic(format!("document-kind-{}", self.kind.code()))
    }
}

/// Read the case for `kind` (scoped, audited) and build the document.
async fn build(
    state: &AppState,
    auth: &Authenticated,
    kind: DocumentKind,
    id: i64,
    record: Option<i64>,
) -> Result<(Doc, String), AppError> {
    let actor = &auth.actor;
    let detail = match record {
        Some(r) => format!("{} {r}", kind.code()),
        None => kind.code().to_owned(),
    };
    let data = state
        .store
        .case_document(&actor.scope, actor.user_id, id, &detail)
        .await?;
    let tree = state.unit_tree().await?;
    let township = tree
        .township_of(data.file.case.unit_id.get())
        .map_or_else(|| data.file.case.unit_name.clone(), |u| u.name.clone());
    let ctx = Ctx {
        office: format!("{township}社区戒毒社区康复工作办公室"),
        township,
        data,
    };
    let doc = kinds::build(kind, &ctx, record)?;
    Ok((doc, ctx.data.file.case.person_name))
}

/// The document as an A4 page for the browser's print.
pub async fn html(
    state: AppState,
    auth: Authenticated,
    kind: DocumentKind,
    id: i64,
    query: RecordQuery,
) -> Result<Response, AppError> {
    let record = query.id()?;
    let (doc, doc_person) = build(&state, &auth, kind, id, record).await?;
    // every kind's PDF is its page's path with `.pdf`
    let pdf = format!("/cases/{id}/{}.pdf", kind.code());
    let pdf_href = match record {
        Some(r) => format!("{pdf}?record={r}"),
        None => pdf,
    };
    Ok(render(&DocumentPage {
        kind,
        doc,
        doc_person,
        case_id: id,
        pdf_href,
    }))
}

/// The document as a PDF written by the server.
pub async fn pdf(
    state: AppState,
    auth: Authenticated,
    kind: DocumentKind,
    id: i64,
    query: RecordQuery,
) -> Result<Response, AppError> {
    let record = query.id()?;
    let (doc, _) = build(&state, &auth, kind, id, record).await?;
    let bytes = tokio::task::spawn_blocking(move || pdf::write(&doc))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "PDF failed");
            AppError::Internal
        })?;
    let name = match record {
        Some(r) => format!("{}-{id}-{r}.pdf", kind.code()),
        None => format!("{}-{id}.pdf", kind.code()),
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
                    .map_err(|_| AppError::Internal)?,
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

macro_rules! handlers {
    ($($kind:ident => $html:ident, $pdf:ident;)*) => {$(
        pub async fn $html(
            State(state): State<AppState>,
            Extension(auth): Extension<Authenticated>,
            Id(id): Id,
            Query(q): Query<RecordQuery>,
        ) -> Result<Response, AppError> {
            html(state, auth, DocumentKind::$kind, id, q).await
        }
        pub async fn $pdf(
            State(state): State<AppState>,
            Extension(auth): Extension<Authenticated>,
            Id(id): Id,
            Query(q): Query<RecordQuery>,
        ) -> Result<Response, AppError> {
            pdf(state, auth, DocumentKind::$kind, id, q).await
        }
    )*};
}

handlers! {
    Agreement => agreement, agreement_pdf;
    ReportNotice => report_notice, report_notice_pdf;
    TestRecord => test_record, test_record_pdf;
    TalkRecord => talk_record, talk_record_pdf;
    LeaveApproval => leave_approval, leave_approval_pdf;
    ReleaseNotice => release_notice, release_notice_pdf;
    Referral => referral, referral_pdf;
    TransferLetter => transfer_letter, transfer_letter_pdf;
    Warning => warning_notice, warning_notice_pdf;
    Archive => archive, archive_pdf;
}

/// The year a document is numbered in: its own date's.
pub fn year_of(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year()
}
